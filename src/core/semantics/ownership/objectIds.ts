/**
 * Which values stand for the object a route acts on: the route's id parameters (`:id`, `:userId`,
 * `:slug`, the `idParams` setting), and what was loaded with them (`await this.docs.findOne(id)`).
 */
import type { GuardCoverageConfig } from '../../config';
import type { Route } from '../../model';
import type { ClientOrigin, Origin } from '../flow/origin';

export function isIdParam(name: string, config: GuardCoverageConfig): boolean {
  if (config.idParams.some((p) => p.toLowerCase() === name.toLowerCase())) return true;
  return /^(id|slug|uuid|guid)$/i.test(name) || /[a-z0-9]Id$/.test(name) || /_id$/i.test(name) || /[a-z0-9](Uuid|Slug)$/.test(name);
}

export function idParamsOf(route: Route, config: GuardCoverageConfig): string[] {
  return route.params.filter((p) => isIdParam(p, config));
}

/** The object ids of a route, and a test of whether a value is one of them or was loaded by one. */
export interface ObjectRefs {
  /** `:id`, `:orgId`: for messages. */
  names: string[];
  isId(o: Origin): boolean;
  /** The id itself, or an object (or a field of it) loaded by it. */
  isObject(o: Origin): boolean;
}

export function pathRefs(ids: string[]): ObjectRefs {
  const idClient = (c: ClientOrigin): boolean => c.source === 'path' && (c.field === undefined || ids.includes(c.field.split('.')[0]));
  const isId = (o: Origin): boolean => o.kind === 'client' && idClient(o);
  return {
    names: ids.map((i) => `:${i}`),
    isId,
    isObject: (o) => isId(o) || (o.kind === 'loaded' && o.by.some(idClient)),
  };
}
