import { certGuardFacts } from '../semantics/certGuards';
import { appGuardClasses } from './appGuards';
import type { Rule } from './types';
import { finding, meta, nodeAt } from './types';

const m = meta({
  code: 'mtls-untrusted-forwarded-cert',
  name: 'MtlsUntrustedForwardedCert',
  defaultSeverity: 'error',
  cwe: 'CWE-290',
  short: 'A client-certificate header set by a proxy is trusted without checking that the request came from that proxy.',
  full: 'Behind a TLS-terminating proxy the certificate arrives in a header such as `x-client-cert`. Any client can send that header '
    + 'directly, so it may only be trusted when the request comes from a configured proxy address (`req.socket.remoteAddress` in an '
    + 'allowlist). Add that check, or terminate TLS in Node and read `getPeerCertificate()`.',
});

export const mtlsUntrustedForwardedCert: Rule = {
  meta: m,
  run: (ctx) => {
    const classes = appGuardClasses(ctx).map((g) => ({ cls: g.cls, routes: g.routes }));
    for (const b of ctx.middleware) {
      for (const cls of b.classes) classes.push({ cls, routes: [] });
    }
    const seen = new Set<unknown>();
    return classes.flatMap(({ cls, routes }) => {
      if (seen.has(cls)) return [];
      seen.add(cls);
      const f = certGuardFacts(cls);
      if (f.certHeaders.length === 0 || f.hasProxyCheck) return [];
      return [finding(m, `${cls.getName()} trusts the ${f.certHeaders[0].getText()} header without checking that the request came from a trusted proxy.`,
        nodeAt(ctx.host, f.certHeaders[0]), routes)];
    });
  },
};
