/**
 * The TypeScript files of an analysed root, for the passes that cannot start from the bootstrap
 * file (dead APP_GUARDs, controllers of an app without one). Skips dependency and build folders;
 * the settings' include/exclude globs narrow it further.
 */
import * as fs from 'fs';
import * as path from 'path';
import picomatch from 'picomatch';

const TEST_FILE = /(\.|-)(spec|test|e2e-spec|e2e)\.ts$|[\\/](test|tests|__tests__|e2e)[\\/]/;

/** A test file (`*.spec.ts`, `*.e2e-spec.ts`, under `test/`, `__tests__/`, …): never part of the running app. */
export function isTestFile(root: string, file: string): boolean {
  return TEST_FILE.test(path.sep + path.relative(root, file));
}

const SKIP_DIRS = new Set(['node_modules', 'dist', 'build', 'out', 'coverage', '.git', '.vscode-test', '.next', '.turbo', '.cache']);
const MAX_FILES = 50000;

export interface FileFilter {
  include: string[];
  exclude: string[];
}

export function listSourceFiles(root: string, filter: FileFilter): string[] {
  const include = filter.include.length ? picomatch(filter.include, { dot: false }) : () => true;
  const exclude = filter.exclude.length ? picomatch(filter.exclude, { dot: true }) : () => false;
  const out: string[] = [];
  const walk = (dir: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (out.length >= MAX_FILES) return;
      const abs = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name) && !e.name.startsWith('.')) walk(abs);
      } else if (e.isFile() && /\.(ts|mts|cts)$/.test(e.name) && !e.name.endsWith('.d.ts')) {
        const rel = path.relative(root, abs).split(path.sep).join('/');
        if (include(rel) && !exclude(rel)) out.push(abs);
      }
    }
  };
  walk(root);
  return out;
}

/** Files whose text mentions any of the words: a cheap test before parsing. */
export function filesMentioning(files: string[], words: string[], read: (file: string) => string | undefined): string[] {
  return files.filter((f) => {
    const text = read(f);
    return text !== undefined && words.some((w) => text.includes(w));
  });
}
