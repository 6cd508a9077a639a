/**
 * Credential checks inside a route handler: a handler whose every way to its effect first compares a
 * value the client sent with a secret setting (or compares in constant time) and throws or returns
 * otherwise. Plain data for the verdict (a protection source) and for the rules (secret in the URL,
 * comparison not in constant time, a comparison that only logs).
 */
import { Node, SyntaxKind } from 'ts-morph';
import type { MethodDeclaration } from 'ts-morph';
import type { Route, SourceLocation } from '../../model';
import type { SemanticsHost } from '../host';
import type { ClientSource } from '../flow/origin';
import { describeClient, describeSecret } from '../flow/origin';
import { handlerScope } from '../flow/handlerParams';
import { FlowScope } from '../flow/scope';
import type { SecretComparison } from './secretTests';
import { secretComparisons } from './secretTests';
import { walkGate } from './gate';
import { endOf } from '../../project/position';

export interface SecretCheckFact {
  /** The comparison: `key !== this.config.get('CRON_KEY')`, `timingSafeEqual(...)`. */
  at: SourceLocation & { endLine: number; endColumn: number };
  text: string;
  /** Where the client's value comes from, and its field (header name, query key, parameter). */
  source: ClientSource;
  field?: string;
  /** `the x-cron-key header`. */
  value: string;
  /** `CRON_KEY from configuration`, `process.env.CRON_KEY`; undefined when not traced to a setting. */
  secret?: string;
  constantTime: boolean;
  /** The helper holding the comparison (`this.isValidKey`), when it is not written in the handler. */
  via?: string;
  /** The method or function the comparison is written in: `CronController.assertKey`, `verifyKey`. */
  holder: string;
}

export interface HandlerCheckFacts {
  /** The check every way to the effect passes first, when there is one. */
  check?: SecretCheckFact & { rejects: 'throws' | 'returns'; helper?: string };
  /** Comparisons with a secret whose outcome only reaches a log line. */
  logsOnly: SecretCheckFact[];
}

const NONE: HandlerCheckFacts = { logsOnly: [] };

export function handlerCheckFacts(route: Route, host: SemanticsHost): HandlerCheckFacts {
  const handler = host.handlerOf(route);
  if (!handler) return NONE;
  const walked = walkGate(handler, handlerScope(handler, host));
  const logsOnly = walked.logsOnly.map((c) => fact(c, host));
  if (!walked.gate) return { logsOnly };
  const g = walked.gate;
  return { check: { ...fact(g.comparison, host), rejects: g.rejects, ...(g.helper ? { helper: g.helper } : {}) }, logsOnly };
}

/** Secret comparisons in a guard's `canActivate` (its first parameter is the execution context). */
export function guardSecretComparisons(method: MethodDeclaration, host: SemanticsHost): SecretCheckFact[] {
  const scope = new FlowScope(method, [[{ kind: 'context', exact: true }]], host);
  return secretComparisons(method, scope).map((c) => fact(c, host));
}

function fact(c: SecretComparison, host: SemanticsHost): SecretCheckFact {
  const node: Node = c.node;
  const start = host.locate(node);
  const end = endOf(node);
  return {
    at: { ...start, endLine: end.line, endColumn: end.column },
    text: node.getText().replace(/\s+/g, ' '),
    source: c.client.source,
    ...(c.client.field ? { field: c.client.field } : {}),
    value: describeClient(c.client),
    ...(c.secret ? { secret: describeSecret(c.secret) } : {}),
    constantTime: c.constantTime,
    ...(c.via ? { via: c.via } : {}),
    holder: holderOf(node),
  };
}

function holderOf(node: Node): string {
  const fn = node.getFirstAncestor((a) => Node.isMethodDeclaration(a) || Node.isFunctionDeclaration(a));
  const name = fn && (Node.isMethodDeclaration(fn) || Node.isFunctionDeclaration(fn)) ? fn.getName() ?? '(anonymous)' : '(anonymous)';
  const cls = node.getFirstAncestorByKind(SyntaxKind.ClassDeclaration)?.getName();
  return cls ? `${cls}.${name}` : name;
}

/** The `why` fragment of a handler check: `compares the x-cron-key header with CRON_KEY from configuration and throws otherwise`. */
export function describeCheck(check: NonNullable<HandlerCheckFacts['check']>): string {
  const withWhat = check.secret ? `with ${check.secret}` : 'in constant time';
  const how = check.constantTime && check.secret ? ' in constant time' : '';
  const where = check.helper ? ` (in ${check.helper})` : check.via ? ` (in ${check.via})` : '';
  const otherwise = check.rejects === 'throws' ? 'throws otherwise' : 'returns before any effect otherwise';
  return `compares ${check.value} ${withWhat}${how}${where} and ${otherwise}`;
}

/** The client value travels in the URL (query string or path), where logs and proxies keep it. */
export function inUrl(f: SecretCheckFact): boolean {
  return f.source === 'query' || f.source === 'path' || f.source === 'url';
}
