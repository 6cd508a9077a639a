#!/usr/bin/env node
// Runs the real-VS-Code suites (extension host on the fixture app, on a folder without an app,
// on a multi-root workspace, then UI; each runs even when an earlier one failed) and ends with one aggregate line 'N passed, N failed' for CI.
//   node test/e2e/vscode-suites.mjs [--cache DIR]
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const argv = process.argv.slice(2);
const cacheAt = argv.indexOf('--cache');
const cache = cacheAt >= 0 ? argv[cacheAt + 1] : process.env.VSCODE_E2E_CACHE || path.join(process.env.HOME || '/root', '.cache/vscode-e2e');
const runner = path.join(root, 'test/e2e/harness/run-tests.mjs');
const suites = [
  ['--extensionDevelopmentPath', '.', '--workspace', 'test/fixtures/vscode-app', '--tests', 'out/test/host'],
  ['--extensionDevelopmentPath', '.', '--workspace', 'test/e2e/empty-workspace', '--tests', 'out/test/host-empty'],
  ['--extensionDevelopmentPath', '.', '--workspace', 'test/e2e/multi-root', '--workspace-file', 'multi.code-workspace', '--tests', 'out/test/host-multi'],
  ['--ui', 'out/test/ui'],
];

function run(args) {
  return new Promise((resolve) => {
    let last = '';
    const child = spawn(process.execPath, [runner, '--cache', cache, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      last = (last + chunk).split('\n').slice(-3).join('\n');
    });
    child.on('close', (code) => {
      const m = last.match(/(\d+) passed, (\d+) failed/g);
      const [p, f] = m ? m[m.length - 1].match(/\d+/g).map(Number) : [0, 1];
      resolve({ passed: p, failed: f || (code ? 1 : 0) });
    });
  });
}

let passed = 0;
let failed = 0;
for (const s of suites) {
  const r = await run(s);
  passed += r.passed;
  failed += r.failed;
}
console.log(`vscode suites: ${passed} passed, ${failed} failed`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
