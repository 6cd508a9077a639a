#!/usr/bin/env node
// Runs the same extension-host suite (out/test/host) in desktop VS Code through @vscode/test-electron.
// It downloads VS Code, so it only works on a machine with access to update.code.visualstudio.com
// (not on the team's build machines: there, `npm run test:vscode` runs the suite in the VS Code server).
//   npm run build && npm run build:tests && npm run test:electron
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { runTests } = require('@vscode/test-electron');

async function main() {
  const root = path.resolve(__dirname, '../..');
  const testsDir = path.join(root, 'out/test/host');
  const files = fs.readdirSync(testsDir).filter((f) => f.endsWith('.test.js')).map((f) => path.join(testsDir, f));
  // The suite edits files: give VS Code a throw-away copy of the fixture.
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'guard-coverage-electron-'));
  const workspace = path.join(work, 'vscode-app');
  fs.cpSync(path.join(root, 'test/fixtures/vscode-app'), workspace, { recursive: true });
  const resultFile = path.join(work, 'result.json');
  const outputFile = path.join(work, 'output.txt');
  try {
    await runTests({
      version: process.env.VSCODE_VERSION || '1.96.0',
      extensionDevelopmentPath: root,
      // The harness's in-host mocha runner works the same under test-electron: options come from the environment.
      extensionTestsPath: path.join(root, 'test/e2e/harness/host-runner.cjs'),
      extensionTestsEnv: {
        VSCODE_E2E_OPTIONS: JSON.stringify({ files, mocha: { ui: 'tdd', timeout: 20000 }, resultFile, outputFile, mochaFrom: [root] }),
      },
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
    });
  } finally {
    if (fs.existsSync(outputFile)) process.stdout.write(fs.readFileSync(outputFile, 'utf8'));
    if (fs.existsSync(resultFile)) {
      const r = JSON.parse(fs.readFileSync(resultFile, 'utf8'));
      console.log(`${r.passed} passed, ${r.failed} failed`);
    }
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e && e.message ? e.message : e);
  process.exit(1);
});
