import type { Fix, Position, TextEdit } from './index';

/** Offsets of the start of every line of `text` (a line ends at `\n`; `\r\n` keeps its `\r` in the line). */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) === 10) starts.push(i + 1);
  }
  return starts;
}

export function positionAt(starts: number[], offset: number): Position {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo, character: offset - starts[lo] };
}

export function offsetAt(starts: number[], pos: Position): number {
  return starts[pos.line] + pos.character;
}

/** Builds text edits for one file from offset-based replacements. */
export class EditBuilder {
  private readonly starts: number[];
  private readonly edits: Array<{ start: number; end: number; newText: string }> = [];

  constructor(readonly file: string, readonly text: string) {
    this.starts = lineStarts(text);
  }

  insert(offset: number, newText: string): void {
    this.edits.push({ start: offset, end: offset, newText });
  }

  replace(start: number, end: number, newText: string): void {
    this.edits.push({ start, end, newText });
  }

  get size(): number {
    return this.edits.length;
  }

  toEdits(): TextEdit[] {
    return [...this.edits]
      .sort((a, b) => a.start - b.start || a.end - b.end)
      .map((e) => ({
        file: this.file,
        start: positionAt(this.starts, e.start),
        end: positionAt(this.starts, e.end),
        newText: e.newText,
      }));
  }
}

/**
 * Applies the edits of one file to its text. Edits must not overlap; inserts at the same offset are
 * applied in the order given. Throws on overlapping edits (a bug in a fix, never silently merged).
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const starts = lineStarts(text);
  const spans = edits
    .map((e, i) => ({ i, start: offsetAt(starts, e.start), end: offsetAt(starts, e.end), newText: e.newText }))
    .sort((a, b) => a.start - b.start || a.end - b.end || a.i - b.i);
  let out = '';
  let cursor = 0;
  for (const s of spans) {
    if (s.start < cursor) throw new Error(`overlapping edits at offset ${s.start}`);
    out += text.slice(cursor, s.start) + s.newText;
    cursor = s.end;
  }
  return out + text.slice(cursor);
}

/** Applies a whole fix to a map of file texts (absolute path to text); returns the new map. */
export function applyFix(files: ReadonlyMap<string, string>, fix: Fix): Map<string, string> {
  const out = new Map(files);
  const byFile = new Map<string, TextEdit[]>();
  for (const e of fix.edits) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
  for (const [file, edits] of byFile) {
    const text = out.get(file);
    if (text === undefined) throw new Error(`no text for ${file}`);
    out.set(file, applyEdits(text, edits));
  }
  for (const c of fix.creates) out.set(c.file, c.text);
  return out;
}
