/**
 * The one boundary between core data (paths relative to an app root, 1-based lines) and vscode types.
 */
import * as path from 'path';
import * as vscode from 'vscode';
import type { AppIndex, Finding, Severity, SourceLocation } from '../core/model';
import type { RuleLevel } from '../core/config';

/** Absolute path of a file the core gives relative to the app root. */
export function absPath(app: AppIndex, relative: string): string {
  return path.resolve(app.root, relative);
}

export function uriOf(app: AppIndex, relative: string): vscode.Uri {
  return vscode.Uri.file(absPath(app, relative));
}

/** Normalised key for lookups by file (case kept: Linux file systems are case-sensitive). */
export function fileKey(fsPath: string): string {
  return path.normalize(fsPath);
}

export function positionOf(loc: { line: number; column?: number }): vscode.Position {
  return new vscode.Position(Math.max(0, loc.line - 1), Math.max(0, (loc.column ?? 1) - 1));
}

export function locationOf(app: AppIndex, loc: SourceLocation): vscode.Location {
  return new vscode.Location(uriOf(app, loc.file), positionOf(loc));
}

/**
 * The finding's range. Without an end, the rest of the line (the editor clamps the end to the
 * line's length).
 */
export function findingRange(f: Finding): vscode.Range {
  const start = positionOf(f);
  if (f.endLine !== undefined) {
    return new vscode.Range(start, new vscode.Position(Math.max(0, f.endLine - 1), Math.max(0, (f.endColumn ?? 1) - 1)));
  }
  return new vscode.Range(start, new vscode.Position(start.line, Number.MAX_SAFE_INTEGER));
}

/** Severity: the per-rule setting wins over the finding's own; undefined means the rule is off. */
export function severityOf(f: Finding, rules: Record<string, RuleLevel>): vscode.DiagnosticSeverity | undefined {
  const level: RuleLevel | Severity = rules[f.code] ?? f.severity;
  switch (level) {
    case 'off':
      return undefined;
    case 'error':
      return vscode.DiagnosticSeverity.Error;
    case 'warning':
      return vscode.DiagnosticSeverity.Warning;
    default:
      return vscode.DiagnosticSeverity.Information;
  }
}

/** `file:///…#L12` for Markdown links to a location. */
export function markdownLink(app: AppIndex, loc: SourceLocation): string {
  return uriOf(app, loc.file).with({ fragment: `L${loc.line}` }).toString();
}
