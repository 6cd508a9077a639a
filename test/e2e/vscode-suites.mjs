#!/usr/bin/env node
// Runs the real-VS-Code suites (extension host on the fixture app, on a folder without an app, on a
// multi-root workspace, then UI), each even when an earlier one failed. The counts come from each
// suite's result file (run-tests.mjs --result-file), never from its printed output; a suite that ran
// no test or wrote no result fails. Ends with the line 'N passed, N failed' (', N skipped' when any),
// and writes the totals as JSON to TEST_RESULT_FILE when set (test/run-all.mjs reads it).
//   node test/e2e/vscode-suites.mjs [--cache DIR]
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { countsLine, judge, total, writeResult } from '../reporters/results.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const argv = process.argv.slice(2);
const cacheAt = argv.indexOf('--cache');
const cache = cacheAt >= 0 ? argv[cacheAt + 1] : process.env.VSCODE_E2E_CACHE || path.join(process.env.HOME || '/root', '.cache/vscode-e2e');
const runner = path.join(root, 'test/e2e/harness/run-tests.mjs');
const suites = [
  ['host (fixture app)', '--extensionDevelopmentPath', '.', '--workspace', 'test/fixtures/vscode-app', '--tests', 'out/test/host'],
  ['host (no app)', '--extensionDevelopmentPath', '.', '--workspace', 'test/e2e/empty-workspace', '--tests', 'out/test/host-empty'],
  ['host (multi-root)', '--extensionDevelopmentPath', '.', '--workspace', 'test/e2e/multi-root', '--workspace-file', 'multi.code-workspace', '--tests', 'out/test/host-multi'],
  ['UI', '--ui', 'out/test/ui'],
];

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'vscode-suites-'));
const env = { ...process.env };
delete env.TEST_RESULT_FILE;

function run([name, ...args], i) {
  const resultFile = path.join(work, `suite-${i}.json`);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [runner, '--cache', cache, '--result-file', resultFile, ...args], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], env });
    child.on('close', (code) => resolve({ name, code, ...judge(resultFile, code ?? 1) }));
  });
}

const results = [];
for (const [i, s] of suites.entries()) results.push(await run(s, i));
fs.rmSync(work, { recursive: true, force: true });
for (const r of results) console.log(`vscode suite ${r.name}: ${countsLine(r)} (exit ${r.code})${r.problem ? `: ${r.problem}` : ''}`);
const sum = total(results);
writeResult(process.env.TEST_RESULT_FILE, { ...sum, failures: results.flatMap((r) => r.failures) }, { suites: results.map(({ name, passed, failed, pending, problem }) => ({ name, passed, failed, pending, problem })) });
console.log(countsLine(sum));
process.exit(sum.failed ? 1 : 0);
