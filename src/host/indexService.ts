/**
 * The route index of the workspace: one long-lived WorkspaceAnalyzer per workspace folder, kept up
 * to date from file events and unsaved buffers, re-linked after a debounce, published through one
 * event. Views, lenses, hovers and diagnostics only read the snapshot.
 */
import * as path from 'path';
import * as vscode from 'vscode';
import type { AnalysisResult } from '../core/model';
import { createBackend, inProcessBackend, type AnalyzerBackend } from './analyzerBackend';
import { ANALYSIS_KEYS, readAnalysisConfig } from './config';
import { envSummary } from '../core/report/envSummary';
import { CONFIG_FILE_NAME } from '../core/configFile';
import { CONFIG_SECTION, ContextKeys, DEBOUNCE_MS, VIEW_ID } from './constants';
import { IndexSnapshot } from './snapshot';

export type IndexState = 'indexing' | 'empty' | 'ready' | 'error';
export { IndexSnapshot, type IndexedFinding, type IndexedRoute } from './snapshot';

const EXCLUDED_SEGMENT = /[\\/](node_modules|dist|out|\.git|coverage|\.vscode-test)[\\/]/;

type Pending = 'disk' | 'buffer';

/** Files the analyzer can care about (it decides exactly, in the backend). */
/** Files the analysis may read: sources, JSON settings, pnpm-workspace.yaml, env files (`.env`, `.env.local`, `prod.env`). */
const SOURCE_FILE = /\.(ts|mts|cts|json|ya?ml|env)$|(^|[\\/])\.env(\.[^\\/]*)?$/;

class FolderIndex {
  /** Backend generation the analyzer of this folder was created in (undefined: not yet). */
  generation: number | undefined;
  result: AnalysisResult = { apps: [] };
  /** Re-create the analyzer (first run, config change, directory events, refresh). */
  full = true;
  readonly pending = new Map<string, Pending>();
  /** Files whose unsaved text the analyzer currently holds. */
  readonly buffers = new Set<string>();
  error: string | undefined;
  /** The last attempt to create the analyzer failed: the next change tries again from scratch. */
  failed = false;
  analyzedOnce = false;

  constructor(readonly folder: vscode.WorkspaceFolder) {}

  get dirty(): boolean {
    return this.full || this.pending.size > 0;
  }
}

export class IndexService implements vscode.Disposable {
  private readonly folders = new Map<string, FolderIndex>();
  private readonly emitter = new vscode.EventEmitter<IndexSnapshot>();
  /** Fired once per re-index, after the snapshot changed. */
  readonly onDidChangeIndex = this.emitter.event;
  private readonly stateEmitter = new vscode.EventEmitter<IndexState>();
  readonly onDidChangeState = this.stateEmitter.event;
  private current = new IndexSnapshot([]);
  private _state: IndexState = 'indexing';
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private idleWaiters: (() => void)[] = [];
  private readonly shownErrors = new Set<string>();
  private readonly disposables: vscode.Disposable[] = [];
  /** Milliseconds the last analysis run took (all folders), for the test API and the log. */
  lastRunMs = 0;
  runs = 0;
  /** Errors logged so far (analysis failures, app diagnostics of severity error); the tests expect none. */
  readonly errors: string[] = [];

  private backend: AnalyzerBackend;
  private crashes = 0;
  /** A folder left the workspace: the next pass publishes even when no folder needs analysis. */
  private foldersRemoved = false;

  /** `bundleFile`: the running bundle; `analyzerWorker.js` is looked for next to it. */
  constructor(private readonly log: vscode.LogOutputChannel, bundleFile: string) {
    this.backend = createBackend(bundleFile, (message) => {
      this.log.error(message);
      this.errors.push(message);
      if (++this.crashes >= 2) {
        // A worker that keeps dying (memory?) is not retried: analyse in the extension host instead.
        const generation = this.backend.generation + 1;
        this.backend.dispose();
        this.backend = inProcessBackend(generation);
        this.log.warn('the analyzer worker failed twice; analysing in the extension host from now on');
      }
      this.schedule(0); // every folder starts over (its generation changed)
    });
    this.log.info(`analyzers run ${this.backend.kind === 'worker' ? 'in a worker thread' : 'in the extension host'}`);
    for (const f of vscode.workspace.workspaceFolders ?? []) this.addFolder(f);
    this.disposables.push(this.emitter, this.stateEmitter, { dispose: () => this.backend.dispose() });
    void this.setState('indexing');
  }

  /** Subscribes to the workspace; returns what must be disposed. */
  register(): vscode.Disposable[] {
    const watcher = vscode.workspace.createFileSystemWatcher('**/*');
    const onFile = (uri: vscode.Uri, kind: 'create' | 'change' | 'delete') => this.onFileEvent(uri, kind);
    return [
      this,
      watcher,
      watcher.onDidCreate((u) => onFile(u, 'create')),
      watcher.onDidChange((u) => onFile(u, 'change')),
      watcher.onDidDelete((u) => onFile(u, 'delete')),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length) this.onBuffer(e.document);
      }),
      vscode.workspace.onDidSaveTextDocument((d) => this.markFile(d.uri, 'disk')),
      vscode.workspace.onDidCloseTextDocument((d) => {
        // Closed without saving: the analyzer must forget the unsaved text.
        const f = this.folderOf(d.uri);
        if (f && f.buffers.has(d.uri.fsPath)) this.markFile(d.uri, 'disk');
      }),
      vscode.workspace.onDidRenameFiles((e) => {
        for (const { oldUri, newUri } of e.files) {
          for (const u of [oldUri, newUri]) {
            if (path.extname(u.fsPath)) this.markFile(u, 'disk');
            else this.markFull(u);
          }
        }
      }),
      vscode.workspace.onDidChangeWorkspaceFolders((e) => {
        for (const f of e.removed) {
          this.folders.delete(f.uri.toString());
          this.backend.forget(f.uri.fsPath);
          this.foldersRemoved = true;
        }
        for (const f of e.added) this.addFolder(f);
        this.schedule(0);
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        for (const f of this.folders.values()) {
          if (ANALYSIS_KEYS.some((k) => e.affectsConfiguration(`${CONFIG_SECTION}.${k}`, f.folder.uri))) f.full = true;
        }
        this.schedule();
      }),
    ];
  }

  get snapshot(): IndexSnapshot {
    return this.current;
  }

  get state(): IndexState {
    return this._state;
  }

  /** Resolves when no change is waiting and no analysis is running. */
  whenIdle(): Promise<void> {
    if (!this.busy) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Where the analyzers run. */
  get backendKind(): 'worker' | 'in-process' {
    return this.backend.kind;
  }

  private get busy(): boolean {
    return this.running || this.timer !== undefined || [...this.folders.values()].some((f) => this.isDirty(f));
  }

  /** Re-creates every analyzer and re-indexes (the Refresh command). */
  refresh(): Promise<void> {
    for (const f of this.folders.values()) f.full = true;
    this.schedule(0);
    return this.whenIdle();
  }

  /** Starts the first indexing run. */
  start(): void {
    this.schedule(0);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    for (const d of this.disposables) d.dispose();
    this.resolveIdle();
  }

  private addFolder(folder: vscode.WorkspaceFolder): void {
    if (folder.uri.scheme !== 'file') return; // the analyzer reads the local file system
    this.folders.set(folder.uri.toString(), new FolderIndex(folder));
  }

  private folderOf(uri: vscode.Uri): FolderIndex | undefined {
    if (uri.scheme !== 'file') return undefined;
    const wf = vscode.workspace.getWorkspaceFolder(uri);
    return wf ? this.folders.get(wf.uri.toString()) : undefined;
  }

  private excluded(fsPath: string): boolean {
    return EXCLUDED_SEGMENT.test(fsPath);
  }

  private onFileEvent(uri: vscode.Uri, kind: 'create' | 'change' | 'delete'): void {
    const f = this.folderOf(uri);
    if (!f || this.excluded(uri.fsPath)) return;
    if (path.basename(uri.fsPath) === CONFIG_FILE_NAME) {
      f.full = true;
      this.schedule();
      return;
    }
    // A folder created, deleted or moved gives one event for the folder only.
    if (kind !== 'change' && !path.extname(uri.fsPath)) {
      this.markFull(uri);
      return;
    }
    this.markFile(uri, 'disk');
  }

  private onBuffer(doc: vscode.TextDocument): void {
    this.markFile(doc.uri, 'buffer');
  }

  private markFile(uri: vscode.Uri, how: Pending): void {
    const f = this.folderOf(uri);
    if (!f || this.excluded(uri.fsPath)) return;
    if (!SOURCE_FILE.test(uri.fsPath)) return;
    if (f.failed) f.full = true;
    f.pending.set(uri.fsPath, how);
    this.schedule();
  }

  private markFull(uri: vscode.Uri): void {
    const f = this.folderOf(uri);
    if (!f || this.excluded(uri.fsPath)) return;
    f.full = true;
    this.schedule();
  }

  private schedule(delay = DEBOUNCE_MS): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.run();
    }, delay);
  }

  private async run(): Promise<void> {
    if (this.running) return; // the running pass re-schedules itself when it finds more work
    const dirty = [...this.folders.values()].filter((f) => this.isDirty(f));
    if (!dirty.length) {
      if (this._state === 'indexing' || this.foldersRemoved) this.publish();
      this.resolveIdle();
      return;
    }
    this.running = true;
    const t0 = Date.now();
    let changed = false;
    try {
      const firstRun = dirty.some((f) => !f.analyzedOnce);
      if (firstRun) await this.setState('indexing');
      await vscode.window.withProgress(
        { location: firstRun ? vscode.ProgressLocation.Window : { viewId: VIEW_ID }, title: 'Guard Coverage: indexing routes' },
        async () => {
          for (const f of dirty) if (await this.analyzeFolder(f)) changed = true;
        },
      );
      this.lastRunMs = Date.now() - t0;
      this.runs++;
      this.log.debug(`indexed ${dirty.length} folder(s) in ${this.lastRunMs} ms${changed ? '' : ' (no route can have changed)'}`);
      if (changed || this._state === 'indexing') this.publish();
    } finally {
      this.running = false;
      if ([...this.folders.values()].some((f) => this.isDirty(f))) this.schedule(0);
      else if (!this.timer) this.resolveIdle();
    }
  }

  private isDirty(f: FolderIndex): boolean {
    return f.dirty || f.generation !== this.backend.generation;
  }

  /** One pass for one folder in the backend; true when its result was replaced. */
  private async analyzeFolder(f: FolderIndex): Promise<boolean> {
    const name = f.folder.name;
    const root = f.folder.uri.fsPath;
    let response;
    let config;
    try {
      const full = f.full || f.generation !== this.backend.generation;
      if (full) {
        config = readAnalysisConfig(f.folder);
        f.full = false;
        f.buffers.clear();
        f.pending.clear();
        // Unsaved editors of this folder still count.
        for (const doc of vscode.workspace.textDocuments) {
          if (doc.isDirty && this.folderOf(doc.uri) === f && SOURCE_FILE.test(doc.uri.fsPath)) f.pending.set(doc.uri.fsPath, 'buffer');
        }
      }
      const files: [string, string | null][] = [];
      for (const [file, how] of f.pending) {
        const doc = how === 'buffer' ? vscode.workspace.textDocuments.find((d) => d.uri.fsPath === file && !d.isClosed) : undefined;
        if (doc && doc.isDirty) {
          files.push([file, doc.getText()]);
          f.buffers.add(file);
        } else {
          files.push([file, null]);
          f.buffers.delete(file);
        }
      }
      f.pending.clear();
      f.generation = this.backend.generation;
      response = await this.backend.run({ root, config, files });
    } catch (e) {
      // Reading the settings or the config file failed (the core's ConfigError names the bad field).
      response = { id: 0, kind: 'error' as const, name: (e as Error).name, message: (e as Error).message, stack: (e as Error).stack };
    } finally {
      f.analyzedOnce = true;
    }
    if (response.kind === 'unchanged') return false;
    if (response.kind === 'result') {
      f.result = response.result;
      f.error = undefined;
      f.failed = false;
      for (const app of f.result.apps) {
        this.log.info(`${app.name}: ${app.kind === 'not-a-server' ? 'not a server; ' : ''}${envSummary(app.env)}`);
        for (const d of app.diagnostics) {
          const where = d.at ? ` (${d.at.file}:${d.at.line})` : '';
          this.log[d.severity === 'error' ? 'error' : d.severity === 'warning' ? 'warn' : 'info'](`${app.name}: ${d.message}${where}`);
          if (d.severity === 'error') this.errors.push(`${app.name}: ${d.message}${where}`);
        }
      }
      return true;
    }
    const message = response.message;
    if (/not a NestJS project|not a folder/.test(message)) {
      // Not a NestJS project (e.g. another folder of a multi-root workspace): nothing to show, no error.
      f.result = { apps: [] };
      f.error = undefined;
      f.failed = true; // no analyzer was kept: a later change (e.g. a new nest-cli.json) starts from scratch
      this.log.info(`${name}: ${message}`);
      return true;
    }
    if (config) f.failed = true; // no analyzer was created: the next change starts from scratch
    f.error = message;
    this.log.error(`analysis of ${name} failed: ${response.stack ?? message}`);
    this.errors.push(`${name}: ${message}`);
    const key = `${name}\u0000${message}`;
    if (!this.shownErrors.has(key)) {
      this.shownErrors.add(key);
      void vscode.window.showErrorMessage(`Guard Coverage: analysing ${name} failed: ${message}`, 'Show Log').then((choice) => {
        if (choice) this.log.show(true);
      });
    }
    return true;
  }

  private publish(): void {
    this.foldersRemoved = false;
    const apps = [...this.folders.values()].flatMap((f) => f.result.apps);
    this.current = new IndexSnapshot(apps);
    const anyError = [...this.folders.values()].some((f) => f.error);
    void this.setState(apps.length ? 'ready' : anyError ? 'error' : 'empty');
    this.emitter.fire(this.current);
  }

  private async setState(state: IndexState): Promise<void> {
    const changed = state !== this._state;
    this._state = state;
    await vscode.commands.executeCommand('setContext', ContextKeys.state, state);
    if (changed) this.stateEmitter.fire(state);
  }

  private resolveIdle(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }
}
