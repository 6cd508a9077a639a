import { shortText } from '../semantics/ast';
import { tlsListener } from '../semantics/tlsListener';
import { appCertGuards } from './appGuards';
import type { Rule } from './types';
import { finding, meta, nodeAt } from './types';

const m = meta({
  code: 'mtls-reject-unauthorized-false',
  name: 'MtlsRejectUnauthorizedFalse',
  defaultSeverity: 'error',
  cwe: 'CWE-295',
  short: 'The server requests client certificates but accepts unverified ones.',
  full: 'The TLS options set `requestCert: true` with `rejectUnauthorized` not `true`, so Node completes the TLS handshake with a '
    + 'missing, self-signed, expired or untrusted client certificate. An error when a certificate guard lets such a certificate '
    + 'through (it does not check `req.socket.authorized`), a warning when every certificate guard checks it. Set '
    + '`rejectUnauthorized: true` (with the client CA in `ca`), and check `socket.authorized === true` in the certificate guard.',
});

export const mtlsRejectUnauthorizedFalse: Rule = {
  meta: m,
  run: (ctx) => {
    const guards = appCertGuards(ctx);
    const lax = guards.filter((g) => g.judgement.withoutAuthorized.some((w) => w.verdict !== 'proxy'));
    return tlsListener(ctx.host).declared.flatMap((o) => {
      if (o.requestCert !== true || o.rejectUnauthorized === true || !o.rejectUnauthorizedNode) return [];
      const ru = o.rejectUnauthorizedNode!;
      const how = o.rejectUnauthorized === false ? 'rejectUnauthorized: false' : `rejectUnauthorized: ${shortText(ru)} (may be false)`;
      const at = nodeAt(ctx.host, ru);
      if (lax.length > 0) {
        const names = lax.map((g) => g.name).join(', ');
        return [finding(m, `The TLS options set requestCert: true with ${how}, and ${names} does not check socket.authorized: a self-signed or untrusted client certificate is accepted.`,
          at, [...new Set(lax.flatMap((g) => g.routes))])];
      }
      const guarded = guards.length > 0 ? 'every certificate guard or interceptor checks socket.authorized, so this is defence in depth' : 'no guard reads the client certificate';
      return [{ ...finding(m, `The TLS options set requestCert: true with ${how}: unverified client certificates complete the handshake (${guarded}).`, at), severity: 'warning' as const }];
    });
  },
};
