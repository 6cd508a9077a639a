import { appCertGuards, appGuardClasses } from './appGuards';
import type { Rule } from './types';
import { finding, meta, nodeAt } from './types';

const m = meta({
  code: 'mtls-no-identity-mapping',
  name: 'MtlsNoIdentityMapping',
  defaultSeverity: 'warning',
  cwe: 'CWE-863',
  short: 'A certificate guard accepts any valid certificate without mapping its identity to an allowlist or role.',
  full: 'A certificate signed by a trusted CA proves who the client is, not what it may do. The guard never looks the certificate\'s '
    + 'identity (fingerprint, subject CN, SAN) up in an allowlist or role map, so every holder of any certificate from that CA is let in. '
    + 'Map the identity to a known client and its roles, and attach that to the request.',
});

export const mtlsNoIdentityMapping: Rule = {
  meta: m,
  run: (ctx) => {
    // A guard whose every way through is refused accepts no certificate at all (its string compares say why).
    const refusesAll = new Set(appCertGuards(ctx).filter((g) => g.judgement.authenticates === true && g.judgement.ways.length === 0).flatMap((g) => g.classes));
    return appGuardClasses(ctx).flatMap((g) => {
      const f = g.cert;
      if (f.peerCertCalls.length === 0 || f.identityMapping || refusesAll.has(g.cls)) return [];
      return [finding(m, `${g.cls.getName()} accepts any certificate the server trusts: no allowlist or role mapping of its identity was found.`,
        nodeAt(ctx.host, g.cls.getNameNode() ?? g.cls), g.routes)];
    });
  },
};
