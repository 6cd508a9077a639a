/**
 * Quick fixes on our diagnostics, and the same fixes for a route picked in the tree or a lens.
 * The core computes each fix as text edits from the texts the user sees (unsaved buffers too); the
 * action remembers the document versions it was computed from and refuses, with a message, to apply
 * to a document that changed since, like vscode-eslint does.
 */
import * as fs from 'fs';
import * as vscode from 'vscode';
import {
  FIXES_FOR_RULE,
  addOwnershipCheck,
  addRoles,
  addUseGuards,
  createMtlsGuard,
  fixMtlsGuardMistakes,
  fixRejectUnauthorized,
  protectWithMtls,
  registerGlobalMtlsGuard,
  type FileReader,
  type Fix,
  type FixName,
} from '../core/fixes';
import type { AnalyzedRoute, AppIndex, Finding } from '../core/model';
import { Commands, DIAGNOSTIC_SOURCE } from './constants';
import { absPath, fileKey } from './convert';
import { resolveRoute } from './commands';
import type { IndexService } from './indexService';

/** A fix plus the versions of the open documents it read, checked again when applied. */
export interface PendingFix {
  fix: Fix;
  versions: Array<{ uri: string; version: number }>;
}

export function registerCodeActions(index: IndexService): vscode.Disposable[] {
  const provider: vscode.CodeActionProvider = {
    provideCodeActions(document, _range, context) {
      const ours = context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE);
      if (ours.length === 0) return [];
      const actions: vscode.CodeAction[] = [];
      const seen = new Set<string>();
      for (const diagnostic of ours) {
        const finding = findingFor(index, document, diagnostic);
        if (!finding) continue;
        for (const pending of fixesForFinding(finding.app, finding.finding, index)) {
          if (seen.has(pending.fix.title)) continue;
          seen.add(pending.fix.title);
          actions.push(toCodeAction(pending, [diagnostic]));
        }
      }
      return actions;
    },
  };
  return [
    vscode.languages.registerCodeActionsProvider({ scheme: 'file', language: 'typescript' }, provider, {
      providedCodeActionKinds: [vscode.CodeActionKind.QuickFix],
    }),
    vscode.commands.registerCommand(Commands.applyFix, (pending: PendingFix) => applyPendingFix(pending)),
    vscode.commands.registerCommand(Commands.protectRoute, (arg?: unknown) => protectRoute(index, arg)),
    vscode.commands.registerCommand(Commands.addRoles, (arg?: unknown, roles?: string[]) => addRolesToRoute(index, arg, roles)),
  ];
}

function findingFor(index: IndexService, document: vscode.TextDocument, diagnostic: vscode.Diagnostic): { app: AppIndex; finding: Finding } | undefined {
  const code = typeof diagnostic.code === 'object' ? String(diagnostic.code.value) : String(diagnostic.code ?? '');
  const line = diagnostic.range.start.line + 1;
  const match = index.snapshot.findingsIn(document.uri.fsPath).find((f) => f.finding.code === code && f.finding.line === line);
  return match ? { app: match.app, finding: match.finding } : undefined;
}

/** The applicable fixes for a finding, in the order the core recommends; refused ones are left out. */
export function fixesForFinding(app: AppIndex, finding: Finding, index: IndexService): PendingFix[] {
  const route = finding.routes.map((id) => index.snapshot.route(id)?.route).find((r): r is AnalyzedRoute => !!r);
  const reader = editorReader();
  const out: PendingFix[] = [];
  for (const name of FIXES_FOR_RULE[finding.code] ?? []) {
    let fix: Fix | undefined;
    try {
      fix = computeFix(name, app, finding, route, reader);
    } catch (error) {
      // A fix that fails to compute is not offered; the others still are.
      fix = undefined;
      void error;
    }
    if (fix && !fix.refused && (fix.edits.length > 0 || fix.creates.length > 0)) out.push({ fix, versions: versionsOf(fix) });
  }
  return out;
}

function computeFix(name: FixName, app: AppIndex, finding: Finding, route: AnalyzedRoute | undefined, reader: FileReader): Fix | undefined {
  const root = app.root;
  const ctx = { root, reader };
  const handlerFile = route ? absPath(app, route.file) : undefined;
  const bootstrapFile = app.entryFile ? absPath(app, app.entryFile) : undefined;
  const boot = bootstrapFile ? { bootstrapFile } : {};
  switch (name) {
    case 'protectWithMtls':
      return route && handlerFile ? protectWithMtls({ ...ctx, ...boot, file: handlerFile, className: route.controller, methodName: route.handler }) : undefined;
    case 'addUseGuards':
      return route && handlerFile ? addUseGuards({ ...ctx, file: handlerFile, className: route.controller, methodName: route.handler }) : undefined;
    case 'createMtlsGuard':
      return createMtlsGuard({ ...ctx, ...boot, ...(route ? { controllerName: route.controller } : {}) });
    case 'registerGlobalMtlsGuard':
      return registerGlobalMtlsGuard({ ...ctx, ...boot });
    case 'addOwnershipCheck':
      return route && handlerFile ? addOwnershipCheck({ ...ctx, file: handlerFile, className: route.controller, methodName: route.handler }) : undefined;
    case 'fixRejectUnauthorized':
      return fixRejectUnauthorized({ ...ctx, file: absPath(app, finding.file) });
    case 'fixMtlsGuardMistakes':
      return fixMtlsGuardMistakes({ ...ctx, file: absPath(app, finding.file) });
    default:
      return undefined;
  }
}

/** Texts as the user sees them: open documents (unsaved edits included), else the disk. */
function editorReader(): FileReader {
  const open = new Map(vscode.workspace.textDocuments.map((d) => [fileKey(d.uri.fsPath), d]));
  return {
    read: (p) => {
      const doc = open.get(fileKey(p));
      if (doc) return doc.getText();
      try {
        return fs.readFileSync(p, 'utf8');
      } catch {
        return undefined;
      }
    },
    exists: (p) => open.has(fileKey(p)) || fs.existsSync(p),
  };
}

function versionsOf(fix: Fix): PendingFix['versions'] {
  const files = new Set(fix.edits.map((e) => fileKey(e.file)));
  return vscode.workspace.textDocuments.filter((d) => files.has(fileKey(d.uri.fsPath))).map((d) => ({ uri: d.uri.toString(), version: d.version }));
}

function toCodeAction(pending: PendingFix, diagnostics: vscode.Diagnostic[]): vscode.CodeAction {
  const action = new vscode.CodeAction(pending.fix.title, vscode.CodeActionKind.QuickFix);
  action.diagnostics = diagnostics;
  action.command = { title: pending.fix.title, command: Commands.applyFix, arguments: [pending] };
  return action;
}

/** The fix as one WorkspaceEdit: one undo. */
export function toWorkspaceEdit(fix: Fix): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  for (const c of fix.creates) edit.createFile(vscode.Uri.file(c.file), { ignoreIfExists: false, contents: Buffer.from(c.text, 'utf8') });
  for (const e of fix.edits) {
    edit.replace(vscode.Uri.file(e.file), new vscode.Range(e.start.line, e.start.character, e.end.line, e.end.character), e.newText);
  }
  return edit;
}

export async function applyPendingFix(pending: PendingFix): Promise<boolean> {
  const stale = pending.versions.find((v) => vscode.workspace.textDocuments.find((d) => d.uri.toString() === v.uri)?.version !== v.version);
  if (stale) {
    void vscode.window.showWarningMessage(`Guard Coverage: ${vscode.Uri.parse(stale.uri).fsPath} changed since this fix was computed; nothing was changed. Try the fix again.`);
    return false;
  }
  const applied = await vscode.workspace.applyEdit(toWorkspaceEdit(pending.fix));
  if (!applied) void vscode.window.showWarningMessage(`Guard Coverage: "${pending.fix.title}" could not be applied; nothing was changed.`);
  return applied;
}

/** From the tree, a lens or the palette: protect one route with the mTLS guard (creating it when missing). */
async function protectRoute(index: IndexService, arg?: unknown): Promise<boolean> {
  const entry = await resolveRoute(index, arg);
  if (!entry) {
    void vscode.window.showInformationMessage('Guard Coverage: no route here to protect.');
    return false;
  }
  const { app, route } = entry;
  const bootstrapFile = app.entryFile ? { bootstrapFile: absPath(app, app.entryFile) } : {};
  const fix = protectWithMtls({ root: app.root, reader: editorReader(), ...bootstrapFile, file: absPath(app, route.file), className: route.controller, methodName: route.handler });
  if (fix.refused) {
    void vscode.window.showInformationMessage(`Guard Coverage: ${fix.refused}`);
    return false;
  }
  return applyPendingFix({ fix, versions: versionsOf(fix) });
}

/** `@Roles(...)` (the project's own roles decorator when it has one) on a route; roles asked for when not given. */
async function addRolesToRoute(index: IndexService, arg?: unknown, given?: string[]): Promise<boolean> {
  const entry = await resolveRoute(index, arg);
  if (!entry) {
    void vscode.window.showInformationMessage('Guard Coverage: no route here to add roles to.');
    return false;
  }
  const typed = given ?? (await vscode.window.showInputBox({ title: 'Roles required by this route', prompt: 'Comma-separated, e.g. admin, editor', placeHolder: 'admin' }))?.split(',');
  const roles = (typed ?? []).map((r) => r.trim()).filter(Boolean);
  if (roles.length === 0) return false;
  const { app, route } = entry;
  const bootstrapFile = app.entryFile ? { bootstrapFile: absPath(app, app.entryFile) } : {};
  const fix = addRoles({ root: app.root, reader: editorReader(), ...bootstrapFile, file: absPath(app, route.file), className: route.controller, methodName: route.handler, roles });
  if (fix.refused) {
    void vscode.window.showInformationMessage(`Guard Coverage: ${fix.refused}`);
    return false;
  }
  return applyPendingFix({ fix, versions: versionsOf(fix) });
}
