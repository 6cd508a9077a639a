import { certGuardFacts } from '../semantics/certGuards';
import { headerText } from '../semantics/certJudgement';
import { appCertGuards, appGuardClasses } from './appGuards';
import type { Rule } from './types';
import { finding, meta, nodeAt } from './types';
import { startLineOf } from '../project/position';

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
    const out = [];
    const judged = new Set<unknown>();
    // Guards: the way through that trusts the header without a proxy check (the same fact that weakens the guard).
    for (const g of appCertGuards(ctx)) {
      for (const c of g.classes) judged.add(c);
      const way = g.judgement.ways.find((w) => w.verdict === 'forwarded-untrusted');
      if (!way) continue;
      const line = startLineOf(way.way.at);
      if (way.fallbackHeader) {
        out.push(finding(m, `${g.name} takes the certificate's identity from ${headerText(way.fallbackHeader)} when no certificate is presented: any client can send that header, `
          + `and nothing checks that the request came from a trusted proxy (the way to line ${line}).`, nodeAt(ctx.host, way.fallbackHeader), g.routes));
        continue;
      }
      const header = certGuardFacts(g.cls).certHeaders[0];
      const what = header ? `the ${header.getText()} header` : 'a forwarded client-certificate header';
      out.push(finding(m, `${g.name} trusts ${what} without checking that the request came from a trusted proxy (the way to line ${line}).`,
        nodeAt(ctx.host, header ?? way.way.at), g.routes));
    }
    // Classes not judged as guards (middleware): any header read without a proxy check in sight.
    const classes = appGuardClasses(ctx).map((g) => ({ cls: g.cls, routes: g.routes }));
    for (const b of ctx.middleware) for (const item of b.items) if (item.source.kind === 'class') classes.push({ cls: item.source.decl, routes: [] });
    for (const { cls, routes } of classes) {
      if (judged.has(cls)) continue;
      judged.add(cls);
      const f = certGuardFacts(cls);
      if (f.certHeaders.length === 0 || f.hasProxyCheck) continue;
      out.push(finding(m, `${cls.getName()} trusts the ${f.certHeaders[0].getText()} header without checking that the request came from a trusted proxy.`,
        nodeAt(ctx.host, f.certHeaders[0]), routes));
    }
    return out;
  },
};
