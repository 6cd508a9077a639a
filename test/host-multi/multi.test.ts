/**
 * A multi-root workspace (test/e2e/multi-root/multi.code-workspace): one index per folder, every
 * app in one tree, lenses in each folder, a folder that is no NestJS project stays quiet, and a
 * removed folder leaves the index.
 */
import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import { activateExtension, codeLensTitles, poll } from '../host/helpers';

suite('Guard Coverage in a multi-root workspace', () => {
  test('every folder has its own app in one tree, and lenses in each', async () => {
    const api = await activateExtension();
    const folders = vscode.workspace.workspaceFolders ?? [];
    assert.deepStrictEqual(folders.map((f) => f.name), ['shop', 'admin', 'notes']);
    await poll('both apps indexed', () => (api.snapshot.apps.length === 2 ? true : undefined), 15000);
    const roots = api.snapshot.apps.map((a) => a.root).sort();
    assert.deepStrictEqual(roots, [folders[1].uri.fsPath, folders[0].uri.fsPath].sort());
    const apps = (await api.treeDataProvider.getChildren()) ?? [];
    const labels = await Promise.all(apps.map(async (n) => String((await api.treeDataProvider.getTreeItem(n)).label)));
    assert.deepStrictEqual(labels.sort(), ['admin', 'shop']);
    const shop = await codeLensTitles(vscode.Uri.file(path.join(folders[0].uri.fsPath, 'src/products.controller.ts')));
    assert.ok(shop.some((l) => l.title.startsWith('$(warning) No authentication guard')), JSON.stringify(shop));
    const admin = await codeLensTitles(vscode.Uri.file(path.join(folders[1].uri.fsPath, 'src/users.controller.ts')));
    assert.ok(admin.some((l) => l.title.startsWith('$(shield) ApiKeyGuard')), JSON.stringify(admin));
    assert.strictEqual(api.state, 'ready');
    assert.deepStrictEqual(api.errors, [], 'the folder without an app logs no error');
  });

  test('removing a folder removes its app', async () => {
    const api = await activateExtension();
    const admin = vscode.workspace.workspaceFolders?.find((f) => f.name === 'admin');
    assert.ok(admin);
    assert.ok(vscode.workspace.updateWorkspaceFolders(admin.index, 1));
    await poll('admin gone', () => (api.snapshot.apps.length === 1 && api.snapshot.apps[0].name === 'shop' ? true : undefined), 10000);
  });
});
