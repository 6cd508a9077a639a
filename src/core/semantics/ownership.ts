/**
 * Ownership (BOLA/IDOR, CWE-639) evidence for routes that take an object identifier.
 * Looks at the guard chain, the route's decorators, the handler body, and one call into the service.
 */
import { Node, SyntaxKind } from 'ts-morph';
import type { ClassDeclaration, MethodDeclaration } from 'ts-morph';
import type { GuardCoverageConfig } from '../config';
import type { OwnershipEvidence, Route } from '../model';
import type { SemanticsHost } from './host';
import type { GuardOnRoute } from './routeVerdict';
import { calleeName } from './ast';

const OWNERSHIP_GUARD = /owner|polic|abilit|casl|acl|resourceaccess/i;
const OWNERSHIP_DECORATOR = /owner|polic|abilit/i;
const OWNER_FIELD = /owner|author|createdBy|creator|userId|user_id|accountId|account_id/i;
const OWNERSHIP_CALL = /^(assertOwner\w*|checkOwner\w*|ensureOwner\w*|verifyOwner\w*|canAccess\w*|isOwner\w*|assertCan\w*)$/;
const NON_IDENTITY_DECORATORS = new Set(['Param', 'Body', 'Query', 'Headers', 'Ip', 'HostParam', 'Res', 'Response', 'Next', 'UploadedFile', 'UploadedFiles', 'Session']);

export function isIdParam(name: string, config: GuardCoverageConfig): boolean {
  if (config.idParams.some((p) => p.toLowerCase() === name.toLowerCase())) return true;
  return /^(id|slug|uuid|guid)$/i.test(name) || /[a-z0-9]Id$/.test(name) || /_id$/i.test(name) || /[a-z0-9](Uuid|Slug)$/.test(name);
}

export function idParamsOf(route: Route, config: GuardCoverageConfig): string[] {
  return route.params.filter((p) => isIdParam(p, config));
}

export function ownershipEvidence(route: Route, states: GuardOnRoute[], host: SemanticsHost): OwnershipEvidence | null {
  const ids = idParamsOf(route, host.config);
  if (ids.length === 0) return null;
  const helpers = host.config.ownershipHelpers;
  const guard = states.find((s) => s.state === 'runs' && (helpers.includes(s.guard.className) || OWNERSHIP_GUARD.test(s.guard.className)));
  if (guard) return { kind: 'guard', detail: `${guard.guard.name} checks access to the object`, at: guard.guard.attachedAt };
  const deco = route.metadata.find((e) => helpers.includes(e.decorator) || OWNERSHIP_DECORATOR.test(e.decorator));
  if (deco) return { kind: 'decorator', detail: `@${deco.decorator} declares an object-level policy`, at: deco.at };
  const handler = host.handlerOf(route);
  if (!handler) return { kind: 'none', detail: `handler ${route.handler} not found in source; no ownership evidence for :${ids.join(', :')}` };
  const locals = handlerLocals(handler, ids);
  const inHandler = ownerCheckIn(handler, locals.identity, helpers);
  if (inHandler) return { kind: 'handler', detail: `${route.handler} compares the object's owner with the caller (${inHandler.getText().replace(/\s+/g, ' ')})`, at: host.locate(inHandler) };
  const service = serviceEvidence(route, handler, locals, host);
  if (service) return service;
  return {
    kind: 'none',
    detail: `no ownership check for :${ids.join(', :')}: no policy guard or decorator, no owner comparison in ${route.handler}, caller identity not passed to the service`,
  };
}

interface Locals {
  /** Names that hold the object id (`id`) or an object holding it (`params`). */
  ids: string[];
  /** Names that hold the caller (`user`, `req`). */
  identity: string[];
}

function handlerLocals(handler: MethodDeclaration, ids: string[]): Locals {
  const out: Locals = { ids: [], identity: [] };
  for (const p of handler.getParameters()) {
    const deco = p.getDecorators()[0];
    if (!deco) continue;
    const dname = deco.getName();
    const arg = deco.getArguments()[0];
    const argValue = arg && Node.isStringLiteral(arg) ? arg.getLiteralValue() : undefined;
    if (dname === 'Param' && (argValue === undefined || ids.includes(argValue))) out.ids.push(p.getName());
    else if (/^(Req|Request)$/.test(dname)) out.identity.push(`${p.getName()}.user`);
    else if (!NON_IDENTITY_DECORATORS.has(dname)) out.identity.push(p.getName());
  }
  return out;
}

const mentions = (node: Node, names: string[]): boolean => {
  const t = node.getText();
  return names.some((n) => new RegExp(`(^|[^\\w.])${n.replace(/\./g, '\\.')}\\b`).test(t));
};

/** An owner comparison with the caller, or a call to an ownership helper, in a method body. */
function ownerCheckIn(method: MethodDeclaration, identity: string[], helpers: string[]): Node | undefined {
  for (const bin of method.getDescendantsOfKind(SyntaxKind.BinaryExpression)) {
    const op = bin.getOperatorToken().getText();
    if (!['===', '!==', '==', '!='].includes(op)) continue;
    const [l, r] = [bin.getLeft(), bin.getRight()];
    const ownerSide = OWNER_FIELD.test(l.getText()) || OWNER_FIELD.test(r.getText());
    if (ownerSide && (identity.length === 0 ? /user|caller|principal/i.test(bin.getText()) : mentions(l, identity) || mentions(r, identity))) return bin;
  }
  return method.getDescendantsOfKind(SyntaxKind.CallExpression)
    .find((c) => helpers.includes(calleeName(c)) || OWNERSHIP_CALL.test(calleeName(c)));
}

function serviceEvidence(route: Route, handler: MethodDeclaration, locals: Locals, host: SemanticsHost): OwnershipEvidence | undefined {
  if (locals.identity.length === 0) return undefined;
  for (const call of handler.getDescendantsOfKind(SyntaxKind.CallExpression)) {
    const args = call.getArguments();
    const idIdx = args.findIndex((a) => mentions(a, locals.ids));
    const userIdx = args.findIndex((a) => mentions(a, locals.identity));
    if (idIdx < 0 || userIdx < 0) continue;
    const target = serviceMethod(route, call.getExpression(), host);
    const callText = call.getExpression().getText();
    if (!target) {
      return { kind: 'service', detail: `${route.handler} passes the caller to ${callText} with the id (service not followed)`, at: host.locate(call) };
    }
    const param = target.getParameters()[userIdx];
    if (param && usesParam(target, param.getName())) {
      return { kind: 'service', detail: `${route.handler} passes the caller to ${callText}, which scopes the object by it`, at: host.locate(target.getNameNode()) };
    }
  }
  return undefined;
}

/** `this.items.findOne` in a controller: the `findOne` method of the class injected as `items`. */
function serviceMethod(route: Route, callee: Node, host: SemanticsHost): MethodDeclaration | undefined {
  if (!Node.isPropertyAccessExpression(callee)) return undefined;
  const recv = callee.getExpression();
  if (!Node.isPropertyAccessExpression(recv) || recv.getExpression().getKind() !== SyntaxKind.ThisKeyword) return undefined;
  const ctrl = host.controllerOf(route);
  const typeNode = ctrl ? injectedType(ctrl, recv.getName()) : undefined;
  const cls = typeNode ? host.resolveClass(typeNode) : undefined;
  return cls?.getInstanceMethod(callee.getName());
}

function injectedType(ctrl: ClassDeclaration, prop: string): Node | undefined {
  for (const ctor of ctrl.getConstructors()) {
    const p = ctor.getParameters().find((x) => x.getName() === prop);
    const t = p?.getTypeNode();
    if (t && Node.isTypeReference(t)) return t.getTypeName();
  }
  const decl = ctrl.getProperty(prop)?.getTypeNode();
  return decl && Node.isTypeReference(decl) ? decl.getTypeName() : undefined;
}

/** The parameter is compared, put into a query object, or handed on to another call. */
function usesParam(method: MethodDeclaration, name: string): boolean {
  const refs = method.getDescendantsOfKind(SyntaxKind.Identifier).filter((i) => i.getText() === name && i.getParent() !== method.getParameter(name));
  return refs.some((r) => {
    const ctx = r.getFirstAncestor((a) => Node.isBinaryExpression(a) || Node.isObjectLiteralExpression(a) || Node.isCallExpression(a));
    return !!ctx && !(Node.isBinaryExpression(ctx) && ctx.getOperatorToken().getText() === '=');
  });
}
