// One connection of a fixed-header protocol (CMPP, SGIP, SMGP), either side: framing, login state,
// window, keep-alive with dead-peer detection, idle close, backpressure and graceful close.
import { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import { PduDecodeError } from './decode-error.ts';
import type { FramedDialect, FramedPdu, RefusalReason } from './framed-dialect.ts';
import { DrainTimeoutError, NotReadyError, ResponseStatusError, SessionClosedError } from './framed-errors.ts';
import { FrameDecoder } from './frame-decoder.ts';
import { InFlightWindow, ResponseTimeoutError, WindowFullError } from './in-flight-window.ts';
import { SequenceGenerator } from './sequence.ts';
import { CoalescingWriter } from './coalescing-writer.ts';

export { ResponseTimeoutError, WindowFullError };

export type FramedRole = 'client' | 'server';
/** open: connected, not logged in · ready: logged in · closing: terminate sent or received · closed. */
export type FramedState = 'open' | 'ready' | 'closing' | 'closed';

/** Returned by a handler that answered the request itself, or chose not to: the session sends nothing. */
export const NO_REPLY: unique symbol = Symbol('no reply');
export type FramedReply = object | void | typeof NO_REPLY;
export type FramedRequestHandler<P extends FramedPdu> = (pdu: P, session: FramedSession<P>) => FramedReply | Promise<FramedReply>;

export interface FramedSessionOptions<P extends FramedPdu> {
  role: FramedRole;
  /** Requests awaiting a response before the session reports busy (CMPP and SMGP recommend 16). */
  window?: number;
  requestTimeoutMs?: number;
  /**
   * Times a request is sent in all when no answer comes within requestTimeoutMs: CMPP resends an
   * unanswered request after T, at most N − 1 more times (cmpp.md 1, N = 3). The copies keep the
   * Sequence_Id, so an answer to any of them settles the request. Login, keep-alive (counted by
   * keepAliveMaxMissed) and terminate are sent once. Default 1: no resend.
   */
  requestAttempts?: number;
  /** Idle time before a keep-alive is sent (CMPP/SMGP C = 3 min); 0 disables. */
  keepAliveIntervalMs?: number;
  /** Keep-alives in a row without an answer before the peer is declared dead (CMPP/SMGP N = 3). */
  keepAliveMaxMissed?: number;
  /** Close after this long with no traffic either way (SGIP's short-lived connections); 0 disables. */
  idleTimeoutMs?: number;
  /** Time allowed between connect and a successful login; 0 disables. */
  loginTimeoutMs?: number;
  /** Inbound requests handled at once before reading from the socket pauses. */
  maxPendingInbound?: number;
  /** How long the socket may refuse writes before the peer is considered dead. */
  drainTimeoutMs?: number;
  /** Handles every inbound request except keep-alive and terminate, which the session answers. */
  onRequest?: FramedRequestHandler<P>;
  /**
   * Where request sequence numbers come from; default a fresh counter per session. SGIP shares one
   * across its connections, since a node's sequence numbers must stay unique, not just a session's.
   */
  sequence?: { next(): number };
}

export interface FramedSessionStats {
  state: FramedState;
  window: number;
  inFlight: number;
  pendingInbound: number;
  busy: boolean;
  requestsSent: number;
  responsesReceived: number;
  requestsReceived: number;
  responsesSent: number;
  timeouts: number;
  /** Requests sent again after a timeout (requestAttempts). */
  retransmits: number;
  protocolErrors: number;
}

/** Longest wait for the terminate response before closing anyway. */
const TERMINATE_GRACE_MS = 2000;

/**
 * Events: 'state' (state, previous), 'busy', 'drain', 'close' (reason), and 'protocolError'
 * (error) for a malformed or unexpected frame that was answered and survived.
 */
export class FramedSession<P extends FramedPdu> extends EventEmitter {
  readonly role: FramedRole;
  readonly socket: Socket;
  readonly dialect: FramedDialect<P>;
  /** Who logged in: the account on the server side, our own login name on the client side. */
  identity = '';
  private currentState: FramedState = 'open';
  private readonly options: Required<Omit<FramedSessionOptions<P>, 'onRequest' | 'sequence'>>;
  private onRequest: FramedRequestHandler<P> | undefined;
  private readonly decoder: FrameDecoder;
  private readonly window: InFlightWindow<P>;
  private readonly sequence: { next(): number };
  private pendingInbound = 0;
  private loginPending = false;
  private readPaused = false;
  private wasBusy = false;
  private readonly writer: CoalescingWriter;
  private tickTimer: NodeJS.Timeout | null = null;
  private loginTimer: NodeJS.Timeout | null = null;
  private lastReceivedAt = Date.now();
  private lastSentAt = Date.now();
  private keepAliveOutstanding = false;
  private keepAlivesMissed = 0;
  private closeReason = 'closed';
  private readonly counters = { requestsSent: 0, responsesReceived: 0, requestsReceived: 0, responsesSent: 0, timeouts: 0, retransmits: 0, protocolErrors: 0 };

  constructor(socket: Socket, dialect: FramedDialect<P>, options: FramedSessionOptions<P>) {
    super();
    // Deliveries waiting for window room each listen for 'drain'; that is not a leak.
    this.setMaxListeners(100);
    this.socket = socket;
    this.dialect = dialect;
    this.role = options.role;
    this.onRequest = options.onRequest;
    this.options = {
      role: options.role,
      window: options.window ?? 16,
      requestTimeoutMs: options.requestTimeoutMs ?? 60_000,
      requestAttempts: Math.max(1, Math.floor(options.requestAttempts ?? 1)),
      keepAliveIntervalMs: options.keepAliveIntervalMs ?? 180_000,
      keepAliveMaxMissed: options.keepAliveMaxMissed ?? 3,
      idleTimeoutMs: options.idleTimeoutMs ?? 0,
      loginTimeoutMs: options.loginTimeoutMs ?? 0,
      maxPendingInbound: options.maxPendingInbound ?? 256,
      drainTimeoutMs: options.drainTimeoutMs ?? 30_000,
    };
    this.decoder = new FrameDecoder({ minLength: dialect.headerLength, maxLength: dialect.maxFrameLength });
    this.window = new InFlightWindow({ capacity: this.options.window, timeoutMs: this.options.requestTimeoutMs });
    this.sequence = options.sequence ?? new SequenceGenerator(dialect.maxSequence);
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    this.writer = new CoalescingWriter(socket, this.options.drainTimeoutMs, () => this.updateBusy(), () => this.destroy(new DrainTimeoutError(this.options.drainTimeoutMs).message));
    socket.on('error', (error) => this.teardown(`socket error: ${error.message}`));
    socket.on('close', () => this.teardown(this.closeReason));
    socket.on('end', () => this.teardown(this.currentState === 'closing' ? this.closeReason : 'peer closed the connection'));
    if (this.options.loginTimeoutMs > 0) {
      this.loginTimer = setTimeout(() => this.destroy(`no login within ${this.options.loginTimeoutMs} ms`), this.options.loginTimeoutMs);
      this.loginTimer.unref();
    }
    this.startTicking();
  }

  get state(): FramedState {
    return this.currentState;
  }

  /** True while the window is full or the socket is not accepting writes: hold off new requests. */
  get busy(): boolean {
    return this.window.full || this.writer.blocked;
  }

  get remoteAddress(): string {
    return this.socket.remoteAddress ?? '';
  }

  setRequestHandler(handler: FramedRequestHandler<P>): void {
    this.onRequest = handler;
  }

  stats(): FramedSessionStats {
    return { state: this.currentState, window: this.options.window, inFlight: this.window.size, pendingInbound: this.pendingInbound, busy: this.busy, ...this.counters };
  }

  /**
   * Sends a request and resolves with its response. Rejects with ResponseStatusError on a non-zero
   * status, WindowFullError when busy, ResponseTimeoutError, NotReadyError before login, or
   * SessionClosedError if the connection goes away first; a bad body rejects with PduEncodeError
   * before anything is sent.
   */
  request(command: string, body: object = {}): Promise<P> {
    if (this.currentState === 'closed') return Promise.reject(new SessionClosedError(this.closeReason));
    const allowed = this.currentState === 'ready' || command === this.dialect.login || (this.currentState === 'closing' && command === this.dialect.terminate);
    if (!allowed) return Promise.reject(new NotReadyError(command, this.currentState));
    if (this.window.full) return Promise.reject(new WindowFullError(this.options.window));
    const sequence = this.sequence.next();
    let frame: Buffer;
    try {
      frame = this.dialect.encodeRequest(command, sequence, body);
    } catch (error) {
      return Promise.reject(error);
    }
    const response = this.window.add(sequence);
    this.counters.requestsSent++;
    this.write(frame);
    this.updateBusy();
    const once = command === this.dialect.login || command === this.dialect.keepAlive || command === this.dialect.terminate;
    return this.settle(response, sequence, frame, once ? 1 : this.options.requestAttempts);
  }

  /** The outcome of a request sent `attemptsLeft` more times at most, resending it on each timeout. */
  private settle(response: Promise<P>, sequence: number, frame: Buffer, attemptsLeft: number): Promise<P> {
    return response.then(
      (pdu) => {
        this.updateBusy();
        const status = this.dialect.statusOf(pdu);
        if (status !== 0) throw new ResponseStatusError(pdu.command, status, pdu);
        return pdu;
      },
      (error: unknown) => {
        if (error instanceof ResponseTimeoutError) {
          this.counters.timeouts++;
          // Resend only while the session can still be answered and the freed slot is not taken meanwhile.
          if (attemptsLeft > 1 && (this.currentState === 'ready' || this.currentState === 'closing') && !this.window.full && !this.window.has(sequence)) {
            const again = this.window.add(sequence);
            this.counters.retransmits++;
            this.write(frame);
            this.updateBusy();
            return this.settle(again, sequence, frame, attemptsLeft - 1);
          }
        }
        this.updateBusy();
        throw error;
      },
    );
  }

  /** Client side: logs in; the session is ready from the successful response on. */
  login(body: object, identity: string): Promise<P> {
    this.identity = identity;
    return this.request(this.dialect.login, body);
  }

  /**
   * Server side: called by the login handler before it returns its successful answer, so that
   * requests following the login in the same segment are already accepted.
   */
  acceptLogin(identity: string): void {
    this.identity = identity;
    this.setState('ready');
  }

  /** Writes octets as they are: for test peers that must misbehave. */
  writeRaw(buf: Buffer): void {
    this.write(buf);
  }

  /** Graceful close: terminate, wait for its response (or a short grace), then close the socket. */
  async terminate(): Promise<void> {
    if (this.currentState === 'ready') {
      this.setState('closing');
      const answered = this.request(this.dialect.terminate).catch(() => undefined);
      await Promise.race([answered, new Promise((resolve) => setTimeout(resolve, Math.min(this.options.requestTimeoutMs, TERMINATE_GRACE_MS)).unref())]);
    }
    await this.end('terminated');
  }

  /** Closes after flushing what was written; pending requests are rejected. */
  end(reason = 'closed'): Promise<void> {
    this.closeReason = reason;
    if (this.currentState === 'closed') return Promise.resolve();
    this.setState('closing');
    return new Promise((resolve) => {
      this.once('close', () => resolve());
      this.writer.flush();
      this.socket.end();
      // A peer that never reads would keep end() waiting forever.
      setTimeout(() => this.socket.destroy(), 2000).unref();
    });
  }

  /** Closes at once. */
  destroy(reason: string): void {
    this.closeReason = reason;
    this.socket.destroy();
    this.teardown(reason);
  }

  private setState(state: FramedState): void {
    const previous = this.currentState;
    if (previous === state || previous === 'closed') return;
    this.currentState = state;
    if (state === 'ready' && this.loginTimer) {
      clearTimeout(this.loginTimer);
      this.loginTimer = null;
    }
    this.emit('state', state, previous);
  }

  // ── writing ────────────────────────────────────────────────────────────────────────────────

  private write(buf: Buffer): void {
    if (this.currentState === 'closed') return;
    this.lastSentAt = Date.now();
    this.writer.write(buf);
  }

  private updateBusy(): void {
    const busy = this.busy;
    if (busy === this.wasBusy) return;
    this.wasBusy = busy;
    this.emit(busy ? 'busy' : 'drain');
  }

  private respond(request: P, body: object): void {
    if (this.dialect.responseOf(request.command) === null) return;
    this.counters.responsesSent++;
    this.write(this.dialect.encodeResponse(request, body));
  }

  private refuse(request: P, reason: RefusalReason): void {
    const body = this.dialect.refusal(request.command, reason);
    if (body === null || this.dialect.responseOf(request.command) === null) return;
    this.respond(request, body);
  }

  // ── reading ────────────────────────────────────────────────────────────────────────────────

  private onData(chunk: Buffer): void {
    this.lastReceivedAt = Date.now();
    this.decoder.push(chunk);
    this.processFrames();
  }

  private processFrames(): void {
    while (!this.readPaused && this.currentState !== 'closed') {
      let frame: Buffer | null;
      try {
        frame = this.decoder.next();
      } catch (error) {
        // The length is unusable, so the stream cannot be re-framed: close.
        this.noteProtocolError(error as Error);
        this.destroy((error as Error).message);
        return;
      }
      if (!frame) return;
      this.handleFrame(frame);
    }
  }

  private handleFrame(frame: Buffer): void {
    let pdu: P;
    try {
      pdu = this.dialect.decode(frame);
    } catch (error) {
      if (!(error instanceof PduDecodeError)) throw error;
      this.answerMalformed(frame, error);
      return;
    }
    if (this.dialect.isResponseId(frame.readUInt32BE(4))) this.handleResponse(pdu);
    else this.handleRequest(pdu);
  }

  /** The frame was intact but its content was not: answer it if the protocol can, and carry on. */
  private answerMalformed(frame: Buffer, error: PduDecodeError): void {
    this.noteProtocolError(error);
    const sequence = error.sequenceNumber;
    if (sequence === undefined) return;
    if (this.dialect.isResponseId(frame.readUInt32BE(4))) {
      // A garbled answer settles its request as failed; answering a response would invite a loop.
      this.window.reject(sequence, error);
      return;
    }
    if (error.kind === 'unknown_command') return;
    const header = this.dialect.decodeHeader(frame);
    if (header) this.refuse(header, 'malformed');
  }

  private handleResponse(pdu: P): void {
    this.counters.responsesReceived++;
    if (pdu.command === this.dialect.responseOf(this.dialect.keepAlive ?? '')) this.keepAliveAnswered();
    if (this.window.resolve(pdu.sequence, pdu) < 0) {
      this.noteProtocolError(new Error(`${pdu.command} for unknown sequence ${pdu.sequence}`));
      return;
    }
    // Ready from this frame on: a gateway may send a DELIVER in the same segment as the login answer.
    if (pdu.command === this.dialect.responseOf(this.dialect.login) && this.dialect.statusOf(pdu) === 0 && this.role === 'client' && this.currentState === 'open') {
      this.setState('ready');
    }
  }

  private handleRequest(pdu: P): void {
    this.counters.requestsReceived++;
    const { command } = pdu;
    if (command === this.dialect.keepAlive) return this.respond(pdu, {});
    if (command === this.dialect.terminate) {
      this.respond(pdu, {});
      void this.end('peer terminated');
      return;
    }
    if (command === this.dialect.login) {
      if (this.role === 'client' || this.currentState !== 'open' || this.loginPending) return this.refuse(pdu, 'already_logged_in');
      this.loginPending = true;
    } else if (this.currentState !== 'ready') {
      return this.refuse(pdu, 'not_logged_in');
    }
    this.dispatch(pdu);
  }

  /** Runs the handler, counting it as pending so reading pauses while too many are (pull-based backpressure). */
  private dispatch(pdu: P): void {
    const handler = this.onRequest;
    if (!handler) {
      this.finishRequest(pdu, undefined, 'no_handler');
      return;
    }
    let result: FramedReply | Promise<FramedReply>;
    try {
      result = handler(pdu, this);
    } catch (error) {
      this.finishRequest(pdu, undefined, error);
      return;
    }
    if (!(result instanceof Promise)) {
      this.finishRequest(pdu, result);
      return;
    }
    this.pendingInbound++;
    // Frames after a login wait for its answer: they are judged by its outcome, and answered after it.
    if (this.pendingInbound >= this.options.maxPendingInbound || pdu.command === this.dialect.login) this.pauseReading();
    result
      .then(
        (reply) => this.finishRequest(pdu, reply),
        (error: unknown) => this.finishRequest(pdu, undefined, error),
      )
      .finally(() => {
        this.pendingInbound--;
        if (this.readPaused && this.pendingInbound <= this.options.maxPendingInbound >> 1) this.resumeReading();
      });
  }

  private finishRequest(pdu: P, reply: FramedReply, failure?: unknown): void {
    if (pdu.command === this.dialect.login) this.loginPending = false;
    if (this.currentState === 'closed' || reply === NO_REPLY) return;
    if (failure === 'no_handler') return this.refuse(pdu, 'no_handler');
    if (failure !== undefined) {
      this.noteProtocolError(failure instanceof Error ? failure : new Error(String(failure)));
      return this.refuse(pdu, 'internal');
    }
    this.respond(pdu, reply ?? {});
  }

  private pauseReading(): void {
    this.readPaused = true;
    this.socket.pause();
  }

  private resumeReading(): void {
    this.readPaused = false;
    this.socket.resume();
    this.processFrames();
  }

  private noteProtocolError(error: Error): void {
    this.counters.protocolErrors++;
    this.emit('protocolError', error);
  }

  // ── keep-alive, idle close and teardown ────────────────────────────────────────────────────

  private startTicking(): void {
    const periods = [this.options.keepAliveIntervalMs, this.options.idleTimeoutMs].filter((ms) => ms > 0);
    if (periods.length === 0) return;
    this.tickTimer = setInterval(() => this.tick(), Math.max(10, Math.min(...periods) >> 2));
    this.tickTimer.unref();
  }

  private tick(): void {
    const now = Date.now();
    const idleTimeout = this.options.idleTimeoutMs;
    if (idleTimeout > 0 && now - Math.max(this.lastReceivedAt, this.lastSentAt) >= idleTimeout && this.window.size === 0 && this.pendingInbound === 0) {
      void this.terminate();
      return;
    }
    this.keepAlive(now);
  }

  private keepAlive(now: number): void {
    const command = this.dialect.keepAlive;
    const interval = this.options.keepAliveIntervalMs;
    if (!command || interval <= 0 || this.currentState !== 'ready' || this.keepAliveOutstanding) return;
    if (now - this.lastReceivedAt < interval || this.window.full) return;
    this.keepAliveOutstanding = true;
    this.request(command).then(
      () => this.keepAliveAnswered(),
      (error: Error) => {
        this.keepAliveOutstanding = false;
        if (!(error instanceof ResponseTimeoutError)) return;
        this.keepAlivesMissed++;
        if (this.keepAlivesMissed >= this.options.keepAliveMaxMissed) this.destroy(`peer did not answer ${this.keepAlivesMissed} keep-alives`);
      },
    );
  }

  private keepAliveAnswered(): void {
    this.keepAliveOutstanding = false;
    this.keepAlivesMissed = 0;
  }

  private teardown(reason: string): void {
    if (this.currentState === 'closed') return;
    const previous = this.currentState;
    this.currentState = 'closed';
    for (const timer of [this.tickTimer, this.loginTimer]) if (timer) clearTimeout(timer);
    this.tickTimer = this.loginTimer = null;
    this.writer.stop();
    this.window.rejectAll(new SessionClosedError(reason));
    if (!this.socket.destroyed) this.socket.destroy();
    this.emit('state', 'closed', previous);
    this.emit('close', reason);
  }
}
