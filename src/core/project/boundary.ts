/**
 * The files the analysis may read: those inside the repository that holds the analysed folder
 * (its enclosing git work tree, or the folder itself without one), after resolving symlinks. A
 * tsconfig alias, an absolute import or a symlink that leads elsewhere is not followed (issue 15,
 * item 7): what it would have contributed is missing, with a warning naming it.
 */
import * as fs from 'fs';
import * as path from 'path';

export class Boundary {
  private readonly roots: string[];
  private readonly verdicts = new Map<string, boolean>();

  constructor(roots: string[]) {
    this.roots = roots.map((r) => realOrResolved(r));
  }

  /** The repository of `folder`: the nearest ancestor holding `.git`, else the folder itself. */
  static of(folder: string): Boundary {
    const start = path.resolve(folder);
    for (let dir = start; ; dir = path.dirname(dir)) {
      if (fs.existsSync(path.join(dir, '.git'))) return new Boundary([dir]);
      if (path.dirname(dir) === dir) return new Boundary([start]);
    }
  }

  contains(absPath: string): boolean {
    const file = path.resolve(absPath);
    let inside = this.verdicts.get(file);
    if (inside === undefined) {
      const real = realOrResolved(file);
      inside = this.roots.some((r) => real === r || real.startsWith(r.endsWith(path.sep) ? r : r + path.sep));
      this.verdicts.set(file, inside);
    }
    return inside;
  }

  describe(): string {
    return this.roots.join(', ');
  }
}

/** The real path of the file, or of its nearest existing ancestor joined with the rest (a file not written yet). */
function realOrResolved(p: string): string {
  const abs = path.resolve(p);
  const rest: string[] = [];
  for (let dir = abs; ; dir = path.dirname(dir)) {
    try {
      return path.join(fs.realpathSync(dir), ...rest.reverse());
    } catch {
      if (path.dirname(dir) === dir) return abs;
      rest.push(path.basename(dir));
    }
  }
}
