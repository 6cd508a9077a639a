/**
 * Middleware bound in module `configure(consumer)`: `consumer.apply(X).exclude(...).forRoutes(...)`,
 * matched to routes by controller class, by path (with `*` wildcards and `:params`), and by method.
 */
import { Node, SyntaxKind } from 'ts-morph';
import type { CallExpression, ClassDeclaration } from 'ts-morph';
import type { MiddlewareRef, Route } from '../model';
import type { SemanticsHost } from './host';
import { calleeName, propInit, shortText, unwrap } from './ast';
import { authenticationPattern } from './guardKind';
import { bypasses, describeBypass } from './bypass';

const AUTH_MIDDLEWARE = /auth|jwt|passport|session|token|bearer|api.?key|mtls|cert/i;

/** A path/method selector of `forRoutes` or `exclude`, or a controller class. */
type Selector = { controller: string } | { path: string; method: string };

export interface MiddlewareBinding {
  names: string[];
  /** The middleware classes found in source (read during the pass only; never stored in the index). */
  classes: ClassDeclaration[];
  module: string;
  include: Selector[];
  exclude: Selector[];
  /** `forRoutes` / `exclude` arguments that could not be followed (source text). */
  uncertainInclude: string[];
  uncertainExclude: string[];
  at: ReturnType<SemanticsHost['locate']>;
  /** What the body of each middleware class says (computed once per binding). */
  bodies?: Map<string, BodyVerdict | undefined>;
}

/** What a middleware's `use` body shows: it authenticates, or it lets anonymous requests through. */
export interface BodyVerdict {
  authentication: boolean;
  reason: string;
}

export function middlewareBindings(host: SemanticsHost): MiddlewareBinding[] {
  const out: MiddlewareBinding[] = [];
  for (const mod of host.modules) {
    const configure = mod.decl.getInstanceMethod('configure');
    if (!configure) continue;
    for (const call of configure.getDescendantsOfKind(SyntaxKind.CallExpression)) {
      if (calleeName(call) !== 'forRoutes') continue;
      const binding = parseChain(call, mod.name, host);
      if (binding) out.push(binding);
    }
  }
  return out;
}

function parseChain(forRoutes: CallExpression, module: string, host: SemanticsHost): MiddlewareBinding | undefined {
  const inc = selectors(forRoutes, host);
  const b: MiddlewareBinding = {
    names: [], classes: [], module, include: inc.sels, exclude: [], uncertainInclude: inc.uncertain, uncertainExclude: [], at: host.locate(forRoutes),
  };
  let cur: Node = forRoutes.getExpression();
  while (Node.isPropertyAccessExpression(cur)) {
    const inner = cur.getExpression();
    if (!Node.isCallExpression(inner)) break;
    const name = calleeName(inner);
    if (name === 'exclude') {
      const ex = selectors(inner, host);
      b.exclude.push(...ex.sels);
      b.uncertainExclude.push(...ex.uncertain);
    }
    if (name === 'apply') {
      const args = inner.getArguments().flatMap((a) => (Node.isSpreadElement(a) ? elementsOf(a.getExpression(), host, 0) ?? [a] : [a]));
      b.names = args.map(middlewareName);
      b.classes = args.filter(Node.isIdentifier).map((a) => host.resolveClass(a))
        .filter((c): c is ClassDeclaration => c !== undefined);
      b.at = host.locate(inner);
      return b;
    }
    cur = inner.getExpression();
  }
  return undefined;
}

function middlewareName(arg: Node): string {
  if (Node.isCallExpression(arg)) return `${arg.getExpression().getText()}()`;
  return arg.getText();
}

function selectors(call: CallExpression, host: SemanticsHost): { sels: Selector[]; uncertain: string[] } {
  const sels: Selector[] = [];
  const uncertain: string[] = [];
  const visit = (arg: Node, depth: number): void => {
    const a = unwrap(arg);
    if (Node.isSpreadElement(a)) {
      // `forRoutes(...authenticatedControllers)`: the elements of the array (constant, possibly imported).
      const elements = elementsOf(a.getExpression(), host, 0);
      if (elements) for (const e of elements) visit(e, depth + 1);
      else uncertain.push(shortText(a));
    } else if (Node.isStringLiteral(a) || Node.isNoSubstitutionTemplateLiteral(a)) {
      sels.push({ path: a.getLiteralText(), method: 'ALL' });
    } else if (Node.isObjectLiteralExpression(a)) {
      const p = propInit(a, 'path');
      const m = propInit(a, 'method');
      const path = p && (Node.isStringLiteral(p) || Node.isNoSubstitutionTemplateLiteral(p)) ? p.getLiteralText() : '*';
      sels.push({ path, method: m ? m.getText().replace(/^RequestMethod\./, '') : 'ALL' });
    } else if (Node.isIdentifier(a)) {
      const cls = host.resolveClass(a);
      if (cls) {
        sels.push({ controller: cls.getName() ?? a.getText() });
        return;
      }
      const init = depth < 6 ? variableInit(a, host) : undefined;
      if (init && (Node.isStringLiteral(init) || Node.isNoSubstitutionTemplateLiteral(init) || Node.isObjectLiteralExpression(init))) visit(init, depth + 1);
      else if (init && Node.isArrayLiteralExpression(init)) for (const e of elementsOf(init, host, 0) ?? []) visit(e, depth + 1);
      else sels.push({ controller: a.getText() });
    } else {
      uncertain.push(shortText(a));
    }
  };
  for (const arg of call.getArguments()) visit(arg, 0);
  return { sels, uncertain };
}

/** The initialiser of the variable an identifier denotes (through imports), `as const` stripped. */
function variableInit(id: Node, host: SemanticsHost): Node | undefined {
  const decl = host.resolveDeclaration(id);
  if (!decl || !Node.isVariableDeclaration(decl)) return undefined;
  const init = decl.getInitializer();
  return init ? unwrap(init) : undefined;
}

/** The elements of an array expression: a literal (with nested spreads) or a constant holding one; undefined when not followed. */
function elementsOf(expr: Node, host: SemanticsHost, depth: number): Node[] | undefined {
  if (depth > 6) return undefined;
  const e = unwrap(expr);
  const arr = Node.isIdentifier(e) ? variableInit(e, host) : e;
  if (!arr || !Node.isArrayLiteralExpression(arr)) return undefined;
  const out: Node[] = [];
  for (const el of arr.getElements()) {
    if (Node.isSpreadElement(el)) {
      const inner = elementsOf(el.getExpression(), host, depth + 1);
      if (!inner) return undefined;
      out.push(...inner);
    } else {
      out.push(el);
    }
  }
  return out;
}

/**
 * Does a selector match the route? Paths may carry the global prefix/version before them. With
 * `prefix`, a path selector for all methods also covers sub-paths (how Express mounts `forRoutes('cats')`).
 */
export function selectorMatches(sel: Selector, route: Route, prefix = false): boolean {
  if ('controller' in sel) return sel.controller === route.controller;
  if (sel.method !== 'ALL' && sel.method !== route.httpMethod) return false;
  const pattern = sel.path.replace(/^\/+|\/+$/g, '');
  if (pattern === '' || pattern === '*' || pattern === '(.*)' || pattern === '*splat' || pattern === '{*splat}') return true;
  const body = pattern.split('/').map((seg) => {
    if (seg === '*' || seg === '(.*)' || /^\*\w*$/.test(seg) || /^\{\*\w*\}$/.test(seg)) return '.*';
    if (seg.startsWith(':')) return '[^/]+';
    return seg.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\\\*|\*/g, '.*');
  }).join('/');
  const tail = prefix && sel.method === 'ALL' ? '(/.*)?' : '';
  return new RegExp(`^(/[^/]+)*?/${body}${tail}$`).test(route.path);
}

const REJECTS = /throw\s+new\s+\w*(Unauthori[sz]ed|Forbidden)\w*|next\s*\(\s*new\s+\w*(Unauthori[sz]ed|Forbidden|HttpException)\w*|status\s*\(\s*(401|403)\s*\)|HttpStatus\.(UNAUTHORIZED|FORBIDDEN)/;
const CREDENTIAL_READ = /authorization|bearer|token|cookie|session|api.?key|x-api-key|credential|jwt/i;

/**
 * What the body of a middleware class shows: `use` lets a request through without a credential
 * (not authentication); it verifies a token, certificate, API key or session (authentication); or it
 * rejects (401/403, `next(new UnauthorizedException())`) when a credential is missing (authentication).
 * Undefined when the body shows none of these (the name decides).
 */
export function middlewareBody(cls: ClassDeclaration, host: SemanticsHost): BodyVerdict | undefined {
  const use = cls.getInstanceMethod('use');
  const name = cls.getName() ?? 'middleware';
  if (!use) return undefined;
  // Middleware has no `unknown` state: a way through on configuration or a service's answer does not count either.
  const open = bypasses(use, [cls], true)[0];
  if (open) return { authentication: false, reason: describeBypass(name, open, 'calls next()') };
  const pattern = authenticationPattern([cls], true, (e) => host.resolveDeclaration(e));
  if (pattern) return { authentication: true, reason: pattern };
  const text = use.getText();
  if (REJECTS.test(text) && CREDENTIAL_READ.test(text)) return { authentication: true, reason: `${name} rejects requests without a valid credential` };
  return undefined;
}

function bodyOf(b: MiddlewareBinding, name: string, host: SemanticsHost): BodyVerdict | undefined {
  b.bodies ??= new Map();
  if (!b.bodies.has(name)) {
    const cls = b.classes.find((c) => c.getName() === name);
    let verdict: BodyVerdict | undefined;
    try {
      verdict = cls ? middlewareBody(cls, host) : undefined;
    } catch {
      verdict = undefined;
    }
    b.bodies.set(name, verdict);
  }
  return b.bodies.get(name);
}

function isAuthMiddleware(b: MiddlewareBinding, name: string, host: SemanticsHost): boolean {
  const bare = name.replace(/\(\)$/, '');
  if (host.config.authMiddleware.includes(bare) || host.config.authMiddleware.includes(name)) return true;
  const body = bodyOf(b, bare, host);
  if (body) return body.authentication;
  return AUTH_MIDDLEWARE.test(bare);
}

export function middlewareFor(route: Route, bindings: MiddlewareBinding[], host: SemanticsHost): MiddlewareRef[] {
  const out: MiddlewareRef[] = [];
  for (const b of bindings) {
    if (!b.include.some((s) => selectorMatches(s, route, true))) continue;
    if (b.exclude.some((s) => selectorMatches(s, route))) continue;
    for (const name of b.names) {
      // An `exclude` argument that could not be followed may exclude this route: not counted (see uncertainMiddlewareFor).
      out.push({ name, authentication: isAuthMiddleware(b, name, host) && b.uncertainExclude.length === 0, module: b.module, at: b.at });
    }
  }
  return out;
}

/**
 * Authentication middleware that may apply to the route but the analyzer cannot tell: a `forRoutes`
 * argument it could not follow (and the route is not matched otherwise), or an `exclude` argument it
 * could not follow (so the route may be excluded). Said in words for the route's `why`.
 */
export function uncertainMiddlewareFor(route: Route, bindings: MiddlewareBinding[], host: SemanticsHost): string[] {
  const out: string[] = [];
  for (const b of bindings) {
    const auth = b.names.filter((n) => isAuthMiddleware(b, n, host));
    if (auth.length === 0) continue;
    const included = b.include.some((s) => selectorMatches(s, route, true));
    if (included && b.exclude.some((s) => selectorMatches(s, route))) continue;
    if (!included && b.uncertainInclude.length > 0) {
      out.push(`${auth.join(', ')} (${b.module}.configure) may apply: forRoutes(${b.uncertainInclude.join(', ')}) could not be followed`);
    } else if (included && b.uncertainExclude.length > 0) {
      out.push(`${auth.join(', ')} (${b.module}.configure) may not apply: exclude(${b.uncertainExclude.join(', ')}) could not be followed`);
    }
  }
  return out;
}

/** Why middleware bound to the route does not count as authentication, when its body says so. */
export function middlewareNotes(route: Route, bindings: MiddlewareBinding[], host: SemanticsHost): string[] {
  const out: string[] = [];
  for (const b of bindings) {
    if (!b.include.some((s) => selectorMatches(s, route, true)) || b.exclude.some((s) => selectorMatches(s, route))) continue;
    for (const name of b.names) {
      const body = bodyOf(b, name.replace(/\(\)$/, ''), host);
      if (body && !body.authentication && !isAuthMiddleware(b, name, host)) out.push(`middleware ${body.reason}`);
    }
  }
  return out;
}
