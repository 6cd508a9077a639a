/**
 * Turns a controller model plus the app-wide settings (global guards, prefix, versioning,
 * RouterModule path) into Route records: one per composed path, plain data only.
 */
import type { ClassDeclaration, MethodDeclaration, Node } from 'ts-morph';
import type { GuardCoverageConfig } from '../config';
import type { GuardAttachment, GuardLevel, GuardRef, InterceptorAttachment, InterceptorRef, MetadataEntry, MetadataValue, Route, SourceLocation, Unresolved } from '../model';
import type { Versioning, ExcludeRoute } from './bootstrap';
import type { AttachedGuard, ControllerModel, HandlerModel, MetadataEffect } from './controllers';
import { versionList } from './controllers';
import { metadataKind } from './metadataKinds';
import { composePaths } from './routePaths';
import { display, label, type GuardSpec, type Value } from './values';

export interface AppSettings {
  appName: string;
  globalPrefix: string;
  exclude: ExcludeRoute[];
  versioning: Versioning | undefined;
  globalGuards: GuardRef[];
  /** Global interceptors in execution order (APP_INTERCEPTOR, then useGlobalInterceptors). */
  globalInterceptors: InterceptorRef[];
  /** Where each interceptor's class is declared (for the semantics pass). */
  interceptorDecls: Map<InterceptorRef, ClassDeclaration>;
  /** Unresolved items that concern every route (global guards, module scan). */
  appUnresolved: Unresolved[];
  config: GuardCoverageConfig;
  /** NestJS 11+ registers legacy wildcards converted. */
  convertLegacyWildcards: boolean;
  locate(node: Node): SourceLocation;
}

export interface BuiltRoute {
  route: Route;
  handler: MethodDeclaration;
  controller: ClassDeclaration;
  /** RouterModule + controller + handler path, without prefix and version. */
  declaredPath: string;
  underPrefix: boolean;
}

/** Real handlers have a handful of paths; a generated or hostile list is listed up to this many routes. */
const MAX_ROUTES_PER_HANDLER = 256;

/** `condition`: the controller is registered only under this undecided run-time condition. */
export function buildRoutes(ctrl: ControllerModel, module: string | null, modulePath: string | undefined, s: AppSettings, guardDecls: Map<GuardRef, ClassDeclaration>, condition?: string): BuiltRoute[] {
  const out: BuiltRoute[] = [];
  const classGuards = ctrl.guards.map((g) => guardRef(g, 'controller', s, guardDecls));
  const classMeta = ctrl.metadata.map((m) => metadataEntry(m, 'controller', s));
  const classInterceptors = ctrl.interceptors.map((g) => interceptorRef(g, 'controller', s));
  for (const h of ctrl.handlers) {
    const handlerGuards = h.guards.map((g) => guardRef(g, 'handler', s, guardDecls));
    const handlerInterceptors = h.interceptors.map((g) => interceptorRef(g, 'handler', s));
    const handlerMeta = h.metadata.map((m) => metadataEntry(m, 'handler', s));
    const metadata = [...handlerMeta, ...classMeta];
    const versions = effectiveVersions(h, ctrl, s.versioning);
    const unresolved = [
      ...s.appUnresolved,
      ...[...ctrl.unresolved, ...h.unresolved].map((u): Unresolved => ({ reason: u.reason, at: s.locate(u.node), ...(u.expression ? { expression: u.expression } : {}), ...(u.affects ? { affects: u.affects } : {}) })),
      ...[...ctrl.guards, ...h.guards].filter((g) => g.spec.unresolved).map((g) => ({ reason: `guard not resolved: ${g.spec.unresolved}`, at: s.locate(g.spec.node) })),
      ...[...ctrl.interceptors, ...h.interceptors].filter((g) => g.spec.unresolved).map((g) => ({ reason: `interceptor not resolved: ${g.spec.unresolved}`, at: s.locate(g.spec.node) })),
    ];
    const nameNode = h.decl.getNameNode();
    const at = s.locate(nameNode);
    const combinations = ctrl.paths.length * h.paths.length * Math.max(1, versions?.length ?? 1);
    if (combinations > MAX_ROUTES_PER_HANDLER) {
      unresolved.push({ reason: `${ctrl.name}.${h.name} expands to ${combinations} routes (controller paths x handler paths x versions); only the first ${MAX_ROUTES_PER_HANDLER} are listed`, at });
    }
    let emitted = 0;
    for (const ctrlPath of ctrl.paths) {
      for (const methodPath of h.paths) {
        if (emitted >= MAX_ROUTES_PER_HANDLER) break;
        for (const composed of composePaths({ globalPrefix: s.globalPrefix, exclude: s.exclude, modulePath, ctrlPath, methodPath, method: h.method, versions, versioning: s.versioning, convertLegacyWildcards: s.convertLegacyWildcards })) {
          if (emitted++ >= MAX_ROUTES_PER_HANDLER) break;
          const route: Route = {
            id: routeId(s.appName, h.method, composed.path, composed.version, ctrl.host, ctrl.name, h.name),
            transport: 'http',
            httpMethod: h.method,
            path: composed.path,
            version: composed.version,
            host: ctrl.host,
            controller: ctrl.name,
            handler: h.name,
            file: at.file,
            line: at.line,
            column: at.column ?? 1,
            controllerAt: s.locate(ctrl.decl.getNameNode() ?? ctrl.decl),
            guards: [...s.globalGuards, ...classGuards, ...handlerGuards].filter((g) => g.name !== ''),
            interceptors: [...s.globalInterceptors, ...classInterceptors, ...handlerInterceptors].filter((g) => g.name !== ''),
            roles: rolesOf(metadata).map((r) => r.value),
            roleLabels: rolesOf(metadata).map((r) => r.label),
            public: metadata.some((m) => m.kind === 'public'),
            metadata,
            params: pathParams(composed.path),
            module,
            unresolved,
            ...(condition ? { condition } : {}),
          };
          out.push({ route, handler: h.decl, controller: ctrl.decl, declaredPath: composed.declaredPath, underPrefix: composed.underPrefix });
        }
      }
    }
  }
  return out;
}

function effectiveVersions(h: HandlerModel, ctrl: ControllerModel, versioning: Versioning | undefined): string[] | undefined {
  if (!versioning) return undefined;
  return h.versions ?? ctrl.versions ?? versionList(versioning.defaultVersion);
}

export function guardRef(g: AttachedGuard, level: GuardLevel, s: AppSettings, decls: Map<GuardRef, ClassDeclaration>): GuardRef {
  const attachment: GuardAttachment = g.inheritedFrom ? 'inherited' : g.via.length ? 'composite' : 'UseGuards';
  const source = g.inheritedFrom
    ? `@UseGuards inherited from ${g.inheritedFrom}`
    : g.via.length
      ? `@${g.via[0]} (composite)`
      : '@UseGuards';
  return makeGuardRef(g.spec, level, attachment, source, g.via, s.locate(g.node), s, decls);
}

/** An interceptor of `@UseInterceptors` (direct, composite or inherited), like a guard of `@UseGuards`. */
export function interceptorRef(g: AttachedGuard, level: GuardLevel, s: AppSettings): InterceptorRef {
  const attachment: InterceptorAttachment = g.inheritedFrom ? 'inherited' : g.via.length ? 'composite' : 'UseInterceptors';
  const source = g.inheritedFrom ? `@UseInterceptors inherited from ${g.inheritedFrom}` : g.via.length ? `@${g.via[0]} (composite)` : '@UseInterceptors';
  return makeInterceptorRef(g.spec, level, attachment, source, g.via, s.locate(g.node), s, s.interceptorDecls);
}

export function makeInterceptorRef(
  spec: GuardSpec, level: GuardLevel, attachment: InterceptorAttachment, source: string, via: string[], attachedAt: SourceLocation,
  s: Pick<AppSettings, 'locate'>, decls: Map<InterceptorRef, ClassDeclaration>,
): InterceptorRef {
  const scratch = new Map<GuardRef, ClassDeclaration>();
  const ref: InterceptorRef = { ...makeGuardRef(spec, level, 'UseGuards', source, via, attachedAt, s, scratch), attachment };
  if (spec.decl) decls.set(ref, spec.decl);
  return ref;
}

export function makeGuardRef(
  spec: GuardSpec,
  level: GuardLevel,
  attachment: GuardAttachment,
  source: string,
  via: string[],
  attachedAt: SourceLocation,
  s: Pick<AppSettings, 'locate'>,
  decls: Map<GuardRef, ClassDeclaration>,
): GuardRef {
  const ref: GuardRef = {
    name: spec.name,
    level,
    source,
    attachment,
    via,
    attachedAt,
    className: spec.className,
    form: spec.form,
  };
  if (spec.mixinArgs) ref.mixinArgs = spec.mixinArgs;
  if (spec.decl) {
    ref.declaredAt = s.locate(spec.decl.getNameNode() ?? spec.decl);
    decls.set(ref, spec.decl);
  }
  return ref;
}

const UNKNOWN_VALUE = '<unknown>';

function metadataEntry(m: MetadataEffect, level: 'controller' | 'handler', s: AppSettings): MetadataEntry {
  const decorator = m.via[0] ?? m.decorator;
  return {
    key: m.key,
    keyText: m.keyText,
    // A value the analysis could not compute is shown as unknown, never as the source text it stopped at.
    values: metadataValues(m.value).map((v) => (v.kind === 'unknown' ? UNKNOWN_VALUE : display(v))),
    labels: metadataValues(m.value).map((v) => (v.kind === 'unknown' ? UNKNOWN_VALUE : label(v))),
    value: metadataValue(m.value),
    level,
    decorator,
    via: m.via,
    at: s.locate(m.node),
    kind: metadataKind(m.key, decorator, m.value, s.config),
  };
}

/** The value's JavaScript type (and literal), as the guards' tests need it. */
export function metadataValue(v: Value): MetadataValue {
  switch (v.kind) {
    case 'literal':
      if (v.value === null) return { type: 'null' };
      if (v.value === undefined) return { type: 'undefined' };
      if (typeof v.value === 'boolean') return { type: 'boolean', literal: v.value };
      if (typeof v.value === 'number') return { type: 'number', literal: v.value };
      return { type: 'string', literal: v.value };
    case 'enumMember':
      if (typeof v.value === 'number') return { type: 'number', literal: v.value };
      return typeof v.value === 'string' ? { type: 'string', literal: v.value } : { type: 'unknown' };
    case 'array':
      return { type: 'array', length: v.items.length };
    case 'object': case 'instance': case 'class': case 'enum': case 'namespace': case 'regex': case 'symbol':
      return { type: 'object' };
    case 'function': case 'createdDecorator':
      return { type: 'function' };
    default:
      return { type: 'unknown' };
  }
}

function metadataValues(v: Value): Value[] {
  if (v.kind === 'array') return v.items.flatMap((i) => (i.kind === 'array' ? metadataValues(i) : [i]));
  return [v];
}

/** Required values per roles key, handler over class (as `getAllAndOverride` reads them), across keys in order. */
function rolesOf(metadata: MetadataEntry[]): Array<{ value: string; label: string }> {
  const out: Array<{ value: string; label: string }> = [];
  const keys = new Set<string>();
  for (const m of metadata) {
    if (m.kind !== 'roles' || keys.has(m.key)) continue;
    keys.add(m.key);
    m.values.forEach((v, i) => {
      if (!out.some((r) => r.value === v)) out.push({ value: v, label: m.labels[i] ?? v });
    });
  }
  return out;
}

function pathParams(path: string): string[] {
  const out: string[] = [];
  for (const m of path.matchAll(/:([A-Za-z_$][\w$]*)/g)) out.push(m[1]);
  return out;
}

function routeId(app: string, method: string, path: string, version: string | null, host: Route['host'], ctrl: string, handler: string): string {
  const v = version ? `@${version}` : '';
  const h = host ? `#${Array.isArray(host) ? host.join('|') : host}` : '';
  return `${app}:${method} ${path}${v}${h}:${ctrl}.${handler}`;
}

