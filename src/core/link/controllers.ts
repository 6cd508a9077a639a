/**
 * A controller class as NestJS sees it: its own `@Controller` options, class-level guards and
 * metadata merged along the `extends` chain, and its handlers in the order NestJS's MetadataScanner
 * finds them (own methods first, then inherited ones not overridden; an override without a route
 * decorator is no route).
 */
import type { ClassDeclaration, MethodDeclaration, Node } from 'ts-morph';
import type { HttpMethod } from '../model';
import { appliedEffects } from './decorators';
import type { Evaluator } from './evaluate';
import { addLeadingSlash, NEUTRAL } from './routePaths';
import { abbreviate } from './syntax';
import { EMPTY_ENV, asString, type Effect, type Env, type GuardSpec, type Value } from './values';

export type MetadataEffect = Extract<Effect, { type: 'metadata' }>;

export interface AttachedGuard {
  spec: GuardSpec;
  via: string[];
  node: Node;
  /** Set when the guard comes from a base class's decorators. */
  inheritedFrom?: string;
}

export interface Unresolvable {
  reason: string;
  node: Node;
  /** `path`: only the route's path is uncertain. */
  affects?: 'path';
  expression?: string;
}

export interface HandlerModel {
  name: string;
  decl: MethodDeclaration;
  method: HttpMethod;
  paths: string[];
  versions: string[] | undefined;
  guards: AttachedGuard[];
  /** `@UseInterceptors` of the handler, in application order (same shapes as guards). */
  interceptors: AttachedGuard[];
  metadata: MetadataEffect[];
  unresolved: Unresolvable[];
}

export interface ControllerModel {
  name: string;
  decl: ClassDeclaration;
  paths: string[];
  host: string | string[] | null;
  versions: string[] | undefined;
  guards: AttachedGuard[];
  interceptors: AttachedGuard[];
  metadata: MetadataEffect[];
  handlers: HandlerModel[];
  unresolved: Unresolvable[];
}

const MAX_BASES = 10;

export function readController(decl: ClassDeclaration, ev: Evaluator): ControllerModel {
  const chain = classChain(decl, ev);
  const model: ControllerModel = {
    name: decl.getName() ?? 'AnonymousController',
    decl,
    paths: ['/'],
    host: null,
    versions: undefined,
    guards: [],
    interceptors: [],
    metadata: [],
    handlers: [],
    unresolved: [],
  };
  let controllerOptions: Extract<Effect, { type: 'controller' }> | undefined;
  const metadataByKey = new Map<string, MetadataEffect>();
  // Base first: NestJS extends the array metadata of the parent; own keys override inherited ones.
  for (const { decl: cls, env } of [...chain].reverse()) {
    const inheritedFrom = cls === decl ? undefined : cls.getName();
    for (const effect of appliedEffects(cls.getDecorators(), ev, env)) {
      if (effect.type === 'guards') {
        for (const spec of effect.guards) model.guards.push({ spec, via: effect.via, node: effect.node, inheritedFrom });
      } else if (effect.type === 'interceptors') {
        for (const spec of effect.interceptors) model.interceptors.push({ spec, via: effect.via, node: effect.node, inheritedFrom });
      } else if (effect.type === 'metadata') {
        metadataByKey.set(effect.key, effect);
      } else if (effect.type === 'controller') {
        controllerOptions = effect;
      } else if (effect.type === 'unresolved') {
        model.unresolved.push({ reason: effect.reason, node: effect.node });
      }
    }
  }
  model.metadata = [...metadataByKey.values()];
  if (controllerOptions) applyControllerOptions(model, controllerOptions);
  model.handlers = readHandlers(chain, ev);
  return model;
}

function applyControllerOptions(model: ControllerModel, effect: Extract<Effect, { type: 'controller' }>): void {
  const options = effect.options;
  if (options.kind === 'literal' && options.value === undefined) return;
  if (options.kind === 'object') {
    const path = options.props.get('path');
    model.paths = path && !(path.kind === 'literal' && !path.value) ? pathList(path, model, effect.node) : ['/'];
    const host = options.props.get('host');
    if (host) model.host = host.kind === 'array' ? host.items.map((h) => asString(h) ?? h.kind) : (asString(host) ?? null);
    const version = options.props.get('version');
    if (version) model.versions = versionList(version);
    return;
  }
  model.paths = pathList(options, model, effect.node);
}

function pathList(v: Value, owner: { unresolved: Unresolvable[] }, node: Node): string[] {
  const items = v.kind === 'array' ? v.items : [v];
  return items.map((item) => {
    const s = asString(item);
    if (s !== undefined) return addLeadingSlash(s);
    const cause = item.kind === 'unknown' ? item.node : undefined;
    owner.unresolved.push({ reason: `path is only known at run time: ${item.kind === 'unknown' ? item.reason : item.kind}`, node: cause ?? node, affects: 'path', expression: abbreviate((cause ?? node).getText(), 80) });
    return `/<${item.kind === 'unknown' && item.node ? item.node.getText() : '?'}>`;
  });
}

/** A version value as a list ('1', or VERSION_NEUTRAL), deduplicated like NestJS does for arrays. */
export function versionList(v: Value | undefined): string[] | undefined {
  if (!v) return undefined;
  const items = v.kind === 'array' ? v.items : [v];
  const out: string[] = [];
  for (const item of items) {
    const s = item.kind === 'external' && item.name === 'VERSION_NEUTRAL' ? NEUTRAL : asString(item);
    if (s !== undefined && !out.includes(s)) out.push(s);
  }
  if (out.length === 0) return undefined;
  return out;
}

function readHandlers(chain: ChainLink[], ev: Evaluator): HandlerModel[] {
  const seen = new Set<string>();
  const handlers: HandlerModel[] = [];
  for (const { decl: cls, env } of chain) {
    for (const method of cls.getInstanceMethods()) {
      const name = method.getName();
      if (seen.has(name)) continue;
      seen.add(name);
      const handler = readHandler(method, ev, env);
      if (handler) handlers.push(handler);
    }
  }
  return handlers;
}

function readHandler(decl: MethodDeclaration, ev: Evaluator, env: Env): HandlerModel | undefined {
  const effects = appliedEffects(decl.getDecorators(), ev, env);
  const route = [...effects].reverse().find((e): e is Extract<Effect, { type: 'route' }> => e.type === 'route');
  if (!route) return undefined;
  const handler: HandlerModel = {
    name: decl.getName(),
    decl,
    method: route.method,
    paths: [],
    versions: undefined,
    guards: [],
    interceptors: [],
    metadata: [],
    unresolved: [],
  };
  const paths = route.paths;
  const empty = (paths.kind === 'literal' && !paths.value) || (paths.kind === 'array' && paths.items.length === 0);
  handler.paths = empty ? ['/'] : pathList(paths, handler, route.node);
  const metadataByKey = new Map<string, MetadataEffect>();
  for (const effect of effects) {
    if (effect.type === 'guards') for (const spec of effect.guards) handler.guards.push({ spec, via: effect.via, node: effect.node });
    else if (effect.type === 'interceptors') for (const spec of effect.interceptors) handler.interceptors.push({ spec, via: effect.via, node: effect.node });
    else if (effect.type === 'metadata') metadataByKey.set(effect.key, effect);
    else if (effect.type === 'version') handler.versions = versionList(effect.value);
    else if (effect.type === 'unresolved') handler.unresolved.push({ reason: effect.reason, node: effect.node });
  }
  handler.metadata = [...metadataByKey.values()];
  return handler;
}

/** A class of the chain, with the bindings of the factory function that declared it (if any). */
export interface ChainLink {
  decl: ClassDeclaration;
  env: Env;
}

/**
 * The class and its source-declared base classes, most derived first. A base made by a factory
 * (`extends CrudController({ guards: [A] })`) keeps the factory's arguments, so its decorators see them.
 */
export function classChain(decl: ClassDeclaration, ev: Evaluator): ChainLink[] {
  const chain: ChainLink[] = [{ decl, env: EMPTY_ENV }];
  let cur = decl;
  for (let i = 0; i < MAX_BASES; i++) {
    const ext = cur.getExtends();
    if (!ext) break;
    const base = ev.eval(ext.getExpression());
    const link: ChainLink | undefined =
      base.kind === 'class' ? { decl: base.decl, env: base.env ?? EMPTY_ENV }
        : base.kind === 'mixin' && base.returned ? { decl: base.returned, env: base.returnedEnv ?? EMPTY_ENV }
          : undefined;
    if (!link || chain.some((c) => c.decl === link.decl)) break;
    chain.push(link);
    cur = link.decl;
  }
  return chain;
}

export function isControllerClass(decl: ClassDeclaration): boolean {
  return decl.getDecorators().some((d) => d.getName() === 'Controller' || /Controller$/.test(d.getName()));
}

