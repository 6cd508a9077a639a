/**
 * Palette commands: refresh, report, exports, copy as curl, reveal the view.
 */
import * as vscode from 'vscode';
import type { AnalysisResult } from '../core/model';
import { readPresentation } from './config';
import { Commands, VIEW_ID } from './constants';
import type { IndexedRoute, IndexService } from './indexService';
import { VERDICT_ICON, curlFor, routeLabel, routeSummary, verdictOf } from './present';
import { reportFormats } from './report';
import type { TreeNode } from './tree';

/** Where an export goes: the argument (scripts and tests), else a save dialog. */
async function targetUri(arg: unknown, defaultName: string, filters: Record<string, string[]>): Promise<vscode.Uri | undefined> {
  if (arg instanceof vscode.Uri) return arg;
  if (typeof arg === 'string' && arg) return vscode.Uri.file(arg);
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  return vscode.window.showSaveDialog({ defaultUri: folder ? vscode.Uri.joinPath(folder, defaultName) : undefined, filters });
}

async function writeText(uri: vscode.Uri, text: string): Promise<void> {
  await vscode.workspace.fs.writeFile(uri, Buffer.from(text, 'utf8'));
}

/** The route a command is about: a tree node, a route id, the handler under the cursor, or a pick. */
export async function resolveRoute(index: IndexService, arg: unknown): Promise<IndexedRoute | undefined> {
  const snapshot = index.snapshot;
  if (typeof arg === 'string') return snapshot.route(arg);
  if (arg && typeof arg === 'object' && 'kind' in arg) {
    const node = arg as TreeNode;
    if (node.kind === 'route' || node.kind === 'guard') return snapshot.route(node.entry.route.id);
  }
  const editor = vscode.window.activeTextEditor;
  if (editor) {
    const inFile = snapshot.routesIn(editor.document.uri.fsPath);
    const line = editor.selection.active.line + 1;
    // The handler whose name is on, or nearest below, the cursor line (decorators sit above the name).
    const below = inFile.filter((e) => e.route.line >= line).sort((a, b) => a.route.line - b.route.line)[0];
    if (below && below.route.line - line <= 10) return below;
  }
  if (!snapshot.routes.length) return undefined;
  const picked = await vscode.window.showQuickPick(
    snapshot.routes.map((e) => ({
      label: `$(${VERDICT_ICON[verdictOf(e.route)].icon}) ${routeLabel(e.route)}`,
      description: `${e.route.controller}.${e.route.handler}`,
      detail: routeSummary(e.route),
      id: e.route.id,
    })),
    { placeHolder: 'Route to copy as curl', matchOnDescription: true },
  );
  return picked ? snapshot.route(picked.id) : undefined;
}

function notAvailable(what: string): void {
  void vscode.window.showWarningMessage(`Guard Coverage: the ${what} is not available in this build yet; use "Export Coverage as JSON".`);
}

export function registerCommands(index: IndexService): vscode.Disposable[] {
  const result = (): AnalysisResult => index.snapshot.toResult();
  return [
    vscode.commands.registerCommand(Commands.refresh, () => index.refresh()),
    vscode.commands.registerCommand(Commands.showView, () => vscode.commands.executeCommand(`${VIEW_ID}.focus`)),
    vscode.commands.registerCommand(Commands.exportJson, async (arg?: unknown) => {
      await index.whenIdle();
      const uri = await targetUri(arg, 'guard-coverage.json', { JSON: ['json'] });
      if (!uri) return undefined;
      await writeText(uri, JSON.stringify(result(), null, 2) + '\n');
      return uri;
    }),
    vscode.commands.registerCommand(Commands.exportSarif, async (arg?: unknown) => {
      const toSarif = reportFormats.sarif;
      if (!toSarif) return notAvailable('SARIF export');
      await index.whenIdle();
      const uri = await targetUri(arg, 'guard-coverage.sarif', { SARIF: ['sarif', 'json'] });
      if (!uri) return undefined;
      await writeText(uri, JSON.stringify(toSarif(result()), null, 2) + '\n');
      return uri;
    }),
    vscode.commands.registerCommand(Commands.showReport, async () => {
      const toMarkdown = reportFormats.markdown;
      if (!toMarkdown) return notAvailable('Markdown report');
      await index.whenIdle();
      const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: toMarkdown(result()) });
      await vscode.commands.executeCommand('markdown.showPreview', doc.uri);
      return doc.uri;
    }),
    vscode.commands.registerCommand(Commands.copyCurl, async (arg?: unknown) => {
      const e = await resolveRoute(index, arg);
      if (!e) {
        void vscode.window.showInformationMessage('Guard Coverage: no route here.');
        return undefined;
      }
      const line = curlFor(e.route, readPresentation(vscode.Uri.file(e.file)).curlBaseUrl);
      await vscode.env.clipboard.writeText(line);
      vscode.window.setStatusBarMessage(`Copied: ${line}`, 3000);
      return line;
    }),
  ];
}
