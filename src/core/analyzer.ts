/**
 * The public entry of the analysis core. One `WorkspaceAnalyzer` per analysed folder keeps one
 * long-lived ts-morph Project; `setFileText` refreshes one file, `analyze` relinks.
 */
import * as path from 'path';
import { withDefaults, type GuardCoverageConfig } from './config';
import { Evaluator } from './link/evaluate';
import { linkApp } from './link/linkApp';
import { SymbolTable } from './link/symbols';
import type { AnalysisResult, AppIndex } from './model';
import { discoverApps, type AppSpec } from './project/discoverApps';
import { ModuleResolver } from './project/moduleResolver';
import { SourceStore } from './project/sourceStore';
import { Boundary } from './project/boundary';
import { readPathsConfig } from './project/tsconfigPaths';
import { nestMajorVersion } from './project/nestVersion';
import { listSourceFiles } from './project/sourceFiles';
import type { SemanticsHost } from './semantics/host';
import { applySemantics } from './semantics';
import { appEnvFromLoads, appWorkingDir, givenEnv, type ResolvedEnv } from './project/appEnv';
import { workspacePackages } from './project/workspaces';
import { readAppEnvironment } from './link/appEnvSources';

export interface AnalyzeOptions {
  /** Only this nest-cli project (by name). */
  project?: string;
  config?: Partial<GuardCoverageConfig>;
  /**
   * Folders whose files may be read (the VS Code workspace folders); by default the repository of
   * the analysed folder (its enclosing git work tree, or the folder itself).
   */
  boundary?: string[];
  /** Runs after linking, per app; defaults to the semantics pass (verdicts, findings). */
  enrich?: (app: AppIndex, host: SemanticsHost) => void;
}

interface AppContext {
  spec: AppSpec;
  nestMajor: number;
  /** A tsconfig that could not be read, said on every analysis. */
  configError?: string;
  resolver: ModuleResolver;
  symbols: SymbolTable;
  ev: Evaluator;
  env: ResolvedEnv;
  /** Env files read (or looked for): an edit to one re-reads the env. */
  envFiles: Set<string>;
}

export class WorkspaceAnalyzer {
  readonly root: string;
  private readonly store: SourceStore;
  private readonly config: GuardCoverageConfig;
  private apps: AppContext[] | undefined;
  private touched = new Set<string>();
  /** Source files of the root; listed again only when files appear or disappear. */
  private fileList: string[] | undefined;

  constructor(root: string, readonly options: AnalyzeOptions = {}) {
    this.root = path.resolve(root);
    this.config = withDefaults(options.config);
    this.store = new SourceStore(options.boundary ? new Boundary(options.boundary) : Boundary.of(this.root));
  }

  /** Analyse (or re-link after changes) every application under the root. Throws ProjectError for a folder that is no NestJS project. */
  analyze(): AnalysisResult {
    const apps = this.appContexts();
    this.store.beginLink();
    const out: AppIndex[] = [];
    for (const app of apps) {
      app.ev.beginLink();
      out.push(this.analyzeApp(app));
    }
    this.touched = new Set(this.store.touchedFiles());
    return { apps: out };
  }

  private analyzeApp(app: AppContext): AppIndex {
    const enrich = this.options.enrich ?? applySemantics;
    let linked;
    const outsideBefore = this.store.outsideFiles().size;
    try {
      const files = (): string[] => (this.fileList ??= listSourceFiles(this.root, this.config));
      linked = linkApp(app.spec, { files, nestMajor: app.nestMajor, store: this.store, resolver: app.resolver, ev: app.ev, config: this.config, env: app.env });
    } catch (error) {
      // A bug or an input we did not foresee must not take down the editor or the other apps.
      return failedApp(app.spec, `analysis failed: ${(error as Error).message}`);
    }
    if (app.configError) linked.index.diagnostics.unshift({ severity: 'warning', message: app.configError });
    const outside = [...this.store.outsideFiles()].slice(outsideBefore);
    if (outside.length) linked.index.diagnostics.push({ severity: 'warning', message: outsideMessage(outside) });
    try {
      enrich(linked.index, linked.host);
    } catch (error) {
      linked.index.diagnostics.push({ severity: 'error', message: `guard semantics failed: ${(error as Error).message}` });
    }
    return linked.index;
  }

  /**
   * Replace a file's text (an unsaved buffer), or pass `undefined` to re-read it from disk
   * (saved, created, or deleted).
   */
  setFileText(absPath: string, text: string | undefined): void {
    const file = path.resolve(absPath);
    this.store.setText(file, text);
    if (/(^|[\\/])(nest-cli\.json|tsconfig[^\\/]*\.json|package\.json|pnpm-workspace\.yaml)$/.test(file)) this.apps = undefined;
    // Another environment changes values everywhere: the app is set up again with it.
    if (this.apps?.some((a) => a.envFiles.has(file))) this.apps = undefined;
    for (const app of this.apps ?? []) {
      // A file that appeared or disappeared can change how any import resolves.
      if (text === undefined) {
        this.fileList = undefined;
        app.resolver.clear();
        app.symbols.clear();
        app.ev.clear();
      } else {
        app.symbols.invalidate(file);
        app.ev.invalidate(file);
      }
    }
  }

  /** True when a change to this file can change the result (so a host can skip others). */
  affects(absPath: string): boolean {
    const file = path.resolve(absPath);
    if (/(nest-cli\.json|tsconfig[^\\/]*\.json|pnpm-workspace\.yaml)$/.test(file)) return true;
    if (this.apps?.some((a) => a.envFiles.has(file))) return true;
    if (!/\.(ts|mts|cts)$/.test(file) || file.includes(`${path.sep}node_modules${path.sep}`)) return false;
    // A file the last link never read matters only if it can introduce a module, guard or controller.
    if (this.touched.has(file)) return true;
    const text = this.store.readText(file);
    return text === undefined || /APP_GUARD|@Controller|@Module|NestFactory/.test(text);
  }

  private appContexts(): AppContext[] {
    if (!this.apps) {
      const specs = discoverApps(this.root).filter((s) => !this.options.project || s.name === this.options.project);
      const workspace = workspacePackages(this.root);
      this.apps = specs.map((spec) => {
        const paths = spec.tsconfig ? readPathsConfig(spec.tsconfig) : { pathsBase: spec.root, baseUrl: undefined, paths: {} };
        const resolver = new ModuleResolver(paths, undefined, workspace);
        const symbols = new SymbolTable(this.store, resolver);
        const env = this.envFor(spec, symbols);
        return {
          spec, nestMajor: nestMajorVersion(spec.root), configError: paths.error, resolver, symbols,
          ev: new Evaluator(symbols, env.run), env, envFiles: new Set(env.files.map((f) => f.file)),
        };
      });
    }
    return this.apps;
  }

  /** The env files the user gave, else what the app's own ConfigModule/dotenv calls read (beneath the variables the user gave). */
  private envFor(spec: AppSpec, symbols: SymbolTable): ResolvedEnv {
    const cwd = appWorkingDir(spec.entryFile, spec.root);
    // Through the store: an unsaved env file in the editor counts as it reads.
    const read = (file: string): string | undefined => this.store.readText(file);
    const given = givenEnv({ envFiles: this.config.envFiles, env: this.config.env }, this.root, cwd, read);
    if (given) return given;
    const input = { entryFile: spec.entryFile, files: () => (this.fileList ??= listSourceFiles(this.root, this.config)), store: this.store, symbols, cwd, root: this.root };
    try {
      return readAppEnvironment(input, this.config.env, read);
    } catch {
      // Reading the app's env sources must never cost the analysis: without them, only the given variables are set.
      return appEnvFromLoads([], cwd, read, this.config.env);
    }
  }
}

function outsideMessage(files: string[]): string {
  const shown = files.slice(0, 3).join(', ') + (files.length > 3 ? ` and ${files.length - 3} more` : '');
  return `not read: ${files.length} file(s) outside the repository (${shown}); an import, tsconfig alias or symlink leading there is not followed, so what it holds is missing from this app`;
}

function failedApp(spec: AppSpec, message: string): AppIndex {
  return {
    name: spec.name, kind: 'server', root: spec.root, entryFile: null, rootModule: null, routes: [], findings: [],
    diagnostics: [{ severity: 'error', message }], env: { origin: 'none', files: [], variables: [] },
  };
}

/** One-shot analysis (the CLI's path). */
export function analyzeWorkspace(root: string, options: AnalyzeOptions = {}): AnalysisResult {
  return new WorkspaceAnalyzer(root, options).analyze();
}
