/**
 * The human table: routes grouped by app and controller with method, path, verdict, guard chain
 * and roles, then a summary line (routes, verdict counts, coverage, routes without any guard,
 * unresolved items) and the findings.
 */
import type { AnalysisResult, AnalyzedRoute, AppIndex } from '../core/model';
import { coverageFigure } from '../core/report';
import { chainText } from '../core/report/chainText';

const COLORS = { red: 31, green: 32, yellow: 33, blue: 34, gray: 90, bold: 1 } as const;
type Color = keyof typeof COLORS;

export function formatTable(result: AnalysisResult, color: boolean): string {
  const paint = (c: Color, s: string): string => (color ? `\x1b[${COLORS[c]}m${s}\x1b[0m` : s);
  return result.apps.map((app) => formatApp(app, paint)).join('\n\n') + '\n';
}

function formatApp(app: AppIndex, paint: (c: Color, s: string) => string): string {
  const lines: string[] = [];
  const where = [app.entryFile, app.rootModule && `root module ${app.rootModule}`].filter(Boolean).join(', ');
  lines.push(paint('bold', `${app.name}`) + (where ? paint('gray', `  (${where})`) : ''));
  const byController = new Map<string, AnalyzedRoute[]>();
  for (const r of app.routes) {
    const key = `${r.controller}\0${r.controllerAt.file}`;
    byController.set(key, [...(byController.get(key) ?? []), r]);
  }
  for (const [key, routes] of byController) {
    const [name, file] = key.split('\0');
    lines.push('', `${paint('bold', name)}  ${paint('gray', file)}`);
    const rows = routes.map((r) => [
      r.httpMethod,
      r.path + (r.version && !r.path.includes(`/v${r.version}`) ? ` (v${r.version})` : '') + (r.host ? ` [${Array.isArray(r.host) ? r.host.join('|') : r.host}]` : ''),
      r.verdict ?? '-',
      chainText(r) || '(none)',
      (r.roleLabels.length === r.roles.length ? r.roleLabels : r.roles).join(', ') + (r.public ? (r.roles.length ? ', ' : '') + '@public' : '') + (r.condition ? `  (only if ${r.condition})` : ''),
    ]);
    const header = ['METHOD', 'PATH', 'VERDICT', 'GUARDS', 'ROLES'];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
    const fmt = (row: string[]): string => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]))).join('  ').trimEnd();
    lines.push('  ' + paint('gray', fmt(header)));
    for (const row of rows) {
      const verdictColor: Color = row[2] === 'protected' ? 'green' : row[2] === 'public' ? 'blue' : row[2] === 'unprotected' ? 'red' : 'yellow';
      const cells = [...row];
      const text = fmt(cells);
      lines.push('  ' + (row[2] === '-' ? text : text.replace(row[2].padEnd(widths[2]), paint(verdictColor, row[2].padEnd(widths[2])))));
    }
  }
  if (app.kind === 'not-a-server') lines.push('', paint('gray', '  not a server: its entry never creates an HTTP app or microservice'));
  else if (app.routes.length === 0) lines.push('', paint('yellow', '  no HTTP routes found'));
  const unknowns = unresolvedLines(app);
  if (unknowns.length) lines.push('', paint('bold', 'Unresolved'), ...unknowns.map((l) => `  ${paint('yellow', l)}`));
  lines.push('', summaryLine(app));
  if (app.findings.length) {
    lines.push('', paint('bold', `Findings (${app.findings.length})`));
    for (const f of app.findings) {
      const sev: Color = f.severity === 'error' ? 'red' : f.severity === 'warning' ? 'yellow' : 'gray';
      lines.push(`  ${paint(sev, f.severity.padEnd(7))} ${f.file}:${f.line}  ${f.message} ${paint('gray', `[${f.code}${f.cwe ? `, ${f.cwe}` : ''}]`)}`);
    }
  }
  return lines.join('\n');
}

/** Each distinct unresolved item once, with the expression, where it is, and how many routes it concerns. */
function unresolvedLines(app: AppIndex): string[] {
  const seen = new Map<string, { text: string; routes: number }>();
  for (const r of app.routes) {
    for (const u of r.unresolved) {
      const where = u.at ? `${u.at.file}:${u.at.line}  ` : '';
      const text = `${where}${u.affects === 'path' ? '(path) ' : ''}${u.reason}${u.expression ? ` [${u.expression}]` : ''}`;
      const entry = seen.get(text) ?? { text, routes: 0 };
      entry.routes++;
      seen.set(text, entry);
    }
  }
  return [...seen.values()].map((e) => `${e.text} (${e.routes} route${e.routes === 1 ? '' : 's'})`);
}

export function summaryLine(app: AppIndex): string {
  const c = coverageFigure(app);
  const noGuard = app.routes.filter((r) => r.guards.length === 0).length;
  const unresolved = app.routes.reduce((n, r) => n + r.unresolved.length, 0);
  const parts = [`${c.total} routes`];
  if (app.routes.some((r) => r.verdict)) {
    parts.push(`${c.protected} protected`, `${c.public} public`, `${c.unprotected} unprotected`, `${c.unknown} unknown`, `coverage ${c.percent}%`);
  }
  parts.push(`${noGuard} without any guard`, `${unresolved} unresolved`);
  return parts.join(' · ');
}
