/** The guard and interceptor classes (with their in-source base classes) that run somewhere in the app, with the routes using them. */
import type { ClassDeclaration } from 'ts-morph';
import { guardHierarchy } from '../semantics/guardHierarchy';
import { certGuardFacts } from '../semantics/certGuards';
import type { CertGuardFacts } from '../semantics/certGuards';
import { judgeCertGuard, type CertJudgement } from '../semantics/certJudgement';
import type { RuleContext } from './types';

export interface AppGuardClass {
  cls: ClassDeclaration;
  /** Name as used in chains (the most derived class). */
  name: string;
  routes: string[];
  /** Client-certificate handling of this class (computed once per pass). */
  cert: CertGuardFacts;
}

/** A running guard (or an interceptor) as a whole (its class and base classes), with its certificate judgement. */
export interface AppCertGuard {
  origin: 'guard' | 'interceptor';
  cls: ClassDeclaration;
  /** The class and its in-source base classes. */
  classes: ClassDeclaration[];
  name: string;
  routes: string[];
  judgement: CertJudgement;
}

const memo = new WeakMap<RuleContext, { classes: AppGuardClass[]; certGuards: AppCertGuard[] }>();

/** Memoised per pass (several mTLS rules ask for the same list). */
export function appGuardClasses(ctx: RuleContext): AppGuardClass[] {
  return collected(ctx).classes;
}

/** The running guards and the interceptors that handle a client certificate, each judged once. */
export function appCertGuards(ctx: RuleContext): AppCertGuard[] {
  return collected(ctx).certGuards;
}

function collected(ctx: RuleContext): { classes: AppGuardClass[]; certGuards: AppCertGuard[] } {
  let hit = memo.get(ctx);
  if (!hit) {
    hit = collect(ctx);
    memo.set(ctx, hit);
  }
  return hit;
}

/** Interceptor classes (with their bases) of every route, with the routes they run on. */
function interceptorsOf(ctx: RuleContext): Map<ClassDeclaration, { classes: ClassDeclaration[]; name: string; routes: Set<string> }> {
  const out = new Map<ClassDeclaration, { classes: ClassDeclaration[]; name: string; routes: Set<string> }>();
  for (const r of ctx.app.routes) {
    for (const ref of r.interceptors) {
      const cls = ctx.host.interceptorClass?.(ref);
      if (!cls) continue;
      const entry = out.get(cls) ?? { classes: guardHierarchy(cls, ctx.host).classes, name: ref.name, routes: new Set<string>() };
      entry.routes.add(r.id);
      out.set(cls, entry);
    }
  }
  return out;
}

function collect(ctx: RuleContext): { classes: AppGuardClass[]; certGuards: AppCertGuard[] } {
  const seenGuard = new Map<string, ClassDeclaration[]>();
  const byClass = new Map<ClassDeclaration, { cls: ClassDeclaration; name: string; routes: Set<string> }>();
  const byGuard = new Map<ClassDeclaration, { classes: ClassDeclaration[]; name: string; routes: Set<string> }>();
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
      if (classes.length > 0) {
        const whole = byGuard.get(classes[0]) ?? { classes, name: g.name, routes: new Set<string>() };
        whole.routes.add(r.id);
        byGuard.set(classes[0], whole);
      }
      for (const c of classes) {
        const entry = byClass.get(c) ?? { cls: c, name: g.name, routes: new Set<string>() };
        entry.routes.add(r.id);
        byClass.set(c, entry);
      }
    }
  }
  const interceptors = interceptorsOf(ctx);
  const certGuards: AppCertGuard[] = [];
  for (const g of byGuard.values()) {
    const judgement = judgeCertGuard(g.classes, ctx.host);
    if (judgement) certGuards.push({ origin: 'guard', cls: g.classes[0], classes: g.classes, name: g.name, routes: [...g.routes], judgement });
  }
  for (const i of interceptors.values()) {
    const judgement = judgeCertGuard(i.classes, ctx.host, 'interceptor');
    if (judgement) certGuards.push({ origin: 'interceptor', cls: i.classes[0], classes: i.classes, name: i.name, routes: [...i.routes], judgement });
  }
  // Interceptor classes too: the same certificate facts, the same findings.
  for (const i of interceptors.values()) {
    for (const c of i.classes) {
      const entry = byClass.get(c) ?? { cls: c, name: i.name, routes: new Set<string>() };
      for (const r of i.routes) entry.routes.add(r);
      byClass.set(c, entry);
    }
  }
  return {
    classes: [...byClass.values()].map((e) => ({ cls: e.cls, name: e.name, routes: [...e.routes], cert: certGuardFacts(e.cls) })),
    certGuards,
  };
}
