/**
 * What the TLS layer of a test server refused, and why, per client connection. Node's HTTPS server
 * rejects an unverified client certificate by closing the socket after the handshake (the client
 * sees only a reset), so the reason is read on the server side: `tlsClientError` with the socket's
 * `authorizationError` (`CERT_HAS_EXPIRED`, `UNABLE_TO_VERIFY_LEAF_SIGNATURE`) or the handshake
 * error (`ERR_SSL_PEER_DID_NOT_RETURN_A_CERTIFICATE`). Keyed by the client's local port, which the
 * server side learns from `keylog` (emitted with the socket while the handshake runs).
 */
import type { EventEmitter } from 'events';
import type { TLSSocket } from 'tls';

const WAIT_MS = 1000;

export class TlsRefusals {
  private readonly byPort = new Map<number, string>();
  /** Client ports, read while the handshake runs: once the socket is destroyed it no longer knows it. */
  private readonly ports = new WeakMap<TLSSocket, number>();

  constructor(server: EventEmitter) {
    server.on('keylog', (_line: Buffer, socket: TLSSocket) => {
      if (!this.ports.has(socket) && socket.remotePort !== undefined) this.ports.set(socket, socket.remotePort);
    });
    server.on('tlsClientError', (error: NodeJS.ErrnoException, socket: TLSSocket) => {
      const port = this.ports.get(socket) ?? socket.remotePort;
      if (port !== undefined) this.byPort.set(port, socket.authorizationError ? String(socket.authorizationError) : (error.code ?? error.message));
    });
  }

  /** The server's reason for refusing the connection from this local port, once it has recorded one. */
  async reasonFor(localPort: number | undefined): Promise<string | undefined> {
    if (localPort === undefined) return undefined;
    for (const t0 = Date.now(); Date.now() - t0 < WAIT_MS; await new Promise((r) => setTimeout(r, 10))) {
      const reason = this.byPort.get(localPort);
      if (reason !== undefined) return reason;
    }
    return undefined;
  }
}
