/**
 * Hooks into NestJS 11 internals so that booting an app records what Nest really registers:
 * - `RouterExplorer.prototype.applyCallbackToRouter`: per route definition, the paths handed to the
 *   adapter's router (through its `routerMethodFactory`) and the guard and interceptor chains computed by
 *   Nest's own `GuardsContextCreator` / `InterceptorsContextCreator` (globals, then class, then handler);
 * - `mixin()`: remembers the inner class name (Nest renames mixin classes to a random id);
 * - `Reflector.createDecorator()`: remembers the keys of decorators it creates;
 * - `NestFactory.create`: silences the logger, never aborts the process, and turns `listen()` into
 *   `init()` (or, for the verdict probe, into a listen on 127.0.0.1 with a free port).
 */
/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-require-imports */
import { NestFactory, Reflector } from '@nestjs/core';
import { RequestMethod, VERSION_NEUTRAL, VersioningType } from '@nestjs/common';
import { GUARDS_METADATA, INTERCEPTORS_METADATA } from '@nestjs/common/constants';
import { STATIC_CONTEXT } from '@nestjs/core/injector/constants';
import { createContextId } from '@nestjs/core/helpers/context-id-factory';
import type { OracleGuard } from './types';

/** One registered path, with the live objects the metadata pass needs. */
export interface RawRoute {
  httpMethod: string;
  path: string;
  version: string | null;
  host: string | string[] | null;
  controller: string;
  handler: string;
  guards: OracleGuard[];
  /** Interceptors in execution order (global, class, handler), named like guards. */
  interceptors: OracleGuard[];
  controllerClass: object;
  handlerFn: object;
}

export interface BootSession {
  routes: RawRoute[];
  /** Guard chains of request-scoped routes, computed after registration. */
  pending: Array<Promise<void>>;
  /** NestFactory.create was called. */
  started: boolean;
  /** `NestFactory.createApplicationContext` was called before any `create`: the entry starts no server. */
  contextOnly?: boolean;
  /** Really listen (on 127.0.0.1, a free port) instead of only initialising: the probe sends requests. */
  serve: boolean;
  /** The server `listen()` opened, in serve mode. */
  server?: unknown;
  apps: Array<{ init(): Promise<unknown>; close(): Promise<void> }>;
  ready: Promise<void>;
  resolve(): void;
  reject(error: unknown): void;
}

let current: BootSession | undefined;
let installed = false;
const mixinInfo = new WeakMap<object, { inner: string; factory?: string }>();
/** Keys of decorators made by `Reflector.createDecorator()`. */
export const createdDecoratorKeys = new Set<string>();

export function newSession(serve = false): BootSession {
  let resolve!: () => void;
  let reject!: (e: unknown) => void;
  const ready = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { routes: [], pending: [], started: false, serve, apps: [], ready, resolve, reject };
}

export function setSession(session: BootSession | undefined): void {
  current = session;
}

export function installHooks(): void {
  if (installed) return;
  installed = true;
  hookRouterExplorer();
  hookMixin();
  hookCreateDecorator();
  hookFactory();
  hookApplicationContext();
  hookListen();
}

function versionLabel(v: unknown): string {
  return v === VERSION_NEUTRAL ? 'VERSION_NEUTRAL' : String(v);
}

/** The version a registered path was built for, following RoutePathFactory.create. */
function versionOf(explorer: any, router: any, rpm: any, requestMethod: number, registered: string): string | null {
  const opts = rpm.versioningOptions;
  const v = rpm.methodVersion || rpm.controllerVersion;
  if (!opts || !v) return null;
  const list: unknown[] = Array.isArray(v) ? v : [v];
  if (opts.type !== VersioningType.URI) return list.map(versionLabel).join(',');
  const normalize = (p: string): string => (router.normalizePath ? router.normalizePath(p) : p);
  for (const one of list) {
    const paths: string[] = explorer.routePathFactory.create({ ...rpm, methodVersion: one }, requestMethod);
    if (paths.map(normalize).includes(registered)) return versionLabel(one);
  }
  throw new Error(`oracle: cannot tell the version of ${registered}`);
}

/** Class name of each guard; a mixin class by its declared name and the function that made it. */
function describeGuards(guards: unknown[], level: OracleGuard['level']): OracleGuard[] {
  return guards.map((g: any) => {
    const cls = typeof g === 'function' ? g : g.constructor;
    const info = mixinInfo.get(cls);
    if (!info) return { name: cls.name, level };
    return info.factory ? { name: info.inner, level, mixinFactory: info.factory } : { name: info.inner, level };
  });
}

/**
 * The chain as Nest's GuardsContextCreator builds it, split by level. For a request-scoped route
 * (a request-scoped controller, guard, or global guard makes it one) it is built the way
 * `createRequestScopedHandler` does per request: a fresh context id, the controller loaded in it.
 */
function guardChain(
  explorer: any, instance: any, callback: object, moduleKey: string, contextId: unknown = STATIC_CONTEXT, inquirerId?: string,
): OracleGuard[] {
  return enhancerChain('guards', explorer, instance, callback, moduleKey, contextId, inquirerId);
}

/** The interceptors as Nest's InterceptorsContextCreator builds them (same split and check as guards). */
function interceptorChain(
  explorer: any, instance: any, callback: object, moduleKey: string, contextId: unknown = STATIC_CONTEXT, inquirerId?: string,
): OracleGuard[] {
  return enhancerChain('interceptors', explorer, instance, callback, moduleKey, contextId, inquirerId);
}

function enhancerChain(
  what: 'guards' | 'interceptors', explorer: any, instance: any, callback: object, moduleKey: string, contextId: unknown, inquirerId?: string,
): OracleGuard[] {
  const creator = what === 'guards' ? explorer.executionContextCreator.guardsContextCreator : explorer.executionContextCreator.interceptorsContextCreator;
  const key = what === 'guards' ? GUARDS_METADATA : INTERCEPTORS_METADATA;
  const full: unknown[] = creator.create(instance, callback, moduleKey, contextId, inquirerId);
  const concrete = (meta: unknown): unknown[] => creator.createConcreteContext(meta ?? [], contextId, inquirerId);
  const globals = concrete(creator.getGlobalMetadata(contextId, inquirerId));
  const ofClass = concrete(Reflect.getMetadata(key, instance.constructor));
  const ofHandler = concrete(Reflect.getMetadata(key, callback));
  const parts = [...globals, ...ofClass, ...ofHandler];
  if (parts.length !== full.length || parts.some((g, i) => g !== full[i])) {
    throw new Error(`oracle: ${what} chain split disagrees with Nest for ${instance.constructor.name}`);
  }
  return [
    ...describeGuards(globals, 'global'),
    ...describeGuards(ofClass, 'controller'),
    ...describeGuards(ofHandler, 'handler'),
  ];
}

async function requestScopedChain(explorer: any, wrapper: any, methodName: string, moduleKey: string): Promise<{ guards: OracleGuard[]; interceptors: OracleGuard[] }> {
  const contextId = createContextId();
  const moduleRef = explorer.container.getModuleByKey(moduleKey);
  const instance = await explorer.injector.loadPerContext(wrapper.instance, moduleRef, moduleRef.controllers, contextId);
  return {
    guards: guardChain(explorer, instance, instance[methodName], moduleKey, contextId, wrapper.id),
    interceptors: interceptorChain(explorer, instance, instance[methodName], moduleKey, contextId, wrapper.id),
  };
}

function hookRouterExplorer(): void {
  const { RouterExplorer } = require('@nestjs/core/router/router-explorer');
  const original = RouterExplorer.prototype.applyCallbackToRouter;
  RouterExplorer.prototype.applyCallbackToRouter = function (
    this: any, router: any, routeDefinition: any, instanceWrapper: any, moduleKey: string, routePathMetadata: any, host: any,
  ) {
    const session = current;
    if (!session) return original.apply(this, arguments);
    const { requestMethod, targetCallback, methodName } = routeDefinition;
    const guards: OracleGuard[] = [];
    const interceptors: OracleGuard[] = [];
    if (instanceWrapper.isDependencyTreeStatic()) {
      guards.push(...guardChain(this, instanceWrapper.instance, targetCallback, moduleKey));
      interceptors.push(...interceptorChain(this, instanceWrapper.instance, targetCallback, moduleKey));
    } else {
      session.pending.push(requestScopedChain(this, instanceWrapper, methodName, moduleKey).then((chain) => {
        guards.push(...chain.guards);
        interceptors.push(...chain.interceptors);
      }));
    }
    const factory = this.routerMethodFactory;
    const explorer = this;
    factory.get = function (target: any, method: number) {
      const register = Object.getPrototypeOf(factory).get.call(factory, target, method);
      return function (this: any, path: string, ...handlers: unknown[]) {
        session.routes.push({
          httpMethod: RequestMethod[requestMethod],
          path,
          version: versionOf(explorer, router, routePathMetadata, requestMethod, path),
          host: host ?? null,
          controller: instanceWrapper.name,
          handler: methodName,
          guards,
          interceptors,
          controllerClass: instanceWrapper.metatype,
          handlerFn: targetCallback,
        });
        return register.call(this, path, ...handlers);
      };
    };
    try {
      return original.apply(this, arguments);
    } finally {
      delete factory.get;
    }
  };
}

/** Remembers, per mixin class, its declared name and the function that called `mixin` (e.g. `AuthGuard`). */
function hookMixin(): void {
  const target = require('@nestjs/common/decorators/core/injectable.decorator');
  const original = target.mixin;
  target.mixin = function (mixinClass: any) {
    const inner: string = mixinClass.name;
    const factory = callerName();
    const result = original(mixinClass);
    mixinInfo.set(result, { inner, factory });
    return result;
  };
}

function callerName(): string | undefined {
  const saved = Error.prepareStackTrace;
  try {
    Error.prepareStackTrace = (_e, frames) => frames;
    const holder: { stack?: NodeJS.CallSite[] } = {};
    Error.captureStackTrace(holder, callerName);
    // [0] is the mixin wrapper, [1] the function that called it
    return holder.stack?.[1]?.getFunctionName() ?? undefined;
  } finally {
    Error.prepareStackTrace = saved;
  }
}

function hookCreateDecorator(): void {
  const reflector = Reflector as any;
  const original = reflector.createDecorator;
  reflector.createDecorator = function (...args: unknown[]) {
    const decorator = original.apply(this, args);
    createdDecoratorKeys.add(decorator.KEY);
    return decorator;
  };
}

/** `listen()` of an app created during a session only initialises it (routes get registered), no port. */
function hookListen(): void {
  const { NestApplication } = require('@nestjs/core/nest-application');
  const original = NestApplication.prototype.listen;
  NestApplication.prototype.listen = async function (this: any, ...args: unknown[]) {
    const session = current;
    if (!session) return original.apply(this, args);
    if (session.serve) {
      // The app's own port and host are ignored: the probe listens on loopback only, on a free port.
      session.server = await original.call(this, 0, '127.0.0.1');
      await Promise.all(session.pending);
      session.resolve();
      return session.server;
    }
    await this.init();
    await Promise.all(session.pending);
    session.resolve();
    return this.getHttpServer();
  };
}

function hookFactory(): void {
  const factory = NestFactory as any;
  const original = factory.create;
  factory.create = async function (this: any, moduleCls: unknown, serverOrOptions?: any, options?: any) {
    const session = current;
    if (!session) return original.apply(this, arguments);
    session.started = true;
    const quiet = { logger: false, abortOnError: false };
    const args = this.isHttpServer(serverOrOptions)
      ? [moduleCls, serverOrOptions, { ...(options ?? {}), ...quiet }]
      : [moduleCls, { ...(serverOrOptions ?? {}), ...quiet }];
    try {
      const app = await original.apply(this, args);
      session.apps.push(app);
      return app;
    } catch (error) {
      session.reject(error);
      throw error;
    }
  };
}

/**
 * An entry that only makes an application context (a CLI, a migration runner) registers no route:
 * once the context is ready, the session ends with none, marked as not a server.
 */
function hookApplicationContext(): void {
  const factory = NestFactory as any;
  const original = factory.createApplicationContext;
  factory.createApplicationContext = async function (this: any, moduleCls: unknown, options?: any) {
    const session = current;
    if (!session) return original.apply(this, arguments);
    try {
      const context = await original.call(this, moduleCls, { ...(options ?? {}), logger: false, abortOnError: false });
      session.apps.push(context);
      if (!session.started) {
        session.contextOnly = true;
        session.resolve();
      }
      return context;
    } catch (error) {
      session.reject(error);
      throw error;
    }
  };
}
