/**
 * Quick fixes as data: each fix is a pure function over file texts (read through a `FileReader`)
 * that returns the edits to make, or a one-line reason why it refuses. No `vscode` here: the
 * extension layer converts a `Fix` into one `WorkspaceEdit`.
 */

/** 0-based line and UTF-16 character offset within the line (the LSP / VS Code convention). */
export interface Position {
  line: number;
  character: number;
}

export interface TextEdit {
  /** Absolute path of the edited file. */
  file: string;
  start: Position;
  end: Position;
  newText: string;
}

export interface FileCreate {
  /** Absolute path of the file to create; a fix never creates a file that already exists. */
  file: string;
  text: string;
}

export interface Fix {
  /** Stable fix id, e.g. `guardCoverage.fix.addUseGuards`. */
  id: string;
  title: string;
  kind: 'quickfix' | 'refactor';
  edits: TextEdit[];
  creates: FileCreate[];
  /** Why the fix cannot apply (target not found, file changed shape, syntax errors); edits/creates are then empty. */
  refused?: string;
}

export interface FileReader {
  read(absPath: string): string | undefined;
  exists(absPath: string): boolean;
  /**
   * Optional: every TypeScript source file of the project (absolute paths). Used to find the
   * project's own `Roles`/`Public` decorators; without it the fixes search the files reachable by
   * imports from the bootstrap file.
   */
  listFiles?(): string[];
}

export { applyEdits, applyFix } from './text';
export { nodeFileReader } from './nodeFileReader';
export { addUseGuards, type AddUseGuardsTarget } from './addUseGuards';
export { protectWithMtls, type ProtectWithMtlsTarget } from './protectWithMtls';
export { composeFixes, type Step } from './compose';
export { createMtlsGuard, type CreateMtlsGuardTarget } from './createMtlsGuard';
export { registerGlobalMtlsGuard, type RegisterGlobalGuardTarget } from './registerGlobalGuard';
export { addHttpsOptions, type AddHttpsOptionsTarget } from './addHttpsOptions';
export { fixRejectUnauthorized, type FixRejectUnauthorizedTarget } from './fixRejectUnauthorized';
export { addRoles, type AddRolesTarget } from './addRoles';
export { addOwnershipCheck, type AddOwnershipCheckTarget } from './addOwnershipCheck';
export { fixMtlsGuardMistakes, type FixMtlsGuardMistakesTarget } from './fixMtlsGuardMistakes';
export { renderMtlsAuthGuard, renderAllowlistService, type GuardTemplateOptions, type MetadataRef } from './templates/mtlsAuthGuard';
export { FIX_IDS } from './ids';
export { FIXES_FOR_RULE, type FixName } from './byRule';
