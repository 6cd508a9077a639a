/**
 * The env part of an app's index: which files were read and which variables the analysis read
 * (each with where the app reads it). Values of secret-looking variables are never shown: the
 * report ends up in CI logs and SARIF files.
 */
import * as path from 'path';
import type { Node } from 'ts-morph';
import type { EnvReport, EnvVariable, SourceLocation } from '../model';
import type { ResolvedEnv } from '../project/appEnv';

/** Names whose values are credentials, not configuration. */
export const SECRET_NAME = /SECRET|PASSW|PWD$|TOKEN|PRIVATE|CREDENTIAL|API_?KEY|(^|_)KEY($|_)|SALT|SIGNING|CERT|DSN|(^|_)(DATABASE|DB|MONGO|MONGODB|REDIS|POSTGRES|MYSQL|AMQP|RABBITMQ)_?(URL|URI)$/i;
/** A value that carries credentials whatever its name (`postgres://user:pass@host`). */
const CREDENTIALS_IN_VALUE = /:\/\/[^/\s:@]+:[^/\s@]+@/;

export function isSecretLooking(name: string, value: string): boolean {
  return SECRET_NAME.test(name) || CREDENTIALS_IN_VALUE.test(value);
}

export function envReport(env: ResolvedEnv, reads: ReadonlyMap<string, ReadonlySet<Node>>, root: string, locate: (node: Node) => SourceLocation): EnvReport {
  const variables: EnvVariable[] = [...reads.keys()].sort().map((name) => {
    const value = env.run.vars.get(name);
    const readAt = uniqueLocations([...reads.get(name)!].map(locate));
    const v: EnvVariable = { name, set: value !== undefined, readAt };
    if (value !== undefined && !isSecretLooking(name, value) && !value.startsWith('encrypted:')) v.value = value;
    return v;
  });
  const files = env.files.map((f) => ({ file: relative(root, f.file), found: f.found }));
  return { origin: env.origin, files, variables };
}

function uniqueLocations(locs: SourceLocation[]): SourceLocation[] {
  const seen = new Set<string>();
  return locs
    .filter((l) => {
      const key = `${l.file}:${l.line}:${l.column ?? 0}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}

function relative(root: string, file: string): string {
  const rel = path.relative(root, file).split(path.sep).join('/');
  return rel.startsWith('..') || path.isAbsolute(rel) ? file.split(path.sep).join('/') : rel;
}
