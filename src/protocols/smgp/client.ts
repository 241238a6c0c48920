// SP side of SMGP 3.0: connects to an SMGW, logs in (and checks the SMGW's answer), stays logged in
// with reconnects, submits, and hands Deliver (MO and status reports) to its handler.
import { EventEmitter } from 'node:events';
import { FramedClient, type FramedClientOptions, type FramedClientStats } from '../shared/framed-client.ts';
import type { FramedReply, FramedSession, FramedState } from '../shared/framed-session.ts';
import { authenticatorClient, authenticatorServer } from './authenticator.ts';
import { smgpDialect } from './dialect.ts';
import { LoginMode, SMGP_VERSION, type LoginModeValue } from './login-mode.ts';
import type { SmgpBody, SmgpPdu, SmgpPduOf } from './pdu-types.ts';
import { CHINA_OFFSET_MINUTES, loginTimestamp } from './smgp-time.ts';
import { SmgpStatus } from './status.ts';

export interface SmgpClientOptions extends Omit<FramedClientOptions<SmgpPdu>, 'keepAliveIntervalMs'> {
  /** Login account: the SP's service code, 8 characters. */
  clientId: string;
  /** Shared secret agreed with the operator (≤ 15 characters). */
  secret: string;
  /** Default 2 (transmit: MT out, MO and reports in). */
  loginMode?: LoginModeValue;
  clientVersion?: number;
  /**
   * How the SMGW's AuthenticatorServer is checked: 'strict' requires the right value, 'if-present'
   * (default) also accepts all zeros, which many SMGWs send since clients usually ignore it
   * (smgp.md 13.4), and 'off' ignores it. A wrong non-zero value means the wrong secret or the
   * wrong peer, and fails the login in both checking modes.
   */
  verifyServer?: 'strict' | 'if-present' | 'off';
  /** Idle time before an Active_Test (spec C = 3 min); 0 disables. */
  activeTestIntervalMs?: number;
  /** Offset of the SMGW's clock from UTC in minutes, for the login TimeStamp (default +480). */
  offsetMinutes?: number;
  clock?: () => number;
  /**
   * Answers Deliver (MO and status reports). Return only once the message is safe: the answer tells
   * the SMGW it may forget it. Resolve { Status: n } to refuse; without a handler, 'deliver' events
   * are emitted and answered Status 0 at once.
   */
  onDeliver?: (pdu: SmgpPduOf<'Deliver'>) => FramedReply | Promise<FramedReply>;
}

/** The SMGW answered the login with an AuthenticatorServer that does not match the secret. */
export class ServerAuthenticationError extends Error {
  constructor() {
    super('SMGW AuthenticatorServer does not match: wrong secret, or not the gateway we meant to reach');
    this.name = 'ServerAuthenticationError';
  }
}

/**
 * Events: 'ready', 'disconnected' (reason), 'reconnecting' ({ attempt, delayMs, error }),
 * 'deliver' (pdu, when no handler), 'busy', 'drain', 'protocolError' (error).
 */
export class SmgpClient extends EventEmitter {
  private readonly client: FramedClient<SmgpPdu>;

  constructor(readonly options: SmgpClientOptions) {
    super();
    const { clientId: _id, secret: _secret, loginMode: _mode, clientVersion: _version, verifyServer: _verify, activeTestIntervalMs, offsetMinutes: _offset, clock: _clock, onDeliver: _onDeliver, ...framed } =
      options;
    this.client = new FramedClient(smgpDialect, { ...framed, keepAliveIntervalMs: activeTestIntervalMs ?? 180_000 }, (session) => this.login(session), (pdu) =>
      this.onRequest(pdu),
    );
    for (const event of ['ready', 'disconnected', 'reconnecting', 'busy', 'drain', 'protocolError']) this.client.on(event, (...args: unknown[]) => this.emit(event, ...args));
  }

  get state(): FramedState {
    return this.client.state;
  }

  /** True while submits should wait: not logged in, window full, or the socket is backed up. */
  get busy(): boolean {
    return this.client.busy;
  }

  get currentSession(): FramedSession<SmgpPdu> | null {
    return this.client.currentSession;
  }

  /** Resolves once logged in; rejects with the refusal (ResponseStatusError) or ServerAuthenticationError. */
  connect(): Promise<void> {
    return this.client.connect();
  }

  /** Resolves with Submit_Resp; rejects with ResponseStatusError when Status ≠ 0. */
  submit(body: SmgpBody<'Submit'>): Promise<SmgpPduOf<'Submit_Resp'>> {
    return this.client.request('Submit', body) as Promise<SmgpPduOf<'Submit_Resp'>>;
  }

  /** SP statistics (smgp.md 10). */
  query(body: SmgpBody<'Query'>): Promise<SmgpPduOf<'Query_Resp'>> {
    return this.client.request('Query', body) as Promise<SmgpPduOf<'Query_Resp'>>;
  }

  stats(): FramedClientStats {
    return this.client.stats();
  }

  /** Sends Exit, waits for Exit_Resp (briefly), closes, and stops reconnecting. */
  close(): Promise<void> {
    return this.client.close();
  }

  private async login(session: FramedSession<SmgpPdu>): Promise<void> {
    const { clientId, secret } = this.options;
    const TimeStamp = loginTimestamp(new Date((this.options.clock ?? Date.now)()), this.options.offsetMinutes ?? CHINA_OFFSET_MINUTES);
    const AuthenticatorClient = authenticatorClient(clientId, secret, TimeStamp);
    const response = (await session.login(
      { ClientID: clientId, AuthenticatorClient, LoginMode: this.options.loginMode ?? LoginMode.TRANSMIT, TimeStamp, ClientVersion: this.options.clientVersion ?? SMGP_VERSION },
      clientId,
    )) as SmgpPduOf<'Login_Resp'>;
    // smgp.md 4.2: the SMGW proves it knows the secret too.
    const verify = this.options.verifyServer ?? 'if-present';
    if (verify === 'off' || authenticatorServer(0, AuthenticatorClient, secret).equals(response.AuthenticatorServer)) return;
    if (verify === 'if-present' && response.AuthenticatorServer.every((octet) => octet === 0)) return;
    throw new ServerAuthenticationError();
  }

  private onRequest(pdu: SmgpPdu): FramedReply | Promise<FramedReply> {
    // An SP only takes Deliver from the SMGW (smgp.md 3).
    if (pdu.command !== 'Deliver') return { Status: SmgpStatus.COMMAND_WORD_ERROR };
    if (this.options.onDeliver) return this.options.onDeliver(pdu);
    this.emit('deliver', pdu);
    return { Status: 0 };
  }
}
