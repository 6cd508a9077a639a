/**
 * The TLS listener as a protection source: a server that requests client certificates and refuses,
 * at the handshake, a connection without one signed by its own `ca` authenticates every route it
 * serves (an anonymous client never sends a request). When the options that decide it cannot be
 * read, it may: the route stays undecided rather than unprotected.
 */
import type { ProtectionSource } from './protection';
import type { SourceProducer } from './routeSources';
import { tlsListener, type TlsListener } from './tlsListener';

export const TLS_LISTENER = 'TLS listener';

export function tlsSource(l: TlsListener): ProtectionSource | undefined {
  const where = l.at ? `, ${l.at.file}:${l.at.line}` : '';
  if (l.rejectsUnverified === true) {
    return {
      origin: 'tls', name: TLS_LISTENER, kind: 'authentication', applies: 'yes', weaknesses: [],
      why: `requestCert with rejectUnauthorized: a connection without a client certificate signed by its ca is refused at the handshake${where}`,
      ...(l.at ? { at: l.at } : {}),
    };
  }
  if (l.transport === 'https' && l.rejectsUnverified === 'unknown' && l.options.some((o) => o.requestCert !== false) && l.options.every((o) => o.rejectUnauthorized !== false && o.hasCa !== false)) {
    const maybe = `the server may refuse connections without a verified client certificate (its requestCert, rejectUnauthorized or ca could not be read${where})`;
    return { origin: 'tls', name: TLS_LISTENER, kind: 'authentication', applies: 'maybe', maybe, why: maybe, weaknesses: [], ...(l.at ? { at: l.at } : {}) };
  }
  return undefined;
}

export const tlsProducer: SourceProducer = {
  name: 'tls',
  forApp: ({ host }) => {
    const source = tlsSource(tlsListener(host));
    return () => (source ? [source] : []);
  },
};
