/** The guard classes (with their in-source base classes) that run somewhere in the app, with the routes using them. */
import type { ClassDeclaration } from 'ts-morph';
import { guardHierarchy } from '../semantics/guardHierarchy';
import { certGuardFacts } from '../semantics/certGuards';
import type { CertGuardFacts } from '../semantics/certGuards';
import type { RuleContext } from './types';

export interface AppGuardClass {
  cls: ClassDeclaration;
  /** Name as used in chains (the most derived class). */
  name: string;
  routes: string[];
  /** Client-certificate handling of this class (computed once per pass). */
  cert: CertGuardFacts;
}

const memo = new WeakMap<RuleContext, AppGuardClass[]>();

/** Memoised per pass (several mTLS rules ask for the same list). */
export function appGuardClasses(ctx: RuleContext): AppGuardClass[] {
  let list = memo.get(ctx);
  if (!list) {
    list = collect(ctx);
    memo.set(ctx, list);
  }
  return list;
}

function collect(ctx: RuleContext): AppGuardClass[] {
  const seenGuard = new Map<string, ClassDeclaration[]>();
  const byClass = new Map<ClassDeclaration, { cls: ClassDeclaration; name: string; routes: Set<string> }>();
  for (const r of ctx.app.routes) {
    const ev = ctx.evaluations.get(r.id);
    for (const [i, g] of r.guards.entries()) {
      if (ev && ev.guards[i] && ev.guards[i].state !== 'runs') continue;
      const key = `${g.form}|${g.className}|${g.declaredAt?.file ?? ''}|${g.name}`;
      let classes = seenGuard.get(key);
      if (!classes) {
        const cls = ctx.host.guardClass(g);
        classes = cls ? guardHierarchy(cls, ctx.host).classes : [];
        seenGuard.set(key, classes);
      }
      for (const c of classes) {
        const entry = byClass.get(c) ?? { cls: c, name: g.name, routes: new Set<string>() };
        entry.routes.add(r.id);
        byClass.set(c, entry);
      }
    }
  }
  return [...byClass.values()].map((e) => ({ cls: e.cls, name: e.name, routes: [...e.routes], cert: certGuardFacts(e.cls) }));
}
