/**
 * Quick fixes in the real editor (runs after the other host suites: it edits the workspace, then
 * puts it back). The fix is offered on the unprotected route's diagnostic, applies as one edit,
 * refuses a document that changed since it was computed, and the route's lens turns protected.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { PendingFix } from '../../src/host/codeActions';
import { activateExtension, codeLensTitles, fixtureUri, ourDiagnostics, poll, workspaceRoot } from './helpers';

function codeOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

suite('Quick fixes in VS Code', function () {
  this.timeout(60000);
  const ordersUri = () => fixtureUri('src/orders/orders.controller.ts');
  const guardFile = () => path.join(workspaceRoot(), 'src/auth/mtls-auth.guard.ts');

  async function protectAction(): Promise<vscode.CodeAction> {
    const diagnostic = await poll('the no-authentication diagnostic on POST /orders', () => ourDiagnostics(ordersUri()).find((d) => codeOf(d) === 'no-authentication'), 15000);
    const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', ordersUri(), diagnostic.range, vscode.CodeActionKind.QuickFix.value)) ?? [];
    const protect = actions.find((a) => /^Protect .*MtlsAuthGuard/.test(a.title) && a.command?.command === 'guardCoverage.applyFix');
    assert.ok(protect, `a protect fix among: ${actions.map((a) => a.title).join(' | ')}`);
    return protect;
  }

  test('a fix computed before an edit refuses to apply and changes nothing', async () => {
    await activateExtension();
    const doc = await vscode.workspace.openTextDocument(ordersUri());
    const action = await protectAction();
    const pending = action.command!.arguments![0] as PendingFix;
    const edit = new vscode.WorkspaceEdit();
    edit.insert(ordersUri(), new vscode.Position(0, 0), '// edited after the fix was computed\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const before = doc.getText();
    const applied = await vscode.commands.executeCommand<boolean>('guardCoverage.applyFix', pending);
    assert.strictEqual(applied, false);
    assert.strictEqual(doc.getText(), before);
    assert.ok(!fs.existsSync(guardFile()), 'no guard file was created');
    const undo = new vscode.WorkspaceEdit();
    undo.delete(ordersUri(), new vscode.Range(0, 0, 1, 0));
    assert.ok(await vscode.workspace.applyEdit(undo));
  });

  test('Add Required Roles uses the project\'s own @Roles and the index sees the new requirement', async () => {
    const api = await activateExtension();
    const catsUri = fixtureUri('src/cats/cats.controller.ts');
    const doc = await vscode.workspace.openTextDocument(catsUri);
    const original = doc.getText();
    const entry = api.snapshot.routes.find((e) => e.route.httpMethod === 'GET' && e.route.path === '/cats/:id');
    assert.ok(entry, 'GET /cats/:id');
    try {
      assert.strictEqual(await vscode.commands.executeCommand<boolean>('guardCoverage.addRoles', entry.route.id, ['reader']), true);
      assert.match(doc.getText(), /@Get\(':id'\)\s*\n\s*@Roles\('reader'\)\s*\n\s*findOne\(/);
      const roles = await poll('the index sees roles: reader', () => {
        const r = api.snapshot.routes.find((e) => e.route.httpMethod === 'GET' && e.route.path === '/cats/:id')?.route;
        return r && r.roles.join() === 'reader' ? r.roles : undefined;
      }, 15000);
      assert.deepStrictEqual(roles, ['reader']);
    } finally {
      const edit = new vscode.WorkspaceEdit();
      edit.replace(catsUri, new vscode.Range(0, 0, doc.lineCount, 0), original);
      await vscode.workspace.applyEdit(edit);
      await doc.save();
    }
  });

  test('the quick fix protects the route in one edit, and its lens turns protected', async () => {
    const api = await activateExtension();
    const doc = await vscode.workspace.openTextDocument(ordersUri());
    const action = await protectAction();
    const pending = action.command!.arguments![0] as PendingFix;
    const touched = [...new Set(pending.fix.edits.map((e) => e.file))];
    const originals = new Map(touched.map((f) => [f, fs.readFileSync(f, 'utf8')]));
    try {
      assert.strictEqual(await vscode.commands.executeCommand<boolean>('guardCoverage.applyFix', pending), true);
      const text = doc.getText();
      assert.match(text, /@UseGuards\(MtlsAuthGuard\)/);
      assert.match(text, /import \{ MtlsAuthGuard \} from '\.\.\/auth\/mtls-auth\.guard';/);
      assert.ok(fs.existsSync(guardFile()), 'the guard file was created');
      // The same edit makes the server ask for, and verify, client certificates.
      const main = await vscode.workspace.openTextDocument(fixtureUri('src/main.ts'));
      assert.match(main.getText(), /requestCert: true,\s*rejectUnauthorized: true/);
      const createLine = text.split('\n').findIndex((l) => /^\s*create\(/.test(l)) + 1;
      const lens = await poll('the POST /orders lens turns protected', async () => {
        const t = (await codeLensTitles(ordersUri())).find((x) => x.line < createLine && x.line >= createLine - 3 && x.title.startsWith('$(shield)'));
        return t;
      }, 15000);
      assert.match(lens.title, /MtlsAuthGuard/);
      const route = api.snapshot.routes.find((e) => e.route.httpMethod === 'POST' && e.route.path === '/orders');
      assert.strictEqual(route?.route.verdict, 'protected');
      // Applying the same fix again is refused: nothing left to do.
      assert.ok(!ourDiagnostics(ordersUri()).some((d) => codeOf(d) === 'no-authentication' && d.range.start.line === createLine - 1));
    } finally {
      for (const [file, text] of originals) {
        const edit = new vscode.WorkspaceEdit();
        const d = await vscode.workspace.openTextDocument(file);
        edit.replace(d.uri, new vscode.Range(0, 0, d.lineCount, 0), text);
        await vscode.workspace.applyEdit(edit);
        await d.save();
      }
      for (const c of pending.fix.creates) await vscode.workspace.fs.delete(vscode.Uri.file(c.file)).then(undefined, () => undefined);
    }
  });
});
