/**
 * Findings as diagnostics (source `guard-coverage`), with the rule code linking to docs/rules.md
 * and the CWE in the message. Severity per rule from settings; `off` hides a rule.
 */
import * as vscode from 'vscode';
import { readPresentation } from './config';
import { CONFIG_SECTION, DIAGNOSTIC_SOURCE } from './constants';
import { findingRange, locationOf, severityOf } from './convert';
import type { IndexedFinding, IndexService } from './indexService';
import { routeLabel } from './present';

export function toDiagnostic(
  e: IndexedFinding,
  rulesDoc: vscode.Uri,
  rules: ReturnType<typeof readPresentation>['rules'],
  routeOf: (id: string) => { label: string; location: vscode.Location } | undefined,
): vscode.Diagnostic | undefined {
  const f = e.finding;
  const severity = severityOf(f, rules);
  if (severity === undefined) return undefined;
  const message = f.cwe ? `${f.message} (${f.cwe})` : f.message;
  const d = new vscode.Diagnostic(findingRange(f), message, severity);
  d.source = DIAGNOSTIC_SOURCE;
  d.code = { value: f.code, target: rulesDoc.with({ fragment: f.code }) };
  const related = f.routes
    .map(routeOf)
    .filter((r): r is NonNullable<typeof r> => !!r)
    .filter((r) => r.location.uri.fsPath !== e.file || r.location.range.start.line !== d.range.start.line)
    .map((r) => new vscode.DiagnosticRelatedInformation(r.location, `route ${r.label}`));
  if (related.length) d.relatedInformation = related;
  return d;
}

export function registerDiagnostics(context: vscode.ExtensionContext, index: IndexService): vscode.Disposable[] {
  const collection = vscode.languages.createDiagnosticCollection(DIAGNOSTIC_SOURCE);
  const rulesDoc = vscode.Uri.joinPath(context.extensionUri, 'docs', 'rules.md');
  let published = new Set<string>();

  const update = () => {
    const settings = readPresentation();
    const snapshot = index.snapshot;
    const byFile = new Map<string, vscode.Diagnostic[]>();
    if (settings.diagnosticsEnabled) {
      const routeOf = (id: string) => {
        const r = snapshot.route(id);
        return r ? { label: routeLabel(r.route), location: locationOf(r.app, r.route) } : undefined;
      };
      for (const e of snapshot.findings) {
        const d = toDiagnostic(e, rulesDoc, settings.rules, routeOf);
        if (!d) continue;
        const list = byFile.get(e.file);
        if (list) list.push(d);
        else byFile.set(e.file, [d]);
      }
    }
    for (const file of published) if (!byFile.has(file)) collection.delete(vscode.Uri.file(file));
    for (const [file, list] of byFile) collection.set(vscode.Uri.file(file), list);
    published = new Set(byFile.keys());
  };
  update();

  return [
    collection,
    index.onDidChangeIndex(update),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(`${CONFIG_SECTION}.rules`) || e.affectsConfiguration(`${CONFIG_SECTION}.diagnostics.enabled`)) update();
    }),
  ];
}
