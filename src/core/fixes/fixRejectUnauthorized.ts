import { SyntaxKind } from 'ts-morph';
import type { Fix } from './index';
import { FIX_IDS } from './ids';
import { bootstrapFileOf } from './modules';
import { baseName, startFix } from './parse';
import { openFile, refused, type FixContext } from './target';

export interface FixRejectUnauthorizedTarget extends FixContext {
  /** The file with `rejectUnauthorized: false`; default `<root>/src/main.ts`. */
  file?: string;
}

/** Turns every `rejectUnauthorized: false` of the file into `true` (CWE-295). */
export function fixRejectUnauthorized(t: FixRejectUnauthorizedTarget): Fix {
  startFix();
  const title = 'Reject unverified client certificates (rejectUnauthorized: true)';
  const file = bootstrapFileOf(t.root, t.reader, t.file);
  const f = openFile(t.reader, file);
  if (typeof f === 'string') return refused(FIX_IDS.fixRejectUnauthorized, title, f);
  for (const p of f.sf.getDescendantsOfKind(SyntaxKind.PropertyAssignment)) {
    const value = p.getInitializer();
    if (p.getName() === 'rejectUnauthorized' && value?.getKind() === SyntaxKind.FalseKeyword) {
      f.edits.replace(value.getStart(), value.getEnd(), 'true');
    }
  }
  if (f.edits.size === 0) return refused(FIX_IDS.fixRejectUnauthorized, title, `already fixed: no rejectUnauthorized: false in ${baseName(file)}`);
  return { id: FIX_IDS.fixRejectUnauthorized, title, kind: 'quickfix', edits: f.edits.toEdits(), creates: [] };
}
