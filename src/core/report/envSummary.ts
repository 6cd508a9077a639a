/** The env an app was analysed with, in one line for people (CLI, Output channel, tree tooltip, Markdown). */
import type { EnvReport } from '../model';

/** One line for people: `env (given): deploy.env; read: API_PREFIX=v2, FEATURE_X unset`. */
export function envSummary(report: EnvReport): string {
  const files = report.files.map((f) => `${f.file}${f.found ? '' : ' (not found)'}`).join(', ');
  const head =
    report.origin === 'given' ? `env (given): ${files || 'variables only'}`
      : report.origin === 'app' ? `env (as the app loads it): ${files}`
        : `env: none${report.files.length ? ` (the app would load ${report.files.map((f) => f.file).join(', ')})` : ''}, every variable unset`;
  const vars = report.variables.map((v) => (v.set ? (v.value !== undefined ? `${v.name}=${shown(v.value)}` : `${v.name} (set, value hidden)`) : `${v.name} unset`));
  return `${head}; ${vars.length ? `variables read: ${vars.join(', ')}` : 'no variable read'}`;
}

/** A value as it can be read on one line: quoted when it has spaces, commas or line breaks. */
function shown(value: string): string {
  return /[\s,"]/.test(value) || value === '' ? JSON.stringify(value) : value;
}
