/** Shared helpers for the extension-host suites (run inside VS Code by test/e2e/harness). */
import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import { EXTENSION_ID } from '../../src/host/constants';
import type { GuardCoverageApi } from '../../src/host/testApi';

export async function activateExtension(): Promise<GuardCoverageApi> {
  const ext = vscode.extensions.getExtension<GuardCoverageApi>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not loaded`);
  const api = await ext.activate();
  await api.whenIdle();
  return api;
}

export function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'no workspace folder open');
  return folder.uri.fsPath;
}

export function fixtureUri(relative: string): vscode.Uri {
  return vscode.Uri.file(path.join(workspaceRoot(), relative));
}

export function extensionPath(): string {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext);
  return ext.extensionPath;
}

/**
 * Polls `probe` until it returns a value that is not undefined, or fails with the last value seen
 * when the deadline passes. No fixed sleeps: each round waits for the next macrotask turn plus 20 ms.
 */
export async function poll<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

export async function codeLensTitles(uri: vscode.Uri): Promise<{ line: number; title: string }[]> {
  await vscode.workspace.openTextDocument(uri); // the command needs the document's model
  const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100)) ?? [];
  return lenses
    .filter((l) => l.command && l.command.command.startsWith('guardCoverage.'))
    .map((l) => ({ line: l.range.start.line + 1, title: l.command!.title }))
    .sort((a, b) => a.line - b.line);
}

export function ourDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'guard-coverage');
}

/** 1-based line of the first line containing `text`. */
export async function lineOf(uri: vscode.Uri, text: string): Promise<number> {
  const doc = await vscode.workspace.openTextDocument(uri);
  for (let i = 0; i < doc.lineCount; i++) if (doc.lineAt(i).text.includes(text)) return i + 1;
  throw new Error(`'${text}' not found in ${uri.fsPath}`);
}
