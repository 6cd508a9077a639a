/**
 * Finds the NestJS applications under an analysed root: every `application` project of
 * nest-cli.json and its top-level application (`sourceRoot`/`entryFile`) when that is not one of
 * the projects, else the root itself. Each comes with its bootstrap file and tsconfig. Whether an
 * entry really starts a server is for the linker to say (a CLI project's entry never does).
 */
import * as fs from 'fs';
import * as path from 'path';

export interface AppSpec {
  name: string;
  /** The analysed root (files are reported relative to it). */
  root: string;
  /** Absolute bootstrap file; may not exist (then the linker falls back and says so). */
  entryFile: string;
  /** Absolute tsconfig used for path aliases. */
  tsconfig: string | undefined;
}

export class ProjectError extends Error {}

interface NestCliProject {
  type?: string;
  root?: string;
  sourceRoot?: string;
  entryFile?: string;
  compilerOptions?: { tsConfigPath?: string };
}

interface NestCliJson extends NestCliProject {
  monorepo?: boolean;
  projects?: Record<string, NestCliProject>;
}

export function discoverApps(root: string): AppSpec[] {
  const absRoot = path.resolve(root);
  if (!fs.existsSync(absRoot) || !fs.statSync(absRoot).isDirectory()) {
    throw new ProjectError(`${root}: not a folder`);
  }
  const cli = readNestCli(absRoot);
  const rootTsconfig = firstExisting(absRoot, ['tsconfig.json', 'tsconfig.base.json']);
  if (!cli) {
    const nx = nxApps(absRoot, rootTsconfig);
    if (nx.length > 0) return nx;
  }
  if (!cli && !rootTsconfig) {
    throw new ProjectError(`${root}: no tsconfig.json or nest-cli.json, so this is not a NestJS project root`);
  }
  const apps: AppSpec[] = [];
  for (const [name, project] of Object.entries(cli?.projects ?? {})) {
    if (project.type === 'library') continue;
    const sourceRoot = project.sourceRoot ?? path.join(project.root ?? name, 'src');
    apps.push({
      name,
      root: absRoot,
      entryFile: entryPath(absRoot, sourceRoot, project.entryFile ?? cli?.entryFile),
      tsconfig: tsconfigFor(absRoot, project, rootTsconfig),
    });
  }
  const topLevel: AppSpec = {
    name: path.basename(absRoot),
    root: absRoot,
    entryFile: entryPath(absRoot, cli?.sourceRoot ?? 'src', cli?.entryFile),
    tsconfig: tsconfigFor(absRoot, cli ?? {}, rootTsconfig),
  };
  if (apps.length === 0) return [topLevel];
  // A monorepo's top level names its default project; an app with a CLI project beside it is an app of its own.
  const isProject = apps.some((a) => a.entryFile === topLevel.entryFile);
  if (!isProject && fs.existsSync(topLevel.entryFile)) {
    const name = apps.some((a) => a.name === topLevel.name) ? `${topLevel.name} (top level)` : topLevel.name;
    apps.unshift({ ...topLevel, name });
  }
  return apps;
}

function readNestCli(root: string): NestCliJson | undefined {
  const file = path.join(root, 'nest-cli.json');
  if (!fs.existsSync(file)) return undefined;
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as NestCliJson;
  } catch (error) {
    throw new ProjectError(`${file}: invalid JSON (${(error as Error).message})`);
  }
}

function entryPath(root: string, sourceRoot: string, entryFile: string | undefined): string {
  const stem = path.join(root, sourceRoot, entryFile ?? 'main');
  return stem.endsWith('.ts') ? stem : `${stem}.ts`;
}

function tsconfigFor(root: string, project: NestCliProject, fallback: string | undefined): string | undefined {
  const own = project.compilerOptions?.tsConfigPath;
  if (own && fs.existsSync(path.join(root, own))) return path.join(root, own);
  if (project.root) {
    const local = firstExisting(path.join(root, project.root), ['tsconfig.app.json', 'tsconfig.json']);
    if (local) return local;
  }
  return fallback;
}

function firstExisting(dir: string, names: string[]): string | undefined {
  for (const name of names) {
    const file = path.join(dir, name);
    if (fs.existsSync(file)) return file;
  }
  return undefined;
}

interface NxProject {
  name?: string;
  projectType?: string;
  sourceRoot?: string;
  targets?: Record<string, { options?: { main?: string; tsConfig?: string } }>;
}

/** The NestJS applications of an nx workspace: `project.json` files of type application whose main file creates a Nest app. */
function nxApps(root: string, rootTsconfig: string | undefined): AppSpec[] {
  if (!fs.existsSync(path.join(root, 'nx.json'))) return [];
  const apps: AppSpec[] = [];
  for (const file of findProjectJsons(root, 4)) {
    let project: NxProject;
    try {
      project = JSON.parse(fs.readFileSync(file, 'utf8')) as NxProject;
    } catch {
      continue;
    }
    if (project.projectType !== 'application') continue;
    const options = Object.values(project.targets ?? {}).map((t) => t.options ?? {});
    const main = options.find((o) => o.main)?.main ?? (project.sourceRoot ? `${project.sourceRoot}/main.ts` : undefined);
    if (!main || !/\.ts$/.test(main)) continue;
    const entryFile = path.join(root, main);
    let text = '';
    try {
      text = fs.readFileSync(entryFile, 'utf8');
    } catch {
      continue;
    }
    if (!text.includes('NestFactory')) continue;
    const tsConfig = options.find((o) => o.tsConfig)?.tsConfig;
    apps.push({
      name: project.name ?? path.basename(path.dirname(file)),
      root,
      entryFile,
      tsconfig: tsConfig && fs.existsSync(path.join(root, tsConfig)) ? path.join(root, tsConfig) : rootTsconfig,
    });
  }
  return apps.sort((a, b) => a.name.localeCompare(b.name));
}

function findProjectJsons(dir: string, depth: number): string[] {
  if (depth < 0) return [];
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const e of entries) {
    if (e.isFile() && e.name === 'project.json') out.push(path.join(dir, e.name));
    else if (e.isDirectory() && !e.name.startsWith('.') && e.name !== 'node_modules' && e.name !== 'dist') out.push(...findProjectJsons(path.join(dir, e.name), depth - 1));
  }
  return out;
}
