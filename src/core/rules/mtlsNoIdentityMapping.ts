import { appGuardClasses } from './appGuards';
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
  run: (ctx) => appGuardClasses(ctx).flatMap((g) => {
    const f = g.cert;
    if (f.peerCertCalls.length === 0 || f.identityMapping) return [];
    return [finding(m, `${g.cls.getName()} accepts any certificate the server trusts: no allowlist or role mapping of its identity was found.`,
      nodeAt(ctx.host, g.cls.getNameNode() ?? g.cls), g.routes)];
  }),
};
