/** What `activate` returns: enough for integration tests to read what the views show. */
import type * as vscode from 'vscode';
import type { RouteCodeLensProvider } from './codeLens';
import type { IndexSnapshot, IndexState } from './indexService';
import type { CoverageTreeProvider, TreeNode } from './tree';

export interface GuardCoverageApi {
  readonly treeDataProvider: CoverageTreeProvider;
  readonly treeView: vscode.TreeView<TreeNode>;
  readonly codeLensProvider: RouteCodeLensProvider;
  readonly statusBarItem: vscode.StatusBarItem;
  /** The current index (every app of every workspace folder). */
  readonly snapshot: IndexSnapshot;
  readonly state: IndexState;
  /** Duration of the last indexing run in ms. */
  readonly lastRunMs: number;
  readonly onDidChangeIndex: vscode.Event<IndexSnapshot>;
  /** Errors the index logged (analysis failures, app errors). */
  readonly errors: readonly string[];
  /** Where the analyzers run: a worker thread (dist/analyzerWorker.js present) or the extension host. */
  readonly backend: 'worker' | 'in-process';
  /** Resolves when no change is pending and no analysis is running. */
  whenIdle(): Promise<void>;
}
