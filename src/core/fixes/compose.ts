import type { FileCreate, FileReader, Fix, TextEdit } from './index';
import { applyEdits, lineStarts, positionAt } from './text';

/** One replacement covering everything between the common prefix and suffix of two texts. */
export function diffEdit(file: string, before: string, after: string): TextEdit[] {
  if (before === after) return [];
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let endB = before.length;
  let endA = after.length;
  while (endB > start && endA > start && before[endB - 1] === after[endA - 1]) {
    endB--;
    endA--;
  }
  const starts = lineStarts(before);
  return [{ file, start: positionAt(starts, start), end: positionAt(starts, endB), newText: after.slice(start, endA) }];
}

/** A reader that sees `files` (texts after earlier steps) over `base`. */
function overlay(base: FileReader, files: Map<string, string>): FileReader {
  return {
    read: (p) => files.get(p) ?? base.read(p),
    exists: (p) => files.has(p) || base.exists(p),
    ...(base.listFiles ? { listFiles: () => [...new Set([...(base.listFiles?.() ?? []), ...files.keys()])].sort() } : {}),
  };
}

export interface Step {
  make(reader: FileReader): Fix;
  /** A refusal of this step that means "nothing to do here" (e.g. `already`), skipped instead of refusing the whole. */
  skipWhen?: RegExp;
}

/**
 * Runs steps in order, each against the texts left by the previous ones, and returns them as one
 * fix (one undo). A file edited by one step keeps that step's edits; a file edited by several gets one
 * replacement from the first to the last changed character.
 */
export function composeFixes(base: FileReader, head: Pick<Fix, 'id' | 'title' | 'kind'>, steps: Step[]): Fix {
  const texts = new Map<string, string>();
  const original = new Map<string, string>();
  const editsByFile = new Map<string, TextEdit[][]>();
  const creates = new Map<string, string>();
  for (const step of steps) {
    const fix = step.make(overlay(base, texts));
    if (fix.refused) {
      if (step.skipWhen?.test(fix.refused)) continue;
      return { ...head, edits: [], creates: [], refused: fix.refused };
    }
    const byFile = new Map<string, TextEdit[]>();
    for (const e of fix.edits) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
    for (const [file, edits] of byFile) {
      const before = texts.get(file) ?? base.read(file) ?? '';
      if (!original.has(file) && !creates.has(file)) original.set(file, before);
      texts.set(file, applyEdits(before, edits));
      editsByFile.set(file, [...(editsByFile.get(file) ?? []), edits]);
    }
    for (const c of fix.creates) {
      creates.set(c.file, c.text);
      texts.set(c.file, c.text);
    }
  }
  const edits: TextEdit[] = [];
  for (const [file, rounds] of editsByFile) {
    if (creates.has(file)) continue;
    edits.push(...(rounds.length === 1 ? rounds[0] : diffEdit(file, original.get(file) ?? '', texts.get(file) ?? '')));
  }
  const created: FileCreate[] = [...creates.keys()].map((file) => ({ file, text: texts.get(file) ?? '' }));
  if (edits.length === 0 && created.length === 0) return { ...head, edits: [], creates: [], refused: 'nothing to do' };
  return { ...head, edits, creates: created };
}
