/**
 * Does every way through a guard's `canActivate` (or a middleware's `use`) that lets the request
 * through require a credential? A `return true` (or `next()`) reached under a condition that involves
 * no credential (the User-Agent, the method, the path, a feature flag) is a bypass: the guard does
 * not authenticate. A metadata test (a public marker, an opt-in key) is not a bypass; it is handled per route.
 */
import { Node, SyntaxKind } from 'ts-morph';
import type { ClassDeclaration, MethodDeclaration, PrefixUnaryExpression } from 'ts-morph';
import { isTrueLiteral, shortText, unwrap } from './ast';

export interface Bypass {
  /** The condition under which the request passes, as written. */
  condition: string;
  /**
   * `request`: on the request itself (User-Agent, method, path, a header); `no-credential`: when the
   * credential is absent; `config`: only on environment/configuration (a deployment switch); `opaque`: on
   * the answer of an injected service the analyzer does not follow.
   */
  kind: 'request' | 'config' | 'no-credential' | 'opaque';
}

/** Words that show a condition involves a credential or its verification. */
const CREDENTIAL = /token|jwt|bearer|auth|api.?key|apikey|secret|passw|signature|credential|session|cert|verif|valid|\buser(?![-_ ]?agent)|principal|identity|login|cookie|hmac|digest|timingSafeEqual|role|permission|claim|admin|owner|account/i;
/** A call on an injected dependency (`this.uaService.isBrowser(ua)`): what it decides is not read. */
const SERVICE_CALL = /this\.\w+\.\w+\s*\(/;
/** Metadata reads: a marker or opt-in test, judged per route elsewhere. */
const METADATA = /reflector|getAllAndOverride|getAllAndMerge|getMetadata|\bisPublic|\bpublic/i;
/** Tests of the execution context type (`getType() !== 'http'`): never taken for an HTTP route. */
const CONTEXT_TYPE = /getType\s*(<[^>]*>)?\s*\(\s*\)|['"`]OPTIONS['"`]/;
const SETTING_NAME = /process\.env(\.\w+|\[[^\]]*\])|\b\w*config\w*(\.\w+)*\.get(OrThrow)?\s*(<[^>]*>)?\(\s*['"`][^'"`]*['"`]\s*\)/gi;
/** `x === process.env.KEY`, `process.env.KEY !== header`, `key === this.config.get(...)`: compared with a non-literal setting. */
const SECRET_COMPARE = /(===|!==|==|!=)\s*(process\.env|(this\.)?\w*config\w*\.)|process\.env(\.\w+|\[[^\]]+\])\s*(===|!==|==|!=)(?!=)(?!\s*(['"`\d]|true\b|false\b|undefined\b|null\b))/i;
/** What a returned value may test and still clearly not be a credential check. */
const NON_CREDENTIAL_SUBJECT = /user-agent|\.method\b|\.path\b|\.url\b|originalUrl|\.ip\b|\.hostname\b/i;
const CONFIG_ONLY = /process\.env|config|feature|flag|toggle|settings|options/i;

/** The credential-free ways through `method`; `middleware` also counts `next()` (middleware). */
export function bypasses(method: MethodDeclaration, classes: ClassDeclaration[], middleware = false): Bypass[] {
  const out: Bypass[] = [];
  const body = method.getBody();
  if (!body) return out;
  const values = new Set<Node>();
  for (const allow of [...allowPoints(method, middleware), ...(middleware ? [] : valuePoints(method, values))]) {
    // A returned value (`return !isBot(ua)`, each operand of `return a || b`) is itself a condition for passing.
    const conds = [...(values.has(allow) ? [{ node: allow, negated: false }] : []), ...enclosingConditions(allow, body)];
    if (conds.length === 0) continue; // straight-line code: the checks before it (throws) are the checks
    const texts = conds.map((c) => {
      const expanded = expand(c.node, method, classes, 0);
      // The name of a setting is no credential (`process.env.AUTH_DISABLED`, `config.get('auth.enabled')`).
      // A value compared with a secret from the environment or configuration is a shared-secret check.
      return { c, expanded, credential: CREDENTIAL.test(expanded.replace(SETTING_NAME, 'setting')) || SECRET_COMPARE.test(expanded) };
    });
    if (texts.some((t) => METADATA.test(t.expanded) || CONTEXT_TYPE.test(t.expanded))) continue;
    // A returned value is judged more strictly: only when it is clearly about something other than a credential.
    if (values.has(allow) && !NON_CREDENTIAL_SUBJECT.test(texts[0].expanded)) continue;
    const credentialChecked = texts.some((t) => t.credential && !absenceTest(t.c.node, t.c.negated));
    if (credentialChecked) continue;
    const condition = conds.map((c) => (Node.isCatchClause(c.node) ? 'an error is caught' : c.negated ? `!(${shortText(c.node)})` : shortText(c.node))).join(' && ');
    const anyCredential = texts.some((t) => t.credential);
    const kind: Bypass['kind'] = anyCredential ? 'no-credential'
      : texts.every((t) => CONFIG_ONLY.test(t.expanded) && !/req|request|header|\.method|\.url|\.path/i.test(t.expanded)) ? 'config'
        : texts.some((t) => SERVICE_CALL.test(t.expanded)) ? 'opaque' : 'request';
    out.push({ condition, kind });
  }
  return out;
}

/** Human text for the reason of a guard (or middleware) with a bypass. */
export function describeBypass(name: string, b: Bypass, verb = 'returns true'): string {
  if (b.kind === 'no-credential') return `${name} ${verb} when no credential is presented (${b.condition}): anonymous requests pass`;
  if (b.kind === 'config') return `${name} ${verb} without any credential check when ${b.condition} (depends on configuration)`;
  if (b.kind === 'opaque') return `${name} ${verb} when ${b.condition}, a service answer the analyzer does not follow, with no credential in sight`;
  return `${name} ${verb} without any credential check when ${b.condition}`;
}

interface Cond { node: Node; negated: boolean }

/**
 * Returned values other than literals: `return X` passes when X is truthy, `return a || b` when a or b is.
 * `super.canActivate(...)` (the base guard decides) and `false`-like values are left out.
 */
function valuePoints(method: MethodDeclaration, into: Set<Node>): Node[] {
  const out: Node[] = [];
  const operands = (e: Node): Node[] => {
    const u = unwrap(e);
    return Node.isBinaryExpression(u) && u.getOperatorToken().getKind() === SyntaxKind.BarBarToken ? [...operands(u.getLeft()), ...operands(u.getRight())] : [u];
  };
  for (const n of ownDescendants(method)) {
    if (!Node.isReturnStatement(n)) continue;
    const e = n.getExpression();
    if (!e || isTrueLiteral(e)) continue;
    const u = unwrap(e);
    if (Node.isConditionalExpression(u)) continue;
    for (const op of operands(u)) {
      if (/^(false|null|undefined|0|of\(false\))$/.test(op.getText()) || isTrueLiteral(op) || /\bsuper\./.test(op.getText())) continue;
      into.add(op);
      out.push(op);
    }
  }
  return out;
}

/** `return true`, `return cond ? true : x`, `return a || b` (true when a), and for middleware `next()` with no argument. */
function allowPoints(method: MethodDeclaration, middleware: boolean): Node[] {
  const out: Node[] = [];
  for (const n of ownDescendants(method)) {
    if (Node.isReturnStatement(n)) {
      const e = n.getExpression();
      if (isTrueLiteral(e)) out.push(n);
      const u = e ? unwrap(e) : undefined;
      if (u && Node.isConditionalExpression(u) && (isTrueLiteral(u.getWhenTrue()) || isTrueLiteral(u.getWhenFalse()))) out.push(u);
    }
    if (middleware && Node.isCallExpression(n) && n.getExpression().getText() === 'next' && n.getArguments().length === 0) out.push(n);
  }
  return out;
}

function ownDescendants(method: MethodDeclaration): Node[] {
  const out: Node[] = [];
  const walk = (n: Node): void => {
    for (const c of n.getChildren()) {
      if (Node.isFunctionLikeDeclaration(c) || Node.isArrowFunction(c) || Node.isFunctionExpression(c)) continue;
      out.push(c);
      walk(c);
    }
  };
  const body = method.getBody();
  if (body) walk(body);
  return out;
}

/** Conditions of the `if`s (and `?:`) that must hold for `node` to be reached, innermost first. */
function enclosingConditions(node: Node, stop: Node): Cond[] {
  const out: Cond[] = [];
  if (Node.isConditionalExpression(node)) {
    out.push({ node: node.getCondition(), negated: !isTrueLiteral(node.getWhenTrue()) });
  }
  let child: Node = node;
  let cur = node.getParent();
  while (cur && cur !== stop) {
    if (Node.isIfStatement(cur) && child !== cur.getExpression()) {
      out.push({ node: cur.getExpression(), negated: child === cur.getElseStatement() });
    } else if (Node.isConditionalExpression(cur) && child !== cur.getCondition()) {
      out.push({ node: cur.getCondition(), negated: child === cur.getWhenFalse() });
    } else if (Node.isCatchClause(cur)) {
      // The request passes because something failed: the failure may be the credential check.
      out.push({ node: cur, negated: false });
    }
    child = cur;
    cur = cur.getParent();
  }
  return out;
}

/**
 * The condition passes when a credential is absent: `!token`, `token == null`, `!req.headers.authorization`,
 * or the else branch of `if (token)`.
 */
function absenceTest(cond: Node, negated: boolean): boolean {
  const e = unwrap(cond);
  const isNot = Node.isPrefixUnaryExpression(e) && e.getOperatorToken() === SyntaxKind.ExclamationToken;
  const isNullish = Node.isBinaryExpression(e) && [SyntaxKind.EqualsEqualsToken, SyntaxKind.EqualsEqualsEqualsToken].includes(e.getOperatorToken().getKind())
    && /^(null|undefined)$/.test(e.getRight().getText());
  const simpleRef = (n: Node): boolean => {
    const u = unwrap(n);
    return Node.isIdentifier(u) || Node.isPropertyAccessExpression(u) || Node.isElementAccessExpression(u);
  };
  if (negated) return simpleRef(e) || (Node.isBinaryExpression(e) && e.getOperatorToken().getKind() === SyntaxKind.AmpersandAmpersandToken);
  if (isNot) return simpleRef((e as PrefixUnaryExpression).getOperand());
  return isNullish;
}

/**
 * The text of an expression with its local variables replaced by their initialisers and `this.m()`
 * helper calls by the helper's body, a few levels deep: what the condition really depends on.
 */
function expand(node: Node, method: MethodDeclaration, classes: ClassDeclaration[], depth: number): string {
  let text = node.getText();
  if (depth > 3 || Node.isCatchClause(node)) return Node.isCatchClause(node) ? 'catch' : text;
  for (const id of [node, ...node.getDescendantsOfKind(SyntaxKind.Identifier)]) {
    if (!Node.isIdentifier(id)) continue;
    const parent = id.getParent();
    if (parent && Node.isPropertyAccessExpression(parent) && parent.getNameNode() === id) {
      if (parent.getExpression().getKind() === SyntaxKind.ThisKeyword) {
        const helper = classes.map((c) => c.getInstanceMethod(id.getText())).find((m) => m !== undefined);
        if (helper && helper !== method) text += ' ' + (helper.getBody()?.getText() ?? '');
      }
      continue;
    }
    const decl = method.getDescendantsOfKind(SyntaxKind.VariableDeclaration).find((d) => d.getName() === id.getText());
    const init = decl?.getInitializer();
    // The request object itself is no credential (and its type argument may name anything).
    if (init && init !== node && !/getRequest|switchToHttp/.test(init.getText())) text += ' ' + expand(init, method, classes, depth + 1);
  }
  return text;
}
