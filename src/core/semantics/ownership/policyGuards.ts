/**
 * Guards of the chain that check the route's object: a guard named in `ownershipHelpers`; one in the
 * project whose `canActivate` reads the route's id parameter (`request.params.id`) and compares it, or
 * what it loads with it, with the caller (directly or in a service it hands them to); a guard from a
 * package named like a policy guard (its body cannot be read).
 */
import { Node } from 'ts-morph';
import type { SourceLocation } from '../../model';
import type { SemanticsHost } from '../host';
import type { GuardOnRoute } from '../guardsOnRoute';
import { guardHierarchy } from '../guardHierarchy';
import { FlowScope } from '../flow/scope';
import { ownNodes } from '../flow/names';
import { reachedFunctions } from '../flow/reach';
import type { ObjectRefs } from './objectIds';
import { newTrace, searchOwnership } from './search';

const POLICY_GUARD = /owner|polic|abilit|casl|acl|resourceaccess/i;

export interface GuardCheck {
  detail: string;
  at: SourceLocation;
}

export interface GuardLook {
  check?: GuardCheck;
  /** What each running guard was found to do about the object, for the message when none checks it. */
  notes: string[];
}

export function policyGuards(states: readonly GuardOnRoute[], refs: ObjectRefs, host: SemanticsHost): GuardLook {
  const notes: string[] = [];
  const ids = refs.names.join(', ');
  for (const s of states.filter((x) => x.state === 'runs')) {
    const g = s.guard;
    if (host.config.ownershipHelpers.includes(g.className)) return { check: { detail: `${g.name} checks access to the object (ownershipHelpers setting)`, at: g.attachedAt }, notes };
    const cls = host.guardClass(g);
    const method = cls ? guardHierarchy(cls, host).classes.map((c) => c.getInstanceMethod('canActivate')).find((m) => m !== undefined) : undefined;
    if (!method) {
      if (POLICY_GUARD.test(g.className)) return { check: { detail: `${g.name} is named like a policy guard (its body is not in source)`, at: g.attachedAt }, notes };
      continue;
    }
    const scope = new FlowScope(method, [[{ kind: 'context', exact: true }]], host);
    // The id may be read in a helper the guard calls (`this.resourcePermission(ctx, this.getResourceId(ctx))`).
    const reads = reachedFunctions(method, scope).some((r) => ownNodes(r.fn).some((n) => (Node.isPropertyAccessExpression(n) || Node.isElementAccessExpression(n) || Node.isIdentifier(n))
      && r.scope.originsOf(n).some(refs.isId)));
    if (!reads) {
      notes.push(`${g.name} does not read ${ids}`);
      continue;
    }
    const found = searchOwnership(method, scope, refs, newTrace(), host.config.ownershipHelpers);
    if (found) return { check: { detail: `${g.name} reads ${ids} and ${found.what}${found.inService ? ` (in ${found.holder})` : ''}`, at: host.locate(found.node) }, notes };
    notes.push(`${g.name} reads ${ids} but does not compare it with the caller`);
  }
  return { notes };
}
