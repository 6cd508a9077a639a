/**
 * A handler's own credential check as a protection source of the verdict: it authenticates the route
 * (whatever the guards do) when every way to the handler's effect passes it; a comparison that only
 * logs is shown as what it is, no check.
 */
import type { ProtectionSource, SourceLocation } from '../../model';
import type { SourceProducer } from '../routeSources';
import { describeCheck, handlerCheckFacts } from './index';

export const handlerCheckProducer: SourceProducer = {
  name: 'handler checks',
  forApp: ({ host }) => (route) => {
    const facts = handlerCheckFacts(route, host);
    const name = `${route.controller}.${route.handler}`;
    const out: ProtectionSource[] = [];
    if (facts.check) {
      out.push({ origin: 'handler', name, kind: 'authentication', applies: 'yes', why: describeCheck(facts.check), weaknesses: [], at: location(facts.check.at) });
    }
    for (const l of facts.logsOnly) {
      const what = l.secret ? `with ${l.secret}` : 'in constant time';
      out.push({ origin: 'handler', name, kind: 'non-security', applies: 'yes', why: `compares ${l.value} ${what} but only logs the result`, weaknesses: [], at: location(l.at) });
    }
    return out;
  },
};

const location = (at: SourceLocation): SourceLocation => ({ file: at.file, line: at.line, ...(at.column !== undefined ? { column: at.column } : {}) });
