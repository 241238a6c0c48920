// The listening side of SGIP links (sgip.md §1): authenticates each Bind by Login Type, name and
// password, answers the commands that follow, and can send commands back on a bound session.
import { EventEmitter } from 'node:events';
import type { AddressInfo } from 'node:net';
import type { TlsOptions } from 'node:tls';
import { FramedServer, type FramedServerStats } from '../shared/framed-server.ts';
import { NO_REPLY, type FramedReply, type FramedSession } from '../shared/framed-session.ts';
import { LoginType } from './command-ids.ts';
import { createSgipDialect } from './dialect.ts';
import { RESPONSE_OF, type SgipRequestCommand } from './pdu-table.ts';
import type { SgipBody, SgipPdu, SgipPduOf } from './pdu-types.ts';
import { SgipResult } from './result-codes.ts';
import { SgipCounter } from './sequence-number.ts';

export { NO_REPLY };

export interface SgipBindRequest {
  LoginType: number;
  LoginName: string;
  LoginPassword: string;
  remoteAddress: string;
}

/** A response body ({ Result }), nothing for Result 0, or NO_REPLY to answer later or never. */
export type SgipReply = FramedReply;
export type SgipSession = FramedSession<SgipPdu>;

export interface SgipServerOptions {
  /** Our node id, for the commands we send (an Unbind when a link falls idle). */
  nodeId: number;
  counter?: SgipCounter;
  utcOffsetMinutes?: number | null;
  /** Decides every Bind: 0 accepts it, anything else is the Result refusing it (sgip.md §10). */
  authenticate: (bind: SgipBindRequest, session: SgipSession) => number | Promise<number>;
  /** Answers every command after the Bind except Unbind. */
  onRequest: (pdu: SgipPdu, session: SgipSession) => SgipReply | Promise<SgipReply>;
  window?: number;
  requestTimeoutMs?: number;
  /** Drop a link idle this long (sgip.md §1: 60 s by default); 0 never. */
  idleTimeoutMs?: number;
  /** Time between connect and Bind before the link is dropped. */
  loginTimeoutMs?: number;
  maxPendingInbound?: number;
  drainTimeoutMs?: number;
  maxConnections?: number;
  tls?: TlsOptions;
}

type ResponseOf<C extends SgipRequestCommand> = SgipPduOf<(typeof RESPONSE_OF)[C]>;

/**
 * Accepts Binds whose LoginName/LoginPassword are in `accounts` and whose Login Type is one of
 * `loginTypes` (default: 2, an SMG connecting to an SP).
 */
export function credentialsAuthenticator(accounts: Readonly<Record<string, string>>, loginTypes: readonly number[] = [LoginType.SMG_TO_SP]): SgipServerOptions['authenticate'] {
  return (bind) => {
    if (!loginTypes.includes(bind.LoginType)) return SgipResult.BAD_LOGIN_TYPE;
    const expected = Object.hasOwn(accounts, bind.LoginName) ? accounts[bind.LoginName] : undefined;
    return expected !== undefined && expected === bind.LoginPassword ? SgipResult.OK : SgipResult.ILLEGAL_LOGIN;
  };
}

/** Events: 'bound' (session), 'sessionClosed' (session, reason), 'protocolError' (error, session). */
export class SgipServer extends EventEmitter {
  readonly framed: FramedServer<SgipPdu>;

  constructor(readonly options: SgipServerOptions) {
    super();
    this.framed = new FramedServer(createSgipDialect({ nodeId: options.nodeId, utcOffsetMinutes: options.utcOffsetMinutes }), {
      window: options.window ?? 32,
      requestTimeoutMs: options.requestTimeoutMs ?? 30_000,
      keepAliveIntervalMs: 0,
      idleTimeoutMs: options.idleTimeoutMs ?? 60_000,
      loginTimeoutMs: options.loginTimeoutMs ?? 30_000,
      maxPendingInbound: options.maxPendingInbound,
      drainTimeoutMs: options.drainTimeoutMs,
      maxConnections: options.maxConnections,
      tls: options.tls,
      sequence: options.counter ?? new SgipCounter(),
      onRequest: (pdu, session) => (pdu.command === 'bind' ? this.onBind(pdu, session) : options.onRequest(pdu, session)),
    });
    this.framed.on('ready', (session: SgipSession) => this.emit('bound', session));
    this.framed.on('sessionClosed', (session: SgipSession, reason: string) => this.emit('sessionClosed', session, reason));
    this.framed.on('protocolError', (error: Error, session: SgipSession) => this.emit('protocolError', error, session));
  }

  listen(port = 0, host = '127.0.0.1'): Promise<AddressInfo> {
    return this.framed.listen(port, host);
  }

  get address(): AddressInfo {
    return this.framed.address;
  }

  get sessions(): ReadonlySet<SgipSession> {
    return this.framed.sessions;
  }

  /** Bound sessions of one login name. */
  sessionsOf(loginName: string): SgipSession[] {
    return this.framed.sessionsOf(loginName);
  }

  /** Sends a command on one of the login name's bound sessions (rotating); rejects when none is bound. */
  async requestTo<C extends SgipRequestCommand>(loginName: string, command: C, body: SgipBody<C>): Promise<ResponseOf<C>> {
    return (await this.framed.requestTo(loginName, command, body)) as ResponseOf<C>;
  }

  stats(): FramedServerStats {
    return this.framed.stats();
  }

  /** Stops accepting and unbinds every session. */
  close(): Promise<void> {
    return this.framed.close();
  }

  /** Synchronous when authenticate is, so commands pipelined right behind the Bind find the session bound. */
  private onBind(pdu: SgipPdu, session: SgipSession): SgipReply | Promise<SgipReply> {
    if (pdu.command !== 'bind') return { Result: SgipResult.BAD_PARAMETER_FORMAT };
    const bind = { LoginType: pdu.LoginType, LoginName: pdu.LoginName, LoginPassword: pdu.LoginPassword, remoteAddress: session.remoteAddress };
    const result = this.options.authenticate(bind, session);
    return typeof result === 'number' ? this.finishBind(result, pdu.LoginName, session) : result.then((r) => this.finishBind(r, pdu.LoginName, session));
  }

  private finishBind(result: number, loginName: string, session: SgipSession): SgipReply {
    if (result !== SgipResult.OK) {
      // sgip.md §5.2: after a refused Bind the client closes; close anyway in case it does not.
      setTimeout(() => session.destroy('bind refused'), 1000).unref();
      return { Result: result };
    }
    session.acceptLogin(loginName);
    return { Result: SgipResult.OK };
  }
}
