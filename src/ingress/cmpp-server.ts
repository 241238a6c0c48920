// CMPP ingress: SP customers connect to the platform as to an ISMG, submit into intake, and receive
// status reports and MO as DELIVER (queued in the outbox while they are not connected).
import { EventEmitter } from 'node:events';
import type { AddressInfo } from 'node:net';
import type { TlsOptions } from 'node:tls';
import type { LoginThrottle } from '../core/auth/login-throttle.ts';
import { AppError } from '../core/errors.ts';
import type { CmppDeliveryPort, IntakePort, MoPayload, StatusPayload, SubmitRequest, SubmitResponse } from '../core/intake-port.ts';
import { TokenBucket } from '../core/token-bucket.ts';
import { CmppConnectStatus } from '../protocols/cmpp/connect-status.ts';
import { CMPP_RESULT_SYSTEM_ERROR, type CmppFrame, type CmppFrameOf } from '../protocols/cmpp/dialect.ts';
import { MsgIdGenerator } from '../protocols/cmpp/msg-id-generator.ts';
import { nthMsgId } from '../protocols/cmpp/msg-id.ts';
import { CmppResult } from '../protocols/cmpp/result.ts';
import { CmppServer, type CmppLoginDecision, type CmppSession } from '../protocols/cmpp/server.ts';
import type { FramedReply } from '../protocols/shared/framed-session.ts';
import { moDeliverBodies, statusDeliverBody } from './cmpp-delivery-map.ts';
import { cmppMsgIdOf } from './cmpp-msg-id.ts';
import { queryCounters, queryDay } from './cmpp-query.ts';
import type { CmppSpMessages } from './cmpp-sp-messages.ts';
import { cmppTextOf, decodeCmppSubmit, resultForError, type DecodedCmppSubmit } from './cmpp-submit-map.ts';
import { DeliveryQueue } from './delivery-queue.ts';
import { HeldLongMessages } from './held-long-messages.ts';
import type { IngressAccounts } from './ingress-accounts.ts';
import { ipAllowed } from './ip-allowlist.ts';

export interface CmppIngressOptions {
  intake: IntakePort;
  accounts: IngressAccounts & Required<Pick<IngressAccounts, 'findCmppCredential'>>;
  tls?: TlsOptions;
  /** How long the parts of an SP's long message may take to all arrive; held parts then get a refusal. */
  longMessageTimeoutMs?: number;
  window?: number;
  requestTimeoutMs?: number;
  activeTestIntervalMs?: number;
  loginTimeoutMs?: number;
  maxConnections?: number;
  /** The SP's messages for QUERY and CANCEL (cmppSpMessagesFromStore); without it QUERY counts nothing and CANCEL fails. */
  messages?: CmppSpMessages;
  /** Gateway code in the Msg_Ids we assign: DELIVERs we send, group SUBMITs we answer (22 bits). */
  gatewayId?: number;
  /** Failed logins per client address (shared with SMPP and the HTTP logins); a throttled address gets OTHER_ERROR. */
  loginThrottle?: LoginThrottle;
  now?: () => number;
}

/** What a logged-in connection submits as. */
interface LoginContext {
  accountId: string;
  spId: string;
}

type SubmitReply = { Msg_Id?: string; Result: number };

// QUERY_RESP echoes the question; counters left out are sent as 0.
const QUERY_NOTHING = (pdu: CmppFrameOf<'query'>) => ({ Time: pdu.Time, Query_Type: pdu.Query_Type, Query_Code: pdu.Query_Code });
// Success_Id 1: not cancelled (cmpp.md 9).
const CANCEL_FAILED = { Success_Id: 1 };

/** Longest wait for room in an SP's window before a delivery is left to the outbox's retry. */
const DELIVER_WAIT_MS = 10_000;

/** Events: 'loginRefused' (spId, status, remoteAddress), 'sessionClosed' (spId, reason), 'intakeError' (error). */
export class CmppIngress extends EventEmitter implements CmppDeliveryPort {
  readonly server: CmppServer;
  private readonly contexts = new WeakMap<CmppSession, LoginContext>();
  /** Connections accepted per SP_Id, reserved at login so simultaneous logins count. */
  private readonly logins = new Map<string, Set<CmppSession>>();
  private readonly buckets = new Map<string, TokenBucket>();
  private readonly held: HeldLongMessages<SubmitReply>;
  private readonly rotation = new Map<string, number>();
  private readonly deliveries = new DeliveryQueue<CmppSession>((spId) => this.pickSession(spId), DELIVER_WAIT_MS);
  /** Msg_Ids of the DELIVERs we send and of the group SUBMITs we answer. */
  private readonly msgIds: MsgIdGenerator;
  private moReference = Math.floor(Math.random() * 0x100);
  private readonly now: () => number;

  constructor(private readonly options: CmppIngressOptions) {
    super();
    this.now = options.now ?? Date.now;
    this.msgIds = new MsgIdGenerator({ gatewayId: options.gatewayId ?? 1, startSequence: Math.floor(Math.random() * 0x10000) });
    this.server = new CmppServer({
      version: 'auto',
      tls: options.tls,
      window: options.window,
      requestTimeoutMs: options.requestTimeoutMs,
      activeTestIntervalMs: options.activeTestIntervalMs,
      loginTimeoutMs: options.loginTimeoutMs,
      maxConnections: options.maxConnections,
      authenticate: (connect, session) => this.authenticate(connect, session),
      onRequest: (pdu, session) => this.onRequest(pdu, session),
    });
    this.server.on('loginRefused', (spId: string, status: number, remote: string) => {
      // An unknown SP_Id or a wrong authenticator counts; the throttle's own refusal (OTHER_ERROR) does not.
      if (status === CmppConnectStatus.AUTH_FAILED || status === CmppConnectStatus.BAD_SOURCE_ADDR) this.options.loginThrottle?.failed(remote);
      this.emit('loginRefused', spId, status, remote);
    });
    this.held = new HeldLongMessages<SubmitReply>(
      { invalid: { Result: CmppResult.BAD_STRUCTURE }, incomplete: { Result: CmppResult.BAD_STRUCTURE } },
      { timeoutMs: options.longMessageTimeoutMs ?? 60_000, now: this.now },
    );
  }

  async listen(port = 7890, host = '127.0.0.1'): Promise<AddressInfo> {
    const address = await this.server.listen(port, host);
    this.held.start();
    return address;
  }

  get address(): AddressInfo {
    return this.server.address;
  }

  async close(): Promise<void> {
    this.held.stop();
    this.deliveries.clear();
    await this.server.close();
  }

  get heldParts(): number {
    return this.held.waiting;
  }

  // ── CmppDeliveryPort ───────────────────────────────────────────────────────────────────────

  boundSystemIds(): string[] {
    const ids = new Set<string>();
    for (const session of this.server.sessions) if (session.state === 'ready' && this.contexts.has(session)) ids.add(session.identity);
    return [...ids];
  }

  /** Resolves once the SP answered every DELIVER with Result 0; rejects otherwise (the outbox retries). */
  async deliver(spId: string, event: { kind: 'status'; payload: StatusPayload } | { kind: 'mo'; payload: MoPayload }): Promise<void> {
    // The body is built on the connection it goes out on: the report layout (60 or 71 octets) follows its version.
    if (event.kind === 'status') {
      await this.deliveries.send(spId, undefined, (session) => session.request('deliver', statusDeliverBody(event.payload, this.msgIds.next(), CmppServer.versionOf(session))));
      return;
    }
    // All parts of one MO go on the same connection, in order, so the SP can join them.
    let pinned: CmppSession | undefined;
    for (const body of moDeliverBodies(event.payload, this.nextMoReference(), () => this.msgIds.next())) {
      await this.deliveries.send(spId, pinned, (session) => {
        pinned = session;
        return session.request('deliver', body);
      });
    }
  }

  private pickSession(spId: string): CmppSession | undefined {
    const sessions = this.server.sessionsOf(spId);
    if (sessions.length === 0) return undefined;
    const start = this.rotation.get(spId) ?? 0;
    this.rotation.set(spId, start + 1);
    for (let i = 0; i < sessions.length; i++) {
      const session = sessions[(start + i) % sessions.length]!;
      if (!session.busy) return session;
    }
    return sessions[start % sessions.length];
  }

  private nextMoReference(): number {
    this.moReference = (this.moReference + 1) & 0xff;
    return this.moReference;
  }

  // ── logins ─────────────────────────────────────────────────────────────────────────────────

  private async authenticate(connect: CmppFrameOf<'connect'>, session: CmppSession): Promise<CmppLoginDecision> {
    const spId = connect.Source_Addr;
    if (this.options.loginThrottle && this.options.loginThrottle.waitMs(session.remoteAddress) > 0) return { status: CmppConnectStatus.OTHER_ERROR };
    const credential = await this.options.accounts.findCmppCredential(spId);
    if (!credential || credential.kind !== 'cmpp') return { status: CmppConnectStatus.BAD_SOURCE_ADDR };
    // An address outside the allowlist is an illegal source too, and learns nothing about the secret.
    if (!ipAllowed(session.remoteAddress, credential.ipAllowlist)) return { status: CmppConnectStatus.BAD_SOURCE_ADDR };
    const account = await this.options.accounts.getAccount(credential.accountId);
    if (!account || account.status !== 'active' || session.state === 'closed') return { status: CmppConnectStatus.OTHER_ERROR };
    // From here on synchronous: check and reserve in one step, so simultaneous logins cannot both pass.
    const sessions = this.logins.get(spId) ?? new Set<CmppSession>();
    if (credential.maxBinds > 0 && sessions.size >= credential.maxBinds) return { status: CmppConnectStatus.OTHER_ERROR };
    sessions.add(session);
    this.logins.set(spId, sessions);
    session.once('close', (reason: string) => {
      sessions.delete(session);
      if (sessions.size === 0 && this.logins.get(spId) === sessions) this.logins.delete(spId);
      if (this.contexts.has(session)) this.emit('sessionClosed', spId, reason);
    });
    // The server checks AuthenticatorSource against the secret next; only a session that passes is used.
    session.once('state', (state: string) => {
      if (state === 'ready') this.contexts.set(session, { accountId: account.id, spId });
    });
    // Deliveries waiting for this SP go out as soon as a connection has room, or fail when none is left.
    session.on('drain', () => this.deliveries.wake(spId));
    session.on('state', () => this.deliveries.wake(spId));
    const bucket = this.buckets.get(account.id);
    if (bucket) bucket.setRate(account.tps);
    else this.buckets.set(account.id, new TokenBucket(account.tps, undefined, this.now));
    return { secret: credential.secretHash, identity: spId };
  }

  // ── submits ────────────────────────────────────────────────────────────────────────────────

  private onRequest(pdu: CmppFrame, session: CmppSession): FramedReply | Promise<FramedReply> {
    const context = this.contexts.get(session);
    switch (pdu.command) {
      case 'submit':
        return context ? this.onSubmit(pdu, context) : { Result: CmppResult.BAD_COMMAND };
      case 'query':
        return context ? this.onQuery(pdu, context) : QUERY_NOTHING(pdu);
      case 'cancel':
        return context ? this.onCancel(pdu, context) : CANCEL_FAILED;
      default:
        return { Result: CmppResult.BAD_COMMAND };
    }
  }

  /**
   * QUERY (cmpp.md 8): the SP's messages created on the Beijing day Time names, all of them
   * (Query_Type 0, with the MO received that day) or those sent under the Service_Id in Query_Code
   * (1). Without a store, or for a Time that is not a date, every counter is 0.
   */
  private async onQuery(pdu: CmppFrameOf<'query'>, context: LoginContext): Promise<FramedReply> {
    const day = queryDay(pdu.Time);
    const messages = this.options.messages;
    if (!messages || !day) return QUERY_NOTHING(pdu);
    const serviceId = pdu.Query_Type === 1 ? pdu.Query_Code.trim() : undefined;
    const [counts, mo] = await Promise.all([
      messages.counts(context.accountId, day.from, day.to, serviceId),
      serviceId === undefined ? messages.moCounts(context.accountId, day.from, day.to) : undefined,
    ]);
    return { ...QUERY_NOTHING(pdu), ...queryCounters(counts, mo) };
  }

  /** CANCEL (cmpp.md 9): withdraws one of the SP's messages not yet submitted, by the Msg_Id it was given. */
  private async onCancel(pdu: CmppFrameOf<'cancel'>, context: LoginContext): Promise<FramedReply> {
    const messages = this.options.messages;
    if (!messages) return CANCEL_FAILED;
    const now = this.now();
    const message = await messages.findByMsgId(context.accountId, pdu.Msg_Id, now);
    if (!message || !(await messages.cancel(message, now))) return CANCEL_FAILED;
    return { Success_Id: 0 };
  }

  private onSubmit(pdu: CmppFrameOf<'submit'>, context: LoginContext): SubmitReply | Promise<SubmitReply> {
    // Per-account rate, counted per SUBMIT, before anything reaches intake: Result 8 asks the SP to slow down.
    if (!this.buckets.get(context.accountId)?.tryTake()) return { Result: CmppResult.FLOW_CONTROL };
    const decoded = decodeCmppSubmit(pdu, this.now());
    if (!decoded.ok) return { Result: decoded.result };
    const { submit } = decoded;
    const concat = submit.data.concat;
    if (!concat) return this.commit(context, submit, submit.data.payload);
    return this.held.add(
      { scope: context.accountId, source: submit.sender, destination: submit.recipients.join(','), reference: concat.reference, total: concat.total, seq: concat.seq },
      submit.data.payload,
      (joined) => this.commit(context, submit, joined),
    );
  }

  /** Decodes the (joined) text, hands it to intake, and answers with our Msg_Id once it is committed. */
  private async commit(context: LoginContext, submit: DecodedCmppSubmit, payload: Buffer): Promise<SubmitReply> {
    const text = cmppTextOf(payload, submit.data.Msg_Fmt);
    if (!text.ok) return { Result: text.result };
    const request: SubmitRequest = {
      accountId: context.accountId,
      source: 'cmpp',
      recipients: submit.recipients,
      text: text.text,
      sender: submit.sender === '' ? null : submit.sender,
      priority: submit.priority,
      validitySeconds: submit.validitySeconds,
      scheduleAt: submit.scheduleAt,
      wantReceipt: submit.wantReceipt,
      tag: submit.serviceId === '' ? null : submit.serviceId,
    };
    return submit.recipients.length > 1 ? this.commitGroup(request) : this.commitOne(request);
  }

  /** One recipient: the Msg_Id is derived from our message id, so nothing more is stored. */
  private async commitOne(request: SubmitRequest): Promise<SubmitReply> {
    let response: SubmitResponse;
    try {
      response = await this.options.intake.submit(request);
    } catch (error) {
      this.emit('intakeError', error);
      return { Result: error instanceof AppError ? resultForError(error) : CMPP_RESULT_SYSTEM_ERROR };
    }
    return submitReply(response);
  }

  /**
   * A group SUBMIT is answered with one Msg_Id M, and its destinations are M, M+1, … in
   * Dest_terminal_Id order (cmpp.md 5, group send): each recipient becomes its own message whose
   * clientRef keeps its Msg_Id, so its report carries it (spMsgIdOf). Answered with M when intake
   * took at least one; a recipient intake refused gets no report.
   */
  private async commitGroup(request: SubmitRequest): Promise<SubmitReply> {
    const first = this.msgIds.nextBlock(request.recipients.length);
    const settled = await Promise.allSettled(
      request.recipients.map((recipient, i) => this.options.intake.submit({ ...request, recipients: [recipient], clientRef: nthMsgId(first, i), idempotent: false })),
    );
    let refusal: number | undefined;
    for (const outcome of settled) {
      if (outcome.status === 'fulfilled') {
        const result = outcome.value.results[0];
        if (result?.ok) return { Msg_Id: first, Result: CmppResult.OK };
        refusal ??= result && !result.ok ? resultForError(result.error) : CMPP_RESULT_SYSTEM_ERROR;
      } else {
        this.emit('intakeError', outcome.reason);
        refusal ??= outcome.reason instanceof AppError ? resultForError(outcome.reason) : CMPP_RESULT_SYSTEM_ERROR;
      }
    }
    return { Result: refusal ?? CMPP_RESULT_SYSTEM_ERROR };
  }
}

/** The answer to a one-recipient SUBMIT: its message's Msg_Id, or intake's refusal as a Result. */
function submitReply(response: SubmitResponse): SubmitReply {
  const accepted = response.results.find((result) => result.ok);
  if (accepted?.ok) return { Msg_Id: cmppMsgIdOf(accepted.messageId), Result: CmppResult.OK };
  const first = response.results[0];
  return { Result: first && !first.ok ? resultForError(first.error) : CMPP_RESULT_SYSTEM_ERROR };
}
