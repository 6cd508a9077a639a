/**
 * Reads the module-resolution part of a tsconfig (baseUrl, paths), following `extends`.
 * Only what import resolution needs: the file list is not expanded here, because the linker
 * loads files on demand from the bootstrap file outwards.
 */
import * as path from 'path';
import { ts } from 'ts-morph';

export interface PathsConfig {
  /** Absolute directory that `paths` patterns are relative to (baseUrl, else the tsconfig's folder). */
  pathsBase: string;
  /** Absolute baseUrl when set (non-relative imports are also tried under it). */
  baseUrl: string | undefined;
  paths: Record<string, string[]>;
  /** Why the tsconfig could not be read (its path aliases are then ignored). */
  error?: string;
}

/** `readFile` reads the tsconfig and what it extends; by default the disk, for quick fixes the editor's view. */
export function readPathsConfig(tsconfigPath: string, readFile: (file: string) => string | undefined = ts.sys.readFile): PathsConfig {
  const dir = path.dirname(tsconfigPath);
  const empty: PathsConfig = { pathsBase: dir, baseUrl: undefined, paths: {} };
  const read = ts.readConfigFile(tsconfigPath, readFile);
  if (read.error) return { ...empty, error: `${path.basename(tsconfigPath)}: ${ts.flattenDiagnosticMessageText(read.error.messageText, ' ').replace(/\.$/, '')}; path aliases are ignored` };
  // parseJsonConfigFileContent follows `extends` (relative and package) and resolves baseUrl.
  const host: ts.ParseConfigHost = {
    useCaseSensitiveFileNames: ts.sys.useCaseSensitiveFileNames,
    fileExists: (file) => readFile(file) !== undefined,
    readFile,
    // The file list is not needed: answer with nothing so no directory is walked.
    readDirectory: () => [],
  };
  const parsed = ts.parseJsonConfigFileContent(read.config, host, dir, undefined, tsconfigPath);
  const options = parsed.options;
  const baseUrl = options.baseUrl ? path.resolve(dir, options.baseUrl) : undefined;
  const pathsBase = baseUrl ?? (options.pathsBasePath as string | undefined) ?? dir;
  return { pathsBase, baseUrl, paths: (options.paths as Record<string, string[]>) ?? {} };
}
