/**
 * Which metadata means "roles" and which means "public", by the key and the decorator's name
 * (built-in patterns plus the project's own names from settings).
 */
import type { GuardCoverageConfig } from '../config';
import type { MetadataEntry } from '../model';
import { truthy, type Value } from './values';

const ROLE_PATTERN = /role|permission|scope|claim|polic|abilit|authorit|privilege/i;
const PUBLIC_PATTERN = /public|skip.?auth|allow.?anon|anonymous|no.?auth|unauthenticated|unprotected|open.?route/i;

export function metadataKind(key: string, decorator: string, value: Value, config: GuardCoverageConfig): MetadataEntry['kind'] {
  const names = [key, decorator, key.replace(/^createDecorator:/, '')];
  if (names.some((n) => config.publicMarkers.includes(n))) return truthy(value) === false ? 'other' : 'public';
  if (names.some((n) => config.roleMarkers.includes(n))) return 'roles';
  if (names.some((n) => PUBLIC_PATTERN.test(n))) return truthy(value) === false ? 'other' : 'public';
  if (names.some((n) => ROLE_PATTERN.test(n))) return 'roles';
  return 'other';
}
