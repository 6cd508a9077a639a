/**
 * What each parameter of a route handler receives, from its decorator: `@Param('id')` a path
 * parameter, `@Query()` the query, `@Body()` the body, `@Headers('x')` a header, `@Req()` the request,
 * a `createParamDecorator` decorator whatever its factory returns (read in the project), and a
 * package decorator named like the caller (`@CurrentUser()`) the caller's identity.
 */
import { Node } from 'ts-morph';
import type { Decorator, MethodDeclaration } from 'ts-morph';
import type { SemanticsHost } from '../host';
import type { Origin } from './origin';
import { FlowScope } from './scope';
import { returnedValues } from './names';
import { IDENTITY_DECORATOR, PARAM_DECORATORS } from './vocabulary';

/** Origins per parameter index of a handler. */
export function handlerSeeds(handler: MethodDeclaration, host: SemanticsHost): Origin[][] {
  return handler.getParameters().map((p) => {
    const d = p.getDecorators()[0];
    return d ? decoratorOrigins(d, host) : [];
  });
}

/** A scope over the handler with its parameters bound by their decorators. */
export function handlerScope(handler: MethodDeclaration, host: SemanticsHost): FlowScope {
  return new FlowScope(handler, handlerSeeds(handler, host), host);
}

function literalArg(d: Decorator): string | undefined {
  const a = d.getArguments()[0];
  return a && (Node.isStringLiteral(a) || Node.isNoSubstitutionTemplateLiteral(a)) ? a.getLiteralValue() : undefined;
}

export function decoratorOrigins(d: Decorator, host: SemanticsHost): Origin[] {
  const name = d.getName();
  const known = Object.prototype.hasOwnProperty.call(PARAM_DECORATORS, name) ? PARAM_DECORATORS[name] : undefined;
  const field = literalArg(d);
  if (known === 'none') return [];
  if (known === 'request') return [{ kind: 'request', exact: true }];
  if (known === 'identity') return [{ kind: 'identity', via: `@${name}()`, ...(field ? { field } : {}), exact: true }];
  if (known) return [{ kind: 'client', source: known, ...(field ? { field: known === 'header' ? field.toLowerCase() : field } : {}), exact: true }];
  const fromFactory = customDecorator(d, host);
  if (fromFactory) return fromFactory;
  return IDENTITY_DECORATOR.test(name) ? [{ kind: 'identity', via: `@${name}()`, ...(field ? { field } : {}), exact: true }] : [];
}

/**
 * A `createParamDecorator((data, ctx) => ...)` of the project: what its factory returns, with `ctx`
 * the execution context. Undefined when the decorator is not such a definition in the project.
 */
function customDecorator(d: Decorator, host: SemanticsHost): Origin[] | undefined {
  let decl: Node | undefined;
  try {
    decl = host.resolveDeclaration(d.getNameNode());
  } catch {
    decl = undefined;
  }
  if (!decl || !Node.isVariableDeclaration(decl)) return undefined;
  if (decl.getSourceFile().isDeclarationFile() || decl.getSourceFile().isFromExternalLibrary()) return undefined;
  const init = decl.getInitializer();
  if (!init || !Node.isCallExpression(init) || !/createParamDecorator$/.test(init.getExpression().getText())) return undefined;
  const factory = init.getArguments()[0];
  if (!factory || !(Node.isArrowFunction(factory) || Node.isFunctionExpression(factory))) return undefined;
  const scope = new FlowScope(factory, [[], [{ kind: 'context', exact: true }]], host);
  const found = returnedValues(factory).flatMap((r) => scope.originsOf(r));
  const via = `@${d.getName()}()`;
  const relabelled = found.map((o) => (o.kind === 'identity' ? { ...o, via } : o));
  return relabelled.length > 0 ? relabelled : undefined;
}
