/**
 * A guard that returns `true` on a value the client sends lets whoever sends it through: that way
 * needs no credential, so the guard does not authenticate (the `request-controlled-bypass` finding
 * reports the same switch, from the same `guardSwitches`).
 */
import { Node, SyntaxKind } from 'ts-morph';
import type { ClassDeclaration, MethodDeclaration } from 'ts-morph';
import type { SemanticsHost } from '../host';
import type { Weakness } from '../protection';
import { FlowScope } from '../flow/scope';
import { guardSwitches } from './clientSwitches';

export const BYPASS_CODE = 'request-controlled-bypass';

export function clientSwitchWeaknesses(classes: ClassDeclaration[], host: SemanticsHost): Weakness[] {
  const out: Weakness[] = [];
  for (const method of runningCanActivate(classes)) {
    const scope = new FlowScope(method, [[{ kind: 'context', exact: true }]], host);
    for (const sw of guardSwitches(method, scope, 'check')) {
      out.push({ code: BYPASS_CODE, detail: `returns true when ${sw.value} says so (${sw.text})`, effect: 'passes', at: host.locate(sw.node) });
    }
  }
  return out;
}

/** The `canActivate` that runs (most derived first), and the base's when it calls `super.canActivate`. */
function runningCanActivate(classes: ClassDeclaration[]): MethodDeclaration[] {
  const out: MethodDeclaration[] = [];
  for (const cls of classes) {
    const m = cls.getInstanceMethod('canActivate');
    if (!m) continue;
    out.push(m);
    const callsSuper = m.getDescendantsOfKind(SyntaxKind.CallExpression).some((c) => {
      const callee = c.getExpression();
      return Node.isPropertyAccessExpression(callee) && callee.getExpression().getKind() === SyntaxKind.SuperKeyword && callee.getName() === 'canActivate';
    });
    if (!callsSuper) break;
  }
  return out;
}
