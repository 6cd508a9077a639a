/**
 * SARIF 2.1.0 log of the findings: one run, rule metadata with CWE tags, locations relative to a
 * base directory (`SRCROOT`), which is the common folder of the analysed apps unless given.
 */
import * as path from 'path';
import { pathToFileURL } from 'url';
import type * as sarif from 'sarif';
import type { AnalysisResult, Finding, Severity } from '../model';
import { RULE_METAS } from '../rules/registry';
import type { RuleMeta } from '../rules/types';

export interface SarifOptions {
  /** Absolute folder the result URIs are relative to (default: the common folder of the apps' roots). */
  root?: string;
  /** When set, each rule gets `helpUri` = this + `#<code>` (e.g. the URL of docs/rules.md). */
  helpBaseUri?: string;
  toolVersion?: string;
}

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const LEVEL: Record<Severity, sarif.ReportingConfiguration.level> = { error: 'error', warning: 'warning', info: 'note' };
const SECURITY_SEVERITY: Record<Severity, string> = { error: '8.0', warning: '5.0', info: '2.0' };

export function toSarif(result: AnalysisResult, options: SarifOptions = {}): sarif.Log {
  const base = options.root ?? commonDir(result.apps.map((a) => a.root));
  const rules = RULE_METAS.map((m) => ruleDescriptor(m, options.helpBaseUri));
  const results: sarif.Result[] = [];
  for (const app of result.apps) {
    for (const f of app.findings) results.push(resultOf(f, path.join(app.root, f.file), base, rules));
  }
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: 'nest-guard-coverage', version: options.toolVersion ?? '0.1.0', rules } },
      originalUriBaseIds: { SRCROOT: { uri: dirUri(base) } },
      columnKind: 'utf16CodeUnits',
      results,
    }],
  };
}

function ruleDescriptor(m: RuleMeta, helpBaseUri: string | undefined): sarif.ReportingDescriptor {
  const tags = ['security', ...(m.cwe ? [`external/cwe/${m.cwe.toLowerCase()}`] : [])];
  const d: sarif.ReportingDescriptor = {
    id: m.code,
    name: m.name,
    shortDescription: { text: m.short },
    fullDescription: { text: m.full },
    help: { text: `${m.full} (docs/rules.md#${m.code})`, markdown: `${m.full}\n\nSee [docs/rules.md#${m.code}](${m.helpUri}).` },
    defaultConfiguration: { level: LEVEL[m.defaultSeverity] },
    properties: { tags, precision: 'medium', 'security-severity': SECURITY_SEVERITY[m.defaultSeverity] },
  };
  if (helpBaseUri) d.helpUri = `${helpBaseUri}#${m.code}`;
  return d;
}

function resultOf(f: Finding, absFile: string, base: string, rules: sarif.ReportingDescriptor[]): sarif.Result {
  const region: sarif.Region = { startLine: f.line };
  if (f.column !== undefined) region.startColumn = f.column;
  if (f.endLine !== undefined) region.endLine = f.endLine;
  if (f.endColumn !== undefined) region.endColumn = f.endColumn;
  const ruleIndex = rules.findIndex((r) => r.id === f.code);
  const r: sarif.Result = {
    ruleId: f.code,
    level: LEVEL[f.severity],
    message: { text: f.message },
    locations: [{
      physicalLocation: {
        artifactLocation: { uri: encodeURI(path.relative(base, absFile).split(path.sep).join('/')), uriBaseId: 'SRCROOT' },
        region,
      },
    }],
    properties: { routes: f.routes, ...(f.cwe ? { cwe: f.cwe } : {}) },
  };
  if (ruleIndex >= 0) r.ruleIndex = ruleIndex;
  return r;
}

/** `file:///abs/dir/` with a trailing slash, as SARIF wants for a base URI. */
function dirUri(dir: string): string {
  const href = pathToFileURL(path.resolve(dir)).href;
  return href.endsWith('/') ? href : href + '/';
}

export function commonDir(dirs: string[]): string {
  if (dirs.length === 0) return process.cwd();
  const split = dirs.map((d) => path.resolve(d).split(path.sep));
  const out: string[] = [];
  for (let i = 0; split.every((s) => i < s.length && s[i] === split[0][i]); i++) out.push(split[0][i]);
  return out.join(path.sep) || path.sep;
}
