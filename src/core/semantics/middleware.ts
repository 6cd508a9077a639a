/**
 * Middleware bound in module `configure(consumer)`: `consumer.apply(X).exclude(...).forRoutes(...)`,
 * matched to routes by controller class, by path (with `*` wildcards and `:params`), and by method.
 */
import { Node, SyntaxKind } from 'ts-morph';
import type { CallExpression, ClassDeclaration } from 'ts-morph';
import type { MiddlewareRef, Route } from '../model';
import type { SemanticsHost } from './host';
import { calleeName, propInit } from './ast';

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
  at: ReturnType<SemanticsHost['locate']>;
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
  const b: MiddlewareBinding = { names: [], classes: [], module, include: selectors(forRoutes, host), exclude: [], at: host.locate(forRoutes) };
  let cur: Node = forRoutes.getExpression();
  while (Node.isPropertyAccessExpression(cur)) {
    const inner = cur.getExpression();
    if (!Node.isCallExpression(inner)) break;
    const name = calleeName(inner);
    if (name === 'exclude') b.exclude.push(...selectors(inner, host));
    if (name === 'apply') {
      b.names = inner.getArguments().map(middlewareName);
      b.classes = inner.getArguments().filter(Node.isIdentifier).map((a) => host.resolveClass(a))
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

function selectors(call: CallExpression, host: SemanticsHost): Selector[] {
  const out: Selector[] = [];
  for (const arg of call.getArguments()) {
    if (Node.isStringLiteral(arg) || Node.isNoSubstitutionTemplateLiteral(arg)) {
      out.push({ path: arg.getLiteralText(), method: 'ALL' });
    } else if (Node.isObjectLiteralExpression(arg)) {
      const p = propInit(arg, 'path');
      const m = propInit(arg, 'method');
      const path = p && (Node.isStringLiteral(p) || Node.isNoSubstitutionTemplateLiteral(p)) ? p.getLiteralText() : '*';
      out.push({ path, method: m ? m.getText().replace(/^RequestMethod\./, '') : 'ALL' });
    } else if (Node.isIdentifier(arg)) {
      const cls = host.resolveClass(arg);
      out.push({ controller: cls?.getName() ?? arg.getText() });
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

export function middlewareFor(route: Route, bindings: MiddlewareBinding[], host: SemanticsHost): MiddlewareRef[] {
  const out: MiddlewareRef[] = [];
  for (const b of bindings) {
    if (!b.include.some((s) => selectorMatches(s, route, true))) continue;
    if (b.exclude.some((s) => selectorMatches(s, route))) continue;
    for (const name of b.names) {
      const bare = name.replace(/\(\)$/, '');
      const authentication = host.config.authMiddleware.includes(bare) || host.config.authMiddleware.includes(name) || AUTH_MIDDLEWARE.test(bare);
      out.push({ name, authentication, module: b.module, at: b.at });
    }
  }
  return out;
}
