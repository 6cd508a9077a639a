/** The guard classes (with their in-source base classes) that run somewhere in the app, with the routes using them. */
import type { ClassDeclaration } from 'ts-morph';
import { guardHierarchy } from '../semantics/guardHierarchy';
import type { RuleContext } from './types';

export interface AppGuardClass {
  cls: ClassDeclaration;
  /** Name as used in chains (the most derived class). */
  name: string;
  routes: string[];
}

export function appGuardClasses(ctx: RuleContext): AppGuardClass[] {
  const byClass = new Map<ClassDeclaration, AppGuardClass>();
  for (const r of ctx.app.routes) {
    const ev = ctx.evaluations.get(r.id);
    for (const [i, g] of r.guards.entries()) {
      if (ev && ev.guards[i] && ev.guards[i].state !== 'runs') continue;
      const cls = ctx.host.guardClass(g);
      if (!cls) continue;
      for (const c of guardHierarchy(cls, ctx.host).classes) {
        const entry = byClass.get(c) ?? { cls: c, name: g.name, routes: [] };
        if (!entry.routes.includes(r.id)) entry.routes.push(r.id);
        byClass.set(c, entry);
      }
    }
  }
  return [...byClass.values()];
}
