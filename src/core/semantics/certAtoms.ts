/**
 * What a condition that holds (or fails) on a way through tells about the client certificate:
 * - `authorized`: the TLS layer verified it (`socket.authorized` truthy or `=== true`);
 * - `present`: a certificate was presented (a field of it is set or looked up, `Object.keys(cert).length > 0`);
 *   testing the object itself (`if (!cert)`) is not: `getPeerCertificate()` returns `{}` without one;
 * - `trustedProxy`: the request came from an allowlisted proxy address; `header`: a request header was checked;
 * - `metadata` / `contextType`: a marker or the execution context decides (judged per route elsewhere);
 * - `credential`: something else that looks like a credential check (a token, a session).
 * Disjunctions keep only what every side establishes.
 */
import { Node, SyntaxKind } from 'ts-morph';
import { unwrap } from './ast';
import { declBinding, derives, derivesFromCertField, findCarried, kindOf, lexicalDecl, type Env, type Kind } from './symbolic';
import type { Fact } from './waysThrough';
import { METADATA_READ, CONTEXT_TYPE_TEST, PROXY_ADDRESS_CHECK, OTHER_CREDENTIAL, NOT_A_LOOKUP } from './tlsVocabulary';

export type Atom = 'authorized' | 'present' | 'trustedProxy' | 'header' | 'metadata' | 'contextType' | 'credential';

const NONE: ReadonlySet<Atom> = new Set();
const MAX_DEPTH = 14;

export function factAtoms(f: Fact): ReadonlySet<Atom> {
  if ('caught' in f) return NONE;
  return establish(f.node, f.env, f.holds, 0);
}

function union(a: ReadonlySet<Atom>, b: ReadonlySet<Atom>): ReadonlySet<Atom> {
  return new Set([...a, ...b]);
}

function intersect(a: ReadonlySet<Atom>, b: ReadonlySet<Atom>): ReadonlySet<Atom> {
  return new Set([...a].filter((x) => b.has(x)));
}

export function establish(node: Node, env: Env, holds: boolean, depth: number): ReadonlySet<Atom> {
  if (depth > MAX_DEPTH) return NONE;
  const e = unwrap(node);
  const text = e.getText();
  // Markers and the context type are ways judged per route: say so whatever else the condition holds.
  if (METADATA_READ.test(text)) return new Set(['metadata']);
  if (CONTEXT_TYPE_TEST.test(text)) return new Set(['contextType']);
  if (Node.isPrefixUnaryExpression(e) && e.getOperatorToken() === SyntaxKind.ExclamationToken) return establish(e.getOperand(), env, !holds, depth + 1);
  if (Node.isBinaryExpression(e)) return binary(e, env, holds, depth);
  if (Node.isConditionalExpression(e)) {
    const c = e.getCondition();
    return intersect(
      union(establish(c, env, true, depth + 1), establish(e.getWhenTrue(), env, holds, depth + 1)),
      union(establish(c, env, false, depth + 1), establish(e.getWhenFalse(), env, holds, depth + 1)),
    );
  }
  if (Node.isIdentifier(e)) {
    const decl = lexicalDecl(e);
    const b = decl ? declBinding(decl, env) : undefined;
    if (b?.kind === 'expr') return union(leaf(e, env, holds), establish(b.node, b.env, holds, depth + 1));
    return leaf(e, env, holds);
  }
  if (Node.isCallExpression(e)) {
    const replaced = env.calls.get(e);
    if (replaced?.kind === 'expr') return establish(replaced.node, replaced.env, holds, depth + 1);
    if (isBooleanCast(e)) return establish(e.getArguments()[0], env, holds, depth + 1);
  }
  return leaf(e, env, holds);
}

function isBooleanCast(e: Node): e is Node & { getArguments(): Node[] } {
  return Node.isCallExpression(e) && e.getExpression().getText() === 'Boolean' && e.getArguments().length === 1;
}

function binary(e: Node, env: Env, holds: boolean, depth: number): ReadonlySet<Atom> {
  if (!Node.isBinaryExpression(e)) return NONE;
  const op = e.getOperatorToken().getKind();
  const l = e.getLeft();
  const r = e.getRight();
  const est = (n: Node, h: boolean): ReadonlySet<Atom> => establish(n, env, h, depth + 1);
  if (op === SyntaxKind.AmpersandAmpersandToken) {
    return holds ? union(est(l, true), est(r, true)) : intersect(est(l, false), union(est(l, true), est(r, false)));
  }
  if (op === SyntaxKind.BarBarToken) {
    return holds ? intersect(est(l, true), union(est(l, false), est(r, true))) : union(est(l, false), est(r, false));
  }
  if (op === SyntaxKind.QuestionQuestionToken) return holds ? intersect(est(l, true), est(r, true)) : NONE;
  const negated = op === SyntaxKind.ExclamationEqualsEqualsToken || op === SyntaxKind.ExclamationEqualsToken;
  const equality = negated || op === SyntaxKind.EqualsEqualsEqualsToken || op === SyntaxKind.EqualsEqualsToken;
  if (equality) {
    const eq = negated ? !holds : holds;
    for (const [a, b] of [[l, r], [r, l]]) {
      const bt = unwrap(b).getText();
      // `x === true` holds: x is truthy; `x !== true` fails: the same. `x === false` says nothing we use.
      if (bt === 'true') return eq ? est(a, true) : NONE;
      if (bt === 'false') return NONE;
      // `cert.subject !== undefined` holds: the field is set. (`authorized !== undefined` is no verdict.)
      if (/^(null|undefined|0)$/.test(bt)) return eq ? NONE : without(est(a, true), 'authorized');
    }
    return eq ? union(equalsValue(l, r, env), equalsValue(r, l, env)) : NONE;
  }
  if (isSizeComparison(op)) return sizeTest(e, env, holds);
  return leaf(e, env, holds);
}

/**
 * `a === b` holds with `b` a literal that is set: then `a` is set too (`cn === 'client-a'`,
 * `typeof cn === 'string'`). A non-literal `b` may be undefined itself (an unset setting), so it proves nothing.
 */
function equalsValue(a: Node, b: Node, env: Env): ReadonlySet<Atom> {
  const kb = kindOf(b, env);
  if (kb.k !== 'literal' || kb.value === undefined || kb.value === null || kb.value === '') return NONE;
  const u = unwrap(a);
  if (Node.isTypeOfExpression(u)) return kb.value !== 'undefined' ? only(setAtoms(u.getExpression(), env), 'present') : NONE;
  return without(setAtoms(a, env), 'authorized');
}

/** What it means for `e` to hold a set value: a certificate field, a header, a lookup of either. */
function setAtoms(e: Node, env: Env): ReadonlySet<Atom> {
  const atoms = union(valueAtoms(kindOf(e, env), e, env), presence(e, env));
  // A header stands in for the field when no certificate is presented: the value needs none.
  if (atoms.has('present') && headerFallback(e, env)) return union(without(atoms, 'present'), new Set<Atom>(['header']));
  return atoms;
}

function without(s: ReadonlySet<Atom>, a: Atom): ReadonlySet<Atom> {
  return new Set([...s].filter((x) => x !== a));
}

function only(s: ReadonlySet<Atom>, a: Atom): ReadonlySet<Atom> {
  return s.has(a) ? new Set([a]) : NONE;
}

function isSizeComparison(op: SyntaxKind): boolean {
  return [SyntaxKind.GreaterThanToken, SyntaxKind.GreaterThanEqualsToken, SyntaxKind.LessThanToken, SyntaxKind.LessThanEqualsToken].includes(op);
}

/** `Object.keys(cert).length > 0`, `list.indexOf(cn) >= 0`: a non-empty certificate or a found identity. */
function sizeTest(e: Node, env: Env, holds: boolean): ReadonlySet<Atom> {
  if (!Node.isBinaryExpression(e)) return NONE;
  const op = e.getOperatorToken().getKind();
  const rhs = unwrap(e.getRight()).getText();
  const positive = (op === SyntaxKind.GreaterThanToken && /^(0|-1)$/.test(rhs)) || (op === SyntaxKind.GreaterThanEqualsToken && /^(1|0)$/.test(rhs));
  const negative = (op === SyntaxKind.LessThanToken && /^(1|0)$/.test(rhs)) || (op === SyntaxKind.LessThanEqualsToken && rhs === '0');
  if ((positive && holds) || (negative && !holds)) return leaf(e.getLeft(), env, true);
  return NONE;
}

/** What a simple value being truthy on the way establishes (a falsy one establishes nothing). */
function leaf(e: Node, env: Env, holds: boolean): ReadonlySet<Atom> {
  if (!holds) return NONE;
  const out = new Set<Atom>(setAtoms(e, env));
  if (PROXY_ADDRESS_CHECK.test(expandedText(e, env))) out.add('trustedProxy');
  if (OTHER_CREDENTIAL.test(expandedText(e, env))) out.add('credential');
  return out;
}

function valueAtoms(k: Kind, e: Node, env: Env): ReadonlySet<Atom> {
  if (k.k === 'authorized') return new Set(['authorized']);
  if (k.k === 'cert' && k.props.length > 0) return new Set(['present']);
  if (isKeysLength(e, env)) return new Set(['present']);
  if (derives(e, env, (x) => x.k === 'header')) return new Set(['header']);
  return NONE;
}

/** `Object.keys(cert).length` (also `entries`/`values`) of the certificate object. */
function isKeysLength(e: Node, env: Env): boolean {
  const u = unwrap(e);
  if (!Node.isPropertyAccessExpression(u) || u.getName() !== 'length') return false;
  const call = unwrap(u.getExpression());
  if (!Node.isCallExpression(call) || !/^Object\.(keys|entries|values|getOwnPropertyNames)$/.test(call.getExpression().getText())) return false;
  const arg = call.getArguments()[0];
  return arg !== undefined && kindOf(arg, env).k === 'cert';
}

/**
 * A truthy lookup of something read from the certificate means one was presented: `ALLOWED.includes(cn)`,
 * `this.allowlist.lookup(cert.fingerprint256)`, `map.get(fp)`, `pinned[cert.fingerprint256]`, `/re/.test(cn)`.
 */
function presence(e: Node, env: Env): ReadonlySet<Atom> {
  const u = unwrap(e);
  if (Node.isCallExpression(u)) {
    if (NOT_A_LOOKUP.test(u.getExpression().getText())) return NONE;
    const callee = u.getExpression();
    const receiver = Node.isPropertyAccessExpression(callee) ? callee.getExpression() : undefined;
    const fromCert = u.getArguments().some((a) => derivesFromCertField(a, env)) || (receiver !== undefined && derivesFromCertField(receiver, env));
    return fromCert ? new Set(['present']) : NONE;
  }
  if (Node.isElementAccessExpression(u)) {
    const arg = u.getArgumentExpression();
    return arg && derivesFromCertField(arg, env) ? new Set(['present']) : NONE;
  }
  return NONE;
}

/** The condition's text with its local names replaced by what they hold (a few levels). */
export function expandedText(e: Node, env: Env, depth = 0): string {
  let text = e.getText();
  if (depth > 3) return text;
  for (const id of [e, ...e.getDescendantsOfKind(SyntaxKind.Identifier)]) {
    if (!Node.isIdentifier(id)) continue;
    const decl = lexicalDecl(id);
    const b = decl ? declBinding(decl, env) : undefined;
    if (b?.kind === 'expr' && b.node !== e) text += ' ' + expandedText(b.node, b.env, depth + 1);
  }
  return text;
}

/**
 * A request header standing in for a certificate field when the client presents none:
 * `cert.serialNumber ? cert.serialNumber : req.headers['x-client-serial']`, `cert.fingerprint256 ?? req.header('x-fp')`.
 * Gives the alternative that reads the header. Any client can send it, so such a value needs no certificate.
 */
export function headerFallback(node: Node, env: Env): Node | undefined {
  return findCarried(node, env, (e, en) => {
    const alternatives = choiceAlternatives(e);
    if (!alternatives) return undefined;
    const header = alternatives.find((a) => derives(a, en, (k) => k.k === 'header') && !derivesFromCertField(a, en));
    return header && alternatives.some((a) => a !== header && derivesFromCertField(a, en)) ? header : undefined;
  });
}

function choiceAlternatives(e: Node): Node[] | undefined {
  if (Node.isConditionalExpression(e)) return [e.getWhenTrue(), e.getWhenFalse()];
  if (Node.isBinaryExpression(e) && [SyntaxKind.QuestionQuestionToken, SyntaxKind.BarBarToken].includes(e.getOperatorToken().getKind())) return [e.getLeft(), e.getRight()];
  return undefined;
}
