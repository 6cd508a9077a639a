import { appGuardClasses } from './appGuards';
import type { Rule } from './types';
import { finding, meta, nodeAt } from './types';

const m = meta({
  code: 'mtls-issuer-string-compare',
  name: 'MtlsIssuerStringCompare',
  defaultSeverity: 'error',
  cwe: 'CWE-295',
  short: 'A certificate guard compares `subject`/`issuer` as strings or reads fields Node does not set.',
  full: 'In Node, `cert.subject` and `cert.issuer` are objects (`{ CN, O, OU, ... }`), so comparing them with a string is always '
    + 'false (or always true when negated), and fields such as `issuerName` are undefined. Compare individual fields '
    + '(`cert.issuer.CN`), or better, pin `fingerprint256` or map the identity through an allowlist.',
});

export const mtlsIssuerStringCompare: Rule = {
  meta: m,
  run: (ctx) => appGuardClasses(ctx).flatMap((g) => g.cert.stringCompares.map((s) =>
    finding(m, `${g.cls.getName()} ${s.what}.`, nodeAt(ctx.host, s.node), g.routes))),
};
