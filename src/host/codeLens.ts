/**
 * CodeLens: the guard chain and verdict above each handler, a summary above each controller.
 * The controller part (registration, config changes) is `registerCodeLens`; the provider only reads
 * the index snapshot and checks the cancellation token.
 */
import * as vscode from 'vscode';
import { readPresentation } from './config';
import { Commands, CONFIG_SECTION } from './constants';
import { decoratorLines } from './decorators';
import type { IndexedRoute, IndexService } from './indexService';
import { VERDICTS, controllerSummary, lensTitle, verdictOf } from './present';

export class RouteCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.emitter.event;
  enabled = readPresentation().codeLensEnabled;

  constructor(private readonly index: IndexService) {}

  refresh(): void {
    this.emitter.fire();
  }

  dispose(): void {
    this.emitter.dispose();
  }

  provideCodeLenses(document: vscode.TextDocument, token: vscode.CancellationToken): vscode.CodeLens[] {
    if (!this.enabled || token.isCancellationRequested) return [];
    const snapshot = this.index.snapshot;
    const lenses: vscode.CodeLens[] = [];

    // One lens per controller declared in this file.
    const controllers = new Map<string, IndexedRoute[]>();
    for (const e of snapshot.routesOfControllersIn(document.uri.fsPath)) {
      const key = `${e.route.controllerAt.line}\u0000${e.route.controller}`;
      const list = controllers.get(key);
      if (list) list.push(e);
      else controllers.set(key, [e]);
    }
    for (const entries of controllers.values()) {
      const { route } = entries[0];
      const range = this.lineRange(document, route.controllerAt.line);
      if (!range) continue;
      lenses.push(
        new vscode.CodeLens(range, {
          title: controllerSummary(entries.map((e) => e.route)),
          command: Commands.showControllerRoutes,
          arguments: [document.uri.fsPath, route.controller],
          tooltip: `Routes of ${route.controller}`,
        }),
      );
    }
    if (token.isCancellationRequested) return [];

    // One lens per handler (several paths on one handler: the weakest verdict speaks).
    const handlers = new Map<number, IndexedRoute[]>();
    for (const e of snapshot.routesIn(document.uri.fsPath)) {
      const list = handlers.get(e.route.line);
      if (list) list.push(e);
      else handlers.set(e.route.line, [e]);
    }
    for (const [line, entries] of handlers) {
      const weakest = [...entries].sort((a, b) => VERDICTS.indexOf(verdictOf(a.route)) - VERDICTS.indexOf(verdictOf(b.route)))[0];
      const range = this.lineRange(document, line);
      if (!range) continue;
      const paths = entries.length > 1 ? ` (${entries.length} routes)` : '';
      lenses.push(
        new vscode.CodeLens(range, {
          title: lensTitle(weakest.route) + paths,
          command: Commands.showChain,
          arguments: [weakest.route.id],
          tooltip: 'Show the guard chain with links to each guard',
        }),
      );
      if (verdictOf(weakest.route) === 'unprotected') {
        lenses.push(
          new vscode.CodeLens(range, {
            title: '$(lock) Protect with client certificates',
            command: Commands.protectRoute,
            arguments: [weakest.route.id],
            tooltip: 'Add @UseGuards(MtlsAuthGuard), creating the guard and its allowlist when the project has none (one undoable edit)',
          }),
        );
      }
    }
    return lenses;
  }

  /** Above the declaration's first decorator (the lens then sits above the whole member, as for a symbol). */
  private lineRange(document: vscode.TextDocument, line: number): vscode.Range | undefined {
    if (line < 1 || line > document.lineCount) return undefined;
    const top = Math.min(line - 1, ...decoratorLines(document, line - 1));
    const start = new vscode.Position(top, document.lineAt(top).firstNonWhitespaceCharacterIndex);
    return new vscode.Range(start, start);
  }
}

export function registerCodeLens(index: IndexService): { provider: RouteCodeLensProvider; disposables: vscode.Disposable[] } {
  const provider = new RouteCodeLensProvider(index);
  return {
    provider,
    disposables: [
      provider,
      vscode.languages.registerCodeLensProvider({ scheme: 'file', language: 'typescript' }, provider),
      index.onDidChangeIndex(() => provider.refresh()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(`${CONFIG_SECTION}.codeLens.enabled`)) {
          provider.enabled = readPresentation().codeLensEnabled;
          provider.refresh();
        }
      }),
    ],
  };
}
