import * as fs from 'fs';
import * as path from 'path';
import type { FileReader } from './index';

const SKIP_DIRS = new Set(['node_modules', 'dist', 'out', '.git']);

/** A `FileReader` over the disk, for the CLI and tests; `listFiles` walks `root` for `.ts` files. */
export function nodeFileReader(root: string): FileReader {
  return {
    read: (p) => (fs.existsSync(p) && fs.statSync(p).isFile() ? fs.readFileSync(p, 'utf8') : undefined),
    exists: (p) => fs.existsSync(p),
    listFiles: () => walk(root),
  };
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name)) out.push(...walk(p));
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
      out.push(p);
    }
  }
  return out.sort();
}
