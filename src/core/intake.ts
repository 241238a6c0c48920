// Intake: validate, normalise, measure, apply policy, route, store with group commit, then answer.
import type { Account, LedgerEntry, NewLedgerEntry, Store } from '../store/types.ts';
import { reservationEntries } from './billing/reservations.ts';
import { AppError } from './errors.ts';
import { GroupCommitter } from './group-commit.ts';
import { newId } from './ids.ts';
import type { IntakePort, RecipientResult, SubmitRequest, SubmitResponse } from './intake-port.ts';
import { Priority, type Message, type MessageEvent, type TextEncodingName } from './message.ts';
import type { NumberNormalizer } from './numbers.ts';
import type { PolicyStage, StageContext } from './pipeline.ts';
import type { MtRouter } from './router.ts';
import { plainComposition, type Composer, type Composition } from './templates/composer-port.ts';
import { TokenBucket } from './token-bucket.ts';

/**
 * The hot path: a lane with room takes a fresh message in memory, so it is not claimed back from
 * the store. Such a message is stored with inflightSince = HELD_BY_LANE, which keeps other claims
 * off it and tells crash recovery it was never sent.
 */
export interface LaneHandoff {
  /** Reserves room for one message on the connector's lane; false when it should wait in the store. */
  reserve(connectorId: string): boolean;
  /** Hands over the reserved messages once they are committed. */
  deliver(messages: Message[]): void;
  /** Gives back reservations whose messages were not stored. */
  release(connectorId: string, count: number): void;
}

export const HELD_BY_LANE = -1;

/** A message as intake commits it; `tried` once a write that held it was attempted. */
interface IntakeRow {
  message: Message;
  events: MessageEvent[];
  tried?: boolean;
}

/** Encoding and segment count of a text (wired to protocols/encoding by main.ts). */
export type TextMeasure = (text: string) => { encoding: TextEncodingName; segments: number };

export interface IntakeOptions {
  store: Store;
  router: MtRouter;
  numbers: NumberNormalizer;
  measure: TextMeasure;
  stages: PolicyStage[];
  /** Signature, template and opt-out text: makes the final text before it is measured (none: the text as given). */
  composer?: Composer;
  /** Default validity when the request gives none. */
  validitySeconds: number;
  maxSegments: number;
  maxRecipients: number;
  /** Told which connectors got new messages, so their lanes pull at once. */
  onQueued?: (connectorIds: Set<string>) => void;
  /** Lanes that take fresh messages straight from intake (see LaneHandoff). */
  handoff?: LaneHandoff;
  /** Billing: told after a batch's reservations committed (with the written entries) or failed (null). */
  onReserved?: (reserved: NewLedgerEntry[], written: LedgerEntry[] | null) => void;
  /**
   * The carrier of an E.164 number as routing sees it (ported-number override, then segment table);
   * resolved once per message, routed on and stored with it, so statistics count the carrier in force then.
   */
  carrierOf?: (e164: string) => string | null;
  /** Told how many messages were stored (throughput metering). */
  onAccepted?: (count: number) => void;
  now?: () => number;
}

const IDEMPOTENCY_WINDOW_MS = 24 * 3600 * 1000;

export class Intake implements IntakePort {
  private readonly committer: GroupCommitter<IntakeRow>;
  private readonly now: () => number;
  private readonly buckets = new Map<string, TokenBucket>();
  private readonly accounts = new Map<string, { account: Account | null; at: number }>();
  /** Requests with a client reference being stored now, so a concurrent repeat waits for the first. */
  private readonly inProgress = new Map<string, Promise<SubmitResponse>>();
  private lastRendered: { text: string; encoding: TextEncodingName; segments: number } | null = null;

  constructor(private readonly options: IntakeOptions) {
    this.now = options.now ?? Date.now;
    this.committer = new GroupCommitter(async (rows) => {
      const messages = rows.map((r) => r.message);
      const now = this.now();
      // Billing: the batch's reservations (one ledger entry per account) commit with its messages.
      const reserved = reservationEntries(messages, now);
      // A batch the store refused is written again caller by caller (GroupCommitter): the in-memory
      // reservations were released at the first try and must not be released twice.
      const release = rows.some((r) => r.tried) ? reservationEntries(messages.filter((_, i) => !rows[i]!.tried), now) : reserved;
      for (const row of rows) row.tried = true;
      let written: LedgerEntry[] | null = null;
      try {
        written = await options.store.messages.insertMany(messages, rows.flatMap((r) => r.events), reserved);
      } finally {
        if (reserved.length > 0) options.onReserved?.(release, written);
      }
    });
  }

  async submit(request: SubmitRequest): Promise<SubmitResponse> {
    const { clientRef } = request;
    if (!clientRef || request.idempotent === false) return this.accept(request);
    const key = `${request.accountId}\u0000${clientRef}`;
    const running = this.inProgress.get(key);
    if (running) return running.then((response) => ({ ...response, duplicate: true }));
    const attempt = this.acceptOnce(request, clientRef);
    this.inProgress.set(key, attempt);
    try {
      return await attempt;
    } finally {
      this.inProgress.delete(key);
    }
  }

  /** Waits until everything accepted so far is committed (for shutdown). */
  flush(): Promise<void> {
    return this.committer.flush();
  }

  private async acceptOnce(request: SubmitRequest, clientRef: string): Promise<SubmitResponse> {
    const earlier = await this.options.store.messages.findByClientRef(request.accountId, clientRef, this.now() - IDEMPOTENCY_WINDOW_MS);
    if (earlier.length === 0) return this.accept(request);
    return {
      duplicate: true,
      results: earlier.map((m) => ({ recipient: m.recipient, ok: true, messageId: m.id, segments: m.segments, encoding: m.encoding, normalized: m.recipient })),
    };
  }

  private async accept(request: SubmitRequest): Promise<SubmitResponse> {
    const account = await this.account(request.accountId);
    this.validate(request);
    // The composer makes the text the phone shows (【签名】 + body …): measured, checked and billed as such.
    const composition = this.options.composer ? await this.options.composer.prepare(request) : plainComposition(request);
    const fixed = composition.fixedText === null ? null : this.measured(composition.fixedText);
    const bucket = this.bucket(account);
    if (!bucket.tryTake(request.recipients.length)) {
      throw new AppError('rate_limited', `account ${account.id} is limited to ${account.tps} messages per second`);
    }

    const now = this.now();
    const scheduled = request.scheduleAt !== undefined && request.scheduleAt !== null && request.scheduleAt > now + 1000;
    const startAt = scheduled ? request.scheduleAt! : now;
    const validUntil = startAt + (request.validitySeconds ?? this.options.validitySeconds) * 1000;
    const priority = Priority[request.priority ?? 'normal'];
    const results: RecipientResult[] = [];
    const rows: IntakeRow[] = [];
    const queuedOn = new Set<string>();
    const held: Message[] = [];
    const stageContext: StageContext = { skipUnsubscribe: request.skipUnsubscribe === true, lookups: new Map() };
    const normalized = request.recipients.map((recipient) => this.options.numbers.normalize(recipient));
    const batch = { accountId: account.id, category: composition.category, recipients: normalized.flatMap((n) => (n.ok ? [n.e164] : [])) };
    for (const stage of this.options.stages) {
      const prepared = stage.prepare?.(batch, stageContext);
      if (prepared instanceof Promise) await prepared;
    }

    for (const [index, recipient] of request.recipients.entries()) {
      const field = `to[${index}]`;
      const number = normalized[index]!;
      if (!number.ok) {
        results.push({ recipient, ok: false, error: { code: 'invalid_number', message: number.reason, field } });
        continue;
      }
      let message: Message;
      try {
        const carrier = this.options.carrierOf?.(number.e164) ?? null;
        const route = this.options.router.route({ accountId: account.id, recipient: number.e164, sender: request.sender ?? null, tag: request.tag ?? null, priority, carrier });
        const { text, encoding, segments } = fixed ?? this.renderFor(composition, request, index);
        message = {
          id: newId(now),
          accountId: account.id,
          source: request.source,
          clientRef: request.clientRef ?? null,
          sender: request.sender ?? null,
          recipient: number.e164,
          text,
          encoding,
          segments,
          priority,
          state: scheduled ? 'scheduled' : 'queued',
          connectorId: route.connectorId,
          routeId: route.routeId,
          tag: request.tag ?? null,
          batchId: request.batchId ?? null,
          category: composition.category,
          callbackUrl: request.callbackUrl ?? null,
          wantReceipt: request.wantReceipt ?? true,
          attempts: 0,
          nextAttemptAt: startAt,
          validUntil,
          scheduledAt: scheduled ? startAt : null,
          inflightSince: null,
          errorCode: null,
          errorMessage: null,
          createdAt: now,
          submittedAt: null,
          doneAt: null,
          updatedAt: now,
          carrier: carrier ?? '',
        };
        // Known from the composition already: stored in the same insert, no query of their own (the CDR reads them).
        // Absent when none, as a message reads back from the store.
        if (composition.templateCode !== null) message.templateCode = composition.templateCode;
        if (composition.signature !== null) message.signature = composition.signature;
        for (const stage of this.options.stages) {
          // Most stages answer synchronously: awaiting only real promises spares a microtask per stage and message.
          const answer = stage.check(message, stageContext);
          const rejection = answer instanceof Promise ? await answer : answer;
          if (rejection) throw rejection;
        }
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        // A refusal of the text itself (sensitive words) names the text, the same for every recipient.
        const named = error.field === 'text' ? 'text' : error.field === 'params' ? (Array.isArray(request.params) ? `params[${index}]` : 'params') : field;
        const rejected = { code: error.code, message: error.message, field: named };
        results.push({ recipient, ok: false, error: error.details ? { ...rejected, details: error.details } : rejected });
        continue;
      }
      rows.push({
        message,
        // A queued message's acceptance is implied by its row (core/message-history); a deferral says until when and why.
        events:
          message.state === 'scheduled'
            ? [{ messageId: message.id, at: now, state: 'scheduled', detail: `via ${request.source}, until ${new Date(message.nextAttemptAt).toISOString()}${scheduled ? '' : ' (sending hours)'}` }]
            : [],
      });
      // A stage may defer the message (sending hours): then it waits in the store, never on a lane.
      if (message.state !== 'scheduled') {
        if (this.options.handoff?.reserve(message.connectorId!)) {
          message.inflightSince = HELD_BY_LANE;
          held.push(message);
        } else {
          queuedOn.add(message.connectorId!);
        }
      }
      const result: RecipientResult = { recipient, ok: true, messageId: message.id, segments: message.segments, encoding: message.encoding, normalized: message.recipient };
      if (message.scheduledAt !== null) result.scheduledAt = message.scheduledAt;
      results.push(result);
    }

    // Acknowledge only what is committed (DESIGN: accept means stored).
    try {
      await this.committer.add(rows);
    } catch (error) {
      for (const message of held) this.options.handoff?.release(message.connectorId!, 1);
      throw error;
    }
    if (held.length > 0) this.options.handoff?.deliver(held);
    if (rows.length > 0) this.options.onAccepted?.(rows.length);
    if (queuedOn.size > 0) this.options.onQueued?.(queuedOn);
    return { results, duplicate: false };
  }

  /** The text's encoding and segments; refused when longer than allowed. */
  private measured(text: string): { text: string; encoding: TextEncodingName; segments: number } {
    const { encoding, segments } = this.options.measure(text);
    if (segments > this.options.maxSegments) {
      throw new AppError('text_too_long', `the text needs ${segments} segments; at most ${this.options.maxSegments} are allowed`, 'text');
    }
    return { text, encoding, segments };
  }

  /** One recipient's text from a template: its own params (or the shared ones); an AppError names what is missing. */
  private renderFor(composition: Composition, request: SubmitRequest, index: number): { text: string; encoding: TextEncodingName; segments: number } {
    const params = Array.isArray(request.params) ? request.params[index] : request.params;
    const result = composition.render(params);
    if (!result.ok) throw result.error;
    // Neighbours usually render alike (same params): measure each distinct text once.
    if (this.lastRendered?.text === result.text) return this.lastRendered;
    this.lastRendered = this.measured(result.text);
    return this.lastRendered;
  }

  private validate(request: SubmitRequest): void {
    if (request.templateId === undefined && (typeof request.text !== 'string' || request.text.length === 0)) throw new AppError('validation_failed', 'text must not be empty', 'text');
    if (request.templateId !== undefined && request.text !== undefined) throw new AppError('validation_failed', 'give either text or templateId, not both', 'text');
    if (Array.isArray(request.params) && request.params.length !== request.recipients?.length) {
      throw new AppError('validation_failed', `params has ${request.params.length} entries for ${request.recipients?.length ?? 0} recipients`, 'params');
    }
    if (!Array.isArray(request.recipients) || request.recipients.length === 0) throw new AppError('validation_failed', 'at least one recipient is required', 'to');
    if (request.recipients.length > this.options.maxRecipients) {
      throw new AppError('too_many_recipients', `at most ${this.options.maxRecipients} recipients per request`, 'to');
    }
    // PostgreSQL text cannot hold U+0000: refused here so both stores accept the same input.
    for (const [field, value] of [['text', request.text], ['clientRef', request.clientRef], ['tag', request.tag]] as const) {
      if (typeof value === 'string' && value.includes('\u0000')) throw new AppError('validation_failed', `${field} must not contain the NUL character (U+0000)`, field);
    }
    if (request.sender && !/^[\p{L}\p{N} +_.-]{1,20}$/u.test(request.sender)) {
      throw new AppError('validation_failed', 'sender must be 1–20 letters, digits, spaces or + _ . -', 'from');
    }
  }

  /** Accounts change rarely; a second of caching spares a query per message. */
  private async account(accountId: string): Promise<Account> {
    const cached = this.accounts.get(accountId);
    const now = this.now();
    let account: Account | null;
    if (cached && now - cached.at < 1000) account = cached.account;
    else {
      account = await this.options.store.accounts.get(accountId);
      this.accounts.set(accountId, { account, at: now });
    }
    if (!account) throw new AppError('forbidden', `account ${accountId} does not exist`);
    if (account.status !== 'active') throw new AppError('forbidden', `account ${accountId} is ${account.status}`);
    return account;
  }

  private bucket(account: Account): TokenBucket {
    let bucket = this.buckets.get(account.id);
    if (!bucket) {
      bucket = new TokenBucket(account.tps, Math.max(1, account.tps));
      this.buckets.set(account.id, bucket);
    } else {
      bucket.setRate(account.tps);
    }
    return bucket;
  }
}
