import { Project, type SourceFile } from 'ts-morph';

let project: Project | undefined;

/** One long-lived in-memory project; files are replaced, never the project rebuilt. */
function sharedProject(): Project {
  project ??= new Project({
    useInMemoryFileSystem: true,
    skipLoadingLibFiles: true,
    skipFileDependencyResolution: true,
    compilerOptions: { experimentalDecorators: true, allowJs: false },
  });
  return project;
}

export type Parsed = { ok: true; sf: SourceFile } | { ok: false; reason: string };

/** Parses `text` as the file `file`; refuses (with a reason) when the text has syntax errors. */
export function parseFile(file: string, text: string): Parsed {
  const sf = sharedProject().createSourceFile(file, text, { overwrite: true });
  const diags = (sf.compilerNode as unknown as { parseDiagnostics?: unknown[] }).parseDiagnostics ?? [];
  if (diags.length > 0) return { ok: false, reason: `${baseName(file)} has syntax errors; fix them first` };
  return { ok: true, sf };
}

export function baseName(file: string): string {
  return file.replace(/\\/g, '/').split('/').pop() ?? file;
}

/**
 * Forgets the files parsed by the previous fix, so a long-lived host does not accumulate them. Called
 * first by every public fix; fixes are synchronous and keep no nodes between calls.
 */
export function startFix(): void {
  if (!project) return;
  for (const sf of project.getSourceFiles()) project.removeSourceFile(sf);
}

/** How many files the shared project holds (for tests). */
export function parsedFileCount(): number {
  return project?.getSourceFiles().length ?? 0;
}
