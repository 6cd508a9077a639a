/**
 * Does every way through a middleware function to `next()` require a valid credential? Each call of
 * `next()` (including inside callbacks, such as the one `jwt.verify` calls) is judged by what holds
 * when it is reached: the conditions around it, and the statements before it that reject the request
 * (a `throw`, `next(err)`, or a response sent and returned) unless a credential is present and
 * checked. A check of mere presence (`if (!req.headers.authorization) throw`) is no authentication:
 * any value passes. A way through inside a `catch` passes on failure.
 *
 * Interim: issue 8 asks for one way-through analysis shared with guards (`verdicts` owns it); when it
 * takes any function-like node, `judgeAllowPoint` becomes a call of it with `next()` as the way through.
 */
import { Node, SyntaxKind } from 'ts-morph';
import type { CallExpression, Statement } from 'ts-morph';
import { shortText, unwrap } from '../ast';

export type FunctionLike = Node & { getParameters(): Node[]; getBody(): Node | undefined };

export type WayThrough =
  | { kind: 'checked'; check: string }
  | { kind: 'passes'; reason: string }
  | { kind: 'unknown'; reason: string };

export interface MiddlewareParams {
  req: string;
  res: string;
  next: string;
}

/** Words that show a value is a credential (or derived from one). */
const CREDENTIAL = /authori[sz]ation|bearer|token|jwt|api.?key|apikey|secret|passw|credential|cookie|\bauth\b|x-[\w-]*key|signature|hmac|cert/i;
/** A check that goes beyond presence: verification, a lookup with the credential, a comparison, a server-side session or user. */
const VALIDATION = /verif|validat|authenticat|introspect|timingSafeEqual|compare\s*\(|isAuthenticated\s*\(|\.authorized\b|\b(req|request)\??\.user\b|\.session\??\.(user|userId|passport)\b|fingerprint/i;
/** Calls that throw when the token does not verify. */
const THROWING_VERIFY = /^(verify|verifyAsync|verifyIdToken|verifyToken|verifyJwt|verifyJWT|verifySessionCookie|jwtVerify)$/;
/** A call on an injected dependency whose answer is not read here. */
const SERVICE_CALL = /this\.\w+\.\w+\s*\(/;

export function paramsOf(fn: FunctionLike): MiddlewareParams | undefined {
  const names = fn.getParameters().map((p) => (p as unknown as { getName(): string }).getName());
  if (names.length < 3 || names.some((n) => !/^[A-Za-z_$][\w$]*$/.test(n))) return undefined;
  return { req: names[0], res: names[1], next: names[2] };
}

/** The calls that let the request through: `next()` (no argument, or `undefined`). */
export function allowPoints(fn: FunctionLike, p: MiddlewareParams): CallExpression[] {
  return fn.getDescendantsOfKind(SyntaxKind.CallExpression).filter((c) => {
    if (c.getExpression().getText() !== p.next) return false;
    const args = c.getArguments();
    return args.length === 0 || (args.length === 1 && /^(undefined|null|void 0)$/.test(args[0].getText()));
  });
}

/** Calls that hand `next` to something else (`passport.authenticate('jwt')(req, res, next)`). */
export function delegations(fn: FunctionLike, p: MiddlewareParams): CallExpression[] {
  return fn.getDescendantsOfKind(SyntaxKind.CallExpression)
    .filter((c) => c.getExpression().getText() !== p.next && c.getArguments().some((a) => a.getText() === p.next));
}

/** The function rejects somewhere: a `throw`, `next(err)`, or a response it sends itself. */
export function rejectsAnywhere(fn: FunctionLike, p: MiddlewareParams): boolean {
  return fn.getDescendantsOfKind(SyntaxKind.ThrowStatement).length > 0
    || fn.getDescendantsOfKind(SyntaxKind.CallExpression).some((c) => isErrorNext(c, p) || isResponseCall(c, p));
}

type CheckKind = 'validation' | 'presence' | 'other' | 'service';
interface Check {
  kind: CheckKind;
  /** The condition or call, as written (shortened). */
  text: string;
  /** What it does, for the reason: `rejects the request when !key`, `calls next() only when valid`. */
  says: string;
  node: Node;
}

export function judgeAllowPoint(allow: CallExpression, fn: FunctionLike, p: MiddlewareParams): WayThrough {
  const checks: Check[] = [];
  let child: Node = allow;
  let cur = allow.getParent();
  while (cur && child !== fn) {
    if (Node.isCatchClause(cur)) return { kind: 'passes', reason: 'calls next() when an error is caught (a failed check is swallowed)' };
    const cond = enclosingCondition(cur, child);
    if (cond) {
      const kind = classify(cond.node, fn);
      if (kind !== 'other' && kind !== 'service' && absence(cond.node, cond.positive)) {
        return { kind: 'passes', reason: `calls next() when no credential is presented (${cond.positive ? '' : '!'}${shortText(cond.node)}): anonymous requests pass` };
      }
      const text = shortText(cond.node);
      checks.push({ kind, text, says: `calls next() only when ${cond.positive ? text : `!(${text})`}`, node: cond.node });
    }
    if (Node.isBlock(cur) || Node.isSourceFile(cur) || Node.isCaseClause(cur)) {
      for (const s of precedingStatements(cur, child)) {
        const v = validatingStatement(s, fn, p);
        if (v) checks.push(v);
      }
    }
    if ((Node.isArrowFunction(cur) || Node.isFunctionExpression(cur)) && cur !== fn) {
      const verdict = throughVerifyCallback(cur, checks);
      if (verdict) return verdict;
    }
    child = cur;
    cur = cur.getParent();
  }
  const valid = checks.find((c) => c.kind === 'validation');
  if (valid) return { kind: 'checked', check: valid.says };
  const presence = checks.find((c) => c.kind === 'presence');
  if (presence) return { kind: 'passes', reason: `only checks that a credential is present (${presence.text}): any value passes` };
  const service = checks.find((c) => c.kind === 'service');
  if (service) return { kind: 'unknown', reason: `calls next() when ${service.text}, a service answer the analyzer does not follow` };
  const other = checks.find((c) => c.kind === 'other');
  if (other) return { kind: 'passes', reason: `calls next() without any credential check when ${other.text}` };
  return { kind: 'passes', reason: rejectsAnywhere(fn, p) ? 'calls next() with no credential check before it' : 'never rejects a request: every way reaches next()' };
}

/**
 * `jwt.verify(token, secret, (err, decoded) => { if (err) return res.sendStatus(403); next(); })`: a check
 * of the callback's error or result inside it is the verification; a callback that calls next() whatever
 * the error lets a failed verification through.
 */
function throughVerifyCallback(cb: Node, checks: Check[]): WayThrough | undefined {
  const call = cb.getParent();
  if (!call || !Node.isCallExpression(call) || !THROWING_VERIFY.test(calleeOf(call))) return undefined;
  const names = (cb as unknown as FunctionLike).getParameters().map((q) => (q as unknown as { getName(): string }).getName());
  const mentions = (c: Check): boolean => c.node.getDescendantsOfKind(SyntaxKind.Identifier).concat(Node.isIdentifier(c.node) ? [c.node] : [])
    .some((i) => names.includes(i.getText()));
  const onResult = checks.filter(mentions);
  if (onResult.length === 0) return { kind: 'passes', reason: `calls next() whatever ${shortText(call, 40)} reports` };
  for (const c of onResult) {
    c.kind = 'validation';
    c.says = `${c.says} (what ${call.getExpression().getText()}(...) reports)`;
  }
  return undefined;
}

function calleeOf(call: CallExpression): string {
  const callee = call.getExpression();
  return Node.isPropertyAccessExpression(callee) ? callee.getName() : callee.getText();
}

interface Enclosing { node: Node; positive: boolean; viaVerifyCallback?: boolean }

/** The condition that must hold (positive) or fail for `child` to run inside `parent`. */
function enclosingCondition(parent: Node, child: Node): Enclosing | undefined {
  if (Node.isIfStatement(parent) && child !== parent.getExpression()) return { node: parent.getExpression(), positive: child === parent.getThenStatement() };
  if (Node.isConditionalExpression(parent) && child !== parent.getCondition()) return { node: parent.getCondition(), positive: child === parent.getWhenTrue() };
  if (Node.isBinaryExpression(parent) && child === parent.getRight()) {
    const op = parent.getOperatorToken().getKind();
    if (op === SyntaxKind.AmpersandAmpersandToken) return { node: parent.getLeft(), positive: true };
    if (op === SyntaxKind.BarBarToken || op === SyntaxKind.QuestionQuestionToken) return { node: parent.getLeft(), positive: false };
  }
  return undefined;
}

/** The statements of a block before the one that holds `child`. */
function precedingStatements(block: Node, child: Node): Statement[] {
  const stmts = (block as unknown as { getStatements(): Statement[] }).getStatements();
  const i = stmts.findIndex((s) => s === child);
  return i < 0 ? [] : stmts.slice(0, i);
}

/** A statement before the way through that rejects unless a credential is checked. */
function validatingStatement(s: Statement, fn: FunctionLike, p: MiddlewareParams): Check | undefined {
  if (Node.isIfStatement(s)) {
    const then = s.getThenStatement();
    const elseStmt = s.getElseStatement();
    const cond = s.getExpression();
    // `if (!valid) throw`, or `if (valid) {...} else throw`: the code after runs only when the check held.
    const text = shortText(cond);
    if (exitsRejecting(then, p) && !elseStmt) return { kind: classify(cond, fn), text, says: `rejects the request when ${text}`, node: cond };
    if (elseStmt && exitsRejecting(elseStmt, p) && !exitsRejecting(then, p)) return { kind: classify(cond, fn), text, says: `rejects the request unless ${text}`, node: cond };
    return undefined;
  }
  if (Node.isTryStatement(s)) {
    const catchClause = s.getCatchClause();
    if (catchClause && !blockRejects(catchClause.getBlock(), p)) return undefined; // a failed check is swallowed
    for (const inner of s.getTryBlock().getStatements()) {
      const v = validatingStatement(inner, fn, p);
      if (v?.kind === 'validation') return v;
    }
    return undefined;
  }
  const verify = throwingVerify(s);
  return verify ? { kind: 'validation', text: shortText(verify), says: `verifies the credential with ${shortText(verify)}, which throws when it fails`, node: verify } : undefined;
}

/** `jwt.verify(token, secret)` as a statement or initialiser (awaited or not, not in a nested function). */
function throwingVerify(s: Statement): CallExpression | undefined {
  for (const c of s.getDescendantsOfKind(SyntaxKind.CallExpression)) {
    if (!THROWING_VERIFY.test(calleeOf(c))) continue;
    if (c.getFirstAncestor((a) => (Node.isArrowFunction(a) || Node.isFunctionExpression(a)) && a.getFirstAncestor((b) => b === s) !== undefined)) continue;
    // The callback form reports the failure to its callback instead of throwing.
    if (c.getArguments().some((a) => Node.isArrowFunction(a) || Node.isFunctionExpression(a))) continue;
    return c;
  }
  return undefined;
}

function classify(cond: Node, fn: FunctionLike): CheckKind {
  const text = expand(cond, fn, 0);
  if (VALIDATION.test(text) || comparesCredential(cond, text) || lookupWithCredential(text)) return 'validation';
  if (CREDENTIAL.test(text)) return 'presence';
  if (SERVICE_CALL.test(text)) return readsOnlyRequestShape(cond, fn) ? 'other' : 'service';
  return 'other';
}

/** Parts of the request that carry no credential: where it goes and where it comes from. */
const REQUEST_SHAPE = new Set(['url', 'originalUrl', 'path', 'baseUrl', 'ip', 'ips', 'method', 'hostname', 'protocol']);

/**
 * A service asked only about the request's path, method or address (`this.hits.count(req.ip)`, a limit
 * for `req.originalUrl`): whatever it answers, no credential decides it (a rate limit, a route table).
 * The request handed over whole, or any other part of it, may carry one.
 */
function readsOnlyRequestShape(cond: Node, fn: FunctionLike): boolean {
  const req = paramsOf(fn)?.req;
  if (!req) return false;
  const uses = expandNodes(cond, fn, 0).flatMap((n) => [n, ...n.getDescendantsOfKind(SyntaxKind.Identifier)]).filter((i) => Node.isIdentifier(i) && i.getText() === req);
  return uses.length > 0 && uses.every((i) => {
    const parent = i.getParent();
    return !!parent && Node.isPropertyAccessExpression(parent) && parent.getExpression() === i && REQUEST_SHAPE.has(parent.getName());
  });
}

/** The condition and the initialisers of the locals it names, a few levels deep (as `expand`, as nodes). */
function expandNodes(node: Node, fn: FunctionLike, depth: number): Node[] {
  if (depth > 3) return [node];
  const names = new Set([node, ...node.getDescendantsOfKind(SyntaxKind.Identifier)].filter(Node.isIdentifier).map((i) => i.getText()));
  const out: Node[] = [node];
  for (const d of fn.getDescendantsOfKind(SyntaxKind.VariableDeclaration)) {
    const nameNode = d.getNameNode();
    const bound = Node.isIdentifier(nameNode) ? [nameNode.getText()] : nameNode.getDescendantsOfKind(SyntaxKind.Identifier).map((i) => i.getText());
    const init = d.getInitializer();
    if (init && init !== node && bound.some((b) => names.has(b))) out.push(...expandNodes(init, fn, depth + 1));
  }
  return out;
}

/** `key !== process.env.API_KEY`, `token === this.config.get(...)`: a credential compared with a non-literal. */
function comparesCredential(cond: Node, text: string): boolean {
  if (!CREDENTIAL.test(text)) return false;
  return [cond, ...cond.getDescendantsOfKind(SyntaxKind.BinaryExpression)].some((b) => {
    if (!Node.isBinaryExpression(b)) return false;
    const op = b.getOperatorToken().getKind();
    if (![SyntaxKind.EqualsEqualsEqualsToken, SyntaxKind.ExclamationEqualsEqualsToken, SyntaxKind.EqualsEqualsToken, SyntaxKind.ExclamationEqualsToken].includes(op)) return false;
    // Against nothing, a number or a boolean is a presence or type test; a string (or template) may be the secret.
    const isBlank = (n: Node): boolean => {
      const u = unwrap(n);
      return /^(null|undefined|true|false|''|""|``|\d+)$/.test(u.getText()) || Node.isTypeOfExpression(u);
    };
    return !isBlank(b.getLeft()) && !isBlank(b.getRight()) && !isTypeOfTest(b);
  });
}

/** `typeof token === 'string'`: a type test, not a comparison with a secret. */
function isTypeOfTest(b: Node): boolean {
  return Node.isBinaryExpression(b) && (Node.isTypeOfExpression(unwrap(b.getLeft())) || Node.isTypeOfExpression(unwrap(b.getRight())));
}

/** A value looked up with the credential (`await this.users.findByApiKey(key)`): its presence means the lookup succeeded. */
function lookupWithCredential(text: string): boolean {
  return /\.\w+\s*\([^()]*(token|key|auth|jwt|credential|bearer|session|cookie)[^()]*\)/i.test(text);
}

/** `!token`, `token == null`, or the negative branch of `if (token)`: passes when the credential is absent. */
function absence(cond: Node, positive: boolean): boolean {
  const e = unwrap(cond);
  const simple = (n: Node): boolean => {
    const u = unwrap(n);
    return Node.isIdentifier(u) || Node.isPropertyAccessExpression(u) || Node.isElementAccessExpression(u);
  };
  if (!positive) return simple(e);
  if (Node.isPrefixUnaryExpression(e) && e.getOperatorToken() === SyntaxKind.ExclamationToken) return simple(e.getOperand());
  return Node.isBinaryExpression(e) && [SyntaxKind.EqualsEqualsToken, SyntaxKind.EqualsEqualsEqualsToken].includes(e.getOperatorToken().getKind())
    && /^(null|undefined)$/.test(e.getRight().getText());
}

/** The text of a condition with the initialisers of the locals it names, a few levels deep. */
function expand(node: Node, fn: FunctionLike, depth: number): string {
  return expandNodes(node, fn, depth).map((n) => n.getText()).join(' ');
}

function isErrorNext(c: CallExpression, p: MiddlewareParams): boolean {
  return c.getExpression().getText() === p.next && c.getArguments().length > 0 && !/^(undefined|null|void 0)$/.test(c.getArguments()[0].getText());
}

/**
 * `res.status(401).json(...)`, `res.sendStatus(403)`, `res.redirect('/login')`, `res.end()`, `res.socket?.destroy()`:
 * the middleware answers (or drops the connection) itself.
 */
function isResponseCall(c: CallExpression, p: MiddlewareParams): boolean {
  const text = c.getExpression().getText().replace(/\?\./g, '.');
  const onResponse = text.startsWith(`${p.res}.`) && /\.(status|sendStatus|writeHead|redirect|end|send|json|code|destroy)$/.test(text);
  const dropped = (text.startsWith(`${p.req}.`) || text.startsWith(`${p.res}.`)) && /\.(socket|connection)\.(destroy|end)$|^\w+\.destroy$/.test(text);
  return onResponse || dropped;
}

function exitsRejecting(stmt: Statement, p: MiddlewareParams): boolean {
  if (Node.isThrowStatement(stmt)) return true;
  if (Node.isReturnStatement(stmt)) {
    const e = stmt.getExpression();
    const call = e && unwrap(e);
    return !!call && Node.isCallExpression(call) && (isErrorNext(call, p) || isResponseCall(call, p) || chainHasResponseCall(call, p));
  }
  if (Node.isBlock(stmt)) {
    const stmts = stmt.getStatements();
    const last = stmts[stmts.length - 1];
    if (!last) return false;
    if (exitsRejecting(last, p)) return true;
    return Node.isReturnStatement(last) && stmts.slice(0, -1).some((s) => s.getDescendantsOfKind(SyntaxKind.CallExpression).some((c) => isResponseCall(c, p) || isErrorNext(c, p)));
  }
  return false;
}

function chainHasResponseCall(call: CallExpression, p: MiddlewareParams): boolean {
  return call.getDescendantsOfKind(SyntaxKind.CallExpression).some((c) => isResponseCall(c, p));
}

function blockRejects(block: Node, p: MiddlewareParams): boolean {
  return block.getDescendantsOfKind(SyntaxKind.ThrowStatement).length > 0
    || block.getDescendantsOfKind(SyntaxKind.CallExpression).some((c) => isErrorNext(c, p) || isResponseCall(c, p));
}
