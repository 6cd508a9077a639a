import { appGuardClasses } from './appGuards';
import type { Rule } from './types';
import { finding, meta, nodeAt } from './types';

const m = meta({
  code: 'mtls-empty-cert-check',
  name: 'MtlsEmptyCertCheck',
  defaultSeverity: 'error',
  cwe: 'CWE-287',
  short: 'A certificate guard reads `getPeerCertificate()` but never checks `socket.authorized`.',
  full: '`getPeerCertificate()` returns an empty object (which is truthy) when the client sent no certificate, and returns unverified '
    + 'certificates when the server does not reject them. Testing `!cert` or for an empty object is not verification. Check '
    + '`socket.authorized === true` first and fail closed; then read the identity from the certificate.',
});

export const mtlsEmptyCertCheck: Rule = {
  meta: m,
  run: (ctx) => appGuardClasses(ctx).flatMap((g) => {
    const f = g.cert;
    if (f.peerCertCalls.length === 0 || f.checksAuthorized) return [];
    return [finding(m, `${g.cls.getName()} reads getPeerCertificate() but never checks socket.authorized; an empty or unverified certificate passes its check.`,
      nodeAt(ctx.host, f.peerCertCalls[0]), g.routes)];
  }),
};
