#!/usr/bin/env node
// `npm test`: every stage in order (lint, unit, probe, TLS, real VS Code, packaged extension), each run
// even when an earlier one fails. Each stage writes its counts as JSON to the file named by
// TEST_RESULT_FILE (test/reporters/specAndResult.cjs for mocha, the VS Code harness's result files);
// those files are the only source of the counts. A stage that wrote no result, ran no test, or exited
// non-zero without a failing test fails. Ends with the one line CI reads: 'N passed, N failed'
// (', N skipped' when any test was skipped).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { countsLine, judge, total } from './reporters/results.mjs';

const stages = [
  // A check, not a suite: it counts as one test (core and CLI free of vscode, no .only, no floating promises, ...).
  ['lint (ESLint: layering rule and habits)', 'npm', ['run', '--silent', 'lint'], 'check'],
  ['unit (core, CLI, routes vs NestJS runtime, semantics, fixes)', 'npm', ['run', '--silent', 'test:unit']],
  ['verdict probes (fixtures booted with NestJS, real requests vs static verdicts)', 'npm', ['run', '--silent', 'test:probe']],
  ['TLS end-to-end (generated mTLS guard over real HTTPS)', 'npm', ['run', '--silent', 'test:tls']],
  ['real VS Code (extension host + UI)', 'npm', ['run', '--silent', 'test:vscode']],
  // Last: it rebuilds dist/ minified for the package, then runs the host suite on the installed .vsix.
  ['packaged extension (.vsix installed into VS Code, host suite on the installed copy)', 'npm', ['run', '--silent', 'test:vsix']],
];

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'run-all-'));

function run([title, cmd, args, kind], i) {
  const resultFile = path.join(work, `stage-${i}.json`);
  return new Promise((resolve) => {
    process.stdout.write(`\n=== ${title}\n`);
    const child = spawn(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, TEST_RESULT_FILE: resultFile } });
    child.on('close', (code) => {
      const exit = code ?? 1;
      const counts = kind === 'check'
        ? { passed: exit === 0 ? 1 : 0, failed: exit === 0 ? 0 : 1, pending: 0, problem: null }
        : judge(resultFile, exit);
      resolve({ title, code: exit, ...counts });
    });
  });
}

const results = [];
for (const [i, stage] of stages.entries()) results.push(await run(stage, i));
fs.rmSync(work, { recursive: true, force: true });
process.stdout.write('\n=== summary\n');
for (const r of results) process.stdout.write(`${r.title}: ${countsLine(r)} (exit ${r.code})${r.problem ? `: ${r.problem}` : ''}\n`);
const sum = total(results);
process.stdout.write(`${countsLine(sum)}\n`);
process.exitCode = sum.failed > 0 || results.some((r) => r.code !== 0) ? 1 : 0;
