/** The shape every rule has: metadata for reports, and a pure function from the pass's facts to findings. */
import type { Node } from 'ts-morph';
import type { AppIndex, Finding, Route, Severity, SourceLocation } from '../model';
import type { SemanticsHost } from '../semantics/host';
import type { RouteEvaluation } from '../semantics/routeVerdict';
import type { MiddlewareBinding } from '../semantics/middleware/types';
import { endOf } from '../project/position';

export interface RuleMeta {
  /** Stable code, e.g. `no-authentication`. */
  code: string;
  /** PascalCase name for SARIF. */
  name: string;
  defaultSeverity: Severity;
  cwe: string | null;
  /** One sentence. */
  short: string;
  /** A paragraph: what is wrong and how to fix it. */
  full: string;
  /** Anchor into docs/rules.md. */
  helpUri: string;
}

/** What the semantics pass has computed, for rules to read. */
export interface RuleContext {
  app: AppIndex;
  host: SemanticsHost;
  /** Per route id. */
  evaluations: ReadonlyMap<string, RouteEvaluation>;
  middleware: readonly MiddlewareBinding[];
}

export interface Rule {
  meta: RuleMeta;
  run(ctx: RuleContext): Finding[];
}

/** A location with an optional end (the source range of a finding). */
export type Located = SourceLocation & { endLine?: number; endColumn?: number };

export function finding(meta: RuleMeta, message: string, at: Located, routes: string[] = []): Finding {
  const f: Finding = { code: meta.code, severity: meta.defaultSeverity, cwe: meta.cwe, message, file: at.file, line: at.line, routes };
  if (at.column !== undefined) f.column = at.column;
  if (at.endLine !== undefined) f.endLine = at.endLine;
  if (at.endColumn !== undefined) f.endColumn = at.endColumn;
  return f;
}

/** The route's handler name as a range. */
export function routeAt(r: Route): Located {
  return { file: r.file, line: r.line, column: r.column, endLine: r.line, endColumn: r.column + r.handler.length };
}

/** A node's range, in the index's form (path relative to the root, 1-based). */
export function nodeAt(host: SemanticsHost, node: Node): Located {
  const start = host.locate(node);
  const end = endOf(node);
  return { ...start, endLine: end.line, endColumn: end.column };
}

export function meta(m: Omit<RuleMeta, 'helpUri'>): RuleMeta {
  return { ...m, helpUri: `docs/rules.md#${m.code}` };
}
