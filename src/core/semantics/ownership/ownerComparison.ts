/**
 * A comparison of the caller's identity with the object: its id (`targetUserId !== req.user.id`), a
 * field of the object loaded by it (`doc.ownerId !== user.id`), or membership
 * (`user.orgIds.includes(doc.orgId)`), also inside a project helper whose every `return` is one.
 */
import { Node } from 'ts-morph';
import type { CallExpression } from 'ts-morph';
import { unwrap } from '../ast';
import type { Origin } from '../flow/origin';
import type { FlowScope } from '../flow/scope';
import type { ConditionSpec, Want } from '../flow/conditions';
import { conditionTest, isEquality } from '../flow/conditions';
import { returnedValues } from '../flow/names';
import { calledFunction } from '../handlerChecks/secretTests';
import type { ObjectRefs } from './objectIds';

export interface OwnerComparison {
  node: Node;
  /** Where the comparison is, when it is in a helper (`this.canEdit`). */
  via?: string;
}

const MEMBERSHIP = new Set(['includes', 'has', 'some']);

/** A condition that holds (match) or fails (mismatch) only when the caller and the object agree. */
export function ownerTest(e: Node, want: Want, scope: FlowScope, refs: ObjectRefs, breaks?: (side: Node) => void): OwnerComparison | undefined {
  return conditionTest(e, want, ownerSpec(scope, refs, breaks));
}

function ownerSpec(scope: FlowScope, refs: ObjectRefs, breaks?: (side: Node) => void): ConditionSpec<OwnerComparison> {
  return {
    leaf: (e, want) => {
      if (isEquality(e, want) && Node.isBinaryExpression(e)) return sidesAgree(e.getLeft(), e.getRight(), scope, refs) ? { node: e } : undefined;
      if (Node.isCallExpression(e) && want === 'match') return membership(e, scope, refs) ?? helper(e, scope, refs);
      return undefined;
    },
    // A side the client cannot steer (an admin role, `doc.isPublic`) may waive the check: that is policy.
    tolerate: (side) => !scope.originsOf(side).some((o) => o.kind === 'client'),
    onBreak: (side) => breaks?.(side),
  };
}

const identity = (os: Origin[]): boolean => os.some((o) => o.kind === 'identity');

function sidesAgree(a: Node, b: Node, scope: FlowScope, refs: ObjectRefs): boolean {
  const [oa, ob] = [scope.originsOf(a), scope.originsOf(b)];
  return (identity(oa) && ob.some(refs.isObject) && !identity(ob)) || (identity(ob) && oa.some(refs.isObject) && !identity(oa));
}

/** `user.orgIds.includes(doc.orgId)`, `doc.members.some((m) => m.id === user.id)`. */
function membership(call: CallExpression, scope: FlowScope, refs: ObjectRefs): OwnerComparison | undefined {
  const callee = unwrap(call.getExpression());
  if (!Node.isPropertyAccessExpression(callee) || !MEMBERSHIP.has(callee.getName())) return undefined;
  const recv = scope.originsOf(callee.getExpression());
  const arg = call.getArguments()[0];
  if (!arg) return undefined;
  const argOrigins = Node.isArrowFunction(arg) || Node.isFunctionExpression(arg) ? scope.captured(arg) : scope.originsOf(arg);
  const agree = (identity(recv) && argOrigins.some(refs.isObject)) || (recv.some(refs.isObject) && identity(argOrigins));
  return agree ? { node: call } : undefined;
}

/** `this.canEdit(user, doc)`, `isOwner(doc, user)`: a project helper whose every returned value is an owner test. */
function helper(call: CallExpression, scope: FlowScope, refs: ObjectRefs): OwnerComparison | undefined {
  if (scope.follow >= 2) return undefined;
  const fn = calledFunction(call, scope);
  if (!fn) return undefined;
  const inner = scope.enter(fn, call.getArguments().map((a) => scope.contained(a)));
  const values = returnedValues(fn);
  if (values.length === 0) return undefined;
  const tests = values.map((v) => ownerTest(v, 'match', inner, refs));
  if (tests.some((t) => !t)) return undefined;
  return { node: tests[0]!.node, via: tests[0]!.via ?? call.getExpression().getText() };
}
