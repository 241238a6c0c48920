// SMGW side of SMGP 3.0: checks logins (authenticator, version), answers with AuthenticatorServer,
// dispatches requests, and pushes Deliver to the SP's receiving sessions.
import { EventEmitter } from 'node:events';
import type { AddressInfo } from 'node:net';
import { SessionClosedError } from '../shared/framed-errors.ts';
import { FramedServer, type FramedServerOptions, type FramedServerStats } from '../shared/framed-server.ts';
import type { FramedReply, FramedSession } from '../shared/framed-session.ts';
import { authenticatorClient, authenticatorServer } from './authenticator.ts';
import { smgpDialect } from './dialect.ts';
import { LoginMode, SMGP_VERSION } from './login-mode.ts';
import type { SmgpBody, SmgpPdu, SmgpPduOf } from './pdu-types.ts';
import { SmgpStatus } from './status.ts';

export interface SmgpLoginRequest {
  ClientID: string;
  LoginMode: number;
  ClientVersion: number;
  TimeStamp: number;
  remoteAddress: string;
}

export type SmgpRequestHandler = (pdu: SmgpPdu, session: FramedSession<SmgpPdu>) => FramedReply | Promise<FramedReply>;

export interface SmgpServerOptions extends Omit<FramedServerOptions<SmgpPdu>, 'onRequest' | 'keepAliveIntervalMs'> {
  /**
   * The shared secret of a ClientID; undefined when there is no such account; null to let the
   * ClientID in unchecked (test peers), in which case AuthenticatorServer is left empty.
   */
  secretOf: (clientId: string) => string | null | undefined | Promise<string | null | undefined>;
  /** Further checks once the authenticator matched (IP allow-list, connection limits): a non-zero Status refuses. */
  admit?: (login: SmgpLoginRequest, session: FramedSession<SmgpPdu>) => number | Promise<number>;
  /** Handles every request but Login, Active_Test and Exit of logged-in sessions. */
  onRequest?: SmgpRequestHandler;
  /** Idle time before an Active_Test (spec C = 3 min); 0 disables. */
  activeTestIntervalMs?: number;
  serverVersion?: number;
}

/** Events: 'ready' (session, login), 'sessionClosed' (session, reason), 'protocolError' (error, session). */
export class SmgpServer extends EventEmitter {
  readonly framed: FramedServer<SmgpPdu>;
  private readonly modes = new WeakMap<FramedSession<SmgpPdu>, number>();
  private readonly rotation = new Map<string, number>();
  private loginsRefused = 0;

  constructor(readonly options: SmgpServerOptions) {
    super();
    const { secretOf: _secretOf, admit: _admit, onRequest: _onRequest, activeTestIntervalMs, serverVersion: _version, ...framed } = options;
    this.framed = new FramedServer(smgpDialect, { ...framed, keepAliveIntervalMs: activeTestIntervalMs ?? 180_000, onRequest: (pdu, session) => this.onRequest(pdu, session) });
    this.framed.on('sessionClosed', (session, reason) => this.emit('sessionClosed', session, reason));
    this.framed.on('protocolError', (error, session) => this.emit('protocolError', error, session));
  }

  listen(port = 0, host = '127.0.0.1'): Promise<AddressInfo> {
    return this.framed.listen(port, host);
  }

  get address(): AddressInfo {
    return this.framed.address;
  }

  get sessions(): ReadonlySet<FramedSession<SmgpPdu>> {
    return this.framed.sessions;
  }

  /** The LoginMode a logged-in session chose. */
  loginModeOf(session: FramedSession<SmgpPdu>): number | undefined {
    return this.modes.get(session);
  }

  /** Logged-in sessions of `clientId` that may receive Deliver (LoginMode 1 or 2). */
  receivers(clientId: string): Array<FramedSession<SmgpPdu>> {
    return this.framed.sessionsOf(clientId).filter((session) => this.modes.get(session) !== LoginMode.SEND);
  }

  /**
   * Sends a Deliver (MO or status report) on one of the SP's receiving sessions, rotating across
   * them and preferring one with room. Rejects with SessionClosedError when none is logged in.
   */
  deliver(clientId: string, body: SmgpBody<'Deliver'>): Promise<SmgpPduOf<'Deliver_Resp'>> {
    const sessions = this.receivers(clientId);
    if (sessions.length === 0) return Promise.reject(new SessionClosedError(`no receiving session logged in as ${clientId}`));
    const start = this.rotation.get(clientId) ?? 0;
    this.rotation.set(clientId, start + 1);
    let chosen = sessions[start % sessions.length];
    for (let i = 1; i < sessions.length && chosen.busy; i++) chosen = sessions[(start + i) % sessions.length];
    return chosen.request('Deliver', body) as Promise<SmgpPduOf<'Deliver_Resp'>>;
  }

  stats(): FramedServerStats & { loginsRefused: number } {
    return { ...this.framed.stats(), loginsRefused: this.loginsRefused };
  }

  /** Stops accepting, sends Exit on every session, then resolves. */
  close(): Promise<void> {
    return this.framed.close();
  }

  private onRequest(pdu: SmgpPdu, session: FramedSession<SmgpPdu>): FramedReply | Promise<FramedReply> {
    if (pdu.command === 'Login') return this.login(pdu, session);
    // smgp.md 4.1: a receive-mode session carries only MO and reports towards the SP.
    if (pdu.command === 'Submit' && this.modes.get(session) === LoginMode.RECEIVE) return { Status: SmgpStatus.COMMAND_WORD_ERROR };
    if (!this.options.onRequest) return { Status: SmgpStatus.COMMAND_WORD_ERROR };
    return this.options.onRequest(pdu, session);
  }

  private async login(pdu: SmgpPduOf<'Login'>, session: FramedSession<SmgpPdu>): Promise<FramedReply> {
    const refuse = (Status: number) => {
      this.loginsRefused++;
      // smgp.md 4.2: AuthenticatorServer stays empty when the login failed.
      return { Status, ServerVersion: this.options.serverVersion ?? SMGP_VERSION };
    };
    // Spec 6.2.6 status 22: a client speaking a newer major version than ours.
    if (pdu.ClientVersion >> 4 > (this.options.serverVersion ?? SMGP_VERSION) >> 4) return refuse(SmgpStatus.VERSION_TOO_HIGH);
    if (pdu.LoginMode > LoginMode.TRANSMIT) return refuse(SmgpStatus.MESSAGE_STRUCTURE_ERROR);
    const secret = await this.options.secretOf(pdu.ClientID);
    if (secret === undefined) return refuse(SmgpStatus.AUTHENTICATION_ERROR);
    if (secret !== null && !authenticatorClient(pdu.ClientID, secret, pdu.TimeStamp).equals(pdu.AuthenticatorClient)) return refuse(SmgpStatus.AUTHENTICATION_ERROR);
    const login: SmgpLoginRequest = { ClientID: pdu.ClientID, LoginMode: pdu.LoginMode, ClientVersion: pdu.ClientVersion, TimeStamp: pdu.TimeStamp, remoteAddress: session.remoteAddress };
    const admitted = this.options.admit ? await this.options.admit(login, session) : SmgpStatus.OK;
    if (admitted !== SmgpStatus.OK) return refuse(admitted);
    this.modes.set(session, pdu.LoginMode);
    session.acceptLogin(pdu.ClientID);
    this.emit('ready', session, login);
    const AuthenticatorServer = secret === null ? undefined : authenticatorServer(SmgpStatus.OK, pdu.AuthenticatorClient, secret);
    return { Status: SmgpStatus.OK, AuthenticatorServer, ServerVersion: this.options.serverVersion ?? SMGP_VERSION };
  }
}
