/**
 * Runs the analyzers in a worker thread, so a slow re-link never blocks the extension host (which
 * every other extension shares). No `vscode` import: this file is its own bundle
 * (dist/analyzerWorker.js) and speaks plain data with the index service.
 */
import { parentPort } from 'worker_threads';
import { WorkspaceAnalyzer } from '../core/analyzer';
import type { GuardCoverageConfig } from '../core/config';
import type { AnalysisResult } from '../core/model';

/** One indexing pass for one folder. */
export interface RunRequest {
  id: number;
  root: string;
  /** Set: (re)create the analyzer with this config first. */
  config?: GuardCoverageConfig;
  /** Files to refresh: text of an unsaved buffer, or null to re-read from disk. */
  files: [string, string | null][];
}

export type RunResponse =
  | { id: number; kind: 'result'; result: AnalysisResult; ms: number }
  | { id: number; kind: 'unchanged' }
  | { id: number; kind: 'error'; name: string; message: string; stack?: string };

const analyzers = new Map<string, WorkspaceAnalyzer>();

/** The worker's whole job; also used in-process when the worker bundle is missing. */
export function handleRun(req: RunRequest, store: Map<string, WorkspaceAnalyzer> = analyzers): RunResponse {
  try {
    let analyzer = store.get(req.root);
    const fresh = !!req.config || !analyzer;
    if (req.config || !analyzer) {
      analyzer = new WorkspaceAnalyzer(req.root, { config: req.config });
      store.set(req.root, analyzer);
    }
    let relevant = fresh;
    for (const [file, text] of req.files) {
      // affects() is asked before the change (what the last link read) and after (what the new text declares).
      if (!relevant && analyzer.affects(file)) relevant = true;
      analyzer.setFileText(file, text ?? undefined);
      if (!relevant && analyzer.affects(file)) relevant = true;
    }
    if (!relevant) return { id: req.id, kind: 'unchanged' };
    const t0 = Date.now();
    const result = analyzer.analyze();
    return { id: req.id, kind: 'result', result, ms: Date.now() - t0 };
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    // A failed first analysis leaves no analyzer behind: the next run starts clean.
    if (req.config) store.delete(req.root);
    return { id: req.id, kind: 'error', name: err.constructor?.name || err.name, message: err.message, stack: err.stack };
  }
}

if (parentPort) {
  const port = parentPort;
  port.on('message', (msg: RunRequest | { type: 'forget'; root: string }) => {
    if ('type' in msg) {
      analyzers.delete(msg.root);
      return;
    }
    port.postMessage(handleRun(msg));
  });
}
