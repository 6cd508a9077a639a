/**
 * Weaknesses of a guard's own body (the same on every route), from every producer in one list. A
 * producer returns the weaknesses that the rule with the same code reports as findings, from the same
 * facts: that is how a verdict and a finding never disagree. Add a producer here; do not edit the verdict.
 */
import type { ClassDeclaration } from 'ts-morph';
import type { SemanticsHost } from './host';
import type { Weakness } from './protection';
import { certificateWeaknesses } from './certKind';
import { clientSwitchWeaknesses } from './authz/switchWeaknesses';

/** Weaknesses found in a guard's classes (most derived first, its in-source bases after it). */
export type GuardWeaknessProducer = (classes: ClassDeclaration[], host: SemanticsHost) => Weakness[];

/**
 * mTLS: how a certificate guard lets a request through (`certKind.ts`, from `certJudgement.ts`);
 * authz: a way to `true` the client switches on (`authz/switchWeaknesses.ts`).
 */
export const GUARD_WEAKNESS_PRODUCERS: readonly GuardWeaknessProducer[] = [certificateWeaknesses, clientSwitchWeaknesses];

export function guardWeaknesses(classes: ClassDeclaration[], host: SemanticsHost): Weakness[] {
  return GUARD_WEAKNESS_PRODUCERS.flatMap((p) => p(classes, host));
}
