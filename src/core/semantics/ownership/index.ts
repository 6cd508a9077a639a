/**
 * Ownership (BOLA/IDOR, CWE-639) evidence for routes that take an object identifier: a guard of the
 * chain that checks the object, a policy decorator, or a check in the handler or in the project code it
 * hands the object to (followed two calls deep). When there is none, the detail says what was looked at
 * and what the caller's identity did.
 */
import type { OwnershipEvidence, Route } from '../../model';
import type { SemanticsHost } from '../host';
import type { GuardOnRoute } from '../guardsOnRoute';
import { shortText } from '../ast';
import { handlerScope } from '../flow/handlerParams';
import { idParamsOf, pathRefs } from './objectIds';
import { adminRequirement } from './adminOnly';
import { policyGuards } from './policyGuards';
import type { Trace } from './search';
import { newTrace, searchOwnership } from './search';

export { isIdParam, idParamsOf } from './objectIds';

const POLICY_DECORATOR = /owner|polic|abilit/i;

export function ownershipEvidence(route: Route, states: readonly GuardOnRoute[], host: SemanticsHost, rolesEnforcedBy: readonly string[] = []): OwnershipEvidence | null {
  const ids = idParamsOf(route, host.config);
  if (ids.length === 0) return null;
  const admin = adminRequirement(route, rolesEnforcedBy, host);
  if (admin) return { kind: 'admin-only', detail: `limited to administrators: ${admin}` };
  const refs = pathRefs(ids);
  const guards = policyGuards(states, refs, host);
  if (guards.check) return { kind: 'guard', detail: guards.check.detail, at: guards.check.at };
  const helpers = host.config.ownershipHelpers;
  const deco = route.metadata.find((e) => helpers.includes(e.decorator) || POLICY_DECORATOR.test(e.decorator));
  if (deco) return { kind: 'decorator', detail: `@${deco.decorator} declares an object-level policy`, at: deco.at };
  const handler = host.handlerOf(route);
  const names = refs.names.join(', ');
  if (!handler) return { kind: 'none', detail: `handler ${route.handler} not found in source; no ownership evidence for ${names}` };
  const trace = newTrace();
  const found = searchOwnership(handler, handlerScope(handler, host), refs, trace, helpers);
  if (found) {
    const lead = found.through ? `${route.handler} passes it to ${found.through}; ${found.holder} ` : `${route.handler} `;
    return { kind: found.inService ? 'service' : 'handler', detail: `${lead}${found.what}`, at: host.locate(found.node) };
  }
  return { kind: 'none', detail: `no ownership check for ${names}: ${[guardPart(guards.notes), lookedPart(trace), identityPart(trace)].join('; ')}` };
}

function guardPart(notes: string[]): string {
  return notes.length > 0 ? notes.join(', ') : 'no guard checks the object';
}

function lookedPart(t: Trace): string {
  const [first, ...rest] = t.looked;
  const followed = rest.length ? ` or in ${rest.join(', ')}` : '';
  const skip = t.skipped[0];
  if (!skip) return `no comparison with the caller in ${first}${followed}`;
  // A comparison the client can skip is no check (request-controlled-bypass reports the switch).
  return `no comparison with the caller that always runs in ${first}${followed} (${shortText(skip.test)}: ${shortText(skip.side)} is the client's to set)`;
}

function identityPart(t: Trace): string {
  if (!t.identityRead) return "the caller's identity is not used";
  const calls = [...new Set(t.identityTo)];
  if (calls.length === 0) return "the caller's identity is read but goes into no call with the object";
  const verbs = calls.length > 1 ? 'compare nor scope' : 'compares nor scopes';
  return `the caller's identity goes into ${calls.join(', ')}, which neither ${verbs} the object by it`;
}
