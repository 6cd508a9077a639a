/**
 * Where the client can switch a check off, with the routes concerned: the `canActivate` of guards that
 * run (their ways to `true`, their rejections), and each route's handler with the project code it calls.
 */
import type { Node } from 'ts-morph';
import type { ClientSwitch, Skipped } from '../semantics/authz/clientSwitches';
import { guardSwitches, skippedRejections } from '../semantics/authz/clientSwitches';
import { FlowScope } from '../semantics/flow/scope';
import { handlerScope } from '../semantics/flow/handlerParams';
import { reachedFunctions } from '../semantics/flow/reach';
import { holderName } from '../semantics/ownership/search';
import { appGuardClasses } from './appGuards';
import type { RuleContext } from './types';

export interface SwitchSite {
  sw: ClientSwitch;
  /** `AdminGuard.canActivate`, `UsersController.updateUser`. */
  holder: string;
  routes: string[];
}

const memo = new WeakMap<RuleContext, SwitchSite[]>();

export function clientSwitchSites(ctx: RuleContext): SwitchSite[] {
  let list = memo.get(ctx);
  if (!list) {
    list = collect(ctx);
    memo.set(ctx, list);
  }
  return list;
}

function collect(ctx: RuleContext): SwitchSite[] {
  const byNode = new Map<Node, SwitchSite>();
  const add = (sw: ClientSwitch, holder: string, routes: string[]): void => {
    const site = byNode.get(sw.node);
    if (site) site.routes.push(...routes.filter((r) => !site.routes.includes(r)));
    else byNode.set(sw.node, { sw, holder, routes: [...routes] });
  };
  for (const g of appGuardClasses(ctx)) {
    const method = g.cls.getInstanceMethod('canActivate');
    if (!method) continue;
    const scope = new FlowScope(method, [[{ kind: 'context', exact: true }]], ctx.host);
    const found = [...guardSwitches(method, scope, kindOf(ctx, g.name, g.routes)), ...skippedRejections(method, scope)];
    for (const sw of found) add(sw, holderName(method), g.routes);
  }
  for (const r of ctx.app.routes) {
    let handler;
    try {
      handler = ctx.host.handlerOf(r);
    } catch {
      handler = undefined;
    }
    if (!handler) continue;
    for (const { fn, scope } of reachedFunctions(handler, handlerScope(handler, ctx.host))) {
      for (const sw of skippedRejections(fn, scope)) add(sw, holderName(fn), [r.id]);
    }
  }
  return [...byNode.values()];
}

/** What a guard's own `true` bypasses when nothing else in the condition says: a role or a credential check. */
function kindOf(ctx: RuleContext, name: string, routes: string[]): Skipped {
  const state = ctx.evaluations.get(routes[0])?.guards.find((s) => s.guard.name === name);
  return state?.sem.kind === 'authorization' ? 'role' : state?.sem.kind === 'authentication' ? 'credential' : 'check';
}
