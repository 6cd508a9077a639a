/**
 * Where a value comes from, as data flow sees it. Transient analysis values: an `instance` origin
 * holds a class declaration while the pass runs; nothing here is stored in the index.
 */
import type { ClassDeclaration } from 'ts-morph';
import type { ClientSource } from './vocabulary';

export type { ClientSource };

interface Base {
  /**
   * The value itself, possibly converted (`parseInt(id)`, `key.trim()`, `a ?? b`); false when only
   * computed from it (`x === 'true'`, `ids.split(',')`): still controlled by it, but not the same value.
   */
  exact: boolean;
}

/** The HTTP request object. */
export interface RequestOrigin extends Base { kind: 'request' }
/** The `ExecutionContext` (or `switchToHttp()` of it). */
export interface ContextOrigin extends Base { kind: 'context' }
/** Sent by the client: `field` is the parameter, query key, body property path or header (lower case). */
export interface ClientOrigin extends Base { kind: 'client'; source: ClientSource; field?: string }
/** The caller's identity as the server established it: `via` says how (`req.user`, `@CurrentUser()`, `ClsService`). */
export interface IdentityOrigin extends Base { kind: 'identity'; via: string; field?: string }
/** A setting that may hold a secret: `process.env.X`, `ConfigService.get('X')`, a `registerAs` value. */
export interface SecretOrigin extends Base { kind: 'secret'; source: 'env' | 'config'; name: string }
/** An injected config service (`ConfigService`) or config object (`@Inject(cfg.KEY)`). */
export interface SettingsOrigin extends Base { kind: 'settings'; service: 'config' | 'configObject'; name?: string }
/** A request-context store: nestjs-cls `ClsService`, `AsyncLocalStorage`. */
export interface StoreOrigin extends Base { kind: 'store'; service: 'cls' | 'als' }
/** An injected instance of a project class (`this.orders` typed `OrdersService`). */
export interface InstanceOrigin extends Base { kind: 'instance'; cls: ClassDeclaration; name: string }
/**
 * What a call not otherwise followed returned, when the client's values went into it
 * (`await this.repo.findOneBy({ id })`): an object loaded by them. `field` is the member read from it.
 */
export interface LoadedOrigin extends Base { kind: 'loaded'; by: ClientOrigin[]; call: string; field?: string }

export type Origin = RequestOrigin | ContextOrigin | ClientOrigin | IdentityOrigin | SecretOrigin | SettingsOrigin | StoreOrigin | InstanceOrigin | LoadedOrigin;

export const inexact = (o: Origin): Origin => (o.exact ? { ...o, exact: false } : o);

export function isClient(o: Origin): o is ClientOrigin {
  return o.kind === 'client';
}

export function isIdentity(o: Origin): o is IdentityOrigin {
  return o.kind === 'identity';
}

export function isSecret(o: Origin): o is SecretOrigin {
  return o.kind === 'secret';
}

/** Words for messages: `the x-cron-key header`, `the query parameter key`, `body.ownerId`. */
export function describeClient(o: ClientOrigin): string {
  const f = o.field;
  switch (o.source) {
    case 'header': return f ? `the ${f} header` : 'a header';
    case 'query': return f ? `the query parameter ${f}` : 'the query';
    case 'path': return f ? `the path parameter :${f}` : 'a path parameter';
    case 'body': return f ? `body.${f}` : 'the body';
    case 'cookie': return f ? `the ${f} cookie` : 'a cookie';
    case 'url': return 'the URL';
  }
}

export function describeSecret(o: SecretOrigin): string {
  return o.source === 'env' ? `process.env.${o.name}` : `${o.name} from configuration`;
}

/** Drop repeated origins (same kind, source and field). */
export function uniqueOrigins(list: Origin[]): Origin[] {
  const seen = new Set<string>();
  return list.filter((o) => {
    const key = JSON.stringify({ ...o, cls: o.kind === 'instance' ? o.name : undefined });
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
