/**
 * Weaknesses of a guard's own body (the same on every route), from every producer in one list. A
 * producer returns the weaknesses that the rule with the same code reports as findings, from the same
 * facts: that is how a verdict and a finding never disagree. Add a producer here; do not edit the verdict.
 */
import type { ClassDeclaration } from 'ts-morph';
import type { SemanticsHost } from './host';
import type { Weakness } from './protection';
import { certGuardFacts } from './certGuards';

/** Weaknesses found in a guard's classes (most derived first, its in-source bases after it). */
export type GuardWeaknessProducer = (classes: ClassDeclaration[], host: SemanticsHost) => Weakness[];

/**
 * `mtls-empty-cert-check`: `getPeerCertificate()` is `{}` (truthy) without a certificate, so a guard
 * that reads it without testing `socket.authorized` lets a client without a certificate through,
 * unless it compares an identity field (which `{}` lacks): then it depends on that comparison.
 * Provisional: the mTLS facts (certGuards.ts) own the precise answer.
 */
const emptyCertificateCheck: GuardWeaknessProducer = (classes, host) => classes.flatMap((cls) => {
  const f = certGuardFacts(cls);
  if (f.peerCertCalls.length === 0 || f.checksAuthorized) return [];
  return [{
    code: 'mtls-empty-cert-check',
    detail: `${cls.getName() ?? 'the guard'} reads getPeerCertificate() without checking socket.authorized, and an absent certificate is {} (truthy)`,
    effect: f.identityMapping ? 'uncertain' as const : 'passes' as const,
    at: host.locate(f.peerCertCalls[0]),
  }];
});

export const GUARD_WEAKNESS_PRODUCERS: readonly GuardWeaknessProducer[] = [emptyCertificateCheck];

export function guardWeaknesses(classes: ClassDeclaration[], host: SemanticsHost): Weakness[] {
  return GUARD_WEAKNESS_PRODUCERS.flatMap((p) => p(classes, host));
}
