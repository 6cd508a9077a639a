/**
 * Looking for an object-level check in one function and in the project functions it hands the object
 * (or the caller) to, two levels deep: a comparison of the caller with the object that decides (a
 * rejection exits, a ternary or a returned test), a data call scoped by both (`findOne({ where: { id,
 * ownerId: user.id } })`, `docs.find((d) => d.id === id && d.ownerId === userId)`), or a named helper.
 * Logging and string interpolation are not flow. What was looked at is recorded for the message.
 */
import { Node, SyntaxKind } from 'ts-morph';
import type { CallExpression } from 'ts-morph';
import { shortText, unwrap } from '../ast';
import type { Origin } from '../flow/origin';
import type { FlowScope } from '../flow/scope';
import { isFunctionLike, isValueReference, ownNodes, returnedValues } from '../flow/names';
import { exitOf, isInertStatement, isLogCall } from '../flow/effects';
import { VALUE_FUNCTIONS } from '../flow/vocabulary';
import { calledFunction } from '../handlerChecks/secretTests';
import type { ObjectRefs } from './objectIds';
import { ownerTest } from './ownerComparison';

export interface Found {
  /** The comparison, scoped call or helper call. */
  node: Node;
  /** The function holding it (`DocumentsService.findForOwner`). */
  holder: string;
  /** `compares the object with the caller (doc.ownerId !== user.id) and throws otherwise`. */
  what: string;
  /** Followed from the handler into another class (a service). */
  inService: boolean;
  /** The call of the searched function that led to it (`this.documents.findForOwner`). */
  through?: string;
}

export interface Trace {
  /** Functions looked in, in order (`DocumentsController.remove`, `DocumentsService.remove`). */
  looked: string[];
  /** The caller's identity flows somewhere other than a log line or a message. */
  identityRead: boolean;
  /** Calls the caller's identity went into (not logging). */
  identityTo: string[];
  /** Owner tests that a side the client controls can skip (`!query.force && x.ownerId !== user.id`). */
  skipped: { test: Node; side: Node }[];
}

export const newTrace = (): Trace => ({ looked: [], identityRead: false, identityTo: [], skipped: [] });

/** Methods that select elements of a collection. */
const PICK = new Set(['find', 'filter', 'findLast', 'findIndex', 'get', 'at']);

const OWNERSHIP_CALL = /^(assertOwner\w*|checkOwner\w*|ensureOwner\w*|verifyOwner\w*|canAccess\w*|isOwner\w*|assertCan\w*)$/;

export function holderName(fn: Node): string {
  const cls = fn.getFirstAncestorByKind(SyntaxKind.ClassDeclaration)?.getName();
  const own = Node.isMethodDeclaration(fn) || Node.isFunctionDeclaration(fn) ? fn.getName() ?? '(anonymous)' : '(function)';
  return cls ? `${cls}.${own}` : own;
}

export function searchOwnership(fn: Node, scope: FlowScope, refs: ObjectRefs, trace: Trace, helpers: readonly string[], depth = 0): Found | undefined {
  const holder = holderName(fn);
  if (trace.looked.includes(holder)) return undefined;
  trace.looked.push(holder);
  noteIdentity(fn, scope, trace);
  const found = decidingTest(fn, scope, refs, trace) ?? namedHelper(fn, helpers);
  if (found) return { ...found, holder, inService: false };
  return followCalls(fn, scope, refs, trace, helpers, depth);
}

type Partial = Omit<Found, 'holder' | 'inService'>;

/** An `if` that rejects on a mismatch (or acts only on a match), a ternary, or a returned owner test. */
function decidingTest(fn: Node, scope: FlowScope, refs: ObjectRefs, trace: Trace): Partial | undefined {
  const res = new Set<string>();
  const skipped = (test: Node) => (side: Node): void => void trace.skipped.push({ test, side });
  for (const n of ownNodes(fn)) {
    if (Node.isIfStatement(n)) {
      const cond = n.getExpression();
      const [then, els] = [n.getThenStatement(), n.getElseStatement()];
      const exit = exitOf(then, scope, res);
      const mismatch = exit ? ownerTest(cond, 'mismatch', scope, refs, skipped(cond)) : undefined;
      if (mismatch) return { node: mismatch.node, what: compared(mismatch, exit === 'throws' ? 'throws otherwise' : 'returns otherwise') };
      const acts = (els && exitOf(els, scope, res)) || !isInertStatement(then, scope, res);
      const match = acts ? ownerTest(cond, 'match', scope, refs, skipped(cond)) : undefined;
      if (match) return { node: match.node, what: compared(match, 'acts only when they match') };
    } else if (Node.isConditionalExpression(n)) {
      const t = ownerTest(n.getCondition(), 'match', scope, refs) ?? ownerTest(n.getCondition(), 'mismatch', scope, refs);
      if (t) return { node: t.node, what: compared(t, 'chooses the answer by it') };
    }
  }
  for (const v of returnedValues(fn)) {
    const t = ownerTest(v, 'match', scope, refs, skipped(v));
    if (t) return { node: t.node, what: compared(t, 'returns the result') };
  }
  return undefined;
}

function compared(t: { node: Node; via?: string }, tail: string): string {
  const via = t.via ? ` through ${t.via}` : '';
  return `compares the object with the caller${via} (${shortText(t.node)}) and ${tail}`;
}

function namedHelper(fn: Node, helpers: readonly string[]): Partial | undefined {
  const call = ownNodes(fn).filter(Node.isCallExpression).find((c) => {
    const callee = unwrap(c.getExpression());
    const name = Node.isPropertyAccessExpression(callee) ? callee.getName() : callee.getText();
    return helpers.includes(name) || OWNERSHIP_CALL.test(name);
  });
  return call ? { node: call, what: `calls the ownership helper ${call.getExpression().getText()}` } : undefined;
}

/** What a call receives: values, object literal members, and what callbacks capture. */
function argOrigins(call: CallExpression, scope: FlowScope): Origin[][] {
  return call.getArguments().map((a) => (isFunctionLike(a) ? scope.captured(a) : scope.contained(a)));
}

function followCalls(fn: Node, scope: FlowScope, refs: ObjectRefs, trace: Trace, helpers: readonly string[], depth: number): Found | undefined {
  for (const call of ownNodes(fn).filter(Node.isCallExpression)) {
    if (isLogCall(call) || VALUE_FUNCTIONS.has(unwrap(call.getExpression()).getText())) continue;
    const args = argOrigins(call, scope);
    const flat = args.flat();
    const hasRef = flat.some(refs.isObject);
    const picked = hasRef ? pickedFromOwn(call, scope) : undefined;
    if (picked) return { node: call, holder: holderName(fn), what: `picks the object out of ${picked} (${shortText(call, 80)})`, inService: depth > 0 };
    const hasIdentity = flat.some((o) => o.kind === 'identity' && o.exact);
    if (hasIdentity) trace.identityTo.push(call.getExpression().getText());
    // The execution context or the request carries both the route's ids and the caller: a helper given it may check.
    const carriesRequest = flat.some((o) => (o.kind === 'context' || o.kind === 'request') && o.exact);
    if (!hasRef && !hasIdentity && !carriesRequest) continue;
    const target = depth < 2 ? calledFunction(call, scope) : undefined;
    if (target) {
      const inner = searchOwnership(target, scope.enter(target, args), refs, trace, helpers, depth + 1);
      const through = call.getExpression().getText();
      if (inner) return { ...inner, through, inService: inner.inService || target.getFirstAncestorByKind(SyntaxKind.ClassDeclaration) !== scope.cls };
    } else if (hasRef && hasIdentity) {
      return { node: call, holder: holderName(fn), what: `loads the object scoped by the caller (${shortText(call, 80)})`, inService: depth > 0 };
    }
  }
  return undefined;
}

/** `activities.find((a) => a.id === id)` where `activities` was loaded for the caller: names the collection. */
function pickedFromOwn(call: CallExpression, scope: FlowScope): string | undefined {
  const callee = unwrap(call.getExpression());
  if (!Node.isPropertyAccessExpression(callee) || !PICK.has(callee.getName())) return undefined;
  const recv = callee.getExpression();
  const who = scope.originsOf(recv).find((o) => o.kind === 'identity');
  return who ? `${shortText(recv, 40)}, loaded for the caller` : undefined;
}

/** Does the caller's identity flow anywhere but into a log line or a message? */
function noteIdentity(fn: Node, scope: FlowScope, trace: Trace): void {
  if (trace.identityRead) return;
  for (const n of ownNodes(fn)) {
    if (!(Node.isIdentifier(n) || Node.isPropertyAccessExpression(n))) continue;
    const parent = n.getParent();
    if (parent && (Node.isPropertyAccessExpression(parent) || Node.isElementAccessExpression(parent)) && parent.getExpression() === n) continue;
    if (Node.isIdentifier(n) && !isValueReference(n)) continue;
    if (n.getFirstAncestor((a) => Node.isTemplateExpression(a) || (Node.isCallExpression(a) && isLogCall(a)) || a === fn) !== fn) continue;
    if (scope.originsOf(n).some((o) => o.kind === 'identity')) {
      trace.identityRead = true;
      return;
    }
  }
}
