#!/usr/bin/env node
// `npm test`: every suite in order (unit, TLS end-to-end, real VS Code), each run even when an
// earlier one fails, then one aggregate line 'N passed, N failed' that CI reads.
import { spawn } from 'node:child_process';

const stages = [
  // A check, not a suite: it counts as one test (core and CLI free of vscode, no floating promises, ...).
  ['lint (ESLint: layering rule and habits)', 'npm', ['run', '--silent', 'lint'], 'check'],
  ['unit (core, CLI, routes vs NestJS runtime, semantics, fixes)', 'npm', ['run', '--silent', 'test:unit']],
  ['verdict probes (fixtures booted with NestJS, real requests vs static verdicts)', 'npm', ['run', '--silent', 'test:probe']],
  ['TLS end-to-end (generated mTLS guard over real HTTPS)', 'npm', ['run', '--silent', 'test:tls']],
  ['real VS Code (extension host + UI)', 'npm', ['run', '--silent', 'test:vscode']],
  // Last: it rebuilds dist/ minified for the package, then runs the host suite on the installed .vsix.
  ['packaged extension (.vsix installed into VS Code, host suite on the installed copy)', 'npm', ['run', '--silent', 'test:vsix']],
];

function run([title, cmd, args, kind]) {
  return new Promise((resolve) => {
    process.stdout.write(`\n=== ${title}\n`);
    let tail = '';
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'], env: process.env });
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      tail = (tail + chunk).slice(-4000);
    });
    child.on('close', (code) => resolve({ title, code, ...(kind === 'check' ? { passed: code === 0 ? 1 : 0, failed: code === 0 ? 0 : 1 } : counts(tail, code)) }));
  });
}

/** Mocha's spec summary ('12 passing', '1 failing') or the harness's 'N passed, N failed'. */
function counts(text, code) {
  const plain = [...text.matchAll(/^(\d+) passed, (\d+) failed/gm)].pop();
  if (plain) return { passed: Number(plain[1]), failed: Number(plain[2]) };
  const passing = [...text.matchAll(/^\s*(\d+) passing/gm)].pop();
  const failing = [...text.matchAll(/^\s*(\d+) failing/gm)].pop();
  const passed = passing ? Number(passing[1]) : 0;
  const failed = failing ? Number(failing[1]) : 0;
  // A stage that died before reporting counts as one failure, never as a pass.
  return { passed, failed: failed || (code !== 0 || !passing ? Math.max(failed, 1) : 0) };
}

const results = [];
for (const stage of stages) results.push(await run(stage));
process.stdout.write('\n=== summary\n');
for (const r of results) process.stdout.write(`${r.title}: ${r.passed} passed, ${r.failed} failed (exit ${r.code})\n`);
const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
process.stdout.write(`${passed} passed, ${failed} failed\n`);
process.exitCode = failed > 0 || results.some((r) => r.code !== 0) ? 1 : 0;
