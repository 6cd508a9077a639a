import type { Finding } from '../model';
import { clientSwitchSites } from './clientSwitchSites';
import type { Rule } from './types';
import { finding, meta, nodeAt } from './types';

const m = meta({
  code: 'request-controlled-bypass',
  name: 'RequestControlledBypass',
  defaultSeverity: 'error',
  cwe: 'CWE-639',
  short: 'A guard or handler skips its check, or returns `true`, on a value the client sends.',
  full: 'A header, query parameter or body field decides whether the check runs (`if (req.headers[\'x-admin-override\'] === \'true\') '
    + 'return true`, `if (!query.force && doc.ownerId !== user.id) throw ...`). Whoever sends that value skips the check: an '
    + 'ownership check (CWE-639), a role check (CWE-863), a credential check (CWE-288), or any check through a header (CWE-290). Remove the switch, or decide it '
    + 'from the server side (the caller\'s verified roles, configuration).',
});

// Skipping a credential check is an alternate way in (CWE-288); through a header, spoofing (CWE-290).
const CWE = { owner: 'CWE-639', role: 'CWE-863', credential: 'CWE-288', check: 'CWE-863' } as const;
const WHAT = { owner: 'the ownership check', role: 'the role check', credential: 'the credential check', check: 'the check' } as const;

export const requestControlledBypass: Rule = {
  meta: m,
  run: (ctx) => clientSwitchSites(ctx).map((site): Finding => {
    const s = site.sw;
    const what = s.check ? `${WHAT[s.skips]} \`${s.check}\`` : WHAT[s.skips];
    const message = s.how === 'returns true'
      ? `${site.holder} returns true when ${s.value} says so (\`${s.text}\`): a client that sends it passes ${what}.`
      : `${site.holder} skips ${what} when ${s.value} is set (\`${s.text}\`): the client turns it off.`;
    const f = finding(m, message, nodeAt(ctx.host, s.node), site.routes);
    return { ...f, cwe: s.client.source === 'header' ? 'CWE-290' : CWE[s.skips] };
  }),
};
