// SMPP ingress: customers bind to us, submit messages into intake, and receive receipts and MO as deliver_sm.
import { EventEmitter } from 'node:events';
import type { AddressInfo } from 'node:net';
import type { TlsOptions } from 'node:tls';
import type { LoginThrottle } from '../core/auth/login-throttle.ts';
import { verifyPassword } from '../core/auth/secrets.ts';
import { AppError } from '../core/errors.ts';
import type { IntakePort, MoPayload, SmppDeliveryPort, StatusPayload, SubmitRequest, SubmitResponse } from '../core/intake-port.ts';
import { TokenBucket } from '../core/token-bucket.ts';
import { CommandStatus } from '../protocols/smpp/command-status.ts';
import { SessionClosedError } from '../protocols/smpp/errors.ts';
import type { SmppPdu } from '../protocols/smpp/pdu-types.ts';
import { SmppServer, type BindDecision, type BindRequest } from '../protocols/smpp/server.ts';
import type { SmppSession } from '../protocols/smpp/session.ts';
import { canReceive } from '../protocols/smpp/session-rules.ts';
import type { UnsuccessSme } from '../protocols/smpp/fields.ts';
import { HeldLongMessages } from './held-long-messages.ts';
import type { IngressAccounts } from './ingress-accounts.ts';
import { ipAllowed } from './ip-allowlist.ts';
import { DeliveryQueue } from './delivery-queue.ts';
import { moDeliverBodies, statusDeliverBody } from './smpp-delivery-map.ts';
import { decodeSubmit, statusForError, textOf, type CustomerSubmitPdu, type DecodedSubmit } from './smpp-submit-map.ts';

export interface SmppIngressOptions {
  intake: IntakePort;
  accounts: IngressAccounts;
  /** system_id we answer binds with. */
  systemId?: string;
  tls?: TlsOptions;
  /** How long the parts of a customer's long message may take to all arrive; held parts then get ESME_RSUBMITFAIL. */
  longMessageTimeoutMs?: number;
  /** deliver_sm in flight per bind (DEFAULT_DELIVER_WINDOW). */
  window?: number;
  requestTimeoutMs?: number;
  enquireLinkIntervalMs?: number;
  bindTimeoutMs?: number;
  maxConnections?: number;
  /** Failed binds per client address (shared with the HTTP logins); a throttled address gets ESME_RBINDFAIL. */
  loginThrottle?: LoginThrottle;
  now?: () => number;
}

/** What a bound session submits as. */
interface BindContext {
  accountId: string;
  systemId: string;
}

/** The body of any of submit_sm_resp, data_sm_resp and submit_multi_resp, with its status. */
type SubmitReply = { command_status?: number; message_id?: string; unsuccess_smes?: UnsuccessSme[] };

/**
 * Events: 'bindRefused' (systemId, status, remoteAddress), 'sessionClosed' (systemId, reason) for
 * accepted binds, 'intakeError' (error) when intake threw instead of answering.
 */
/** Longest wait for room in a customer's window before a delivery is left to the outbox's retry. */
const DELIVER_WAIT_MS = 10_000;

/**
 * deliver_sm a bind may have unanswered. A customer that keeps many submits in flight answers our
 * deliver_sm only after the platform has read the submits sent before the answer, often 100 ms
 * later under load; with 64 in flight its receipts then came at ~650/s a bind, far behind its
 * submits. 512 lets receipts keep pace (bench/RESULTS.md, gateway-smpp).
 */
export const DEFAULT_DELIVER_WINDOW = 512;

export class SmppIngress extends EventEmitter implements SmppDeliveryPort {
  readonly server: SmppServer;
  private readonly contexts = new WeakMap<SmppSession, BindContext>();
  /** Sessions accepted per system_id, added when the bind is accepted, so concurrent binds count. */
  private readonly binds = new Map<string, Set<SmppSession>>();
  private readonly buckets = new Map<string, TokenBucket>();
  private readonly held: HeldLongMessages<SubmitReply>;
  private readonly rotation = new Map<string, number>();
  private readonly deliveries = new DeliveryQueue((systemId) => this.pickReceiver(systemId), DELIVER_WAIT_MS);
  private moReference = Math.floor(Math.random() * 0x100);
  private readonly now: () => number;

  constructor(private readonly options: SmppIngressOptions) {
    super();
    this.now = options.now ?? Date.now;
    this.server = new SmppServer({
      systemId: options.systemId ?? 'Kuaixin',
      tls: options.tls,
      window: options.window ?? DEFAULT_DELIVER_WINDOW,
      requestTimeoutMs: options.requestTimeoutMs,
      enquireLinkIntervalMs: options.enquireLinkIntervalMs,
      bindTimeoutMs: options.bindTimeoutMs,
      maxConnections: options.maxConnections,
      authenticate: (bind, session) => this.authenticate(bind, session),
      onRequest: (pdu, session) => this.onRequest(pdu, session),
    });
    this.held = new HeldLongMessages<SubmitReply>(
      { invalid: { command_status: CommandStatus.ESME_RINVOPTPARAMVAL }, incomplete: { command_status: CommandStatus.ESME_RSUBMITFAIL } },
      { timeoutMs: options.longMessageTimeoutMs ?? 60_000, now: this.now },
    );
  }

  async listen(port = 2775, host = '127.0.0.1'): Promise<AddressInfo> {
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

  /** Parts of customers' long messages waiting for the rest. */
  get heldParts(): number {
    return this.held.waiting;
  }

  // ── SmppDeliveryPort ───────────────────────────────────────────────────────────────────────

  boundSystemIds(): string[] {
    const ids = new Set<string>();
    for (const session of this.server.sessions) if (canReceive(session.state)) ids.add(session.systemId);
    return [...ids];
  }

  /** Resolves once the customer answered every deliver_sm with ESME_ROK; rejects otherwise (the outbox retries). */
  async deliver(systemId: string, event: { kind: 'status'; payload: StatusPayload } | { kind: 'mo'; payload: MoPayload }): Promise<void> {
    if (event.kind === 'status') {
      const body = statusDeliverBody(event.payload);
      await this.deliveries.send(systemId, undefined, (session) => session.request('deliver_sm', body));
      return;
    }
    // All parts of one MO go on the same session, in order, so the customer can join them.
    let pinned: SmppSession | undefined;
    for (const body of moDeliverBodies(event.payload, this.nextMoReference())) {
      await this.deliveries.send(systemId, pinned, (session) => {
        pinned = session;
        return session.request('deliver_sm', body);
      });
    }
  }

  private pickReceiver(systemId: string): SmppSession | undefined {
    const receivers = this.server.receivers(systemId);
    if (receivers.length === 0) return undefined;
    const start = this.rotation.get(systemId) ?? 0;
    this.rotation.set(systemId, start + 1);
    for (let i = 0; i < receivers.length; i++) {
      const session = receivers[(start + i) % receivers.length];
      if (!session.busy) return session;
    }
    return receivers[start % receivers.length];
  }

  private nextMoReference(): number {
    this.moReference = (this.moReference + 1) & 0xff;
    return this.moReference;
  }

  // ── binds ──────────────────────────────────────────────────────────────────────────────────

  private async authenticate(bind: BindRequest, session: SmppSession): Promise<BindDecision> {
    const throttle = this.options.loginThrottle;
    // Refused before the store or the password hash is touched; not counted again, so the wait does not grow.
    if (throttle && throttle.waitMs(bind.remoteAddress) > 0) {
      this.emit('bindRefused', bind.system_id, CommandStatus.ESME_RBINDFAIL, bind.remoteAddress);
      return { status: CommandStatus.ESME_RBINDFAIL };
    }
    const decision = await this.decide(bind, session);
    if (decision.status === CommandStatus.ESME_RINVSYSID || decision.status === CommandStatus.ESME_RINVPASWD) throttle?.failed(bind.remoteAddress);
    if (decision.status !== 0) this.emit('bindRefused', bind.system_id, decision.status, bind.remoteAddress);
    return decision;
  }

  private async decide(bind: BindRequest, session: SmppSession): Promise<BindDecision> {
    const { accounts } = this.options;
    const credential = await accounts.findSmppCredential(bind.system_id);
    if (!credential || credential.kind !== 'smpp') return { status: CommandStatus.ESME_RINVSYSID };
    // Checked before the password, so a disallowed address learns nothing about it.
    if (!ipAllowed(bind.remoteAddress, credential.ipAllowlist)) return { status: CommandStatus.ESME_RBINDFAIL };
    if (!(await verifyPassword(bind.password, credential.secretHash))) return { status: CommandStatus.ESME_RINVPASWD };
    const account = await accounts.getAccount(credential.accountId);
    if (!account || account.status !== 'active') return { status: CommandStatus.ESME_RBINDFAIL };
    if (session.state === 'closed') return { status: CommandStatus.ESME_RBINDFAIL };
    // From here on synchronous: check and reserve in one step, so simultaneous binds cannot both pass.
    const sessions = this.binds.get(bind.system_id) ?? new Set<SmppSession>();
    if (credential.maxBinds > 0 && sessions.size >= credential.maxBinds) return { status: CommandStatus.ESME_RBINDFAIL };
    sessions.add(session);
    this.binds.set(bind.system_id, sessions);
    session.once('close', (reason: string) => {
      sessions.delete(session);
      if (sessions.size === 0 && this.binds.get(bind.system_id) === sessions) this.binds.delete(bind.system_id);
      this.emit('sessionClosed', bind.system_id, reason);
    });
    // Room in this bind's window (or the bind itself) lets waiting deliveries go.
    session.on('drain', () => this.deliveries.wake(bind.system_id));
    session.on('state', () => this.deliveries.wake(bind.system_id));
    this.contexts.set(session, { accountId: account.id, systemId: bind.system_id });
    const bucket = this.buckets.get(account.id);
    if (bucket) bucket.setRate(account.tps);
    else this.buckets.set(account.id, new TokenBucket(account.tps, undefined, this.now));
    return { status: CommandStatus.ESME_ROK };
  }

  // ── submits ────────────────────────────────────────────────────────────────────────────────

  private onRequest(pdu: SmppPdu, session: SmppSession): SubmitReply | Promise<SubmitReply> {
    const context = this.contexts.get(session);
    if (!context) return { command_status: CommandStatus.ESME_RINVBNDSTS };
    switch (pdu.command) {
      case 'submit_sm':
      case 'submit_multi':
      case 'data_sm':
        return this.onSubmit(pdu, context);
      case 'query_sm':
        return { command_status: CommandStatus.ESME_RQUERYFAIL };
      case 'cancel_sm':
        return { command_status: CommandStatus.ESME_RCANCELFAIL };
      case 'replace_sm':
        return { command_status: CommandStatus.ESME_RREPLACEFAIL };
      default:
        return { command_status: CommandStatus.ESME_RINVCMDID };
    }
  }

  private onSubmit(pdu: CustomerSubmitPdu, context: BindContext): SubmitReply | Promise<SubmitReply> {
    // Per-account rate, counted per PDU, before anything reaches intake.
    if (!this.buckets.get(context.accountId)?.tryTake()) return { command_status: CommandStatus.ESME_RTHROTTLED };
    const decoded = decodeSubmit(pdu, this.now());
    if (!decoded.ok) return { command_status: decoded.status };
    const { submit } = decoded;
    const concat = submit.data.concat;
    if (!concat) return this.commit(pdu.command, context, submit, submit.data.payload);
    return this.held.add(
      { scope: context.accountId, source: submit.sender, destination: submit.recipients.join(','), reference: concat.reference, total: concat.total, seq: concat.seq },
      submit.data.payload,
      (joined) => this.commit(pdu.command, context, submit, joined),
    );
  }

  /** Decodes the (joined) text, hands it to intake, and turns the answer into the response body. */
  private async commit(command: CustomerSubmitPdu['command'], context: BindContext, submit: DecodedSubmit, payload: Buffer): Promise<SubmitReply> {
    const text = textOf(payload, submit.data.data_coding);
    if (!text.ok) return { command_status: text.status };
    const request: SubmitRequest = {
      accountId: context.accountId,
      source: 'smpp',
      recipients: submit.recipients,
      text: text.text,
      sender: submit.sender === '' ? null : submit.sender,
      priority: submit.priority,
      validitySeconds: submit.validitySeconds,
      scheduleAt: submit.scheduleAt,
      wantReceipt: submit.wantReceipt,
    };
    let response: SubmitResponse;
    try {
      response = await this.options.intake.submit(request);
    } catch (error) {
      this.emit('intakeError', error);
      return { command_status: error instanceof AppError ? statusForError(error) : CommandStatus.ESME_RSYSERR };
    }
    return command === 'submit_multi' ? multiReply(submit, response) : singleReply(response);
  }
}

function singleReply(response: SubmitResponse): SubmitReply {
  const result = response.results[0];
  if (!result) return { command_status: CommandStatus.ESME_RSYSERR };
  return result.ok ? { message_id: result.messageId } : { command_status: statusForError(result.error) };
}

/**
 * submit_multi_resp (3.4 §4.5.2): the id of the first accepted recipient, and one unsuccess_sme per
 * destination we could not take. When none was taken the whole PDU fails with the first one's status.
 */
function multiReply(submit: DecodedSubmit, response: SubmitResponse): SubmitReply {
  const unsuccess_smes: UnsuccessSme[] = submit.refused.map((r) => ({ ...r }));
  let messageId: string | undefined;
  response.results.forEach((result, i) => {
    if (result.ok) messageId ??= result.messageId;
    else unsuccess_smes.push({ ...submit.destinations[i], error_status_code: statusForError(result.error) });
  });
  if (messageId === undefined) return { command_status: unsuccess_smes[0]?.error_status_code ?? CommandStatus.ESME_RSYSERR, unsuccess_smes };
  return { message_id: messageId, unsuccess_smes };
}
