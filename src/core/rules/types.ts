/** The shape every rule has: metadata for reports, and a pure function from the pass's facts to findings. */
import type { AppIndex, Finding, Severity, SourceLocation } from '../model';
import type { SemanticsHost } from '../semantics/host';
import type { RouteEvaluation } from '../semantics/routeVerdict';
import type { MiddlewareBinding } from '../semantics/middleware';

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

export function finding(meta: RuleMeta, message: string, at: SourceLocation, routes: string[] = []): Finding {
  const f: Finding = { code: meta.code, severity: meta.defaultSeverity, cwe: meta.cwe, message, file: at.file, line: at.line, routes };
  if (at.column !== undefined) f.column = at.column;
  return f;
}

export function meta(m: Omit<RuleMeta, 'helpUri'>): RuleMeta {
  return { ...m, helpUri: `docs/rules.md#${m.code}` };
}
