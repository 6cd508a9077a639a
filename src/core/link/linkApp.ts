/**
 * Links one application: bootstrap file -> root module -> reachable modules (scan order) ->
 * controllers -> routes with their effective guard chains. Returns the plain index plus a
 * SemanticsHost over the same nodes for the semantics pass.
 */
import * as path from 'path';
import { Node, type CallExpression, type ClassDeclaration, type MethodDeclaration } from 'ts-morph';
import type { GuardCoverageConfig } from '../config';
import type { AppDiagnostic, AppIndex, GuardRef, InterceptorRef, Route, SourceLocation, Unresolved } from '../model';
import type { AppSpec } from '../project/discoverApps';
import type { ModuleResolver } from '../project/moduleResolver';
import { filesMentioning, isTestFile } from '../project/sourceFiles';
import type { SourceStore } from '../project/sourceStore';
import type { ReachableModule, SemanticsHost, UnreachableAppGuard } from '../semantics/host';
import type { ResolvedEnv } from '../project/appEnv';
import { applyAppCalls, findEntryFile, readBootstrap, type Bootstrap } from './bootstrap';
import { ConfigRegistry } from './configRegistry';
import { envReport } from './envReport';
import { isControllerClass, readController, versionList, type ControllerModel } from './controllers';
import type { Evaluator } from './evaluate';
import { appGuardProviders, unreachableAppGuards } from './globalGuards';
import { httpPlatform } from './httpPlatform';
import { appUseBindings } from './appUse';
import { microserviceConnects } from './hybridApp';
import { middlewareBindings } from './middlewareConsumer';
import type { HttpFacts, RoutePlace } from '../semantics/middleware/types';
import { globalInterceptors } from './globalInterceptors';
import { scanModules, type ModuleScan, type ScannedModule } from './modules';
import { addLeadingSlash } from './routePaths';
import { buildRoutes, makeGuardRef, type AppSettings, type BuiltRoute } from './routeBuilder';
import { abbreviate } from './syntax';
import { asString, type Value } from './values';
import { lineAndColumnAt } from '../project/position';

export interface LinkDeps {
  /** The app's source files (cached by the caller until files appear or disappear). */
  files: () => string[];
  /** Major version of @nestjs/core the app runs on. */
  nestMajor: number;
  store: SourceStore;
  resolver: ModuleResolver;
  ev: Evaluator;
  config: GuardCoverageConfig;
  /** The environment the evaluator reads (for the index's env report). */
  env: ResolvedEnv;
}

export interface LinkedApp {
  index: AppIndex;
  host: SemanticsHost;
}

export function linkApp(spec: AppSpec, deps: LinkDeps): LinkedApp {
  const { store, ev, config } = deps;
  const rel = (file: string): string => path.relative(spec.root, file).split(path.sep).join('/');
  const locate = (node: Node): SourceLocation => {
    const sf = node.getSourceFile();
    const { line, column } = lineAndColumnAt(sf, node.getStart());
    return { file: rel(sf.getFilePath()), line, column };
  };
  const diagnostics: AppDiagnostic[] = [];
  const allFiles = deps.files;
  let entryFile = spec.entryFile;
  if (!store.exists(entryFile)) {
    const found = findEntryFile(allFiles(), store);
    if (found) {
      diagnostics.push({ severity: 'info', message: `bootstrap file ${rel(spec.entryFile)} not found; using ${rel(found)}, which calls NestFactory.create` });
      entryFile = found;
    }
  }
  const entry = store.get(entryFile);
  let boot: Bootstrap | undefined;
  let scan: ModuleScan = { modules: [], modulePaths: new Map(), configModules: [], problems: [] };
  if (!entry) {
    diagnostics.push({ severity: 'warning', message: `bootstrap file ${rel(spec.entryFile)} not found; listing every @Controller without global settings` });
  } else {
    boot = readBootstrap(entry, ev, store, deps.resolver);
    if (boot.rootModule && boot.rootModule.kind !== 'unknown') scan = scanModules(boot.rootModule, ev);
    const root = boot.createCall && scan.modules.length === 0 ? unresolvedRoot(boot.rootModule, boot.createCall) : undefined;
    if (root) diagnostics.push({ severity: 'warning', message: `root module not resolved: ${root.reason}; listing every @Controller outside test files, without module imports or APP_GUARDs`, at: locate(root.node) });
    // ConfigService answers from what the scan found; only then are prefix, versioning and global guards read.
    ev.config = new ConfigRegistry(scan.configModules, ev);
    applyAppCalls(boot, ev, deps.nestMajor);
    for (const p of boot.problems) diagnostics.push({ severity: boot.server ? 'warning' : 'info', message: p.reason, at: p.node ? locate(p.node) : undefined });
  }
  const notAServer = entry !== undefined && boot !== undefined && !boot.server;
  for (const p of scan.problems) diagnostics.push({ severity: p.conditional ? 'info' : 'warning', message: p.reason, at: p.node ? locate(p.node) : undefined });

  const guardDecls = new Map<GuardRef, ClassDeclaration>();
  // An import we could not follow may hide an APP_GUARD: say so on every route only when it looks like one.
  const appUnresolved: Unresolved[] = scan.problems
    .filter((p) => !p.conditional && /guard|auth/i.test(`${p.reason} ${p.node?.getText() ?? ''}`))
    .map((p) => ({ reason: `global guards may be incomplete: ${p.reason}`, at: p.node ? locate(p.node) : undefined }));
  const globalGuards: GuardRef[] = [];
  const appGuards = appGuardProviders(scan.modules, ev);
  const addAppGuard = (g: (typeof appGuards)[number]): void => {
    if (g.spec.unresolved) appUnresolved.push({ reason: g.spec.unresolved, at: locate(g.node) });
    const source = `APP_GUARD (${g.module}${g.requestScoped ? ', request-scoped' : ''})`;
    globalGuards.push(makeGuardRef(g.spec, 'global', 'APP_GUARD', source, [], locate(g.node), { locate }, guardDecls));
  };
  appGuards.filter((g) => !g.requestScoped).forEach(addAppGuard);
  for (const spec2 of boot?.globalGuards ?? []) {
    if (spec2.unresolved) {
      appUnresolved.push({ reason: `global guard not resolved: ${spec2.unresolved}`, at: locate(spec2.node) });
      continue;
    }
    globalGuards.push(makeGuardRef(spec2, 'global', 'useGlobalGuards', 'useGlobalGuards', [], locate(spec2.node), { locate }, guardDecls));
  }
  // NestJS appends request-scoped global guards after all static ones.
  appGuards.filter((g) => g.requestScoped).forEach(addAppGuard);

  for (const p of boot?.problems.filter((x) => x.affects === 'path') ?? []) {
    appUnresolved.push({ reason: p.reason, at: p.node ? locate(p.node) : undefined, affects: 'path', ...(p.expression ? { expression: p.expression } : {}) });
  }
  const interceptorDecls = new Map<InterceptorRef, ClassDeclaration>();
  const interceptors = globalInterceptors(scan.modules, boot?.globalInterceptors ?? [], ev, locate, interceptorDecls, appUnresolved);
  const settings: AppSettings = {
    appName: spec.name,
    globalPrefix: addLeadingSlash(boot?.globalPrefix?.prefix ?? ''),
    exclude: boot?.globalPrefix?.exclude ?? [],
    versioning: boot?.versioning,
    globalGuards,
    globalInterceptors: interceptors,
    interceptorDecls,
    appUnresolved,
    config,
    convertLegacyWildcards: deps.nestMajor >= 11,
    locate,
  };

  const built: BuiltRoute[] = [];
  const controllerCache = new Map<ClassDeclaration, ControllerModel>();
  const controllerOf = (decl: ClassDeclaration): ControllerModel => {
    let model = controllerCache.get(decl);
    if (!model) {
      model = readController(decl, ev);
      controllerCache.set(decl, model);
    }
    return model;
  };
  if (boot?.createCall && scan.modules.length > 0) {
    // Alternative modules of an undecided condition often declare the same controller: list it once.
    const conditionalControllers = new Set<ClassDeclaration>();
    const conditionOf = controllerConditions(scan);
    for (const m of scan.modules) {
      for (const c of m.controllers) {
        const v = c.value.kind === 'forwardRef' ? c.value.target : c.value;
        const condition = v.kind === 'class' ? conditionOf.get(v.decl) : undefined;
        if (entryCondition(m, c) && v.kind === 'class') {
          if (conditionalControllers.has(v.decl)) continue;
          conditionalControllers.add(v.decl);
        }
        if (v.kind !== 'class') {
          const why = v.kind === 'unknown' ? `: ${v.reason}` : v.kind === 'external' ? `: ${v.name} comes from the package ${v.module}, which is not analysed` : '';
          diagnostics.push({ severity: 'warning', message: `a controller of ${m.name} is not resolved${why}`, at: locate(c.node) });
          continue;
        }
        built.push(...buildRoutes(controllerOf(v.decl), m.name, scan.modulePaths.get(m.decl), settings, guardDecls, condition));
      }
    }
  } else if (!entry || (boot?.createCall && scan.modules.length === 0)) {
    // No bootstrap to follow: every @Controller class in the sources, without global settings.
    const candidates = filesMentioning(allFiles(), ['@Controller'], (f) => store.readText(f)).filter((f) => !isTestFile(spec.root, f));
    for (const f of candidates) {
      for (const cls of store.get(f)?.getClasses() ?? []) {
        if (isControllerClass(cls)) built.push(...buildRoutes(controllerOf(cls), null, undefined, settings, guardDecls));
      }
    }
  }

  const reached = new Set(scan.modules.map((m) => m.decl));
  // A script that starts no server reaches no module: its folder's APP_GUARDs are not dead for it.
  const appGuardFiles = notAServer ? [] : filesMentioning(allFiles(), ['APP_GUARD'], (f) => store.readText(f));
  const deadGuards: UnreachableAppGuard[] = unreachableAppGuards(
    appGuardFiles.flatMap((f) => store.get(f)?.getClasses() ?? []),
    reached,
    ev,
  ).map((g) => ({ module: g.module, guard: g.spec.name || 'APP_GUARD', at: locate(g.node) }));

  const otherTransports = notAServer ? [] : filesMentioning(allFiles(), ['@Resolver(', '@WebSocketGateway(', '@MessagePattern(', '@EventPattern('], (f) => store.readText(f));
  if (otherTransports.length > 0) {
    diagnostics.push({ severity: 'info', message: `GraphQL resolvers, WebSocket gateways and microservice handlers are not listed yet (found in ${otherTransports.length} file(s), e.g. ${rel(otherTransports[0])})` });
  }
  for (const n of ev.notes()) diagnostics.push({ severity: n.severity, message: n.message, at: n.node ? locate(n.node) : undefined });
  for (const file of store.touchedFiles()) {
    const sf = store.project.getSourceFile(file);
    if (sf) for (const p of store.parseProblems(sf)) diagnostics.push({ severity: 'error', message: `syntax error: ${p.message}`, at: { file: rel(file), line: p.line } });
  }

  const routes = built.map((b) => b.route);
  const places = new Map<string, RoutePlace>(built.map((b) => [b.route.id, { declaredPath: b.declaredPath, underPrefix: b.underPrefix }]));
  const http: HttpFacts = {
    platform: httpPlatform(boot?.createCall, ev),
    globalPrefix: settings.globalPrefix,
    prefixKnown: !(boot?.problems ?? []).some((p) => p.affects === 'path' && p.reason.startsWith('global prefix')),
    prefixExclude: settings.exclude.length > 0 ? settings.exclude : undefined,
    versioning: boot?.versioning && {
      type: boot.versioning.type,
      defaultVersions: versionList(boot.versioning.defaultVersion),
      prefix: boot.versioning.prefix === false ? '' : boot.versioning.prefix ?? 'v',
    },
    routePlace: (r: Route) => places.get(r.id),
  };
  const handlers = new Map<string, MethodDeclaration>(built.map((b) => [b.route.id, b.handler]));
  const controllers = new Map<string, ClassDeclaration>(built.map((b) => [b.route.id, b.controller]));
  const rootModuleName = scan.modules[0]?.name ?? (boot?.rootModule?.kind === 'class' ? boot.rootModule.name : null);
  const index: AppIndex = {
    name: spec.name,
    kind: notAServer ? 'not-a-server' : 'server',
    root: spec.root,
    entryFile: entry ? rel(entryFile) : null,
    rootModule: rootModuleName,
    routes,
    findings: [],
    diagnostics,
    env: envReport(deps.env, ev.envReads(), spec.root, locate),
  };
  const modules: ReachableModule[] = scan.modules.map((m) => ({ name: m.name, decl: m.decl }));
  const host: SemanticsHost = {
    project: store.project,
    config,
    root: spec.root,
    entryFile: entry,
    modules,
    unreachableAppGuards: deadGuards,
    middleware: [...appUseBindings(boot?.appCalls ?? [], ev, rootModuleName ?? 'the app', rel), ...middlewareBindings(modules, ev)],
    hybrid: {
      connects: microserviceConnects(boot?.appCalls ?? [], ev),
      appGuards: globalGuards.filter((g) => g.attachment === 'APP_GUARD').map((g) => g.name),
    },
    http,
    guardClass: (g) => guardDecls.get(g) ?? findGuardDecl(g, guardDecls),
    interceptorClass: (i) => interceptorDecls.get(i) ?? findGuardDecl(i, interceptorDecls),
    handlerOf: (r: Route) => handlers.get(r.id),
    controllerOf: (r: Route) => controllers.get(r.id),
    metadataKeyOf: (expr: Node) => {
      const v = ev.eval(expr);
      if (v.kind === 'createdDecorator') return v.key;
      if (v.kind === 'external' || v.kind === 'symbol') return v.name;
      return asString(v);
    },
    resolveClass: (expr: Node) => {
      const v = ev.eval(expr);
      return v.kind === 'class' ? v.decl : undefined;
    },
    resolveDeclaration: (expr: Node) => {
      if (!Node.isIdentifier(expr)) return undefined;
      const b = ev.symbols.lookup(expr.getSourceFile(), expr.getText());
      return b?.kind === 'decl' ? b.node : undefined;
    },
    locate,
  };
  return { index, host };
}

function entryCondition(m: ScannedModule, c: ScannedModule['controllers'][number]): string | undefined {
  return m.condition && c.condition ? `${m.condition} && ${c.condition}` : (m.condition ?? c.condition);
}

/**
 * The condition under which each controller is registered: none when some module lists it
 * unconditionally, or when it is listed on both sides of one condition (`c` and `!(c)`).
 */
function controllerConditions(scan: ModuleScan): Map<ClassDeclaration, string | undefined> {
  const seen = new Map<ClassDeclaration, Set<string | undefined>>();
  for (const m of scan.modules) {
    for (const c of m.controllers) {
      const v = c.value.kind === 'forwardRef' ? c.value.target : c.value;
      if (v.kind !== 'class') continue;
      if (!seen.has(v.decl)) seen.set(v.decl, new Set());
      seen.get(v.decl)!.add(entryCondition(m, c));
    }
  }
  const out = new Map<ClassDeclaration, string | undefined>();
  for (const [decl, conditions] of seen) {
    const list = [...conditions];
    const always = list.includes(undefined) || list.some((a) => a !== undefined && list.includes(`!(${a})`));
    out.set(decl, always ? undefined : list.join(' || '));
  }
  return out;
}

function findGuardDecl<R extends Pick<GuardRef, 'className' | 'declaredAt'>>(g: R, decls: Map<R, ClassDeclaration>): ClassDeclaration | undefined {
  for (const [ref, decl] of decls) if (ref.className === g.className && ref.declaredAt?.file === g.declaredAt?.file) return decl;
  return undefined;
}

const ROOT_KINDS: Partial<Record<Value['kind'], string>> = { object: 'an object', instance: 'an object instance', function: 'a function', array: 'a list', external: 'a package export' };

/** Why `NestFactory.create(X)` gave no module to scan, said on the create call when X cannot be pointed at. */
function unresolvedRoot(root: Value | undefined, create: CallExpression): { reason: string; node: Node } {
  if (root?.kind === 'unknown') return { reason: root.reason, node: root.node ?? create };
  const arg = create.getArguments()[0];
  const what = !root ? 'nothing' : root.kind === 'literal' ? String(root.value) : (ROOT_KINDS[root.kind] ?? `a ${root.kind} value`);
  return { reason: `\`${abbreviate(arg?.getText() ?? '', 60)}\` evaluates to ${what}, not a module class`, node: arg ?? create };
}
