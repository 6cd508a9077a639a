/**
 * The one long-lived ts-morph Project of an analysed root. Files are parsed on first use (the
 * linker walks outwards from the bootstrap file), replaced in place on edit, and never type-checked.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Project, ts, type SourceFile } from 'ts-morph';
import { lineAndColumnAt } from './position';
import type { Boundary } from './boundary';

export interface ParseProblem {
  file: string;
  line: number;
  message: string;
}

export class SourceStore {
  readonly project = new Project({
    skipAddingFilesFromTsConfig: true,
    skipFileDependencyResolution: true,
    skipLoadingLibFiles: true,
    compilerOptions: { allowJs: false, noLib: true, experimentalDecorators: true },
  });
  /** Unsaved editor buffers, by absolute path. */
  private readonly overlays = new Map<string, string>();
  /** Parsed files by absolute path (ts-morph's own lookup normalises the path on every call). */
  private readonly parsed = new Map<string, SourceFile>();
  /** Text of files read but not parsed (text tests before parsing), until they change. */
  private readonly texts = new Map<string, string | undefined>();
  /** Files read during the current link, so a host knows which edits matter. */
  private touched = new Set<string>();
  /** Files outside the boundary asked for during the current link (never read). */
  private outside = new Set<string>();

  /** Without a boundary every path may be read (tests of single functions). */
  constructor(private readonly boundary?: Boundary) {}

  /** An unsaved buffer is the user's own text; anything else must be inside the boundary. */
  private readable(file: string): boolean {
    if (this.overlays.has(file) || !this.boundary || this.boundary.contains(file)) return true;
    if (fs.existsSync(file)) this.outside.add(file);
    return false;
  }

  get(absPath: string): SourceFile | undefined {
    const file = path.isAbsolute(absPath) ? absPath : path.resolve(absPath);
    this.touched.add(file);
    const existing = this.parsed.get(file);
    if (existing) return existing;
    if (!this.readable(file)) return undefined;
    const text = this.overlays.get(file) ?? readText(file);
    if (text === undefined) return undefined;
    const sf = this.project.createSourceFile(file, text, { overwrite: true, scriptKind: ts.ScriptKind.TS });
    this.parsed.set(file, sf);
    return sf;
  }

  /** New text for a file (an unsaved buffer), or undefined to drop the overlay and re-read the disk. */
  setText(absPath: string, text: string | undefined): void {
    const file = path.resolve(absPath);
    this.texts.delete(file);
    if (text === undefined) this.overlays.delete(file);
    else this.overlays.set(file, text);
    const existing = this.parsed.get(file);
    if (!existing) return;
    const next = text ?? readText(file);
    if (next === undefined) {
      this.parsed.delete(file);
      this.project.removeSourceFile(existing);
    } else if (next !== existing.getFullText()) {
      this.parsed.set(file, this.project.createSourceFile(file, next, { overwrite: true, scriptKind: ts.ScriptKind.TS }));
    }
  }

  beginLink(): void {
    this.touched = new Set();
    this.outside = new Set();
  }

  /** Files the current link asked for that lie outside the boundary. */
  outsideFiles(): ReadonlySet<string> {
    return this.outside;
  }

  touchedFiles(): ReadonlySet<string> {
    return this.touched;
  }

  /** A file's current text without parsing it (for cheap text tests before parsing). */
  readText(absPath: string): string | undefined {
    const file = path.resolve(absPath);
    const known = this.overlays.get(file) ?? this.parsed.get(file)?.getFullText();
    if (known !== undefined) return known;
    if (!this.readable(file)) return undefined;
    if (!this.texts.has(file)) this.texts.set(file, readText(file));
    return this.texts.get(file);
  }

  exists(absPath: string): boolean {
    const file = path.resolve(absPath);
    return this.overlays.has(file) || (this.readable(file) && fs.existsSync(file));
  }

  parseProblems(sf: SourceFile): ParseProblem[] {
    // parseDiagnostics is what the scanner/parser found; cheap, unlike the checker's diagnostics.
    const diagnostics = (sf.compilerNode as unknown as { parseDiagnostics?: ts.DiagnosticWithLocation[] }).parseDiagnostics ?? [];
    return diagnostics.map((d) => ({
      file: sf.getFilePath(),
      line: lineAndColumnAt(sf, d.start).line,
      message: ts.flattenDiagnosticMessageText(d.messageText, ' '),
    }));
  }
}

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
