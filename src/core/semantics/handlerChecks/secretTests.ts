/**
 * Conditions that compare a value the client sent with a secret: `key !== this.config.get('K')`,
 * `!timingSafeEqual(Buffer.from(key), Buffer.from(secret))`, `!this.isValidKey(key)` where the helper
 * returns such a comparison. A *match test* is true only when the values are equal; a *mismatch test*
 * is false only when they are equal. Negation, `&&` and `||` are followed with their logic:
 * `!key || key !== s` is a mismatch test, `!force && key !== s` is not (it passes when `force` is set).
 */
import { Node, SyntaxKind } from 'ts-morph';
import type { CallExpression } from 'ts-morph';
import { unwrap } from '../ast';
import type { ClientOrigin, SecretOrigin } from '../flow/origin';
import { isClient, isSecret } from '../flow/origin';
import type { FlowScope } from '../flow/scope';
import { ownNodes, returnedValues } from '../flow/names';
import { CONSTANT_TIME_COMPARE } from '../flow/vocabulary';
import type { ConditionSpec } from '../flow/conditions';
import { conditionTest, isEquality } from '../flow/conditions';

export interface SecretComparison {
  /** The comparison itself (`key !== secret`, the `timingSafeEqual(...)` call). */
  node: Node;
  client: ClientOrigin;
  /** The setting compared with; undefined for a constant-time comparison with a value not traced to one. */
  secret?: SecretOrigin;
  constantTime: boolean;
  /** A helper that holds the comparison (`this.isValidKey`), when it is not in the condition itself. */
  via?: string;
}

/** True only when the client's value equals the secret. */
export function matchTest(e: Node, scope: FlowScope): SecretComparison | undefined {
  return conditionTest(e, 'match', secretSpec(scope));
}

/** False only when the client's value equals the secret. */
export function mismatchTest(e: Node, scope: FlowScope): SecretComparison | undefined {
  return conditionTest(e, 'mismatch', secretSpec(scope));
}

/** Strict: a side that is no secret comparison breaks the test (`!force && key !== s` passes when `force` is set). */
function secretSpec(scope: FlowScope): ConditionSpec<SecretComparison> {
  return {
    leaf: (e, want) => {
      if (isEquality(e, want) && Node.isBinaryExpression(e)) return equality(e, e.getLeft(), e.getRight(), scope);
      if (Node.isCallExpression(e) && want === 'match') return constantTimeCall(e, scope) ?? helperCall(e, scope);
      return undefined;
    },
    prefer: (a, b) => (b.constantTime && !a.constantTime ? b : a),
  };
}

function sides(a: Node, b: Node, scope: FlowScope): { client: ClientOrigin; secret?: SecretOrigin } | undefined {
  const [oa, ob] = [scope.originsOf(a), scope.originsOf(b)];
  const clientA = oa.find(isClient);
  const clientB = ob.find(isClient);
  if (clientA && !clientB) return { client: clientA, secret: ob.find(isSecret) };
  if (clientB && !clientA) return { client: clientB, secret: oa.find(isSecret) };
  return undefined;
}

/** `a.length !== b.length` compares lengths, not values (the guard in front of `timingSafeEqual`). */
const LENGTH = /\.(length|byteLength)$/;

function equality(node: Node, l: Node, r: Node, scope: FlowScope): SecretComparison | undefined {
  if (LENGTH.test(unwrap(l).getText()) || LENGTH.test(unwrap(r).getText())) return undefined;
  const s = sides(l, r, scope);
  return s?.secret ? { node, client: s.client, secret: s.secret, constantTime: false } : undefined;
}

/** `timingSafeEqual(a, b)`, `crypto.timingSafeEqual(...)`, `safeCompare(a, b)`: with the client's value on one side. */
function constantTimeCall(call: CallExpression, scope: FlowScope): SecretComparison | undefined {
  const callee = call.getExpression();
  const name = Node.isPropertyAccessExpression(callee) ? callee.getName() : callee.getText();
  if (!CONSTANT_TIME_COMPARE.has(name)) return undefined;
  const [a, b] = call.getArguments();
  if (!a || !b) return undefined;
  const s = sides(a, b, scope);
  return s ? { node: call, client: s.client, ...(s.secret ? { secret: s.secret } : {}), constantTime: true } : undefined;
}

/**
 * A project method or function whose every returned value is a match test, its parameters bound to
 * the call's arguments (`this.isValidKey(key)`, `this.keys.matches(key)`, `safeEqual(key, secret)`).
 */
function helperCall(call: CallExpression, scope: FlowScope): SecretComparison | undefined {
  const fn = calledFunction(call, scope);
  if (!fn) return undefined;
  const inner = scope.enter(fn, call.getArguments().map((a) => scope.originsOf(a)));
  const values = returnedValues(fn);
  if (values.length === 0 || inner.follow > 2) return undefined;
  const tests = values.map((v) => matchTest(v, inner));
  if (tests.some((t) => !t)) return undefined;
  const first = tests[0]!;
  return { ...first, via: first.via ?? call.getExpression().getText() };
}

/** The project function a call reaches: `this.m()`, `this.service.m()` (an injected project class), `f()`. */
export function calledFunction(call: CallExpression, scope: FlowScope): Node | undefined {
  const callee = unwrap(call.getExpression());
  let fn: Node | undefined;
  if (Node.isPropertyAccessExpression(callee)) {
    const recv = callee.getExpression();
    if (recv.getKind() === SyntaxKind.ThisKeyword) fn = scope.cls?.getInstanceMethod(callee.getName());
    else {
      const inst = scope.originsOf(recv).find((o) => o.kind === 'instance');
      if (inst && inst.kind === 'instance') fn = inst.cls.getInstanceMethod(callee.getName());
    }
  } else if (Node.isIdentifier(callee)) {
    let decl: Node | undefined;
    try {
      decl = scope.host.resolveDeclaration(callee);
    } catch {
      decl = undefined;
    }
    fn = decl && Node.isVariableDeclaration(decl) ? decl.getInitializer() : decl;
  }
  if (!fn || !(Node.isMethodDeclaration(fn) || Node.isFunctionDeclaration(fn) || Node.isArrowFunction(fn) || Node.isFunctionExpression(fn))) return undefined;
  const file = fn.getSourceFile();
  return file.isDeclarationFile() || file.isFromExternalLibrary() ? undefined : fn;
}

/** Every comparison of a client value with a secret written in a function (not its nested functions). */
export function secretComparisons(fn: Node, scope: FlowScope): SecretComparison[] {
  const out: SecretComparison[] = [];
  for (const n of ownNodes(fn)) {
    if (Node.isBinaryExpression(n) && (isEquality(n, 'match') || isEquality(n, 'mismatch'))) {
      if (LENGTH.test(unwrap(n.getLeft()).getText()) || LENGTH.test(unwrap(n.getRight()).getText())) continue;
      const c = equality(n, n.getLeft(), n.getRight(), scope);
      if (c) out.push(c);
    } else if (Node.isCallExpression(n)) {
      const c = constantTimeCall(n, scope);
      if (c) out.push(c);
    }
  }
  return out;
}
