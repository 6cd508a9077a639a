import { secretCheckSites } from './secretChecks';
import type { Rule } from './types';
import { finding, meta } from './types';

const m = meta({
  code: 'secret-compare-not-constant-time',
  name: 'SecretCompareNotConstantTime',
  defaultSeverity: 'info',
  cwe: 'CWE-208',
  short: 'A secret is compared with `===`/`!==`, which takes longer the more leading characters match.',
  full: 'String equality stops at the first differing character, so response times tell an attacker how much of a guessed key is '
    + 'right. Compare secrets in constant time: `crypto.timingSafeEqual(Buffer.from(given), Buffer.from(expected))` after checking '
    + 'that both have the same length (or compare HMAC digests of both).',
});

export const secretCompareNotConstantTime: Rule = {
  meta: m,
  run: (ctx) => secretCheckSites(ctx).filter((s) => !s.fact.constantTime).map((s) => finding(m,
    `${s.owner} compares ${s.fact.value} with ${s.fact.secret ?? 'a secret'} using \`${s.fact.text}\`, which is not constant-time; `
      + 'use crypto.timingSafeEqual on equal-length buffers.', s.fact.at, s.routes)),
};
