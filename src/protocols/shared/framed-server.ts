// Server side of a fixed-header protocol: accepts connections and keeps their sessions. The CMPP,
// SGIP and SMGP servers (fake gateways, ingress) supply the request handler with the login check.
import { EventEmitter } from 'node:events';
import { createServer as createNetServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer, type TlsOptions } from 'node:tls';
import type { FramedDialect, FramedPdu } from './framed-dialect.ts';
import { SessionClosedError } from './framed-errors.ts';
import { FramedSession, type FramedRequestHandler, type FramedSessionOptions, type FramedSessionStats } from './framed-session.ts';

export interface FramedServerOptions<P extends FramedPdu> extends Omit<FramedSessionOptions<P>, 'role'> {
  /** Handles every request of every session, the login included (call session.acceptLogin on success). */
  onRequest: FramedRequestHandler<P>;
  tls?: TlsOptions;
  maxConnections?: number;
  /**
   * A fresh dialect for each connection, instead of the shared one: for protocols whose layout is
   * settled per connection at login (CMPP 2.0 or 3.0, from the CONNECT Version).
   */
  dialectPerSession?: () => FramedDialect<P>;
}

export interface FramedServerStats {
  connections: number;
  ready: number;
  connectionsRefused: number;
  sessions: Array<FramedSessionStats & { identity: string; remoteAddress: string }>;
}

/** Events: 'session' (session), 'ready' (session), 'sessionClosed' (session, reason), 'protocolError' (error, session). */
export class FramedServer<P extends FramedPdu> extends EventEmitter {
  readonly sessions = new Set<FramedSession<P>>();
  private readonly server: Server;
  private readonly rotation = new Map<string, number>();
  private connectionsRefused = 0;

  constructor(
    readonly dialect: FramedDialect<P>,
    readonly options: FramedServerOptions<P>,
  ) {
    super();
    const onSocket = (socket: Socket) => this.accept(socket);
    this.server = options.tls ? createTlsServer(options.tls, onSocket) : createNetServer(onSocket);
  }

  listen(port = 0, host = '127.0.0.1'): Promise<AddressInfo> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        resolve(this.server.address() as AddressInfo);
      });
    });
  }

  get address(): AddressInfo {
    return this.server.address() as AddressInfo;
  }

  /** Logged-in sessions of one identity (account, SP id). */
  sessionsOf(identity: string): Array<FramedSession<P>> {
    return [...this.sessions].filter((session) => session.identity === identity && session.state === 'ready');
  }

  /**
   * Sends a request on one of the identity's sessions, rotating across them and preferring ones
   * that are not busy. Rejects with SessionClosedError when none is logged in.
   */
  requestTo(identity: string, command: string, body: object): Promise<P> {
    const sessions = this.sessionsOf(identity);
    if (sessions.length === 0) return Promise.reject(new SessionClosedError(`no session logged in as ${identity}`));
    const start = this.rotation.get(identity) ?? 0;
    this.rotation.set(identity, start + 1);
    let chosen = sessions[start % sessions.length]!;
    for (let i = 1; i < sessions.length && chosen.busy; i++) chosen = sessions[(start + i) % sessions.length]!;
    return chosen.request(command, body);
  }

  stats(): FramedServerStats {
    const sessions = [...this.sessions].map((session) => ({ ...session.stats(), identity: session.identity, remoteAddress: session.remoteAddress }));
    return { connections: sessions.length, ready: sessions.filter((s) => s.state === 'ready').length, connectionsRefused: this.connectionsRefused, sessions };
  }

  /** Stops accepting, terminates every session gracefully, then resolves. */
  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    await Promise.all([...this.sessions].map((session) => session.terminate()));
    await closed;
  }

  private accept(socket: Socket): void {
    const { maxConnections, tls: _tls, maxConnections: _max, dialectPerSession, ...sessionOptions } = this.options;
    if (maxConnections !== undefined && this.sessions.size >= maxConnections) {
      this.connectionsRefused++;
      socket.destroy();
      return;
    }
    const session = new FramedSession(socket, dialectPerSession?.() ?? this.dialect, { loginTimeoutMs: 30_000, ...sessionOptions, role: 'server' });
    this.sessions.add(session);
    session.on('state', (state: string) => {
      if (state === 'ready') this.emit('ready', session);
    });
    session.on('protocolError', (error: Error) => this.emit('protocolError', error, session));
    session.once('close', (reason: string) => {
      this.sessions.delete(session);
      this.emit('sessionClosed', session, reason);
    });
    this.emit('session', session);
  }
}
