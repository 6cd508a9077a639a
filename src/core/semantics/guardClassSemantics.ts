/**
 * `GuardSemantics` of one guard: what it reads, when it returns true early, and what kind of guard it is.
 */
import type { ClassDeclaration } from 'ts-morph';
import type { GuardRef } from '../model';
import type { SemanticsHost } from './host';
import type { GuardSemantics } from './types';
import { guardHierarchy } from './guardHierarchy';
import { reflectorReads } from './reflectorReads';
import { earlyReturns } from './earlyReturns';
import { decideKind } from './guardKind';
import { bypasses } from './bypass';
import { guardWeaknesses } from './guardWeaknesses';
import { judgeCertGuard } from './certJudgement';
import { certificateKind } from './certKind';

/** Semantics of a guard class found in source (its base classes included). */
export function guardClassSemantics(cls: ClassDeclaration, host: SemanticsHost, name = cls.getName() ?? '(anonymous)'): GuardSemantics {
  const h = guardHierarchy(cls, host);
  const found = reflectorReads(h.classes, host);
  const reads = found.map((f) => f.read);
  const method = h.classes.map((c) => c.getInstanceMethod('canActivate')).find((m) => m !== undefined);
  const early = method ? earlyReturns(method, found, h.classes) : { trueWhenPresent: [], trueWhenAbsent: [], alwaysTrue: false };
  const bypass = method && !early.alwaysTrue ? bypasses(method, h.classes) : [];
  const general = decideKind(h, reads, early.alwaysTrue, host.config, bypass, (e) => host.resolveDeclaration(e));
  const decision = certificateKind(general, judgeCertGuard(h.classes, host), name, h.classes.map((c) => c.getName() ?? ''), host);
  const reasons = [...decision.reasons];
  for (const f of found.filter((x) => x.scopeGuessed)) {
    reasons.push(`could not tell whether ${f.read.keyText} is read from the handler or the class; assumed both`);
  }
  for (const f of found.filter((x) => x.read.key === x.read.keyText && !/^['"`]/.test(x.read.keyText))) {
    reasons.push(`metadata key ${f.read.keyText} could not be resolved to a value`);
  }
  return {
    name,
    kind: decision.kind,
    reasons,
    reads,
    trueWhenPresent: early.trueWhenPresent,
    trueWhenAbsent: early.trueWhenAbsent,
    alwaysTrue: early.alwaysTrue,
    weaknesses: guardWeaknesses(h.classes, host),
    inSource: true,
    declaredAt: host.locate(cls.getNameNode() ?? cls),
  };
}

/** Semantics for a guard as it appears in a chain (class, instance, mixin, APP_GUARD provider). */
export function guardRefSemantics(guard: GuardRef, host: SemanticsHost): GuardSemantics {
  const cls = host.guardClass(guard);
  if (cls) return guardClassSemantics(cls, host, guard.name);
  const base = { name: guard.name, reads: [], weaknesses: [], trueWhenPresent: [], trueWhenAbsent: [], alwaysTrue: false, inSource: false };
  if (host.config.authGuards.includes(guard.className)) {
    return { ...base, kind: 'authentication', reasons: [`${guard.className} is named in the authGuards setting`] };
  }
  if (host.config.nonAuthGuards.includes(guard.className)) {
    return { ...base, kind: 'non-security', reasons: [`${guard.className} is named in the nonAuthGuards setting`] };
  }
  if (guard.className === 'AuthGuard' && guard.form === 'mixin') {
    return { ...base, kind: 'authentication', reasons: [`${guard.name} is a @nestjs/passport authentication guard`] };
  }
  if (/^Throttler/.test(guard.className)) {
    return { ...base, kind: 'non-security', reasons: [`${guard.className} limits request rates (@nestjs/throttler)`] };
  }
  const why = guard.form === 'factory' || guard.form === 'value'
    ? `${guard.name} is provided by a ${guard.form === 'factory' ? 'factory' : 'value'}; its class is not known statically`
    : `the class of ${guard.name} was not found in source`;
  return { ...base, kind: 'unknown', reasons: [why] };
}

/** Memoises guard semantics per guard identity (class name + mixin args + form) for one pass. */
export class GuardSemanticsCache {
  private readonly cache = new Map<string, GuardSemantics>();
  constructor(private readonly host: SemanticsHost) {}

  of(guard: GuardRef): GuardSemantics {
    const key = `${guard.form}|${guard.className}|${(guard.mixinArgs ?? []).join(',')}|${guard.declaredAt?.file ?? ''}|${guard.name}`;
    let sem = this.cache.get(key);
    if (!sem) {
      sem = guardRefSemantics(guard, this.host);
      this.cache.set(key, sem);
    }
    return sem;
  }
}
