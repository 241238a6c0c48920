// One SMPP connection, either side: framing, states, window, keep-alive, backpressure, graceful close.
import { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import { PduDecodeError } from '../shared/decode-error.ts';
import { FrameDecoder } from '../shared/frame-decoder.ts';
import { InFlightWindow, ResponseTimeoutError, WindowFullError } from '../shared/in-flight-window.ts';
import { SequenceGenerator } from '../shared/sequence.ts';
import { HEADER_LENGTH, decodePdu, encodeBody, encodePdu } from './codec.ts';
import { CommandStatus } from './command-status.ts';
import { DrainTimeoutError, InvalidStateError, SessionClosedError, SmppStatusError } from './errors.ts';
import { PDU_BY_ID, isResponseId, responseOf, type SmppCommand } from './pdu-table.ts';
import type { SmppBody, SmppPdu, SmppPduOf } from './pdu-types.ts';
import { BOUND_STATE, isBound, mayReceive, maySend, type BindCommand, type SessionRole, type SessionState } from './session-rules.ts';
import { NO_REPLY, type HandlerResult, type Reply, type RequestCommand, type RequestHandler, type ResponseOf, type SessionStats, type SmppSessionOptions } from './session-types.ts';
import { CoalescingWriter } from '../shared/coalescing-writer.ts';

export { WindowFullError, ResponseTimeoutError };
export { NO_REPLY } from './session-types.ts';
export type { Reply, RequestCommand, RequestHandler, ResponseCommand, ResponseOf, SessionStats, SmppSessionOptions } from './session-types.ts';

const NO_BODY: SmppBody<SmppCommand> = {};

/** Longest wait for unbind_resp before closing anyway. */
const UNBIND_GRACE_MS = 2000;

const BOUND_BY_RESPONSE: Partial<Record<SmppCommand, SessionState>> = {
  bind_transmitter_resp: 'bound_tx',
  bind_receiver_resp: 'bound_rx',
  bind_transceiver_resp: 'bound_trx',
};

/**
 * Events: 'state' (state, previous), 'busy', 'drain', 'close' (reason), and 'protocolError'
 * (error) for a malformed or unexpected PDU that was answered and survived.
 */
export class SmppSession extends EventEmitter {
  readonly role: SessionRole;
  readonly socket: Socket;
  /** The system_id the session is bound as (ESME) or bound for (SMSC). */
  systemId = '';
  private currentState: SessionState = 'open';
  private readonly decoder: FrameDecoder;
  private readonly window: InFlightWindow<SmppPdu>;
  private readonly sequence = new SequenceGenerator();
  private readonly options: Required<Omit<SmppSessionOptions, 'onRequest'>>;
  private onRequest: RequestHandler | undefined;
  private pendingInbound = 0;
  /** An inbound bind is being authenticated: another bind now gets ESME_RALYBND. */
  private bindPending = false;
  private readPaused = false;
  private wasBusy = false;
  private readonly writer: CoalescingWriter;
  private keepAliveTimer: NodeJS.Timeout | null = null;
  private bindTimer: NodeJS.Timeout | null = null;
  private lastReceivedAt = Date.now();
  private enquireLinkOutstanding = false;
  private closeReason = 'closed';
  /** Set once we decided to close, so the socket events that follow keep our reason. */
  private closing = false;
  private readonly counters = { requestsSent: 0, responsesReceived: 0, requestsReceived: 0, responsesSent: 0, timeouts: 0, protocolErrors: 0 };

  constructor(socket: Socket, options: SmppSessionOptions) {
    super();
    // Deliveries waiting for window room each listen for 'drain' (see ingress); that is not a leak.
    this.setMaxListeners(100);
    this.role = options.role;
    this.socket = socket;
    this.onRequest = options.onRequest;
    this.options = {
      role: options.role,
      window: options.window ?? 64,
      requestTimeoutMs: options.requestTimeoutMs ?? 30_000,
      enquireLinkIntervalMs: options.enquireLinkIntervalMs ?? 30_000,
      maxPduSize: options.maxPduSize ?? 70_000,
      maxPendingInbound: options.maxPendingInbound ?? 256,
      drainTimeoutMs: options.drainTimeoutMs ?? 30_000,
      bindTimeoutMs: options.bindTimeoutMs ?? 0,
    };
    this.decoder = new FrameDecoder({ minLength: HEADER_LENGTH, maxLength: this.options.maxPduSize });
    this.window = new InFlightWindow({ capacity: this.options.window, timeoutMs: this.options.requestTimeoutMs });
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    this.writer = new CoalescingWriter(socket, this.options.drainTimeoutMs, () => this.updateBusy(), () => this.destroy(new DrainTimeoutError(this.options.drainTimeoutMs).message));
    socket.on('error', (error) => this.teardown(`socket error: ${error.message}`));
    socket.on('close', () => this.teardown(this.closeReason));
    socket.on('end', () => this.teardown(this.closing ? this.closeReason : 'peer closed the connection'));
    if (this.options.bindTimeoutMs > 0) {
      this.bindTimer = setTimeout(() => this.destroy(`no bind within ${this.options.bindTimeoutMs} ms`), this.options.bindTimeoutMs);
      this.bindTimer.unref();
    }
  }

  get state(): SessionState {
    return this.currentState;
  }

  /** True while the window is full or the socket is not accepting writes: hold off new requests. */
  get busy(): boolean {
    return this.window.full || this.writer.blocked;
  }

  get remoteAddress(): string {
    return this.socket.remoteAddress ?? '';
  }

  setRequestHandler(handler: RequestHandler): void {
    this.onRequest = handler;
  }

  stats(): SessionStats {
    return {
      state: this.currentState,
      window: this.options.window,
      inFlight: this.window.size,
      pendingInbound: this.pendingInbound,
      busy: this.busy,
      ...this.counters,
    };
  }

  /**
   * Sends a request and resolves with its response. Rejects with SmppStatusError on a non-zero
   * command_status or generic_nack, WindowFullError when busy, ResponseTimeoutError, or
   * SessionClosedError if the connection goes away first. An invalid body rejects with PduEncodeError
   * before anything is sent.
   */
  request<C extends RequestCommand>(command: C, body: SmppBody<C> = {} as SmppBody<C>): Promise<ResponseOf<C>> {
    if (this.currentState === 'closed') return Promise.reject(new SessionClosedError(this.closeReason));
    if (!maySend(this.role, this.currentState, command)) return Promise.reject(new InvalidStateError(command, this.currentState));
    if (this.window.full) return Promise.reject(new WindowFullError(this.options.window));
    const sequenceNumber = this.sequence.next();
    let frame: Buffer;
    try {
      frame = encodeBody(command, sequenceNumber, 0, body as SmppBody<SmppCommand>);
    } catch (error) {
      return Promise.reject(error);
    }
    const response = this.window.add(sequenceNumber);
    this.counters.requestsSent++;
    this.write(frame);
    this.updateBusy();
    return response.then(
      (pdu) => {
        this.updateBusy();
        if (pdu.command_status !== 0 || pdu.command !== responseOf(command)) throw new SmppStatusError(pdu);
        return pdu as ResponseOf<C>;
      },
      (error: unknown) => {
        this.updateBusy();
        if (error instanceof ResponseTimeoutError) this.counters.timeouts++;
        throw error;
      },
    );
  }

  /** Sends a PDU that has no response (alert_notification, outbind). */
  send(command: 'alert_notification' | 'outbind', body: SmppBody<typeof command>): void {
    if (!maySend(this.role, this.currentState, command)) throw new InvalidStateError(command, this.currentState);
    this.write(encodeBody(command, this.sequence.next(), 0, body as SmppBody<SmppCommand>));
  }

  /** Writes octets as they are: for test peers that must misbehave, and for diagnostics. */
  writeRaw(buf: Buffer): void {
    this.write(buf);
  }

  /** ESME side: binds and moves to the bound state; rejects with SmppStatusError if refused. */
  bind(command: BindCommand, body: SmppBody<BindCommand>): Promise<ResponseOf<BindCommand>> {
    this.systemId = body.system_id ?? '';
    // handleResponse() moves to the bound state when the bind_resp is read (see there).
    return this.request(command, { interface_version: 0x34, ...body });
  }

  /** Graceful close: unbind, wait for unbind_resp (or the timeout), then close the socket (3.4 §4.2). */
  async unbind(): Promise<void> {
    if (isBound(this.currentState)) {
      const answered = this.request('unbind').catch(() => undefined);
      // The peer is gone or slow: close anyway after a short grace period.
      await Promise.race([answered, new Promise((resolve) => setTimeout(resolve, Math.min(this.options.requestTimeoutMs, UNBIND_GRACE_MS)).unref())]);
      this.setState('unbound');
    }
    await this.end('unbound');
  }

  /** Closes after flushing what was written; pending requests are rejected. */
  end(reason = 'closed'): Promise<void> {
    this.closeReason = reason;
    this.closing = true;
    if (this.currentState === 'closed') return Promise.resolve();
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
    this.closing = true;
    this.socket.destroy();
    this.teardown(reason);
  }

  private setState(state: SessionState): void {
    const previous = this.currentState;
    if (previous === state || previous === 'closed') return;
    this.currentState = state;
    if (isBound(state)) {
      if (this.bindTimer) clearTimeout(this.bindTimer);
      this.startKeepAlive();
    }
    this.emit('state', state, previous);
  }

  // ── writing ────────────────────────────────────────────────────────────────────────────────

  private write(buf: Buffer): void {
    if (this.currentState === 'closed') return;
    this.writer.write(buf);
  }

  private updateBusy(): void {
    const busy = this.busy;
    if (busy === this.wasBusy) return;
    this.wasBusy = busy;
    this.emit(busy ? 'busy' : 'drain');
  }

  private respond(request: SmppPdu, status: number, body: SmppBody<SmppCommand> = NO_BODY): void {
    const command = responseOf(request.command);
    if (!command) return;
    this.counters.responsesSent++;
    this.write(encodeBody(command, request.sequence_number, status, body));
  }

  private nack(sequenceNumber: number, status: number): void {
    this.write(encodePdu({ command: 'generic_nack', sequence_number: sequenceNumber, command_status: status }));
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
        // The length is unusable, so the stream cannot be re-framed: answer and close (3.4 §3.3).
        const decodeError = error as PduDecodeError;
        this.noteProtocolError(decodeError);
        this.nack(decodeError.sequenceNumber ?? 0, CommandStatus.ESME_RINVCMDLEN);
        void this.end(decodeError.message);
        return;
      }
      if (!frame) return;
      this.handleFrame(frame);
    }
  }

  private handleFrame(frame: Buffer): void {
    let pdu: SmppPdu;
    try {
      pdu = decodePdu(frame);
    } catch (error) {
      if (!(error instanceof PduDecodeError)) throw error;
      this.answerMalformed(error);
      return;
    }
    if (isResponseId(frame.readUInt32BE(4))) this.handleResponse(pdu);
    else this.handleRequest(pdu);
  }

  /** The frame was intact but its content was not: answer it and keep the session (3.4 §3.3). */
  private answerMalformed(error: PduDecodeError): void {
    this.noteProtocolError(error);
    const sequenceNumber = error.sequenceNumber ?? 0;
    const definition = error.commandId === undefined ? undefined : PDU_BY_ID.get(error.commandId);
    const status = error.status ?? CommandStatus.ESME_RINVCMDLEN;
    if (!definition) return this.nack(sequenceNumber, CommandStatus.ESME_RINVCMDID);
    if (isResponseId(definition.id)) {
      // A garbled answer settles its request as failed; nacking a response would invite a loop.
      this.window.reject(sequenceNumber, error);
      return;
    }
    const response = responseOf(definition.command);
    if (!response) return this.nack(sequenceNumber, status);
    this.counters.responsesSent++;
    this.write(encodeBody(response, sequenceNumber, status, NO_BODY));
  }

  private handleResponse(pdu: SmppPdu): void {
    this.counters.responsesReceived++;
    if (pdu.command === 'enquire_link_resp') this.enquireLinkOutstanding = false;
    if (this.window.resolve(pdu.sequence_number, pdu) < 0) {
      this.noteProtocolError(new Error(`${pdu.command} for unknown sequence_number ${pdu.sequence_number}`));
      return;
    }
    // Bound from this frame on: an SMSC may send deliver_sm in the same segment as the bind_resp,
    // and that frame is handled before the promise of request() settles.
    const bound = BOUND_BY_RESPONSE[pdu.command];
    if (bound && pdu.command_status === 0 && this.role === 'esme' && this.currentState === 'open') this.setState(bound);
  }

  private handleRequest(pdu: SmppPdu): void {
    this.counters.requestsReceived++;
    const { command } = pdu;
    const isBind = command.startsWith('bind_');
    if (!mayReceive(this.role, this.currentState, command) || (isBind && this.bindPending)) {
      const alreadyBound = isBind && (isBound(this.currentState) || this.bindPending);
      const status = alreadyBound ? CommandStatus.ESME_RALYBND : CommandStatus.ESME_RINVBNDSTS;
      if (responseOf(command)) this.respond(pdu, status);
      else this.nack(pdu.sequence_number, status);
      return;
    }
    switch (command) {
      case 'enquire_link':
        return this.respond(pdu, CommandStatus.ESME_ROK);
      case 'unbind':
        this.respond(pdu, CommandStatus.ESME_ROK);
        this.setState('unbound');
        void this.end('peer unbound');
        return;
      default:
        this.dispatch(pdu);
    }
  }

  /** Runs the handler, counting it as pending so reading pauses while too many are (pull-based backpressure). */
  private dispatch(pdu: SmppPdu): void {
    const handler = this.onRequest;
    if (pdu.command.startsWith('bind_')) this.bindPending = true;
    const hasResponse = responseOf(pdu.command) !== null;
    if (!handler) {
      if (hasResponse) this.respond(pdu, CommandStatus.ESME_RINVCMDID);
      return;
    }
    let result: ReturnType<RequestHandler>;
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
    if (this.pendingInbound >= this.options.maxPendingInbound) this.pauseReading();
    result.then(
      (reply) => this.finishRequest(pdu, reply),
      (error: unknown) => this.finishRequest(pdu, undefined, error),
    ).finally(() => {
      this.pendingInbound--;
      if (this.readPaused && this.pendingInbound <= this.options.maxPendingInbound >> 1) this.resumeReading();
    });
  }

  private finishRequest(pdu: SmppPdu, reply: HandlerResult, error?: unknown): void {
    if (pdu.command.startsWith('bind_')) this.bindPending = false;
    if (this.currentState === 'closed' || reply === NO_REPLY) return;
    if (error !== undefined) {
      this.noteProtocolError(error instanceof Error ? error : new Error(String(error)));
      this.respond(pdu, CommandStatus.ESME_RSYSERR);
      return;
    }
    const body = (reply ?? NO_BODY) as SmppBody<SmppCommand> & { command_status?: number };
    const status = body.command_status ?? CommandStatus.ESME_ROK;
    if (status === 0 && pdu.command.startsWith('bind_')) {
      this.systemId = (pdu as SmppPduOf<BindCommand>).system_id;
      this.setState(BOUND_STATE[pdu.command as BindCommand]);
    }
    this.respond(pdu, status, body);
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

  // ── keep-alive and teardown ────────────────────────────────────────────────────────────────

  private startKeepAlive(): void {
    const interval = this.options.enquireLinkIntervalMs;
    if (interval <= 0 || this.keepAliveTimer) return;
    this.keepAliveTimer = setInterval(() => this.keepAlive(), Math.max(10, interval >> 2));
    this.keepAliveTimer.unref();
  }

  private keepAlive(): void {
    if (!isBound(this.currentState) || this.enquireLinkOutstanding) return;
    if (Date.now() - this.lastReceivedAt < this.options.enquireLinkIntervalMs) return;
    if (this.window.full) return;
    this.enquireLinkOutstanding = true;
    this.request('enquire_link').then(
      () => {
        this.enquireLinkOutstanding = false;
      },
      (error: Error) => {
        this.enquireLinkOutstanding = false;
        if (error instanceof ResponseTimeoutError) this.destroy('peer did not answer enquire_link');
      },
    );
  }

  private teardown(reason: string): void {
    if (this.currentState === 'closed') return;
    const previous = this.currentState;
    this.currentState = 'closed';
    for (const timer of [this.keepAliveTimer, this.bindTimer]) if (timer) clearTimeout(timer);
    this.keepAliveTimer = this.bindTimer = null;
    this.writer.stop();
    this.window.rejectAll(new SessionClosedError(reason));
    if (!this.socket.destroyed) this.socket.destroy();
    this.emit('state', 'closed', previous);
    this.emit('close', reason);
  }
}
