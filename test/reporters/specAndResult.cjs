// Mocha reporter: mocha's `spec` output for people, plus the counts as JSON for test/run-all.mjs, written
// to the file named by TEST_RESULT_FILE (nothing is written without it). Same shape as the result file of
// the VS Code host runner (test/e2e/harness/host-runner.cjs): { passed, failed, pending, failures, done }.
'use strict';
const fs = require('fs');
const mocha = require('mocha');

const { Spec } = (mocha.default || mocha).reporters;

class SpecAndResult extends Spec {
  constructor(runner, options) {
    super(runner, options);
    const file = process.env.TEST_RESULT_FILE;
    if (!file) return;
    const result = { passed: 0, failed: 0, pending: 0, failures: [], durationMs: 0, done: false };
    const t0 = Date.now();
    const flush = () => {
      result.durationMs = Date.now() - t0;
      fs.writeFileSync(file, JSON.stringify(result, null, 2));
    };
    runner.on('pass', () => { result.passed++; });
    runner.on('pending', () => { result.pending++; });
    // Hook failures count too: the tests under a failed `before` never run.
    runner.on('fail', (t, err) => {
      result.failed++;
      result.failures.push({ title: t.fullTitle(), file: t.file, error: String((err && (err.message || err)) || '').slice(0, 2000) });
      flush();
    });
    runner.once('end', () => { result.done = true; flush(); });
    flush();
  }
}

module.exports = SpecAndResult;
