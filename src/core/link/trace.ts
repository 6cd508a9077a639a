/**
 * What an evaluation depended on beyond the expression itself: the files it read (so an edit drops
 * the cached answer), the environment variables it read (so the report can say which ones decided
 * something), and notes such as a branch skipped because it needs a package that is not installed.
 * A cached value keeps its trace and replays it on every hit, so a re-link reports the same.
 */
import type { Node } from 'ts-morph';

export interface EvalNote {
  severity: 'info' | 'warning';
  message: string;
  node?: Node;
}

export interface Trace {
  deps: Set<string>;
  /** Variable name -> the `process.env.X` reads (nodes) that asked for it. */
  env: Map<string, Set<Node>>;
  /** Keyed by message and position, so a replayed note is kept once. */
  notes: Map<string, EvalNote>;
}

export function newTrace(deps: Iterable<string> = []): Trace {
  return { deps: new Set(deps), env: new Map(), notes: new Map() };
}

export function mergeTrace(into: Trace, from: Trace, withDeps = true): void {
  if (withDeps) for (const d of from.deps) into.deps.add(d);
  for (const [name, nodes] of from.env) {
    let set = into.env.get(name);
    if (!set) into.env.set(name, (set = new Set()));
    for (const n of nodes) set.add(n);
  }
  for (const [key, note] of from.notes) into.notes.set(key, note);
}

export function addEnvRead(trace: Trace, name: string, node: Node): void {
  let set = trace.env.get(name);
  if (!set) trace.env.set(name, (set = new Set()));
  set.add(node);
}

export function addNote(trace: Trace, note: EvalNote): void {
  const where = note.node ? `${note.node.getSourceFile().getFilePath()}:${note.node.getPos()}` : '';
  trace.notes.set(`${note.message}\0${where}`, note);
}
