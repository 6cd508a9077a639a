import { SyntaxKind } from 'ts-morph';
import { httpsOptionsOf } from '../semantics/tlsOptions';
import { appGuardClasses } from './appGuards';
import type { Rule } from './types';
import { finding, meta, nodeAt } from './types';

const m = meta({
  code: 'mtls-reject-unauthorized-false',
  name: 'MtlsRejectUnauthorizedFalse',
  defaultSeverity: 'error',
  cwe: 'CWE-295',
  short: 'The server requests client certificates but accepts unverified ones, and no guard checks `socket.authorized`.',
  full: '`httpsOptions` sets `requestCert: true` with `rejectUnauthorized` not `true`, so Node completes the TLS handshake with a '
    + 'missing, self-signed or untrusted client certificate, and no guard in the app checks `req.socket.authorized`. Set '
    + '`rejectUnauthorized: true` (with the client CA in `ca`), or check `socket.authorized === true` in the certificate guard.',
});

export const mtlsRejectUnauthorizedFalse: Rule = {
  meta: m,
  run: (ctx) => {
    const entry = ctx.host.entryFile;
    if (!entry) return [];
    const guardChecks = appGuardClasses(ctx).some((g) => g.cert.checksAuthorized);
    if (guardChecks) return [];
    return httpsOptionsOf(entry, (e) => ctx.host.resolveDeclaration(e)).flatMap((o) => {
      if (o.requestCert?.getKind() !== SyntaxKind.TrueKeyword) return [];
      const ru = o.rejectUnauthorized;
      if (!ru || ru.getKind() === SyntaxKind.TrueKeyword) return [];
      const how = ru.getKind() === SyntaxKind.FalseKeyword ? 'rejectUnauthorized: false' : `rejectUnauthorized: ${ru.getText()} (may be false)`;
      return [finding(m, `httpsOptions sets requestCert: true with ${how}, and no guard checks socket.authorized: unverified client certificates are accepted.`,
        nodeAt(ctx.host, ru))];
    });
  },
};
