// The connecting side of an SGIP link (sgip.md §1): binds with a Login Type, sends commands, and
// unbinds when idle. Links are short-lived, so it connects on demand and backs off after a failure.
import { EventEmitter } from 'node:events';
import { backoffDelay } from '../shared/backoff.ts';
import { FramedClient } from '../shared/framed-client.ts';
import { SessionClosedError } from '../shared/framed-errors.ts';
import type { FramedRequestHandler, FramedSession } from '../shared/framed-session.ts';
import type { OpenSocketOptions } from '../shared/open-socket.ts';
import { LoginType } from './command-ids.ts';
import { createSgipDialect } from './dialect.ts';
import { RESPONSE_OF, type SgipRequestCommand } from './pdu-table.ts';
import type { SgipBody, SgipPdu, SgipPduOf } from './pdu-types.ts';
import { SgipCounter } from './sequence-number.ts';

export interface SgipClientOptions extends OpenSocketOptions {
  /** Our node id (sequence numbers, sgip.md §2). */
  nodeId: number;
  loginName: string;
  loginPassword: string;
  /** 1 = SP → SMG (default), 2 = SMG → SP, … (sgip.md §5.1). */
  loginType?: number;
  /** Shared by every connection of the node so sequence numbers never repeat; default a fresh one. */
  counter?: SgipCounter;
  utcOffsetMinutes?: number | null;
  /** Outstanding commands per connection (sgip.md §1: at most 32 by default). */
  window?: number;
  /** Time for each response (sgip.md §1: 30 s). */
  requestTimeoutMs?: number;
  /** Unbind after this long without traffic; 0 keeps the link until the peer closes it. */
  idleTimeoutMs?: number;
  drainTimeoutMs?: number;
  maxPendingInbound?: number;
  /** Delays before the next attempt after a failed connect or bind. */
  backoff?: { initialMs?: number; maxMs?: number };
  /** Requests the peer sends on this connection (rare: commands normally travel on the peer's own link). */
  onRequest?: FramedRequestHandler<SgipPdu>;
}

/**
 * idle: not connected, connects on the next request · closing: unbinding (idle), connects again once
 * closed · backoff: the last attempt failed, waiting to retry.
 */
export type SgipClientState = 'idle' | 'connecting' | 'ready' | 'closing' | 'backoff' | 'closed';

export interface SgipClientStats {
  state: SgipClientState;
  window: number;
  inFlight: number;
  connects: number;
  connectFailures: number;
  requestsSent: number;
  responsesReceived: number;
  timeouts: number;
  protocolErrors: number;
}

type ResponseOf<C extends SgipRequestCommand> = SgipPduOf<(typeof RESPONSE_OF)[C]>;

/** Events: 'ready', 'disconnected' (reason), 'connectFailed' ({ error, retryInMs }), 'busy', 'drain', 'protocolError' (error). */
export class SgipClient extends EventEmitter {
  private readonly framed: FramedClient<SgipPdu>;
  private connecting: Promise<void> | null = null;
  private closed = false;
  private failures = 0;
  private retryAt = 0;
  private lastError: Error | null = null;
  private readonly totals = { connects: 0, connectFailures: 0, requestsSent: 0, responsesReceived: 0, timeouts: 0, protocolErrors: 0 };

  constructor(readonly options: SgipClientOptions) {
    super();
    const dialect = createSgipDialect({ nodeId: options.nodeId, utcOffsetMinutes: options.utcOffsetMinutes });
    const login = async (session: FramedSession<SgipPdu>) => {
      await session.login({ LoginType: options.loginType ?? LoginType.SP_TO_SMG, LoginName: options.loginName, LoginPassword: options.loginPassword }, options.loginName);
    };
    this.framed = new FramedClient(
      dialect,
      {
        host: options.host,
        port: options.port,
        tls: options.tls,
        connectTimeoutMs: options.connectTimeoutMs,
        window: options.window ?? 32,
        requestTimeoutMs: options.requestTimeoutMs ?? 30_000,
        keepAliveIntervalMs: 0,
        idleTimeoutMs: options.idleTimeoutMs ?? 30_000,
        loginTimeoutMs: 0,
        drainTimeoutMs: options.drainTimeoutMs,
        maxPendingInbound: options.maxPendingInbound,
        sequence: options.counter ?? new SgipCounter(),
        // Reconnecting is on demand (the next request) rather than right after an idle unbind.
        reconnect: false,
      },
      login,
      options.onRequest,
    );
    this.framed.on('busy', () => this.emit('busy'));
    this.framed.on('drain', () => this.emit('drain'));
    this.framed.on('protocolError', (error: Error) => {
      this.totals.protocolErrors++;
      this.emit('protocolError', error);
    });
    this.framed.on('ready', () => {
      // A closed session's counters are folded into the client's totals before it is forgotten.
      const session = this.framed.currentSession;
      session?.once('close', () => {
        const { requestsSent, responsesReceived, timeouts } = session.stats();
        this.totals.requestsSent += requestsSent;
        this.totals.responsesReceived += responsesReceived;
        this.totals.timeouts += timeouts;
      });
    });
    this.framed.on('disconnected', (reason: string) => {
      this.emit('disconnected', reason);
      // Idle again: able to take (and connect for) the next request.
      if (!this.closed) this.emit('drain');
    });
  }

  get state(): SgipClientState {
    if (this.closed) return 'closed';
    if (this.connecting) return 'connecting';
    if (this.framed.state === 'ready') return 'ready';
    if (this.framed.state === 'closing') return 'closing';
    return Date.now() < this.retryAt ? 'backoff' : 'idle';
  }

  /** True while a request would have to wait: connecting, backing off, window full or socket backed up. */
  get busy(): boolean {
    const state = this.state;
    if (state === 'ready') return this.framed.busy;
    return state !== 'idle';
  }

  /** Milliseconds until a failed link may be tried again (0 when it may be tried now). */
  get retryInMs(): number {
    return Math.max(0, this.retryAt - Date.now());
  }

  /** The live session, if connected: for diagnostics and test peers. */
  get currentSession(): FramedSession<SgipPdu> | null {
    return this.framed.currentSession;
  }

  /**
   * Resolves once bound. While backing off after a failure it rejects at once with that failure;
   * concurrent calls share one attempt.
   */
  connect(): Promise<void> {
    if (this.closed) return Promise.reject(new SessionClosedError('client closed'));
    if (this.framed.state === 'ready') return Promise.resolve();
    if (this.connecting) return this.connecting;
    // Unbinding after an idle spell: a new link can only follow once this one is gone.
    if (this.framed.state === 'closing') return new Promise<void>((resolve) => this.framed.once('disconnected', () => resolve())).then(() => this.connect());
    if (Date.now() < this.retryAt && this.lastError) return Promise.reject(this.lastError);
    this.connecting = this.framed.connect().then(
      () => {
        this.connecting = null;
        this.failures = 0;
        this.retryAt = 0;
        this.lastError = null;
        this.totals.connects++;
        this.emit('ready');
        // No longer connecting: able to take requests again.
        this.emit('drain');
      },
      (error: Error) => {
        this.connecting = null;
        this.totals.connectFailures++;
        const { initialMs = 1000, maxMs = 30_000 } = this.options.backoff ?? {};
        const retryInMs = backoffDelay(this.failures++, { initialMs, maxMs });
        this.retryAt = Date.now() + retryInMs;
        this.lastError = error;
        this.emit('connectFailed', { error, retryInMs });
        throw error;
      },
    );
    return this.connecting;
  }

  /** Sends a command, connecting first if the link is idle; resolves with the response (Result 0). */
  async request<C extends SgipRequestCommand>(command: C, body: SgipBody<C>): Promise<ResponseOf<C>> {
    if (this.framed.state !== 'ready') await this.connect();
    return (await this.framed.request(command, body)) as ResponseOf<C>;
  }

  /** Sends a Submit; its response carries the Submit's sequence number, which later Reports name. */
  submit(body: SgipBody<'submit'>): Promise<SgipPduOf<'submit_resp'>> {
    return this.request('submit', body);
  }

  stats(): SgipClientStats {
    const session = this.framed.currentSession?.stats();
    return {
      state: this.state,
      window: this.options.window ?? 32,
      inFlight: session?.inFlight ?? 0,
      connects: this.totals.connects,
      connectFailures: this.totals.connectFailures,
      requestsSent: this.totals.requestsSent + (session?.requestsSent ?? 0),
      responsesReceived: this.totals.responsesReceived + (session?.responsesReceived ?? 0),
      timeouts: this.totals.timeouts + (session?.timeouts ?? 0),
      protocolErrors: this.totals.protocolErrors,
    };
  }

  /** Unbinds gracefully and refuses further requests. */
  async close(): Promise<void> {
    this.closed = true;
    await this.framed.close();
  }
}
