/**
 * Members: what `x.key` holds given what `x` holds (a request's `headers`, a DTO's field, a config
 * object's setting), and what `this.key` is in a class (an injected service, a field set from a setting).
 */
import { Node, SyntaxKind } from 'ts-morph';
import type { ClassDeclaration, Decorator } from 'ts-morph';
import type { SemanticsHost } from '../host';
import type { Origin } from './origin';
import { inexact } from './origin';
import type { FlowScope } from './scope';
import { CONTEXT_TYPES, IDENTITY_REQUEST_MEMBER, REQUEST_HEADER_MEMBERS, REQUEST_MEMBERS } from './vocabulary';

/** The member name of `a.b` or `a['b']` (a literal key), else undefined. */
export function memberName(e: Node): string | undefined {
  if (Node.isPropertyAccessExpression(e)) return e.getName();
  if (!Node.isElementAccessExpression(e)) return undefined;
  const arg = e.getArgumentExpression();
  return arg && (Node.isStringLiteral(arg) || Node.isNoSubstitutionTemplateLiteral(arg) || Node.isNumericLiteral(arg)) ? String(arg.getLiteralValue()) : undefined;
}

const join = (field: string | undefined, key: string): string => (field === undefined ? key : `${field}.${key}`);

/** What `x.key` holds when `x` holds `o` (`key` undefined: a computed member). */
export function memberOf(o: Origin, key: string | undefined, scope: FlowScope): Origin[] {
  switch (o.kind) {
    case 'request': return requestMember(o.exact, key);
    case 'client': {
      if (key === undefined || o.source === 'url' || key === 'length') return [inexact(o)];
      return [{ ...o, field: join(o.field, o.source === 'header' ? key.toLowerCase() : key) }];
    }
    case 'identity': return [key === undefined ? inexact(o) : { ...o, field: join(o.field, key) }];
    case 'loaded': return [key === undefined ? inexact(o) : { ...o, field: join(o.field, key) }];
    case 'secret': return [inexact(o)];
    case 'settings': return o.service === 'configObject' && key ? [{ kind: 'secret', source: 'config', name: o.name ? `${o.name}.${key}` : key, exact: o.exact }] : [];
    case 'instance': return key ? thisMember(o.cls, key, scope) : [];
    default: return [];
  }
}

function requestMember(exact: boolean, key: string | undefined): Origin[] {
  if (key === undefined) return [];
  const m = Object.prototype.hasOwnProperty.call(REQUEST_MEMBERS, key) ? REQUEST_MEMBERS[key] : undefined;
  if (m === 'identity') return [{ kind: 'identity', via: key === 'session' ? 'req.session' : 'req.user', exact }];
  if (m === 'request') return [{ kind: 'request', exact }];
  if (m === 'url') return [{ kind: 'client', source: 'url', field: key, exact }];
  if (m) return [{ kind: 'client', source: m, exact }];
  const header = Object.prototype.hasOwnProperty.call(REQUEST_HEADER_MEMBERS, key) ? REQUEST_HEADER_MEMBERS[key] : undefined;
  if (header) return [{ kind: 'client', source: 'header', field: header, exact }];
  return IDENTITY_REQUEST_MEMBER.test(key) ? [{ kind: 'identity', via: `req.${key}`, exact }] : [];
}

/**
 * `this.key` in `cls` (or a base class in the project): an injected constructor parameter or property
 * (by its `@Inject` token or type), a field's initializer, an assignment in the constructor, a getter.
 */
export function thisMember(cls: ClassDeclaration, key: string, scope: FlowScope, depth = 0): Origin[] {
  if (depth > 4) return [];
  const ctor = cls.getConstructors()[0];
  const ctorParam = ctor?.getParameters().find((p) => p.getName() === key && p.isParameterProperty());
  if (ctorParam) return injectedOrigins(ctorParam, scope.host);
  const prop = cls.getProperty(key);
  if (prop) {
    const injected = injectedOrigins(prop, scope.host);
    if (injected.length > 0) return injected;
    const init = prop.getInitializer();
    if (init) return scope.enter(cls, []).originsOf(init);
  }
  const getter = cls.getGetAccessor(key);
  if (getter) return scope.returnsOfFunction(getter, [], 0);
  if (ctor) {
    const assigned = ctor.getDescendantsOfKind(SyntaxKind.BinaryExpression)
      .filter((b) => b.getOperatorToken().getKind() === SyntaxKind.EqualsToken && b.getLeft().getText().replace(/\s+/g, '') === `this.${key}`);
    if (assigned.length > 0) {
      const inner = scope.enter(ctor, ctor.getParameters().map((p) => injectedOrigins(p, scope.host)));
      return assigned.flatMap((a) => inner.originsOf(a.getRight()));
    }
  }
  const base = cls.getExtends()?.getExpression();
  const baseCls = base ? scope.host.resolveClass(base) : undefined;
  return baseCls && baseCls !== cls ? thisMember(baseCls, key, scope, depth + 1) : [];
}

/** What an injected parameter or property holds, from its `@Inject(...)` token or its type. */
export function injectedOrigins(node: Node, host: SemanticsHost): Origin[] {
  const decorators: Decorator[] = Node.isParameterDeclaration(node) || Node.isPropertyDeclaration(node) ? node.getDecorators() : [];
  for (const d of decorators) {
    if (d.getName() !== 'Inject') continue;
    const token = d.getArguments()[0];
    if (!token) continue;
    if (token.getText() === 'REQUEST') return [{ kind: 'request', exact: true }];
    if (Node.isPropertyAccessExpression(token) && token.getName() === 'KEY') {
      return [{ kind: 'settings', service: 'configObject', ...namespaceOf(token.getExpression(), host), exact: true }];
    }
  }
  const typeNode = Node.isParameterDeclaration(node) || Node.isPropertyDeclaration(node) ? node.getTypeNode() : undefined;
  if (!typeNode || !Node.isTypeReference(typeNode)) return [];
  const typeName = typeNode.getTypeName();
  const simple = typeName.getText().split('.').pop() ?? '';
  if (simple === 'ConfigType') {
    const arg = typeNode.getTypeArguments()[0];
    const target = arg && Node.isTypeQuery(arg) ? arg.getExprName() : undefined;
    return [{ kind: 'settings', service: 'configObject', ...(target ? namespaceOf(target, host) : {}), exact: true }];
  }
  const context = Object.prototype.hasOwnProperty.call(CONTEXT_TYPES, simple) ? CONTEXT_TYPES[simple] : undefined;
  if (context === 'config') return [{ kind: 'settings', service: 'config', exact: true }];
  if (context) return [{ kind: 'store', service: context, exact: true }];
  const cls = host.resolveClass(Node.isQualifiedName(typeName) ? typeName.getRight() : typeName);
  if (!cls || cls.getSourceFile().isDeclarationFile() || cls.getSourceFile().isFromExternalLibrary()) return [];
  return [{ kind: 'instance', cls, name: cls.getName() ?? simple, exact: true }];
}

/** The namespace of a `registerAs('cron', ...)` config (`{ name: 'cron' }`), when it is a literal. */
function namespaceOf(expr: Node, host: SemanticsHost): { name?: string } {
  let decl: Node | undefined;
  try {
    decl = Node.isIdentifier(expr) ? host.resolveDeclaration(expr) : undefined;
  } catch {
    decl = undefined;
  }
  const init = decl && Node.isVariableDeclaration(decl) ? decl.getInitializer() : undefined;
  if (!init || !Node.isCallExpression(init) || !/registerAs$/.test(init.getExpression().getText())) return {};
  const ns = init.getArguments()[0];
  return ns && (Node.isStringLiteral(ns) || Node.isNoSubstitutionTemplateLiteral(ns)) ? { name: ns.getLiteralValue() } : {};
}
