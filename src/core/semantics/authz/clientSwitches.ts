/**
 * Checks the client can switch off: a guard that returns `true` on a header, query or body value
 * (`request.headers['x-admin-override'] === 'true'`, one operand of `return a || b || header`), and a
 * rejection that a client flag skips when sent (`if (!query.force && doc.ownerId !== user.id) throw`).
 * A value is the client's when every origin of it is something the client sent (data flow, `flow/`);
 * the path is judged per route elsewhere, and testing whether a credential was sent at all is not a
 * switch. A flag that asks for more (`if (body.force && !isAdmin) throw`) is a condition of the
 * request, not a switch: only a value whose sending turns the rejection off is one.
 */
import { Node, SyntaxKind } from 'ts-morph';
import type { Identifier, Statement } from 'ts-morph';
import { shortText, unwrap } from '../ast';
import type { ClientOrigin, Origin } from '../flow/origin';
import { describeClient } from '../flow/origin';
import type { FlowScope } from '../flow/scope';
import { bindingOf, ownNodes, returnedValues } from '../flow/names';
import { leaves } from '../flow/effects';

/** What the switch turns off. */
export type Skipped = 'owner' | 'role' | 'credential' | 'check';

export interface ClientSwitch {
  /** The client-controlled condition. */
  node: Node;
  text: string;
  client: ClientOrigin;
  /** `the x-admin-override header`. */
  value: string;
  skips: Skipped;
  /** `returns true` (a guard lets the request through) or `skips the check` (a rejection is not reached). */
  how: 'returns true' | 'skips the check';
  /** The check it switches off, as written (`doc.ownerId !== user.id`), when it is a rejection. */
  check?: string;
}

/** Testing whether a credential was sent at all is the authentication's business, not a switch. */
const CREDENTIAL_FIELD = /authorization|token|api[-_]?key|cookie|session|jwt|bearer|signature|cert/i;
const ADMIN = /admin|superuser|\brole|roles\b|permission|\bscope/i;

/** The client's value when every origin of the condition is one (URL and credential presence excluded). */
export function clientOnly(e: Node, scope: FlowScope): ClientOrigin | undefined {
  const os: Origin[] = scope.originsOf(e);
  if (os.length === 0 || !os.every((o) => o.kind === 'client')) return undefined;
  const clients = os as ClientOrigin[];
  if (clients.some((c) => c.source === 'url' || (c.field !== undefined && CREDENTIAL_FIELD.test(c.field)))) return undefined;
  return clients[0];
}

/** Parts of which any one suffices: the operands of `a || b`, through a local holding such an expression. */
function sufficient(e: Node, scope: FlowScope, depth = 0): Node[] {
  const u = unwrap(e);
  if (Node.isBinaryExpression(u) && u.getOperatorToken().getKind() === SyntaxKind.BarBarToken) {
    return [...sufficient(u.getLeft(), scope, depth), ...sufficient(u.getRight(), scope, depth)];
  }
  const held = Node.isIdentifier(u) && depth < 3 ? heldValue(u, scope) : undefined;
  return held ? sufficient(held, scope, depth + 1) : [u];
}

/** The one value a local holds (`const debugging = req.query.debug === '1'`). */
function heldValue(id: Node, scope: FlowScope): Node | undefined {
  const b = bindingOf(id as Identifier, (x) => scope.host.resolveDeclaration(x));
  return b?.kind === 'variable' && b.values.length === 1 && b.values[0].path.length === 0 ? b.values[0].node : undefined;
}

/** Conjuncts of `a && b && c`. */
function conjuncts(e: Node): Node[] {
  const u = unwrap(e);
  return Node.isBinaryExpression(u) && u.getOperatorToken().getKind() === SyntaxKind.AmpersandAmpersandToken
    ? [...conjuncts(u.getLeft()), ...conjuncts(u.getRight())] : [u];
}

function classify(parts: Node[], scope: FlowScope, fallback: Skipped): Skipped {
  for (const p of parts) {
    const os = scope.originsOf(p);
    const identity = os.filter((o) => o.kind === 'identity');
    if (identity.length === 0) continue;
    if (identity.some((o) => o.kind === 'identity' && ADMIN.test(`${o.field ?? ''} ${p.getText()}`))) return 'role';
    if (os.some((o) => o.kind !== 'identity')) return 'owner';
  }
  // A value compared with a secret is a credential check; a secret alone is a setting (`!process.env.NOT_SECURED`).
  const credential = parts.some((p) => {
    const os = scope.originsOf(p);
    return os.some((o) => o.kind === 'secret') && os.some((o) => o.kind === 'client');
  });
  return credential ? 'credential' : fallback;
}

function make(node: Node, client: ClientOrigin, skips: Skipped, how: ClientSwitch['how'], check?: Node): ClientSwitch {
  return { node, text: shortText(node), client, value: describeClient(client), skips, how, ...(check ? { check: shortText(check) } : {}) };
}

/** A guard's ways to `true` on a client value: `if (P) return true`, `return a || P`, `return P ? true : …`. */
export function guardSwitches(method: Node, scope: FlowScope, guardKind: Skipped): ClientSwitch[] {
  const out: ClientSwitch[] = [];
  const rest = decidingParts(method, scope);
  const consider = (cond: Node): void => {
    for (const part of sufficient(cond, scope)) {
      const c = clientOnly(part, scope);
      // Passing unless the client sends something (`if (!headers[IMPERSONATION]) return true`) only restricts an opt-in.
      if (c && whenSent(part, 'any', scope) === true) out.push(make(part, c, classify(rest.filter((x) => x !== part && !part.containsRange(x.getPos(), x.getEnd())), scope, guardKind), 'returns true'));
    }
  };
  for (const n of ownNodes(method)) {
    if (Node.isIfStatement(n) && returnsTrue(n.getThenStatement())) consider(n.getExpression());
    if (Node.isConditionalExpression(n) && n.getWhenTrue().getKind() === SyntaxKind.TrueKeyword) consider(n.getCondition());
  }
  for (const v of returnedValues(method)) {
    if (v.getKind() === SyntaxKind.TrueKeyword || Node.isConditionalExpression(unwrap(v))) continue;
    consider(v);
  }
  return out;
}

/** What else decides the guard's answer (what a switch skips): returned values and rejecting conditions. */
function decidingParts(method: Node, scope: FlowScope): Node[] {
  const returned = returnedValues(method).filter((v) => v.getKind() !== SyntaxKind.TrueKeyword).flatMap((v) => sufficient(v, scope));
  const rejecting = ownNodes(method).filter(Node.isIfStatement).filter((n) => rejects(n.getThenStatement())).map((n) => n.getExpression());
  return [...returned, ...rejecting];
}

function returnsTrue(st: Statement): boolean {
  const last = Node.isBlock(st) ? st.getStatements().slice(-1)[0] : st;
  return !!last && Node.isReturnStatement(last) && last.getExpression()?.getKind() === SyntaxKind.TrueKeyword;
}

/** Rejections a client value skips: `if (A && P && B) throw …` is not reached when `P` is false. */
export function skippedRejections(fn: Node, scope: FlowScope): ClientSwitch[] {
  const out: ClientSwitch[] = [];
  for (const n of ownNodes(fn)) {
    if (!Node.isIfStatement(n) || !rejects(n.getThenStatement())) continue;
    const parts = conjuncts(n.getExpression());
    if (parts.length < 2) continue;
    for (const p of parts) {
      const c = clientOnly(p, scope);
      if (!c || whenSent(p, 'flag', scope) !== false) continue;
      const checks = skippedChecks(parts.filter((x) => x !== p), scope);
      if (checks.length > 0) out.push(make(p, c, classify(checks, scope, 'check'), 'skips the check', checks[0]));
    }
  }
  return out;
}

/**
 * The parts of a rejection that check the request: they read the caller, or a value the client sent
 * (`state !== stateCookie`) other than another flag; the caller's first. A rejection that only
 * requires the switch's value (`if (provider.externalUrl && !externalUrl) throw`) is validation, and a
 * setting alone (`!process.env.NOT_SECURED`) checks nothing.
 */
function skippedChecks(others: Node[], scope: FlowScope): Node[] {
  const checks = others.map((p) => ({ p, os: scope.originsOf(p) }))
    .filter((x) => x.os.some((o) => o.kind === 'identity')
      || (x.os.some((o) => o.kind === 'client') && !(clientOnly(x.p, scope) && whenSent(x.p, 'flag', scope) !== undefined)));
  return [...checks.filter((x) => x.os.some((o) => o.kind === 'identity')), ...checks.filter((x) => !x.os.some((o) => o.kind === 'identity'))].map((x) => x.p);
}

/** The branch refuses: it throws, or returns something other than `true` (`return false`, an error answer). */
function rejects(st: Statement): boolean {
  const how = leaves(st);
  if (how === 'throws') return true;
  if (how !== 'returns') return false;
  const last = Node.isBlock(st) ? st.getStatements().slice(-1)[0] : st;
  return !!last && Node.isReturnStatement(last) && last.getExpression()?.getKind() !== SyntaxKind.TrueKeyword;
}

const FLAG_ON = new Set(['true', '1', 'yes', 'on']);

/**
 * The value of a condition on a client value when the client sends it (`!force` is false,
 * `debug === 'true'` is true, `flag !== '1'` is false); undefined when that is not such a test. With
 * `flag`, only a flag literal counts as sent (`role !== 'user'` compares data, not a switch); with
 * `any`, the client sends whatever literal it is compared with (`headers.proxied === 'nginx'`).
 */
export function whenSent(e: Node, literals: 'flag' | 'any', scope?: FlowScope, depth = 0): boolean | undefined {
  const u = unwrap(e);
  const held = Node.isIdentifier(u) && scope && depth < 3 ? heldValue(u, scope) : undefined;
  if (held) return whenSent(held, literals, scope, depth + 1);
  if (Node.isPrefixUnaryExpression(u) && u.getOperatorToken() === SyntaxKind.ExclamationToken) {
    const inner = whenSent(u.getOperand(), literals, scope, depth);
    return inner === undefined ? undefined : !inner;
  }
  if (Node.isIdentifier(u) || Node.isPropertyAccessExpression(u) || Node.isElementAccessExpression(u)) return true;
  if (Node.isCallExpression(u) && u.getExpression().getText() === 'Boolean' && u.getArguments().length === 1) return whenSent(u.getArguments()[0], literals, scope, depth);
  if (!Node.isBinaryExpression(u)) return undefined;
  const op = u.getOperatorToken().getKind();
  const equal = op === SyntaxKind.EqualsEqualsEqualsToken || op === SyntaxKind.EqualsEqualsToken;
  if (!equal && op !== SyntaxKind.ExclamationEqualsEqualsToken && op !== SyntaxKind.ExclamationEqualsToken) return undefined;
  const lit = [u.getLeft(), u.getRight()].map(literalKind).find((k) => k !== undefined);
  if (lit === undefined || (lit === 'other' && literals === 'flag')) return undefined;
  return lit === 'absent' ? !equal : equal;
}

/** `'true'`, `1`, `true`: the flag set; `undefined`, `null`: the value absent; another literal. */
function literalKind(n: Node): 'on' | 'absent' | 'other' | undefined {
  const u = unwrap(n);
  if (u.getKind() === SyntaxKind.TrueKeyword) return 'on';
  if (u.getKind() === SyntaxKind.NullKeyword || (Node.isIdentifier(u) && u.getText() === 'undefined')) return 'absent';
  if (Node.isStringLiteral(u) || Node.isNoSubstitutionTemplateLiteral(u)) return FLAG_ON.has(u.getLiteralText().toLowerCase()) ? 'on' : 'other';
  if (Node.isNumericLiteral(u)) return u.getLiteralText() === '1' ? 'on' : 'other';
  if (u.getKind() === SyntaxKind.FalseKeyword) return 'other';
  return undefined;
}
