/**
 * A coverage report a reviewer can paste into a pull request: per app a summary line with the
 * coverage figure, a table per controller (method, path, verdict, guards, roles, why), then findings.
 */
import type { AnalysisResult, AnalyzedRoute, AppIndex, Finding, Verdict } from '../model';
import { envSummary } from './envSummary';
import { coverageFigure } from './coverage';

const VERDICT: Record<Verdict, string> = {
  protected: '✅ protected',
  public: '🌐 public',
  unprotected: '❌ unprotected',
  unknown: '❔ unknown',
};
const SEVERITY = { error: '🔴 error', warning: '🟠 warning', info: '🔵 info' } as const;

export function toMarkdown(result: AnalysisResult): string {
  const parts = ['# Guard coverage', ''];
  if (result.apps.length === 0) parts.push('No NestJS application found.', '');
  for (const app of result.apps) parts.push(...appSection(app));
  return parts.join('\n');
}

export function summaryLine(app: AppIndex): string {
  const c = coverageFigure(app);
  const errors = app.findings.filter((f) => f.severity === 'error').length;
  return `**Coverage ${c.percent}%** (${c.covered} of ${c.total} routes protected or deliberately public) · `
    + `✅ ${c.protected} protected · 🌐 ${c.public} public · ❌ ${c.unprotected} unprotected · ❔ ${c.unknown} unknown · `
    + `${app.findings.length} finding(s), ${errors} error(s)`;
}

function appSection(app: AppIndex): string[] {
  const out = [`## ${app.name}`, ''];
  if (app.kind === 'not-a-server') return [...out, 'Not a server: its entry never creates an HTTP app or microservice.', ''];
  out.push(summaryLine(app), '', `<sub>${envSummary(app.env).replace(/[|<>*_`\\]/g, (c) => `\\${c}`)}</sub>`, '');
  const byController = new Map<string, AnalyzedRoute[]>();
  for (const r of app.routes) byController.set(r.controller, [...(byController.get(r.controller) ?? []), r]);
  for (const [controller, routes] of byController) {
    out.push(`### ${controller} (\`${routes[0].controllerAt.file}\`)`, '');
    out.push('| Method | Path | Verdict | Guards | Roles | Why |', '| --- | --- | --- | --- | --- | --- |');
    for (const r of routes) out.push(row(r));
    out.push('');
  }
  if (app.routes.length > 0) out.push(LEGEND, '');
  out.push(...findingsSection(app.findings));
  return out;
}

function row(r: AnalyzedRoute): string {
  const cells = [r.httpMethod, `\`${r.path}\`${r.version ? ` (v${r.version})` : ''}`, r.verdict ? VERDICT[r.verdict] : '—', guardsCell(r), rolesCell(r), whyCell(r)];
  return `| ${cells.map(cell).join(' | ')} |`;
}

const KIND_ICON = { authentication: '🔑', authorization: '🛡️', 'non-security': '⚙️', unknown: '❔' } as const;

function guardsCell(r: AnalyzedRoute): string {
  const effects = r.guardEffects ?? [];
  const guards = r.guards.map((g, i) => {
    const e = effects[i];
    if (!e) return g.name;
    const label = `${KIND_ICON[e.kind]} ${g.name}`;
    if (e.state === 'off-by-marker') return `~~${label}~~ (off: ${e.offBy})`;
    if (e.state === 'off-opt-in') return `~~${label}~~ (off: no ${e.offBy})`;
    if (e.state === 'maybe-off') return `${label} (may be off)`;
    return label;
  });
  const mw = (r.middleware ?? []).map((m) => `${m.name} (middleware${m.authentication ? ', auth' : ''})`);
  // Interceptors run after every guard.
  const interceptors = (r.protection ?? []).filter((s) => s.origin === 'interceptor').map((s) => `${KIND_ICON[s.kind]} ${s.name} (interceptor, after the guards)`);
  const all = [...mw, ...guards, ...interceptors];
  return all.length ? all.join(' → ') : '—';
}

function rolesCell(r: AnalyzedRoute): string {
  if (r.roles.length === 0) return '—';
  const by = r.rolesEnforcedBy ?? [];
  const roles = r.roleLabels.length === r.roles.length ? r.roleLabels : r.roles;
  return `${roles.join(', ')} ${by.length ? `(by ${by.join(', ')})` : '(**not enforced**)'}`;
}

function whyCell(r: AnalyzedRoute): string {
  const parts = [r.why ?? ''];
  if (r.ownership) parts.push(r.ownership.kind === 'none' ? '**no ownership check**' : `ownership: ${r.ownership.kind} (${r.ownership.detail})`);
  return parts.filter(Boolean).join('; ');
}

const LEGEND = 'Guards: 🔑 authenticates · 🛡️ authorizes · ⚙️ not a security check · ❔ undecided · ~~struck~~ switched off for the route.';

function findingsSection(findings: Finding[]): string[] {
  if (findings.length === 0) return ['No findings.', ''];
  const out = [`### Findings (${findings.length})`, '', '| Severity | Rule | CWE | Location | Message |', '| --- | --- | --- | --- | --- |'];
  for (const f of findings) {
    out.push(`| ${[SEVERITY[f.severity], `\`${f.code}\``, f.cwe ?? '—', `\`${f.file}:${f.line}\``, f.message].map(cell).join(' | ')} |`);
  }
  out.push('');
  return out;
}

/** Table cells: no newlines, pipes escaped. */
function cell(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');
}
