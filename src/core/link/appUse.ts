/**
 * Middleware the bootstrap mounts itself: `app.use(mw)` and `app.use('/admin', mw, ...)`, in the calls
 * made on the app before it starts (`listen`, `init`): Express runs them before every route whose path
 * is the given one or below it (no global prefix, no version). One made after the app started is
 * mounted behind the routes and runs only for requests no route serves, so it protects nothing. Each
 * handler is followed and judged like `consumer.apply(...)` middleware; a path the evaluator cannot read
 * leaves the binding undecided, never covering everything.
 */
import { Node } from 'ts-morph';
import type { MiddlewareBinding, RouteSelector } from '../semantics/middleware/types';
import type { AppCall } from './bootstrap';
import type { Evaluator } from './evaluate';
import { conditionOf, middlewareItems } from './middlewareConsumer';
import type { Value } from './values';
import { startLineOf } from '../project/position';

const STARTS = new Set(['listen', 'init']);

export function appUseBindings(appCalls: readonly AppCall[], ev: Evaluator, rootModule: string, rel: (file: string) => string): MiddlewareBinding[] {
  const out: MiddlewareBinding[] = [];
  for (const c of appCalls) {
    if (STARTS.has(c.method)) break;
    if (c.method !== 'use' || c.call.getArguments().length === 0) continue;
    const condition = conditionOf(c.call, c.call.getSourceFile(), ev, c.env);
    if (condition === false) continue;
    const [first, ...rest] = c.call.getArguments();
    const path = ev.eval(first, c.env);
    const include = pathSelectors(path, first);
    // An unreadable first argument may be a path or a handler: judged as a handler too, bound nowhere known.
    const handlers = include && include[0]?.kind !== 'unknown' ? rest : [first, ...rest];
    const items = handlers.flatMap((h) => middlewareItems(h, ev, c.env));
    const at = `${rel(c.call.getSourceFile().getFilePath())}:${startLineOf(c.call)}`;
    out.push({
      module: rootModule,
      appliedIn: `app.use (${at})`,
      items,
      include: include ?? [{ kind: 'path', path: '/', method: 'USE', raw: true, text: "'/'" }],
      exclude: [],
      at: c.call,
      ...(typeof condition === 'string' ? { condition } : {}),
    });
  }
  return out;
}

/** The mount paths when the first argument is one (a string or a list of them); undefined when it is a handler. */
function pathSelectors(v: Value, node: Node): RouteSelector[] | undefined {
  const text = node.getText().replace(/\s+/g, ' ');
  if (v.kind === 'literal' && typeof v.value === 'string') return [{ kind: 'path', path: v.value, method: 'USE', raw: true, text }];
  if (v.kind === 'array' && v.items.every((i) => i.kind === 'literal' && typeof i.value === 'string')) {
    return v.items.map((i) => ({ kind: 'path', path: String((i as { value: string }).value), method: 'USE', raw: true, text }));
  }
  // A regular expression, or a value that may be a path: where it mounts cannot be told.
  if (v.kind === 'regex' || v.kind === 'unknown' || (v.kind === 'array' && !Node.isArrayLiteralExpression(node))) return [{ kind: 'unknown', text, reason: 'its mount path is not known statically' }];
  return undefined;
}
