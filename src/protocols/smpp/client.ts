// ESME side: connects, binds, stays bound (reconnecting with backoff), submits and receives.
import { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import type { ConnectionOptions } from 'node:tls';
import { backoffDelay } from '../shared/backoff.ts';
import { openSocket } from '../shared/open-socket.ts';
import { CommandStatus } from './command-status.ts';
import { SessionClosedError } from './errors.ts';
import type { SmppBody, SmppPdu } from './pdu-types.ts';
import { NO_REPLY, SmppSession, type Reply, type RequestCommand, type ResponseOf, type SessionStats } from './session.ts';
import { BIND_COMMAND, type BindMode, type SessionState } from './session-rules.ts';

export interface SmppClientOptions {
  host: string;
  port: number;
  /** true for TLS with default options, or the options for tls.connect. */
  tls?: boolean | ConnectionOptions;
  system_id: string;
  password: string;
  system_type?: string;
  bindMode?: BindMode;
  addr_ton?: number;
  addr_npi?: number;
  address_range?: string;
  window?: number;
  requestTimeoutMs?: number;
  enquireLinkIntervalMs?: number;
  maxPendingInbound?: number;
  drainTimeoutMs?: number;
  maxPduSize?: number;
  connectTimeoutMs?: number;
  /** Reconnect delays; false to give up after the first failure or disconnect. */
  reconnect?: false | { initialMs?: number; maxMs?: number };
  /**
   * Answers deliver_sm / data_sm (receipts and MO). Return only once the message is safe: the
   * response tells the SMSC it may forget it. Without a handler, 'deliver_sm' / 'data_sm' events
   * are emitted and answered ESME_ROK at once.
   */
  onDeliver?: (pdu: SmppPdu) => DeliverAnswer | Promise<DeliverAnswer>;
}

type DeliverAnswer = Reply<'deliver_sm'> | void | typeof NO_REPLY;

export interface ClientStats extends SessionStats {
  connects: number;
  reconnects: number;
}

/**
 * Events: 'bound', 'disconnected' (reason), 'reconnecting' ({ attempt, delayMs, error }),
 * 'deliver_sm' / 'data_sm' / 'alert_notification' (pdu), 'busy', 'drain', 'protocolError' (error).
 */
export class SmppClient extends EventEmitter {
  private session: SmppSession | null = null;
  private bound = false;
  private closing = false;
  private attempt = 0;
  private retryTimer: NodeJS.Timeout | null = null;
  private connects = 0;
  private waiters: Array<{ resolve: () => void; reject: (error: Error) => void }> = [];

  constructor(readonly options: SmppClientOptions) {
    super();
  }

  /** The live session, if connected: for diagnostics and test peers. */
  get currentSession(): SmppSession | null {
    return this.session;
  }

  get state(): SessionState {
    return this.session?.state ?? 'closed';
  }

  /** True when submits should wait: not bound, window full, or the socket is backed up. */
  get busy(): boolean {
    return !this.session || this.session.state === 'open' || this.session.busy;
  }

  /**
   * Resolves once bound, or rejects with the reason the attempt failed (connection refused, bind
   * refused, timeout). With reconnect on, the client keeps trying after a rejection.
   */
  connect(): Promise<void> {
    this.closing = false;
    if (this.session && this.state !== 'open' && this.state !== 'closed') return Promise.resolve();
    const bound = new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
    if (!this.session && !this.retryTimer) void this.attemptConnect();
    return bound;
  }

  submit(body: SmppBody<'submit_sm'>): Promise<ResponseOf<'submit_sm'>> {
    return this.request('submit_sm', body);
  }

  request<C extends RequestCommand>(command: C, body?: SmppBody<C>): Promise<ResponseOf<C>> {
    const session = this.session;
    if (!session) return Promise.reject(new SessionClosedError('not connected'));
    return session.request(command, body);
  }

  stats(): ClientStats {
    const session = this.session?.stats();
    return {
      state: this.state,
      window: this.options.window ?? 64,
      inFlight: 0,
      pendingInbound: 0,
      busy: this.busy,
      requestsSent: 0,
      responsesReceived: 0,
      requestsReceived: 0,
      responsesSent: 0,
      timeouts: 0,
      protocolErrors: 0,
      ...session,
      connects: this.connects,
      reconnects: Math.max(0, this.connects - 1),
    };
  }

  /** Unbinds gracefully and stops reconnecting. */
  async close(): Promise<void> {
    this.closing = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.settleWaiters(new SessionClosedError('client closed'));
    const session = this.session;
    if (session) await session.unbind();
  }

  private async attemptConnect(): Promise<void> {
    this.retryTimer = null;
    let session: SmppSession | null = null;
    try {
      const socket = await openSocket(this.options);
      if (this.closing) {
        socket.destroy();
        return;
      }
      session = this.createSession(socket);
      this.session = session;
      const { system_id, password, system_type = '', addr_ton = 0, addr_npi = 0, address_range = '' } = this.options;
      await session.bind(BIND_COMMAND[this.options.bindMode ?? 'transceiver'], {
        system_id,
        password,
        system_type,
        addr_ton,
        addr_npi,
        address_range,
      });
      this.attempt = 0;
      this.connects++;
      this.bound = true;
      this.emit('bound');
      this.settleWaiters();
    } catch (error) {
      if (session) session.destroy('bind failed');
      this.onConnectFailure(error as Error);
    }
  }

  private createSession(socket: Socket): SmppSession {
    const { window, requestTimeoutMs, enquireLinkIntervalMs, maxPendingInbound, drainTimeoutMs, maxPduSize } = this.options;
    const session = new SmppSession(socket, {
      role: 'esme',
      window,
      requestTimeoutMs,
      enquireLinkIntervalMs,
      maxPendingInbound,
      drainTimeoutMs,
      maxPduSize,
      onRequest: (pdu) => this.onInbound(pdu),
    });
    session.on('busy', () => this.emit('busy'));
    session.on('drain', () => this.emit('drain'));
    session.on('protocolError', (error) => this.emit('protocolError', error));
    session.on('close', (reason: string) => {
      if (this.session !== session) return;
      this.session = null;
      const wasBound = this.bound;
      this.bound = false;
      if (wasBound) this.emit('disconnected', reason);
      if (!this.closing && wasBound) this.scheduleReconnect(new SessionClosedError(reason));
    });
    return session;
  }

  private onInbound(pdu: SmppPdu): ReturnType<NonNullable<SmppClientOptions['onDeliver']>> {
    if (pdu.command === 'alert_notification') {
      this.emit('alert_notification', pdu);
      return;
    }
    if (pdu.command !== 'deliver_sm' && pdu.command !== 'data_sm') return { command_status: CommandStatus.ESME_RINVCMDID };
    if (this.options.onDeliver) return this.options.onDeliver(pdu);
    this.emit(pdu.command, pdu);
  }

  private onConnectFailure(error: Error): void {
    this.session = null;
    // connect() reports the outcome of its own attempt; with reconnect on, retrying goes on
    // in the background and 'bound' tells when it succeeds.
    this.settleWaiters(error);
    if (this.closing) return;
    this.scheduleReconnect(error);
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
