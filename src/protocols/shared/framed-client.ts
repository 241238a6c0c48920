// Client side of a fixed-header protocol: connects, logs in, stays logged in (reconnecting with
// backoff) and sends requests. CMPP, SGIP and SMGP clients supply the login and the handler.
import { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import { backoffDelay } from './backoff.ts';
import type { FramedDialect, FramedPdu } from './framed-dialect.ts';
import { SessionClosedError } from './framed-errors.ts';
import { FramedSession, type FramedRequestHandler, type FramedSessionOptions, type FramedSessionStats, type FramedState } from './framed-session.ts';
import { openSocket, type OpenSocketOptions } from './open-socket.ts';

export interface FramedClientOptions<P extends FramedPdu> extends OpenSocketOptions, Omit<FramedSessionOptions<P>, 'role' | 'onRequest'> {
  /** Reconnect delays; false to give up after the first failure or disconnect. */
  reconnect?: false | { initialMs?: number; maxMs?: number };
}

/** Logs a fresh session in: resolves when it is ready, throws (e.g. ResponseStatusError) when refused. */
export type LoginProcedure<P extends FramedPdu> = (session: FramedSession<P>) => Promise<void>;

export interface FramedClientStats extends FramedSessionStats {
  connects: number;
  reconnects: number;
}

/** Events: 'ready', 'disconnected' (reason), 'reconnecting' ({ attempt, delayMs, error }), 'busy', 'drain', 'protocolError' (error). */
export class FramedClient<P extends FramedPdu> extends EventEmitter {
  private session: FramedSession<P> | null = null;
  private ready = false;
  private closing = false;
  private attempt = 0;
  private retryTimer: NodeJS.Timeout | null = null;
  private connects = 0;
  private waiters: Array<{ resolve: () => void; reject: (error: Error) => void }> = [];

  constructor(
    readonly dialect: FramedDialect<P>,
    readonly options: FramedClientOptions<P>,
    private readonly loginProcedure: LoginProcedure<P>,
    private readonly onRequest?: FramedRequestHandler<P>,
  ) {
    super();
  }

  /** The live session, if connected: for diagnostics and test peers. */
  get currentSession(): FramedSession<P> | null {
    return this.session;
  }

  get state(): FramedState {
    return this.session?.state ?? 'closed';
  }

  /** True when requests should wait: not logged in, window full, or the socket is backed up. */
  get busy(): boolean {
    return !this.ready || !this.session || this.session.busy;
  }

  /**
   * Resolves once logged in, or rejects with the reason the attempt failed. With reconnect on, the
   * client keeps trying after a rejection and emits 'ready' when it succeeds.
   */
  connect(): Promise<void> {
    this.closing = false;
    if (this.ready) return Promise.resolve();
    const ready = new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
    if (!this.session && !this.retryTimer) void this.attemptConnect();
    return ready;
  }

  request(command: string, body?: object): Promise<P> {
    const session = this.session;
    if (!session || !this.ready) return Promise.reject(new SessionClosedError('not connected'));
    return session.request(command, body);
  }

  stats(): FramedClientStats {
    const empty: FramedSessionStats = { state: 'closed', window: this.options.window ?? 16, inFlight: 0, pendingInbound: 0, busy: true, requestsSent: 0, responsesReceived: 0, requestsReceived: 0, responsesSent: 0, timeouts: 0, retransmits: 0, protocolErrors: 0 };
    return { ...empty, ...this.session?.stats(), busy: this.busy, connects: this.connects, reconnects: Math.max(0, this.connects - 1) };
  }

  /** Terminates gracefully and stops reconnecting. */
  async close(): Promise<void> {
    this.closing = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.settleWaiters(new SessionClosedError('client closed'));
    const session = this.session;
    if (session) await session.terminate();
  }

  private async attemptConnect(): Promise<void> {
    this.retryTimer = null;
    let session: FramedSession<P> | null = null;
    try {
      const socket = await openSocket(this.options);
      if (this.closing) {
        socket.destroy();
        return;
      }
      session = this.createSession(socket);
      this.session = session;
      await this.loginProcedure(session);
      if (session.state !== 'ready') throw new SessionClosedError(`login left the session ${session.state}`);
      this.attempt = 0;
      this.connects++;
      this.ready = true;
      this.emit('ready');
      this.emit('drain');
      this.settleWaiters();
    } catch (error) {
      if (session) session.destroy('login failed');
      this.onConnectFailure(error as Error);
    }
  }

  private createSession(socket: Socket): FramedSession<P> {
    const { host: _host, port: _port, tls: _tls, connectTimeoutMs: _timeout, reconnect: _reconnect, ...sessionOptions } = this.options;
    const session = new FramedSession(socket, this.dialect, { ...sessionOptions, role: 'client', onRequest: this.onRequest });
    session.on('busy', () => this.emit('busy'));
    session.on('drain', () => this.emit('drain'));
    session.on('protocolError', (error) => this.emit('protocolError', error));
    session.on('close', (reason: string) => {
      if (this.session !== session) return;
      this.session = null;
      const wasReady = this.ready;
      this.ready = false;
      if (wasReady) {
        this.emit('busy');
        this.emit('disconnected', reason);
      }
      if (!this.closing && wasReady) this.scheduleReconnect(new SessionClosedError(reason));
    });
    return session;
  }

  private onConnectFailure(error: Error): void {
    this.session = null;
    this.settleWaiters(error);
    if (!this.closing) this.scheduleReconnect(error);
  }

  private scheduleReconnect(error: Error): void {
    if (this.options.reconnect === false || this.retryTimer) return;
    const { initialMs = 1000, maxMs = 30_000 } = this.options.reconnect ?? {};
    const delayMs = backoffDelay(this.attempt++, { initialMs, maxMs });
    this.emit('reconnecting', { attempt: this.attempt, delayMs, error });
    this.retryTimer = setTimeout(() => void this.attemptConnect(), delayMs);
  }

  private settleWaiters(error?: Error): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) {
      if (error) waiter.reject(error);
      else waiter.resolve();
    }
  }
}
