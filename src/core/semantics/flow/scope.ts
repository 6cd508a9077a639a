/**
 * Backward data flow inside one function: `originsOf(expr)` says what a value is made of (the client's
 * input, the caller's identity, a secret setting, the request, an injected service), following locals,
 * destructuring, conversions, `this` members and, a level or two deep, what project methods return.
 * Template strings are not followed: text built from a value is a message, not the value.
 */
import { Node, SyntaxKind } from 'ts-morph';
import type { CallExpression, ClassDeclaration, Identifier } from 'ts-morph';
import type { SemanticsHost } from '../host';
import { unwrap } from '../ast';
import type { Origin } from './origin';
import { inexact, isClient, uniqueOrigins } from './origin';
import { bindingOf, isFunctionLike, isValueReference, returnedValues } from './names';
import { injectedOrigins, memberOf, memberName, thisMember } from './members';
import {
  CONFIG_GET_METHODS, REQUEST_HEADER_METHODS, VALUE_CONSTRUCTORS, VALUE_FUNCTIONS, VALUE_METHODS,
} from './vocabulary';

const MAX_DEPTH = 14;
/** How many calls into project methods a question may follow. */
const MAX_FOLLOW = 2;

export class FlowScope {
  private readonly visiting = new Set<Node>();
  readonly cls: ClassDeclaration | undefined;

  constructor(
    readonly fn: Node,
    readonly seeds: readonly Origin[][],
    readonly host: SemanticsHost,
    readonly follow = 0,
  ) {
    this.cls = Node.isClassDeclaration(fn) ? fn : fn.getFirstAncestorByKind(SyntaxKind.ClassDeclaration);
  }

  /** A scope for another function called from this one, its parameters bound to the arguments' origins. */
  enter(fn: Node, args: readonly Origin[][]): FlowScope {
    return new FlowScope(fn, args, this.host, this.follow + 1);
  }

  /** What `expr` is made of. Empty when nothing known flows into it. */
  originsOf(expr: Node, depth = 0): Origin[] {
    if (depth > MAX_DEPTH || this.visiting.has(expr)) return [];
    this.visiting.add(expr);
    try {
      return uniqueOrigins(this.compute(unwrap(expr), depth + 1));
    } finally {
      this.visiting.delete(expr);
    }
  }

  private compute(e: Node, depth: number): Origin[] {
    if (Node.isIdentifier(e)) return this.ofIdentifier(e, depth);
    if (Node.isPropertyAccessExpression(e) || Node.isElementAccessExpression(e)) return this.ofMember(e, depth);
    if (Node.isCallExpression(e)) return this.ofCall(e, depth);
    if (Node.isNewExpression(e)) {
      const name = e.getExpression().getText().split('.').pop() ?? '';
      const arg = e.getArguments()[0];
      return VALUE_CONSTRUCTORS.has(name) && arg ? this.originsOf(arg, depth) : [];
    }
    if (Node.isBinaryExpression(e)) return this.ofBinary(e.getOperatorToken().getKind(), e.getLeft(), e.getRight(), depth);
    if (Node.isConditionalExpression(e)) return [...this.originsOf(e.getWhenTrue(), depth), ...this.originsOf(e.getWhenFalse(), depth)];
    if (Node.isPrefixUnaryExpression(e)) {
      const op = e.getOperatorToken();
      const inner = this.originsOf(e.getOperand(), depth);
      return op === SyntaxKind.PlusToken ? inner : inner.map(inexact);
    }
    if (Node.isTypeOfExpression(e)) return this.originsOf(e.getExpression(), depth).map(inexact);
    return [];
  }

  private ofBinary(op: SyntaxKind, left: Node, right: Node, depth: number): Origin[] {
    if (op === SyntaxKind.QuestionQuestionToken || op === SyntaxKind.BarBarToken) return [...this.originsOf(left, depth), ...this.originsOf(right, depth)];
    if (op === SyntaxKind.AmpersandAmpersandToken) return [...this.originsOf(left, depth).map(inexact), ...this.originsOf(right, depth)];
    if (op === SyntaxKind.EqualsToken || op === SyntaxKind.CommaToken) return this.originsOf(right, depth);
    return [...this.originsOf(left, depth), ...this.originsOf(right, depth)].map(inexact);
  }

  private ofIdentifier(id: Identifier, depth: number): Origin[] {
    if (id.getText() === 'undefined') return [];
    const b = bindingOf(id, (x) => this.host.resolveDeclaration(x));
    if (!b) return [];
    if (b.kind === 'param') {
      if (b.fn !== this.fn) {
        // A constructor's parameters are injected services; other nested functions' parameters are unknown.
        const p = Node.isConstructorDeclaration(b.fn) ? b.fn.getParameters()[b.index] : undefined;
        return p ? injectedOrigins(p, this.host) : [];
      }
      return this.alongPath(this.seeds[b.index] ?? [], b.path);
    }
    if (b.kind === 'variable') return b.values.flatMap((v) => this.alongPath(this.originsOf(v.node, depth), v.path));
    return [];
  }

  private alongPath(origins: Origin[], path: string[]): Origin[] {
    return path.reduce<Origin[]>((acc, key) => acc.flatMap((o) => memberOf(o, /^\d+$/.test(key) ? undefined : key, this)), origins)
      .map((o) => (path.some((k) => /^\d+$/.test(k)) ? inexact(o) : o));
  }

  private ofMember(e: Node, depth: number): Origin[] {
    const recv = (e as unknown as { getExpression(): Node }).getExpression();
    const key = memberName(e);
    const env = envName(e);
    if (env) return [{ kind: 'secret', source: 'env', name: env, exact: true }];
    if (recv.getKind() === SyntaxKind.ThisKeyword) return key && this.cls ? thisMember(this.cls, key, this) : [];
    return this.originsOf(recv, depth).flatMap((o) => memberOf(o, key, this));
  }

  private ofCall(call: CallExpression, depth: number): Origin[] {
    const callee = unwrap(call.getExpression());
    const args = call.getArguments();
    if (Node.isIdentifier(callee)) {
      const name = callee.getText();
      if (VALUE_FUNCTIONS.has(name) && args[0]) return this.originsOf(args[0], depth);
      return this.returnsOf(callee, args, depth);
    }
    if (!Node.isPropertyAccessExpression(callee)) return [];
    const name = callee.getName();
    const recv = callee.getExpression();
    if (name === 'getRequest' || (name === 'getArgByIndex' && args[0]?.getText() === '0')) return [{ kind: 'request', exact: true }];
    if (name === 'switchToHttp') return [{ kind: 'context', exact: true }];
    if (name === 'getClsService' && recv.getText() === 'ClsServiceManager') return [{ kind: 'store', service: 'cls', exact: true }];
    if (name === 'from' && recv.getText() === 'Buffer' && args[0]) return this.originsOf(args[0], depth);
    const literal = args[0] && (Node.isStringLiteral(args[0]) || Node.isNoSubstitutionTemplateLiteral(args[0])) ? args[0].getLiteralValue() : undefined;
    const out: Origin[] = [];
    for (const o of this.originsOf(recv, depth)) {
      if (o.kind === 'request' && REQUEST_HEADER_METHODS.has(name)) {
        out.push({ kind: 'client', source: 'header', ...(literal ? { field: literal.toLowerCase() } : {}), exact: o.exact });
      } else if (o.kind === 'settings' && o.service === 'config' && CONFIG_GET_METHODS.has(name)) {
        out.push({ kind: 'secret', source: 'config', name: literal ?? args[0]?.getText() ?? '?', exact: true });
      } else if (o.kind === 'store' && o.service === 'cls' && name === 'get') {
        out.push({ kind: 'identity', via: 'ClsService', ...(literal ? { field: literal } : {}), exact: true });
      } else if (o.kind === 'store' && o.service === 'als' && name === 'getStore') {
        out.push({ kind: 'identity', via: 'AsyncLocalStorage', exact: true });
      } else if (o.kind === 'client' || o.kind === 'identity' || o.kind === 'secret') {
        out.push(VALUE_METHODS.has(name) ? o : inexact(o));
      } else if (o.kind === 'instance') {
        const m = o.cls.getInstanceMethod(name) ?? o.cls.getStaticMethod(name);
        if (m) out.push(...this.returnsOfFunction(m, args, depth));
      }
    }
    if (out.length === 0 && recv.getKind() === SyntaxKind.ThisKeyword && this.cls) {
      const m = this.cls.getInstanceMethod(name);
      if (m) out.push(...this.returnsOfFunction(m, args, depth));
    }
    return out.length > 0 ? out : this.loadedBy(call, depth);
  }

  /**
   * A call that returns nothing known: loaded by the client's values that go into it
   * (`this.repo.findOneBy({ id })`), or, when only the caller's identity goes in, the caller's own record
   * (`this.users.findById(req.user.id)` is still who the caller is).
   */
  private loadedBy(call: CallExpression, depth: number): Origin[] {
    const inputs = call.getArguments().flatMap((a) => (isFunctionLike(a) ? this.captured(a, depth) : this.contained(a, depth)));
    const by = uniqueOrigins(inputs.filter(isClient)).filter(isClient);
    const callText = call.getExpression().getText();
    if (by.length > 0) return [{ kind: 'loaded', by, call: callText, exact: false }];
    const who = inputs.find((o) => o.kind === 'identity' && o.exact);
    return who && who.kind === 'identity' ? [{ kind: 'identity', via: `${who.via} (loaded by ${callText})`, exact: true }] : [];
  }

  /** What a callback reads from the enclosing function (`(d) => d.id === id` reads `id`), not its own parameters. */
  captured(fn: Node, depth = 0): Origin[] {
    return fn.getDescendantsOfKind(SyntaxKind.Identifier).filter(isValueReference).flatMap((id) => this.originsOf(id, depth + 1));
  }

  /**
   * The origins of a value and of what it holds: object literal members (`{ where: { id, ownerId: user.id } }`),
   * array elements, spreads, and a local holding such a literal. Callbacks are not values.
   */
  contained(expr: Node, depth = 0): Origin[] {
    const e = unwrap(expr);
    if (depth > MAX_DEPTH) return [];
    if (Node.isObjectLiteralExpression(e)) {
      return e.getProperties().flatMap((p) => {
        if (Node.isPropertyAssignment(p)) return this.contained(p.getInitializerOrThrow(), depth + 1);
        if (Node.isShorthandPropertyAssignment(p)) return this.originsOf(p.getNameNode(), depth + 1);
        if (Node.isSpreadAssignment(p)) return this.contained(p.getExpression(), depth + 1);
        return [];
      });
    }
    if (Node.isArrayLiteralExpression(e)) return e.getElements().flatMap((x) => this.contained(Node.isSpreadElement(x) ? x.getExpression() : x, depth + 1));
    if (Node.isIdentifier(e)) {
      const b = bindingOf(e, (x) => this.host.resolveDeclaration(x));
      if (b?.kind === 'variable' && b.values.some((v) => v.path.length === 0 && Node.isObjectLiteralExpression(unwrap(v.node)))) {
        return b.values.flatMap((v) => (v.path.length === 0 ? this.contained(v.node, depth + 1) : this.originsOf(e, depth + 1)));
      }
    }
    return this.originsOf(e, depth);
  }

  /** A project function called by name: what it returns, its parameters bound to the arguments. */
  private returnsOf(callee: Identifier, args: Node[], depth: number): Origin[] {
    const b = bindingOf(callee, (x) => this.host.resolveDeclaration(x));
    if (!b) return [];
    const fn = b.kind === 'declaration' ? b.node : b.kind === 'variable' ? b.values[0]?.node : undefined;
    if (!fn || !(Node.isFunctionDeclaration(fn) || Node.isArrowFunction(fn) || Node.isFunctionExpression(fn))) return [];
    return this.returnsOfFunction(fn, args, depth);
  }

  returnsOfFunction(fn: Node, args: Node[], depth: number): Origin[] {
    if (this.follow >= MAX_FOLLOW || fn.getSourceFile().isDeclarationFile() || fn.getSourceFile().isFromExternalLibrary()) return [];
    const inner = this.enter(fn, args.map((a) => this.originsOf(a, depth)));
    return returnedValues(fn).flatMap((r) => inner.originsOf(r));
  }
}

/** `process.env.X` / `process.env['X']` gives `X`. */
export function envName(e: Node): string | undefined {
  if (!Node.isPropertyAccessExpression(e) && !Node.isElementAccessExpression(e)) return undefined;
  const recv = unwrap(e.getExpression());
  if (recv.getText().replace(/\s+/g, '') !== 'process.env') return undefined;
  return memberName(e);
}
