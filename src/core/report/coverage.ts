/** The coverage figure: (protected + deliberately public) over all routes. */
import type { AnalysisResult, AppIndex, Severity } from '../model';

export interface CoverageFigure {
  total: number;
  protected: number;
  public: number;
  unprotected: number;
  unknown: number;
  /** protected + public */
  covered: number;
  /** covered / total * 100, one decimal; 100 for an app without routes. */
  percent: number;
}

export function coverageFigure(app: AppIndex): CoverageFigure {
  const count = (v: string) => app.routes.filter((r) => r.verdict === v).length;
  const f = { total: app.routes.length, protected: count('protected'), public: count('public'), unprotected: count('unprotected'), unknown: count('unknown') };
  const covered = f.protected + f.public;
  return { ...f, covered, percent: f.total === 0 ? 100 : Math.round((covered / f.total) * 1000) / 10 };
}

const RANK: Record<Severity, number> = { info: 1, warning: 2, error: 3 };

/** Exit code for `--fail-on`: 1 when a route is unprotected, or a finding is at least that severe; else 0. */
export function failOnExitCode(result: AnalysisResult, failOn: 'unprotected' | Severity): number {
  if (failOn === 'unprotected') return result.apps.some((a) => a.routes.some((r) => r.verdict === 'unprotected')) ? 1 : 0;
  const threshold = RANK[failOn];
  return result.apps.some((a) => a.findings.some((f) => RANK[f.severity] >= threshold)) ? 1 : 0;
}
