import { credentialChecks, type CredentialCheck } from '../semantics/credentialChecks';
import type { Finding } from '../model';
import type { Rule } from './types';
import { finding, meta } from './types';

const m = meta({
  code: 'inconsistent-credential-check',
  name: 'InconsistentCredentialCheck',
  defaultSeverity: 'warning',
  cwe: 'CWE-287',
  short: 'The same credential is checked by different logic on different routes (a guard on some, an interceptor on others; different fields).',
  full: 'Two checks read the same credential (the client certificate, an API-key header) with different logic, and each covers routes '
    + 'the other does not: a client that one accepts may be refused by the other, or accepted where it should not be (one checks '
    + '`socket.authorized`, the other only a field; one runs as a guard, the other as an interceptor after every guard). Check the '
    + 'credential in one place (one guard, applied globally or per controller) so every route accepts the same clients.',
});

interface Seen { check: CredentialCheck; routes: Set<string>; labels: string[] }

export const inconsistentCredentialCheck: Rule = {
  meta: m,
  run: (ctx) => {
    const byCredential = new Map<string, Map<string, Seen>>();
    for (const r of ctx.app.routes) {
      const ev = ctx.evaluations.get(r.id);
      const running = r.guards.map((_, i) => !ev || ev.guards[i]?.state === 'runs');
      for (const check of credentialChecks(r, running, ctx.host)) {
        const logics = byCredential.get(check.credential) ?? new Map<string, Seen>();
        const seen = logics.get(check.logic) ?? { check, routes: new Set<string>(), labels: [] };
        if (!seen.routes.has(r.id)) seen.labels.push(`${r.httpMethod} ${r.path}`);
        seen.routes.add(r.id);
        logics.set(check.logic, seen);
        byCredential.set(check.credential, logics);
      }
    }
    const out: Finding[] = [];
    for (const [credential, logics] of byCredential) {
      const pair = splitPair([...logics.values()]);
      if (!pair) continue;
      const [wide, narrow] = pair;
      const describe = (s: Seen): string => `${s.check.by} (${s.check.logic}) on ${s.labels.slice(0, 3).join(', ')}${s.labels.length > 3 ? ` and ${s.labels.length - 3} more` : ''}`;
      out.push(finding(m, `${capitalise(credential)} is checked by different logic on different routes: ${describe(narrow)}; ${describe(wide)}. A client one accepts may be refused by the other, or let in where it should not be.`,
        narrow.check.at, [...new Set([...narrow.routes, ...wide.routes])]));
    }
    return out;
  },
};

/** Two logics each covering a route the other does not (wider first), or undefined when one always runs with the other. */
function splitPair(seen: Seen[]): [Seen, Seen] | undefined {
  const sorted = [...seen].sort((a, b) => b.routes.size - a.routes.size || a.check.by.localeCompare(b.check.by));
  for (const a of sorted) {
    for (const b of sorted) {
      if (a === b) continue;
      const onlyA = [...a.routes].some((r) => !b.routes.has(r));
      const onlyB = [...b.routes].some((r) => !a.routes.has(r));
      if (onlyA && onlyB) return [a, b];
    }
  }
  return undefined;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
