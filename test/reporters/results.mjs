// Reading the JSON result a test stage writes (test/reporters/specAndResult.cjs, the VS Code harness's
// --result-file) and judging the stage: counts come from that file, never from parsing human output.
import fs from 'node:fs';

/**
 * The counts of one stage from its result file and exit code. A stage that wrote no result, did not
 * finish, ran no test, or exited non-zero without a failing test counts one failure more, with the reason.
 */
export function judge(file, exitCode) {
  let written;
  try {
    written = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return { passed: 0, failed: 1, pending: 0, failures: [], problem: `wrote no result (exit ${exitCode})` };
  }
  const n = (v) => (Number.isInteger(v) && v >= 0 ? v : 0);
  const r = { passed: n(written.passed), failed: n(written.failed), pending: n(written.pending), failures: written.failures ?? [], problem: null };
  if (written.error) r.problem = String(written.error).split('\n')[0];
  else if (!written.done) r.problem = 'did not finish';
  else if (r.passed + r.failed === 0) r.problem = 'ran no test';
  else if (exitCode !== 0 && r.failed === 0) r.problem = `exited ${exitCode} with no failing test`;
  if (r.problem && r.failed === 0) r.failed = 1;
  return r;
}

/** The closing line CI reads: 'N passed, N failed', then ', N skipped' when any test was skipped. */
export function countsLine(r) {
  return `${r.passed} passed, ${r.failed} failed` + (r.pending ? `, ${r.pending} skipped` : '');
}

export function total(results) {
  const sum = (k) => results.reduce((s, r) => s + r[k], 0);
  return { passed: sum('passed'), failed: sum('failed'), pending: sum('pending') };
}

/** Writes a stage's own result (for a caller that runs this stage inside a larger run). */
export function writeResult(file, r, extra = {}) {
  if (!file) return;
  const failures = r.failures ?? [];
  fs.writeFileSync(file, JSON.stringify({ passed: r.passed, failed: r.failed, pending: r.pending, failures, error: null, done: true, ...extra }, null, 2));
}
