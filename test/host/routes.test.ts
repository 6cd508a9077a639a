/**
 * The extension on test/fixtures/vscode-app in a real VS Code: tree, CodeLens, hovers, diagnostics
 * and status bar read the same index as the CLI, and follow edits (unsaved buffers, saves, file events).
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { analyzeWorkspace } from '../../src/core/analyzer';
import type { AnalyzedRoute } from '../../src/core/model';
import type { GuardCoverageApi } from '../../src/host/testApi';
import type { TreeNode } from '../../src/host/tree';
import { activateExtension, codeLensTitles, fixtureUri, lineOf, ourDiagnostics, poll, workspaceRoot } from './helpers';

const CATS = 'src/cats/cats.controller.ts';
const ORDERS = 'src/orders/orders.controller.ts';

async function children(api: GuardCoverageApi, node?: TreeNode): Promise<TreeNode[]> {
  return (await api.treeDataProvider.getChildren(node)) ?? [];
}

async function label(api: GuardCoverageApi, node: TreeNode): Promise<string> {
  const item = await api.treeDataProvider.getTreeItem(node);
  return typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
}

/** `CatsController > GET /cats [globe]`-style lines for the whole tree under the app nodes. */
async function treeLines(api: GuardCoverageApi): Promise<string[]> {
  const lines: string[] = [];
  for (const app of await children(api)) {
    for (const group of await children(api, app)) {
      for (const route of await children(api, group)) {
        const item = await api.treeDataProvider.getTreeItem(route);
        lines.push(`${await label(api, group)} > ${await label(api, route)} [${(item.iconPath as vscode.ThemeIcon).id}]`);
      }
    }
  }
  return lines;
}

async function routeIcon(api: GuardCoverageApi, routeLabel: string): Promise<string | undefined> {
  const line = (await treeLines(api)).find((l) => l.includes(`> ${routeLabel} [`));
  return line?.slice(line.lastIndexOf('[') + 1, -1);
}

suite('Guard Coverage on the fixture app', function () {
  let api: GuardCoverageApi;
  let catsUri: vscode.Uri;
  let ordersUri: vscode.Uri;

  suiteSetup(async () => {
    api = await activateExtension();
    catsUri = fixtureUri(CATS);
    ordersUri = fixtureUri(ORDERS);
    await poll('the index to hold routes', () => (api.snapshot.routes.length ? true : undefined), 15000);
  });

  test('the tree lists every route under its controller with its verdict icon', async () => {
    const apps = await children(api);
    assert.deepStrictEqual(await Promise.all(apps.map((a) => label(api, a))), ['vscode-app']);
    assert.deepStrictEqual(await treeLines(api), [
      'CatsController > GET /cats [globe]',
      'CatsController > GET /cats/:id [shield]',
      'CatsController > DELETE /cats/:id [shield]',
      'HealthController > GET /health [globe]',
      'OrdersController > GET /orders [shield]',
      'OrdersController > POST /orders [warning]',
    ]);
    // Guard nodes under a route, in execution order: global first.
    const cats = (await children(api, apps[0]))[0];
    const remove = (await children(api, cats))[2];
    const guards = await children(api, remove);
    assert.deepStrictEqual(await Promise.all(guards.map((g) => label(api, g))), ['RolesGuard', 'JwtAuthGuard']);
    const removeItem = await api.treeDataProvider.getTreeItem(remove);
    assert.match(String(removeItem.description), /RolesGuard → JwtAuthGuard · roles: admin/);
    assert.strictEqual(api.treeView.description, api.treeDataProvider.description());
    assert.match(String(api.treeView.description), /^83\.3% · 1 unprotected/);
  });

  test('the tree holds the same routes as the CLI analysis of the same folder', () => {
    const cli = analyzeWorkspace(workspaceRoot());
    const key = (r: AnalyzedRoute) => `${r.id} ${r.verdict ?? '-'} ${r.guards.map((g) => g.name).join(',')}`;
    assert.deepStrictEqual(
      api.snapshot.routes.map((e) => key(e.route)).sort(),
      cli.apps.flatMap((a) => a.routes).map(key).sort(),
    );
  });

  test('group by verdict and the unprotected-only filter', async () => {
    await vscode.commands.executeCommand('guardCoverage.groupBy', 'verdict');
    try {
      const [app] = await children(api);
      assert.deepStrictEqual(await Promise.all((await children(api, app)).map((g) => label(api, g))), ['unprotected', 'public', 'protected']);
      await vscode.commands.executeCommand('guardCoverage.filterUnprotected');
      assert.deepStrictEqual(await treeLines(api), ['unprotected > POST /orders [warning]']);
      assert.match(String(api.treeView.description), /filter: unprotected$/);
      await vscode.commands.executeCommand('guardCoverage.filter', { role: 'admin' });
      assert.deepStrictEqual(await treeLines(api), ['protected > DELETE /cats/:id [shield]']);
      await vscode.commands.executeCommand('guardCoverage.filter', { guard: 'JwtAuthGuard', unprotectedOnly: true });
      assert.deepStrictEqual(await children(api), [], 'nothing matches: the welcome text takes over');
    } finally {
      await vscode.commands.executeCommand('guardCoverage.clearFilter');
      await vscode.commands.executeCommand('guardCoverage.groupBy', 'controller');
    }
    assert.strictEqual((await treeLines(api)).length, 6);
  });

  test('CodeLens above each handler and a summary above the controller', async () => {
    const titles = await codeLensTitles(catsUri);
    // Each lens sits above the first decorator of its declaration.
    assert.deepStrictEqual(titles.map((t) => t.line), [
      await lineOf(catsUri, "@Controller('cats')"),
      await lineOf(catsUri, '@Public()'),
      await lineOf(catsUri, "@Get(':id')"),
      await lineOf(catsUri, "@Roles('admin')"),
    ]);
    assert.strictEqual(titles[0].title, '3 routes · 2 protected · 1 public');
    assert.match(titles[1].title, /^\$\(globe\) Public · honoured by JwtAuthGuard/);
    assert.match(titles[2].title, /^\$\(shield\) RolesGuard → JwtAuthGuard/);
    assert.match(titles[3].title, /^\$\(shield\) RolesGuard → JwtAuthGuard · roles: admin/);
    const orders = await codeLensTitles(ordersUri);
    assert.match(orders.find((t) => t.line === 12)?.title ?? '', /^\$\(warning\) No authentication guard/);
  });

  test('every route of the CLI analysis has its lens just above its handler, with its verdict', async () => {
    const cli = analyzeWorkspace(workspaceRoot());
    const icon = { protected: '$(shield)', public: '$(globe)', unprotected: '$(warning)', unknown: '$(question)' };
    for (const app of cli.apps) {
      const files = [...new Set(app.routes.map((r) => r.file))];
      for (const file of files) {
        const lenses = await codeLensTitles(vscode.Uri.file(path.join(app.root, file)));
        const routes = app.routes.filter((x) => x.file === file).sort((a, b) => a.line - b.line);
        routes.forEach((r, i) => {
          const previous = i ? routes[i - 1].line : 0;
          const lens = lenses.find((l) => l.line > previous && l.line <= r.line && !/^\d+ routes? ·/.test(l.title));
          assert.ok(lens, `lens for ${r.id} between lines ${previous} and ${r.line}`);
          assert.ok(lens.title.startsWith(icon[r.verdict ?? 'unknown']), `${r.id}: ${lens.title} shows ${r.verdict}`);
        });
      }
    }
  });

  test('diagnostics match the CLI findings, with rule code link and CWE', async () => {
    const cli = analyzeWorkspace(workspaceRoot());
    const expected = cli.apps.flatMap((a) => a.findings.map((f) => `${f.file}:${f.line} ${f.code}`)).sort();
    const files = [...new Set(cli.apps.flatMap((a) => a.findings.map((f) => f.file)))];
    const actual = await poll('diagnostics for every finding', () => {
      const got = files.flatMap((f) => ourDiagnostics(fixtureUri(f)).map((d) => {
        const code = d.code as { value: string; target: vscode.Uri };
        return `${f}:${d.range.start.line + 1} ${code.value}`;
      })).sort();
      return got.length === expected.length ? got : undefined;
    });
    assert.deepStrictEqual(actual, expected);
    const onCreate = ourDiagnostics(ordersUri).find((d) => d.range.start.line === 12);
    assert.ok(onCreate, 'a diagnostic on the unguarded POST /orders handler');
    assert.strictEqual(onCreate.severity, vscode.DiagnosticSeverity.Error);
    assert.match(onCreate.message, /\(CWE-\d+\)$/);
    const code = onCreate.code as { value: string; target: vscode.Uri };
    assert.ok(code.target.path.endsWith('/docs/rules.md'), String(code.target));
    assert.strictEqual(code.target.fragment, code.value);
    // Every code links to an existing section of the rules reference shipped with the extension.
    const rulesDoc = fs.readFileSync(code.target.fsPath, 'utf8');
    for (const f of api.snapshot.findings) assert.match(rulesDoc, new RegExp(`^## ${f.finding.code}$`, 'm'), `docs/rules.md has ## ${f.finding.code}`);
  });

  test('rule severity from settings, and off hides the rule', async () => {
    const cfg = vscode.workspace.getConfiguration('guardCoverage');
    const [d] = ourDiagnostics(ordersUri);
    assert.ok(d);
    const code = (d.code as { value: string }).value;
    try {
      await cfg.update('rules', { [code]: 'info' }, vscode.ConfigurationTarget.Workspace);
      await poll('severity info', () => (ourDiagnostics(ordersUri).every((x) => (x.code as { value: string }).value !== code || x.severity === vscode.DiagnosticSeverity.Information) ? true : undefined));
      await cfg.update('rules', { [code]: 'off' }, vscode.ConfigurationTarget.Workspace);
      await poll('rule off', () => (ourDiagnostics(ordersUri).some((x) => (x.code as { value: string }).value === code) ? undefined : true));
    } finally {
      await cfg.update('rules', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await poll('rule back on', () => (ourDiagnostics(ordersUri).some((x) => (x.code as { value: string }).value === code) ? true : undefined));
    await api.whenIdle();
  });

  test('lenses and diagnostics can be switched off in settings', async () => {
    const cfg = vscode.workspace.getConfiguration('guardCoverage');
    assert.ok((await codeLensTitles(catsUri)).length > 0);
    try {
      await cfg.update('codeLens.enabled', false, vscode.ConfigurationTarget.Workspace);
      await cfg.update('diagnostics.enabled', false, vscode.ConfigurationTarget.Workspace);
      await poll('no lenses', async () => ((await codeLensTitles(catsUri)).length === 0 ? true : undefined));
      await poll('no diagnostics', () => (ourDiagnostics(ordersUri).length === 0 ? true : undefined));
    } finally {
      await cfg.update('codeLens.enabled', undefined, vscode.ConfigurationTarget.Workspace);
      await cfg.update('diagnostics.enabled', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await poll('lenses back', async () => ((await codeLensTitles(catsUri)).length === 4 ? true : undefined));
    await poll('diagnostics back', () => (ourDiagnostics(ordersUri).length > 0 ? true : undefined));
  });

  test('hover on a route decorator and on the handler name shows path and chain', async () => {
    const doc = await vscode.workspace.openTextDocument(catsUri);
    const line = (await lineOf(catsUri, "@Delete(':id')")) - 1;
    const at = new vscode.Position(line, doc.lineAt(line).text.indexOf('Delete') + 2);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', catsUri, at);
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /DELETE \/cats\/:id/);
    assert.match(text, /1\. `RolesGuard` — global, APP\\_GUARD \(AppModule\)/);
    assert.match(text, /2\. `JwtAuthGuard` — controller/);
    assert.match(text, /\*\*Roles:\*\* `admin`/);
    const nameLine = (await lineOf(catsUri, 'findAll()')) - 1;
    const onName = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', catsUri, new vscode.Position(nameLine, 4));
    assert.match(onName.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n'), /\*\*Public:\*\* yes/);
  });

  test('a route opens its handler, a guard node opens its class, a lens opens the chain', async () => {
    const remove = api.snapshot.routes.find((e) => e.route.handler === 'remove');
    assert.ok(remove);
    await vscode.commands.executeCommand('guardCoverage.openRoute', remove.route.id);
    let editor = vscode.window.activeTextEditor;
    assert.strictEqual(editor?.document.uri.fsPath, catsUri.fsPath);
    assert.strictEqual(editor?.selection.active.line, remove.route.line - 1);
    assert.match(editor!.document.lineAt(editor!.selection.active.line).text, /remove\(/);
    const jwtPosition = remove.route.guards.findIndex((g) => g.name === 'JwtAuthGuard');
    await vscode.commands.executeCommand('guardCoverage.openGuard', remove.route.id, jwtPosition);
    editor = vscode.window.activeTextEditor;
    assert.strictEqual(editor?.document.uri.fsPath, fixtureUri('src/auth/jwt-auth.guard.ts').fsPath);
    assert.match(editor!.document.lineAt(editor!.selection.active.line).text, /class JwtAuthGuard/);
    // The tree item's click command is the same openRoute.
    const [app] = await children(api);
    const [cats] = await children(api, app);
    const item = await api.treeDataProvider.getTreeItem((await children(api, cats))[2]);
    assert.deepStrictEqual([item.command?.command, item.command?.arguments], ['guardCoverage.openRoute', [remove.route.id]]);
    const guardItem = await api.treeDataProvider.getTreeItem((await children(api, (await children(api, cats))[2]))[jwtPosition]);
    assert.deepStrictEqual([guardItem.command?.command, guardItem.command?.arguments], ['guardCoverage.openGuard', [remove.route.id, jwtPosition]]);
  });

  test('status bar shows the coverage figure', () => {
    assert.match(api.statusBarItem.text, /^\$\(shield\) 83\.3% · 1 unprotected/);
    assert.strictEqual(api.statusBarItem.command, 'guardCoverage.showView');
  });

  test('copy route as curl and export JSON', async () => {
    const create = api.snapshot.routes.find((e) => e.route.handler === 'create');
    assert.ok(create);
    const line = await vscode.commands.executeCommand<string>('guardCoverage.copyCurl', create.route.id);
    assert.strictEqual(line, "curl -X POST -H 'Content-Type: application/json' -d '{}' 'http://localhost:3000/orders'");
    assert.strictEqual(await vscode.env.clipboard.readText(), line);
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'gc-export-')), 'coverage.json');
    await vscode.commands.executeCommand('guardCoverage.exportJson', vscode.Uri.file(out));
    const exported = JSON.parse(fs.readFileSync(out, 'utf8'));
    assert.deepStrictEqual(exported, JSON.parse(JSON.stringify(api.snapshot.toResult())));
  });

  test('export SARIF and show the Markdown report', async () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'gc-export-')), 'coverage.sarif');
    await vscode.commands.executeCommand('guardCoverage.exportSarif', vscode.Uri.file(out));
    const log = JSON.parse(fs.readFileSync(out, 'utf8'));
    assert.strictEqual(log.version, '2.1.0');
    const results = log.runs.flatMap((r: { results: unknown[] }) => r.results);
    assert.strictEqual(results.length, api.snapshot.findings.length);
    const uri = await vscode.commands.executeCommand<vscode.Uri>('guardCoverage.showReport');
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    assert.ok(doc, 'the report document is open');
    assert.strictEqual(doc.languageId, 'markdown');
    for (const r of api.snapshot.routes) assert.ok(doc.getText().includes(r.route.path), `report mentions ${r.route.path}`);
  });

  test('live: removing @UseGuards in an unsaved buffer turns the route unprotected before any save, and back (latency logged, not asserted)', async () => {
    const doc = await vscode.workspace.openTextDocument(ordersUri);
    await vscode.window.showTextDocument(doc);
    const guardLine = (await lineOf(ordersUri, '@UseGuards(JwtAuthGuard)')) - 1;
    const listLine = (await lineOf(ordersUri, 'list()')) - 1;
    assert.strictEqual(await routeIcon(api, 'GET /orders'), 'shield');
    const edit = new vscode.WorkspaceEdit();
    edit.delete(ordersUri, doc.lineAt(guardLine).rangeIncludingLineBreak);
    // Latency is measured from the moment the extension host sees the edit: how long the workbench
    // takes to deliver it is VS Code's, not ours (seconds on a loaded machine).
    let seenAt = 0;
    let indexedAt = 0;
    const subs = [
      vscode.workspace.onDidChangeTextDocument((e) => { if (e.document.uri.fsPath === ordersUri.fsPath && !seenAt) seenAt = Date.now(); }),
      api.onDidChangeIndex(() => { if (seenAt && !indexedAt) indexedAt = Date.now(); }),
    ];
    const t0 = Date.now();
    assert.ok(await vscode.workspace.applyEdit(edit));
    // Our side: the tree provider and the lens provider answer 'unprotected' (polled in-process).
    const lensTitle = async () => {
      const lenses = await api.codeLensProvider.provideCodeLenses(doc, new vscode.CancellationTokenSource().token);
      return lenses.find((l) => l.range.start.line === guardLine)?.command?.title; // now above @Get()
    };
    await poll('the lens provider and the tree to say unprotected', async () =>
      (await routeIcon(api, 'GET /orders')) === 'warning' && (await lensTitle())?.startsWith('$(warning)') ? true : undefined);
    const ours = Date.now() - seenAt;
    // The workbench side: the lens VS Code shows (a round trip through the renderer).
    const shown = await poll('VS Code to show the unprotected lens', async () => {
      const t = (await codeLensTitles(ordersUri)).find((x) => x.line === guardLine + 1);
      return t && t.title.startsWith('$(warning)') ? t.title : undefined;
    }, 10000);
    for (const s of subs) s.dispose();
    console.log(`    live update: edit reached the extension host after ${seenAt - t0} ms; index updated ${indexedAt - seenAt} ms later (analysis ${api.lastRunMs} ms); tree and lens provider unprotected after ${ours} ms; VS Code showed the lens ${Date.now() - seenAt} ms after the edit reached the host`);
    assert.match(shown, /No authentication guard/);
    // No timing assertion: the machines are shared; the latency is logged above and measured by `npm run bench`.
    // The handler name moved up one line with the deletion.
    await poll('a diagnostic on list() from the unsaved buffer', () =>
      (ourDiagnostics(ordersUri).some((d) => d.range.start.line === listLine - 1 && /CWE-306/.test(d.message)) ? true : undefined));
    assert.ok(doc.isDirty, 'the file was not saved');

    // Revert the buffer: the analyzer drops the unsaved text and the route is protected again.
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await poll('the route to be protected again', async () => ((await routeIcon(api, 'GET /orders')) === 'shield' ? true : undefined));
  });

  test('analysis settings and .guard-coverage.json re-create the analyzer', async () => {
    const cfg = vscode.workspace.getConfiguration('guardCoverage');
    const verdictOfOrders = () => api.snapshot.routes.find((e) => e.route.handler === 'list')?.route.verdict;
    assert.strictEqual(verdictOfOrders(), 'protected');
    try {
      await cfg.update('nonAuthGuards', ['JwtAuthGuard'], vscode.ConfigurationTarget.Workspace);
      await poll('JwtAuthGuard to stop counting (setting)', () => (verdictOfOrders() === 'unprotected' ? true : undefined));
    } finally {
      await cfg.update('nonAuthGuards', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await poll('the setting removed', () => (verdictOfOrders() === 'protected' ? true : undefined));
    const file = fixtureUri('.guard-coverage.json');
    await vscode.workspace.fs.writeFile(file, Buffer.from(JSON.stringify({ nonAuthGuards: ['JwtAuthGuard'] })));
    try {
      await poll('JwtAuthGuard to stop counting (config file)', () => (verdictOfOrders() === 'unprotected' ? true : undefined));
    } finally {
      await vscode.workspace.fs.delete(file);
    }
    await poll('the config file removed', () => (verdictOfOrders() === 'protected' ? true : undefined));
  });

  test('file events: a new controller file on disk appears, and disappears when deleted', async () => {
    const file = fixtureUri('src/orders/refunds.controller.ts');
    const text = fs.readFileSync(fixtureUri(ORDERS).fsPath, 'utf8')
      .replace("@Controller('orders')", "@Controller('refunds')")
      .replace('class OrdersController', 'class RefundsController');
    const moduleUri = fixtureUri('src/orders/orders.module.ts');
    const moduleText = fs.readFileSync(moduleUri.fsPath, 'utf8');
    await vscode.workspace.fs.writeFile(file, Buffer.from(text));
    await vscode.workspace.fs.writeFile(moduleUri, Buffer.from(
      moduleText.replace("import { OrdersController } from './orders.controller';", "import { OrdersController } from './orders.controller';\nimport { RefundsController } from './refunds.controller';")
        .replace('controllers: [OrdersController]', 'controllers: [OrdersController, RefundsController]'),
    ));
    try {
      await poll('POST /refunds in the tree', async () => ((await routeIcon(api, 'POST /refunds')) === 'warning' ? true : undefined));
    } finally {
      await vscode.workspace.fs.delete(file);
      await vscode.workspace.fs.writeFile(moduleUri, Buffer.from(moduleText));
    }
    await poll('POST /refunds gone', async () => ((await routeIcon(api, 'POST /refunds')) === undefined ? true : undefined));
    assert.strictEqual((await treeLines(api)).length, 6);
  });

  test('no error was logged by the index during the suite (runs last)', () => {
    assert.deepStrictEqual(api.errors, []);
  });
});
