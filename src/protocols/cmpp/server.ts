// ISMG side of CMPP: accepts SP connections, checks CONNECT against each SP's shared secret, settles
// the connection's version, and hands SUBMIT / QUERY / CANCEL to a handler; sends DELIVERs to SPs.
import type { TlsOptions } from 'node:tls';
import { FramedServer } from '../shared/framed-server.ts';
import { NO_REPLY, type FramedReply, type FramedSession } from '../shared/framed-session.ts';
import { connectResponse, verifyConnect, type CmppSecret } from './authenticator.ts';
import { CmppConnectStatus } from './connect-status.ts';
import { CMPP_REQUEST_ATTEMPTS, CmppDialect, type CmppFrame, type CmppFrameOf } from './dialect.ts';
import { encodeCmpp } from './codec.ts';
import type { CmppBodyInputOf } from './pdu-types.ts';
import { versionFromOctet, type CmppVersion } from './version.ts';

export type CmppSession = FramedSession<CmppFrame>;

/** The SP is known: its secret, and optionally a refusal found before checking it (e.g. too many connections). */
export type CmppLoginDecision = { secret: CmppSecret; identity?: string } | { status: number };

export interface CmppServerOptions {
  /**
   * The layout every connection uses, or 'auto' (default) for the one its CONNECT Version names:
   * 0x2x → 2.0, 0x3x → 3.0. A fixed version wins over what the SP announces (cmpp.md 12, pitfall 6).
   */
  version?: CmppVersion | 'auto';
  /** Finds the SP named by CONNECT Source_Addr. The server verifies AuthenticatorSource itself. */
  authenticate(connect: CmppFrameOf<'connect'>, session: CmppSession): CmppLoginDecision | Promise<CmppLoginDecision>;
  /** Handles SUBMIT, QUERY and CANCEL of logged-in sessions. */
  onRequest(pdu: CmppFrame, session: CmppSession): FramedReply | Promise<FramedReply>;
  tls?: TlsOptions;
  maxConnections?: number;
  window?: number;
  requestTimeoutMs?: number;
  /** N: times a DELIVER is sent in all when unanswered after T (cmpp.md 1; default 3). */
  requestAttempts?: number;
  /** C: idle time before the ISMG sends ACTIVE_TEST itself (3 min); 0 disables. */
  activeTestIntervalMs?: number;
  activeTestMaxMissed?: number;
  /** Time allowed between TCP connect and CONNECT (default 30 s). */
  loginTimeoutMs?: number;
  maxPendingInbound?: number;
  drainTimeoutMs?: number;
}

/** Events (from FramedServer): 'session', 'ready' (session), 'sessionClosed' (session, reason), 'protocolError'; plus 'loginRefused' (spId, status, remoteAddress). */
export class CmppServer extends FramedServer<CmppFrame> {
  constructor(readonly cmppOptions: CmppServerOptions) {
    const fixed = cmppOptions.version && cmppOptions.version !== 'auto' ? cmppOptions.version : undefined;
    super(new CmppDialect(fixed ?? '3.0'), {
      tls: cmppOptions.tls,
      maxConnections: cmppOptions.maxConnections,
      window: cmppOptions.window ?? 16,
      requestTimeoutMs: cmppOptions.requestTimeoutMs ?? 60_000,
      requestAttempts: cmppOptions.requestAttempts ?? CMPP_REQUEST_ATTEMPTS,
      keepAliveIntervalMs: cmppOptions.activeTestIntervalMs ?? 180_000,
      keepAliveMaxMissed: cmppOptions.activeTestMaxMissed ?? 3,
      loginTimeoutMs: cmppOptions.loginTimeoutMs ?? 30_000,
      maxPendingInbound: cmppOptions.maxPendingInbound,
      drainTimeoutMs: cmppOptions.drainTimeoutMs,
      dialectPerSession: () => new CmppDialect(fixed ?? '3.0'),
      onRequest: (pdu, session) => (pdu.command === 'connect' ? this.onConnect(pdu, session) : this.cmppOptions.onRequest(pdu, session)),
    });
  }

  /** The version a logged-in session speaks. */
  static versionOf(session: CmppSession): CmppVersion {
    return (session.dialect as CmppDialect).version;
  }

  /** Sends a DELIVER to one of the SP's sessions (rotating); resolves with its DELIVER_RESP (Result 0). */
  deliver(spId: string, body: CmppBodyInputOf<'deliver'>): Promise<CmppFrameOf<'deliver_resp'>> {
    return this.requestTo(spId, 'deliver', body) as Promise<CmppFrameOf<'deliver_resp'>>;
  }

  private async onConnect(connect: CmppFrameOf<'connect'>, session: CmppSession): Promise<FramedReply> {
    const dialect = session.dialect as CmppDialect;
    const requested = this.cmppOptions.version === undefined || this.cmppOptions.version === 'auto' ? versionFromOctet(connect.Version) : dialect.version;
    if (requested === undefined) {
      // Neither 2.x nor 3.x: answer in the 3.0 layout, the newest we speak (cmpp.md 4.1 Status 4 is "version too high").
      return this.refuse(connect, session, connect.Version > 0x30 ? CmppConnectStatus.VERSION_TOO_HIGH : CmppConnectStatus.OTHER_ERROR);
    }
    dialect.setVersion(requested);
    let decision: CmppLoginDecision;
    try {
      decision = await this.cmppOptions.authenticate(connect, session);
    } catch {
      return this.refuse(connect, session, CmppConnectStatus.OTHER_ERROR);
    }
    if ('status' in decision) return this.refuse(connect, session, decision.status);
    if (!verifyConnect(connect, decision.secret)) return this.refuse(connect, session, CmppConnectStatus.AUTH_FAILED);
    if (session.state !== 'open') return NO_REPLY;
    session.acceptLogin(decision.identity ?? connect.Source_Addr);
    const { command: _command, Sequence_Id: _sequence, ...body } = connectResponse(connect, { secret: decision.secret, version: requested });
    return body;
  }

  /** Answers the CONNECT with a refusal and closes, as ISMGs do after a non-zero Status (cmpp.md 4.1). */
  private refuse(connect: CmppFrameOf<'connect'>, session: CmppSession, status: number): typeof NO_REPLY {
    this.emit('loginRefused', connect.Source_Addr, status, session.remoteAddress);
    const dialect = session.dialect as CmppDialect;
    const response = connectResponse(connect, { secret: '', version: dialect.version, status });
    session.writeRaw(encodeCmpp(response, dialect.version));
    void session.end('login refused');
    return NO_REPLY;
  }
}
