import { inUrl } from '../semantics/handlerChecks';
import { secretCheckSites } from './secretChecks';
import type { Rule } from './types';
import { finding, meta } from './types';

const m = meta({
  code: 'secret-in-url',
  name: 'SecretInUrl',
  defaultSeverity: 'warning',
  cwe: 'CWE-598',
  short: 'A secret is checked from the query string or the path, so it travels in the URL.',
  full: 'The route compares a query parameter or a path segment with a secret setting (an API key, a cron or webhook key). URLs '
    + 'are written to access logs, proxy and CDN logs, browser history and `Referer` headers, so the secret leaks to everyone who '
    + 'can read those. Send it in a header (`x-api-key`, `Authorization`) and rotate the key that was sent in URLs.',
});

export const secretInUrl: Rule = {
  meta: m,
  run: (ctx) => secretCheckSites(ctx).filter((s) => inUrl(s.fact)).map((s) => {
    const secret = s.fact.secret ? ` with ${s.fact.secret}` : '';
    return finding(m, `${s.owner} compares ${s.fact.value}${secret}: the secret travels in the URL, where access logs, proxies and browser `
      + 'history keep it. Send it in a header.', s.fact.at, s.routes);
  }),
};
