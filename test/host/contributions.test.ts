/**
 * package.json contributions against what the extension registers, both ways.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { SETTING_DEFAULTS } from '../../src/host/config';
import { Commands, CONFIG_SECTION, ContextKeys, INTERNAL_COMMANDS, VIEW_CONTAINER_ID, VIEW_ID } from '../../src/host/constants';
import { activateExtension, extensionPath, poll } from './helpers';

interface Manifest {
  main: string;
  icon: string;
  activationEvents: string[];
  capabilities: { untrustedWorkspaces: { supported: boolean | string } };
  contributes: {
    commands: { command: string; title: string; category?: string; icon?: string }[];
    viewsContainers: { activitybar: { id: string; icon: string }[] };
    views: Record<string, { id: string }[]>;
    viewsWelcome: { view: string; when: string; contents: string }[];
    menus: Record<string, { command: string; when?: string }[]>;
    configuration: { properties: Record<string, { default: unknown; markdownDescription?: string; scope?: string; order?: number }> };
  };
}

suite('package.json contributions match the registrations', () => {
  let manifest: Manifest;
  let api: Awaited<ReturnType<typeof activateExtension>>;

  suiteSetup(async () => {
    api = await activateExtension();
    manifest = JSON.parse(fs.readFileSync(path.join(extensionPath(), 'package.json'), 'utf8')) as Manifest;
  });

  test('every contributed command is registered and every registered command is contributed', async () => {
    const contributed = manifest.contributes.commands.map((c) => c.command).sort();
    const declared = Object.values(Commands).slice().sort();
    assert.deepStrictEqual(contributed, declared);
    const registered = (await vscode.commands.getCommands(true))
      .filter((c) => c.startsWith(`${CONFIG_SECTION}.`) && !c.startsWith(`${VIEW_ID}.`))
      .sort();
    assert.deepStrictEqual(registered, declared);
    for (const c of manifest.contributes.commands) assert.strictEqual(c.category, 'Guard Coverage', `${c.command} has the category`);
  });

  test('internal commands are hidden from the palette, and menus only name contributed commands', () => {
    const hidden = manifest.contributes.menus.commandPalette.filter((m) => m.when === 'false').map((m) => m.command).sort();
    assert.deepStrictEqual(hidden, [...INTERNAL_COMMANDS].sort());
    const ids = new Set(manifest.contributes.commands.map((c) => c.command));
    for (const [menu, items] of Object.entries(manifest.contributes.menus)) {
      for (const item of items) assert.ok(ids.has(item.command), `${menu} names ${item.command}`);
    }
  });

  test('the view container and view are contributed and the tree view is registered on them', async () => {
    assert.deepStrictEqual(manifest.contributes.viewsContainers.activitybar.map((c) => c.id), [VIEW_CONTAINER_ID]);
    assert.deepStrictEqual(Object.keys(manifest.contributes.views), [VIEW_CONTAINER_ID]);
    assert.deepStrictEqual(manifest.contributes.views[VIEW_CONTAINER_ID].map((v) => v.id), [VIEW_ID]);
    for (const c of manifest.contributes.viewsContainers.activitybar) {
      const icon = fs.readFileSync(path.join(extensionPath(), c.icon), 'utf8');
      assert.match(icon, /^<svg/, `${c.icon} is an SVG`);
    }
    assert.ok(fs.existsSync(path.join(extensionPath(), manifest.icon)), 'the gallery icon exists');
    // Focusing the contributed view makes *our* tree view visible: the registration is wired to it.
    await vscode.commands.executeCommand(`${VIEW_ID}.focus`);
    await poll('the tree view to become visible', () => (api.treeView.visible ? true : undefined));
    for (const w of manifest.contributes.viewsWelcome) assert.strictEqual(w.view, VIEW_ID);
  });

  test('when clauses only use context keys the extension sets', () => {
    const ours = new Set<string>(Object.values(ContextKeys));
    const clauses = [
      ...manifest.contributes.viewsWelcome.map((w) => w.when),
      ...Object.values(manifest.contributes.menus).flat().map((m) => m.when ?? ''),
    ];
    for (const when of clauses) {
      for (const key of when.match(/guardCoverage\.[\w.]+/g) ?? []) {
        if (key === VIEW_ID) continue;
        assert.ok(ours.has(key), `context key ${key} in '${when}' is set by the extension`);
      }
    }
  });

  test('every setting is contributed with its typed default, a markdownDescription, a scope and an order', () => {
    const props = manifest.contributes.configuration.properties;
    const contributed = Object.keys(props).sort();
    const typed = Object.keys(SETTING_DEFAULTS).map((k) => `${CONFIG_SECTION}.${k}`).sort();
    assert.deepStrictEqual(contributed, typed);
    const cfg = vscode.workspace.getConfiguration(CONFIG_SECTION);
    for (const [key, value] of Object.entries(SETTING_DEFAULTS)) {
      const p = props[`${CONFIG_SECTION}.${key}`];
      assert.deepStrictEqual(p.default, value, `default of ${key}`);
      assert.deepStrictEqual(cfg.inspect(key)?.defaultValue, value, `VS Code's default of ${key}`);
      assert.ok(p.markdownDescription && p.markdownDescription.length > 20, `${key} has a markdownDescription`);
      assert.ok(p.scope, `${key} has a scope`);
      assert.strictEqual(typeof p.order, 'number', `${key} has an order`);
    }
  });

  test('manifest: bundle entry, activation and restricted mode', () => {
    assert.strictEqual(manifest.main, './dist/extension.js');
    assert.ok(fs.existsSync(path.join(extensionPath(), manifest.main)), 'the bundle is built');
    assert.ok(manifest.activationEvents.includes('workspaceContains:**/nest-cli.json'));
    assert.ok(!manifest.activationEvents.includes('*'), 'no eager activation');
    assert.strictEqual(manifest.capabilities.untrustedWorkspaces.supported, true);
  });

  test('the analyzers run in a worker thread when its bundle is there, else in the extension host', () => {
    const worker = path.join(extensionPath(), 'dist/analyzerWorker.js');
    const bundle = path.join(extensionPath(), 'dist/extension.js');
    const workerBuilt = fs.existsSync(worker) && fs.statSync(worker).mtimeMs >= fs.statSync(bundle).mtimeMs - 60_000;
    const expected = workerBuilt && process.env.GUARD_COVERAGE_IN_PROCESS !== '1' ? 'worker' : 'in-process';
    console.log(`    analyzers run: ${api.backend}`);
    assert.strictEqual(api.backend, expected);
  });
});
