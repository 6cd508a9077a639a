/**
 * A client-certificate guard's kind and reason, and the weaknesses its certificate check has
 * (`certJudgement.ts`). The weaknesses decide whether it authenticates (a weakened guard does not);
 * the kind only says what it is: authentication when the check holds, unknown when it could not be
 * judged and no finding names why. A guard named in the settings keeps the settings' kind.
 */
import type { ClassDeclaration } from 'ts-morph';
import type { KindDecision } from './guardKind';
import type { CertJudgement } from './certJudgement';
import { judgeCertGuard, type Entry } from './certJudgement';
import type { SemanticsHost } from './host';
import type { Weakness } from './protection';
import { tlsListener } from './tlsListener';

export function certificateKind(general: KindDecision, cert: CertJudgement | undefined, name: string, classNames: string[], host: SemanticsHost): KindDecision {
  if (!cert || configured(classNames, host)) return general;
  const own = `${name} ${cert.reason}`;
  if (general.kind === 'non-security') return general;
  if (cert.authenticates === 'unknown' && uncertainWeakness(cert, host) === undefined) {
    return { kind: 'unknown', reasons: [own, ...general.reasons.map((r) => `otherwise: ${r}`)] };
  }
  if (general.kind === 'unknown' && cert.authenticates !== true) return general;
  return { kind: 'authentication', reasons: [own, ...general.reasons.slice(general.kind === 'authentication' ? 1 : 0).map((r) => (general.kind === 'authentication' ? r : `otherwise: ${r}`))] };
}

function configured(classNames: string[], host: SemanticsHost): boolean {
  return classNames.some((n) => host.config.authGuards.includes(n) || host.config.nonAuthGuards.includes(n));
}

/** Weaknesses of a certificate guard: the way a request gets through, with the finding that reports it. */
export function certificateWeaknesses(classes: ClassDeclaration[], host: SemanticsHost, entry: Entry = 'guard'): Weakness[] {
  const cert = judgeCertGuard(classes, host, entry);
  if (!cert || configured(classes.map((c) => c.getName() ?? ''), host)) return [];
  if (cert.authenticates === false && cert.weakenedBy) {
    return [{ code: cert.weakenedBy.code, detail: withoutCode(cert.reason), effect: 'passes', at: host.locate(cert.weakenedBy.node) }];
  }
  const uncertain = cert.authenticates === 'unknown' ? uncertainWeakness(cert, host) : undefined;
  return uncertain ? [{ ...uncertain, detail: withoutCode(cert.reason) }] : [];
}

/** A guard relying on a `rejectUnauthorized` the analyzer cannot read: the option's own finding says so. */
function uncertainWeakness(cert: CertJudgement, host: SemanticsHost): Weakness | undefined {
  if (!cert.ways.some((w) => w.verdict === 'listener-unknown')) return undefined;
  const option = tlsListener(host).declared.find((o) => o.requestCert === true && o.rejectUnauthorized === 'unknown' && o.rejectUnauthorizedNode);
  if (!option?.rejectUnauthorizedNode) return undefined;
  return { code: 'mtls-reject-unauthorized-false', detail: '', effect: 'uncertain', at: host.locate(option.rejectUnauthorizedNode) };
}

function withoutCode(reason: string): string {
  return reason.replace(/ \((mtls-[a-z-]+)\)$/, '');
}
