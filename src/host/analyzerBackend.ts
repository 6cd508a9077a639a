/**
 * Where the analyzers run: a worker thread (dist/analyzerWorker.js, when it was built next to the
 * extension bundle), else in the extension host itself, deferred to its own macrotask.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Worker } from 'worker_threads';
import { handleRun, type RunRequest, type RunResponse } from './analyzerWorker';
import type { WorkspaceAnalyzer } from '../core/analyzer';

export type RunInput = Omit<RunRequest, 'id'>;

export interface AnalyzerBackend {
  readonly kind: 'worker' | 'in-process';
  /** Increments when the backend lost its analyzers (worker crash): every folder must start over. */
  readonly generation: number;
  run(input: RunInput): Promise<RunResponse>;
  forget(root: string): void;
  dispose(): void;
}

class InProcessBackend implements AnalyzerBackend {
  readonly kind = 'in-process';
  constructor(readonly generation = 0) {}
  private readonly store = new Map<string, WorkspaceAnalyzer>();
  private id = 0;

  run(input: RunInput): Promise<RunResponse> {
    // The analyzer is synchronous: run it on its own turn of the event loop.
    return new Promise((resolve) => setImmediate(() => resolve(handleRun({ ...input, id: ++this.id }, this.store))));
  }

  forget(root: string): void {
    this.store.delete(root);
  }

  dispose(): void {
    this.store.clear();
  }
}

class WorkerBackend implements AnalyzerBackend {
  readonly kind = 'worker';
  generation = 0;
  private worker: Worker | undefined;
  private id = 0;
  private readonly pending = new Map<number, (r: RunResponse) => void>();
  private disposed = false;

  constructor(private readonly file: string, private readonly onCrash: (message: string) => void) {}

  private ensure(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(this.file);
    w.on('message', (r: RunResponse) => {
      const resolve = this.pending.get(r.id);
      this.pending.delete(r.id);
      resolve?.(r);
    });
    const fail = (message: string) => {
      if (this.worker !== w) return;
      this.worker = undefined;
      this.generation++;
      for (const [id, resolve] of this.pending) resolve({ id, kind: 'error', name: 'WorkerError', message });
      this.pending.clear();
      if (!this.disposed) this.onCrash(message);
    };
    w.on('error', (e) => fail(`analyzer worker failed: ${e.message}`));
    w.on('exit', (code) => fail(`analyzer worker exited with code ${code}`));
    this.worker = w;
    return w;
  }

  run(input: RunInput): Promise<RunResponse> {
    const id = ++this.id;
    const worker = this.ensure();
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      worker.postMessage({ ...input, id });
    });
  }

  forget(root: string): void {
    this.worker?.postMessage({ type: 'forget', root });
  }

  dispose(): void {
    this.disposed = true;
    const w = this.worker;
    this.worker = undefined;
    void w?.terminate();
  }
}

/** In-process analyzers (after a worker kept crashing); `generation` above the last one used. */
export function inProcessBackend(generation: number): AnalyzerBackend {
  return new InProcessBackend(generation);
}

/**
 * The worker when `analyzerWorker.js` was built together with the running bundle (same build: not
 * older than it by more than a minute, so a stale worker from an earlier build is never used), else
 * in-process. `GUARD_COVERAGE_IN_PROCESS=1` forces in-process.
 */
export function createBackend(bundleFile: string, onCrash: (message: string) => void): AnalyzerBackend {
  const file = path.join(path.dirname(bundleFile), 'analyzerWorker.js');
  let usable = false;
  try {
    usable = fs.statSync(file).mtimeMs >= fs.statSync(bundleFile).mtimeMs - 60_000;
  } catch {
    usable = false;
  }
  return usable && process.env.GUARD_COVERAGE_IN_PROCESS !== '1' ? new WorkerBackend(file, onCrash) : new InProcessBackend();
}
