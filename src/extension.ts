/**
 * Composes the host services. Each feature registers itself and hands back its disposables;
 * `activate` returns a small API the integration tests use.
 */
import * as vscode from 'vscode';
import { registerCodeActions } from './host/codeActions';
import { registerCodeLens } from './host/codeLens';
import { registerCommands } from './host/commands';
import { OUTPUT_CHANNEL } from './host/constants';
import { registerDiagnostics } from './host/diagnostics';
import { registerHover } from './host/hover';
import { IndexService } from './host/indexService';
import { registerNavigation } from './host/navigate';
import { registerStatusBar } from './host/statusBar';
import type { GuardCoverageApi } from './host/testApi';
import { registerTree } from './host/tree';

export function activate(context: vscode.ExtensionContext): GuardCoverageApi {
  const log = vscode.window.createOutputChannel(OUTPUT_CHANNEL, { log: true });
  const index = new IndexService(log, __filename);
  const tree = registerTree(context, index);
  const lenses = registerCodeLens(index);
  const status = registerStatusBar(index);
  context.subscriptions.push(
    log,
    ...index.register(),
    ...tree.disposables,
    ...lenses.disposables,
    ...status.disposables,
    ...registerDiagnostics(context, index),
    ...registerHover(index),
    ...registerNavigation(index),
    ...registerCommands(index),
    ...registerCodeActions(index),
  );
  index.start();
  return {
    treeDataProvider: tree.provider,
    treeView: tree.view,
    codeLensProvider: lenses.provider,
    statusBarItem: status.item,
    get snapshot() {
      return index.snapshot;
    },
    get state() {
      return index.state;
    },
    get lastRunMs() {
      return index.lastRunMs;
    },
    onDidChangeIndex: index.onDidChangeIndex,
    errors: index.errors,
    get backend() {
      return index.backendKind;
    },
    whenIdle: () => index.whenIdle(),
  };
}

export function deactivate(): void {}
