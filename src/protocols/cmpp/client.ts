// SP side of CMPP: connects to an ISMG, logs in with CONNECT (checking the ISMG's authenticator),
// keeps the link alive with ACTIVE_TEST, submits, and hands DELIVERs (MO and reports) to a handler.
import type { ConnectionOptions } from 'node:tls';
import { FramedClient } from '../shared/framed-client.ts';
import type { FramedReply, FramedSession } from '../shared/framed-session.ts';
import { connectRequest, verifyConnectResponse, type CmppSecret } from './authenticator.ts';
import { CMPP_REQUEST_ATTEMPTS, CmppDialect, type CmppFrame, type CmppFrameOf } from './dialect.ts';
import type { CmppBodyInputOf } from './pdu-types.ts';
import { CmppResult } from './result.ts';
import type { CmppVersion } from './version.ts';

export interface CmppClientOptions {
  host: string;
  /** ISMG port: 7890 for long connections (cmpp.md 1). */
  port: number;
  tls?: boolean | ConnectionOptions;
  /** Layout of this connection; the ISMG's configuration must agree. Default '3.0'. */
  version?: CmppVersion;
  /** SP_Id, sent as Source_Addr (6 characters). */
  spId: string;
  secret: CmppSecret;
  /** Close the connection when CONNECT_RESP's AuthenticatorISMG does not prove the ISMG knows the secret. Default true. */
  verifyAuthenticator?: boolean;
  /** Outstanding requests (cmpp.md 1: W = 16). */
  window?: number;
  /** T: time for each response (60 s). */
  requestTimeoutMs?: number;
  /** N: times a request is sent in all when unanswered after T (cmpp.md 1: resent at most N − 1 more times; default 3). */
  requestAttempts?: number;
  /** C: idle time before an ACTIVE_TEST (3 min); 0 disables. */
  activeTestIntervalMs?: number;
  /** N: unanswered ACTIVE_TESTs in a row before the link is dropped (3). */
  activeTestMaxMissed?: number;
  maxPendingInbound?: number;
  drainTimeoutMs?: number;
  connectTimeoutMs?: number;
  reconnect?: false | { initialMs?: number; maxMs?: number };
  /**
   * Answers each DELIVER (MO or status report). Resolve only once it is safe: the DELIVER_RESP
   * tells the ISMG it may forget it. Return { Result } to refuse. Without a handler, 'deliver'
   * events are emitted and answered with Result 0 at once.
   */
  onDeliver?: (pdu: CmppFrameOf<'deliver'>) => FramedReply | Promise<FramedReply>;
  /** The CONNECT Timestamp source (tests); default now, Beijing time. */
  timestamp?: () => number;
}

/** CONNECT_RESP carried Status 0 but an AuthenticatorISMG made with another secret. */
export class CmppAuthenticatorError extends Error {
  constructor() {
    super('CONNECT_RESP AuthenticatorISMG does not match the shared secret');
    this.name = 'CmppAuthenticatorError';
  }
}

/**
 * Events (from FramedClient): 'ready', 'disconnected' (reason), 'reconnecting' (info), 'busy',
 * 'drain', 'protocolError' (error); plus 'deliver' (pdu) when there is no onDeliver handler.
 */
export class CmppClient extends FramedClient<CmppFrame> {
  readonly version: CmppVersion;

  constructor(readonly cmppOptions: CmppClientOptions) {
    const version = cmppOptions.version ?? '3.0';
    const { host, port, tls, window = 16, requestTimeoutMs = 60_000, activeTestIntervalMs = 180_000, activeTestMaxMissed = 3 } = cmppOptions;
    super(
      // A dialect per client: each connection of a pool may speak its own version.
      new CmppDialect(version),
      {
        host,
        port,
        tls,
        connectTimeoutMs: cmppOptions.connectTimeoutMs,
        reconnect: cmppOptions.reconnect,
        window,
        requestTimeoutMs,
        requestAttempts: cmppOptions.requestAttempts ?? CMPP_REQUEST_ATTEMPTS,
        keepAliveIntervalMs: activeTestIntervalMs,
        keepAliveMaxMissed: activeTestMaxMissed,
        maxPendingInbound: cmppOptions.maxPendingInbound,
        drainTimeoutMs: cmppOptions.drainTimeoutMs,
      },
      (session) => this.logIn(session),
      (pdu) => this.onInbound(pdu),
    );
    this.version = version;
  }

  /** Sends one SUBMIT; resolves with SUBMIT_RESP (Result 0) or rejects (ResponseStatusError carries the Result). */
  submit(body: CmppBodyInputOf<'submit'>): Promise<CmppFrameOf<'submit_resp'>> {
    return this.request('submit', body) as Promise<CmppFrameOf<'submit_resp'>>;
  }

  /** `submit` bound to this client once, for callers that hand it on for every message. */
  readonly submitBody = (body: CmppBodyInputOf<'submit'>): Promise<CmppFrameOf<'submit_resp'>> => this.submit(body);

  private async logIn(session: FramedSession<CmppFrame>): Promise<void> {
    const { spId, secret, verifyAuthenticator = true } = this.cmppOptions;
    // The session chooses the Sequence_Id; 0 here is replaced when it is encoded.
    const connect = connectRequest({ sourceAddr: spId, secret, version: this.version, sequenceId: 0, timestamp: this.cmppOptions.timestamp?.() });
    const { command: _command, Sequence_Id: _sequence, ...body } = connect;
    const response = (await session.login(body, spId)) as CmppFrameOf<'connect_resp'>;
    if (verifyAuthenticator && !verifyConnectResponse(response, body.AuthenticatorSource!, secret)) {
      session.destroy('AuthenticatorISMG mismatch');
      throw new CmppAuthenticatorError();
    }
  }

  private onInbound(pdu: CmppFrame): FramedReply | Promise<FramedReply> {
    // An ISMG sends only DELIVER to an SP (cmpp.md 3); keep-alive and terminate never get here.
    if (pdu.command !== 'deliver') return { Result: CmppResult.BAD_COMMAND };
    if (this.cmppOptions.onDeliver) return this.cmppOptions.onDeliver(pdu);
    this.emit('deliver', pdu);
    return { Result: CmppResult.OK };
  }
}
