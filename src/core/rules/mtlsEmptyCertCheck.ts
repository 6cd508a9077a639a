import { shortText } from '../semantics/ast';
import { tlsListener } from '../semantics/tlsListener';
import { appCertGuards } from './appGuards';
import type { Rule } from './types';
import { finding, meta, nodeAt } from './types';
import { startLineOf } from '../project/position';

const m = meta({
  code: 'mtls-empty-cert-check',
  name: 'MtlsEmptyCertCheck',
  defaultSeverity: 'error',
  cwe: 'CWE-287',
  short: 'A certificate guard lets a request through without a presented, verified certificate (`if (!cert)` never fails).',
  full: '`getPeerCertificate()` returns an empty object (which is truthy) when the client sent no certificate, and `subject`/`issuer` '
    + 'are then undefined, so `if (!cert)` and checks skipped when a field is missing let an anonymous TLS client through. Check '
    + '`socket.authorized === true` first and fail closed; then read the identity from the certificate.',
});

export const mtlsEmptyCertCheck: Rule = {
  meta: m,
  run: (ctx) => {
    const listener = tlsListener(ctx.host);
    return appCertGuards(ctx).flatMap((g) => {
      const j = g.judgement;
      const test = j.emptyTests[0];
      const open = j.ways.find((w) => w.verdict === 'no-check');
      if (open) {
        // The TLS layer refuses such clients first: the guard's own check is still no check.
        const severity = listener.rejectsUnverified === true ? 'warning' : 'error';
        const how = test ? `\`${shortText(test)}\` never fails (getPeerCertificate() returns {} without a certificate)` : 'nothing checks the certificate';
        const tail = severity === 'warning' ? `; only the server's rejectUnauthorized stops such clients today` : '';
        const f = finding(m, `${g.name} lets a request without a client certificate through to line ${startLineOf(open.way.at)}: ${how}, and socket.authorized is not checked${tail}.`,
          nodeAt(ctx.host, j.weakenedBy?.node ?? test ?? open.way.at), g.routes);
        return [{ ...f, severity }];
      }
      // `!cert` beside a real presence check, where only the server's rejectUnauthorized stands in for socket.authorized.
      if (test && j.withoutAuthorized.some((w) => w.verdict === 'listener')) {
        const f = finding(m, `${g.name} tests \`${shortText(test)}\`, which never fails (getPeerCertificate() returns {} without a certificate); it relies on its other checks and the server's options, not on socket.authorized.`,
          nodeAt(ctx.host, test), g.routes);
        return [{ ...f, severity: 'warning' as const }];
      }
      return [];
    });
  },
};
