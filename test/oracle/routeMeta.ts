/**
 * Roles and public marker per route, as a guard reading them with
 * `reflector.getAllAndOverride(key, [handler, class])` sees them.
 *
 * Which keys mean what is decided by name, the way a reader of the fixture would:
 * a key (or the exported name of a `Reflector.createDecorator` decorator) matching /roles?|permissions?/i
 * carries roles, one matching /public/i is the public marker.
 */
import * as path from 'path';
import * as nestConstants from '@nestjs/common/constants';
import { createdDecoratorKeys, type RawRoute } from './nestHooks';
import type { OracleMeta } from './types';

const ROLE_LABEL = /roles?$|permissions?$/i;
const PUBLIC_LABEL = /public/i;

const nestKeys = new Set<unknown>(Object.values(nestConstants));

function isCustomKey(key: unknown): key is string {
  return typeof key === 'string' && !nestKeys.has(key) && !key.startsWith('design:') && !key.startsWith('self:');
}

/** Exported names of `createDecorator` decorators in the fixture's loaded modules, by key. */
function decoratorNames(fixtureDir: string): Map<string, string> {
  const names = new Map<string, string>();
  for (const [file, mod] of Object.entries(require.cache)) {
    if (!mod || !file.startsWith(fixtureDir + path.sep)) continue;
    for (const [name, value] of Object.entries(mod.exports ?? {})) {
      const key = typeof value === 'function' ? (value as { KEY?: unknown }).KEY : undefined;
      if (typeof key === 'string' && createdDecoratorKeys.has(key)) names.set(key, name);
    }
  }
  return names;
}

function keysOf(target: object): string[] {
  return Reflect.getMetadataKeys(target).filter(isCustomKey);
}

function asRoles(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]).map((v) => String(v));
}

export function routeMeta(routes: RawRoute[], fixtureDir: string): OracleMeta[] {
  const names = decoratorNames(fixtureDir);
  return routes.map((r) => {
    const keys = [...new Set([...keysOf(r.handlerFn), ...keysOf(r.controllerClass)])];
    const metadata: Record<string, unknown> = {};
    const roles: string[] = [];
    let isPublic = false;
    for (const key of keys) {
      const onHandler = Reflect.getMetadata(key, r.handlerFn);
      const value = onHandler !== undefined ? onHandler : Reflect.getMetadata(key, r.controllerClass);
      const label = names.has(key) ? `createDecorator:${names.get(key)}` : key;
      const word = names.get(key) ?? key;
      metadata[label] = value;
      if (ROLE_LABEL.test(word)) roles.push(...asRoles(value));
      if (PUBLIC_LABEL.test(word) && value) isPublic = true;
    }
    return {
      httpMethod: r.httpMethod, path: r.path, version: r.version, host: r.host,
      controller: r.controller, handler: r.handler, roles, public: isPublic, metadata,
    };
  });
}
