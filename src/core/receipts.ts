// Delivery receipts: find the message part by upstream id, settle the part, and settle the message
// once all its parts are final. Receipts are settled in batches (one transaction for many), and
// receipts that find nothing yet are kept and tried again.
import type { MessageUpdate, OutboxItem, PartMatch, Store, UnmatchedReceipt } from '../store/types.ts';
import type { AwaitingReceipts } from './awaiting-receipts.ts';
import type { ReceiptEvent } from './connector.ts';
import { GroupCommitter } from './group-commit.ts';
import { newId } from './ids.ts';
import { isFinal, type Message, type MessagePart, type MessageState } from './message.ts';
import type { Notify, OnFinal } from './notifier.ts';

type PartState = MessagePart['state'];

/** How long a receipt must stay unmatched by its exact id before other forms of the id are tried. */
const CONVERTED_KEYS_AFTER_MS = 10_000;

/**
 * When a kept receipt that still matched nothing is looked up again: after 2 s, doubling, at most
 * every 5 minutes. Most match at the first try (their submit response was being stored); those that
 * never will (a message sent again after a crash, an id we never issued) cost little while they wait
 * to be purged.
 */
export function unmatchedRetryDelayMs(attempts: number): number {
  return Math.min(2_000 * 2 ** Math.min(attempts - 1, 8), 300_000);
}

/** A receipt reduced to what settling needs, whether fresh or kept from earlier. */
interface PendingReceipt {
  connectorId: string;
  keys: string[];
  state: PartState;
  rawStatus: string;
  errorCode: string | null;
  doneAt: number;
  /** Set for a fresh receipt: keep it as unmatched if it finds nothing. */
  fresh?: ReceiptEvent;
  /** Set for a kept receipt: told whether it matched, once what it settled is committed. */
  matched?: (matched: boolean) => void;
}

/** What a part records as its error: nothing when delivered, else the raw status and code. */
function errorCodeOf(receipt: PendingReceipt): string | null {
  if (receipt.state === 'delivered') return null;
  return receipt.errorCode ? `${receipt.rawStatus}:${receipt.errorCode}` : receipt.rawStatus;
}

/** The message's final state from its parts: delivered only if every part was. */
function messageStateOf(parts: MessagePart[]): MessageState | null {
  if (parts.some((p) => p.state === 'submitted')) return null;
  if (parts.every((p) => p.state === 'delivered')) return 'delivered';
  if (parts.some((p) => p.state === 'expired')) return 'expired';
  if (parts.some((p) => p.state === 'rejected')) return 'rejected';
  return 'undelivered';
}

export class ReceiptProcessor {
  private readonly batcher: GroupCommitter<PendingReceipt>;

  constructor(
    private readonly store: Store,
    /** The notifications for a message that reached a final state; stored in the same transaction. */
    private readonly notify: Notify,
    private readonly onFinal: OnFinal,
    private readonly now: () => number = Date.now,
    /** Messages this node submitted that await their receipt: looked at before the store. */
    private readonly awaiting?: AwaitingReceipts,
  ) {
    this.batcher = new GroupCommitter((batch) => this.settle(batch), { maxItems: 500 });
  }

  /** Resolves once the receipt is stored (matched or kept as unmatched): only then may the carrier be answered. */
  handle(receipt: ReceiptEvent): Promise<void> {
    if (receipt.state === 'enroute') return Promise.resolve(); // intermediate notification: nothing to settle
    const { connectorId, state, rawStatus, errorCode, doneAt } = receipt;
    return this.batcher.add([{ connectorId, keys: receipt.upstreamKeys.slice(0, 1), state, rawStatus, errorCode, doneAt, fresh: receipt }]);
  }

  /** Tries kept receipts that are due again (their submit response may have been stored since); drops old ones. */
  async retryUnmatched(limit = 500, maxAgeMs = 24 * 3600 * 1000): Promise<number> {
    let matched = 0;
    const kept = await this.store.receipts.listUnmatched(this.now(), limit);
    await Promise.all(
      kept.map((receipt) =>
        this.retry(receipt).then(async (found) => {
          if (found) {
            matched++;
            await this.store.receipts.deleteUnmatched(receipt.id);
          } else {
            const attempts = receipt.attempts + 1;
            await this.store.receipts.touchUnmatched(receipt.id, attempts, this.now() + unmatchedRetryDelayMs(attempts));
          }
        }),
      ),
    );
    await this.store.receipts.purgeUnmatched(this.now() - maxAgeMs);
    return matched;
  }

  /**
   * The exact id first. Other forms of the id (hex read as decimal and the reverse) only once the
   * exact one stayed unknown for a while: a receipt can arrive before its submit response is
   * stored, and then a converted form could match an unrelated message whose id happens to be it.
   */
  private retry(r: UnmatchedReceipt): Promise<boolean> {
    const keys = this.now() - r.receivedAt >= CONVERTED_KEYS_AFTER_MS ? r.upstreamKeys : r.upstreamKeys.slice(0, 1);
    return new Promise((resolve, reject) => {
      this.batcher.add([{ connectorId: r.connectorId, keys, state: r.state, rawStatus: r.rawStatus, errorCode: r.errorCode, doneAt: r.doneAt, matched: resolve }]).catch(reject);
    });
  }

  /** Settles a batch: one lookup and one transaction for every matched receipt, then the notifications. */
  private async settle(batch: PendingReceipt[]): Promise<void> {
    const now = this.now();
    const matches = await this.lookUp(batch);
    const updates: MessageUpdate[] = [];
    const finals = new Map<string, Message>();
    const unmatched: ReceiptEvent[] = [];
    // Parts of the messages touched in this batch, so several receipts of one message add up.
    const partsOf = new Map<string, MessagePart[]>();
    /** Long messages some of whose parts are still out, with the message as it was read. */
    const open = new Map<string, Message>();

    for (const [index, receipt] of batch.entries()) {
      const match = matches[index] ?? null;
      if (!match) {
        if (receipt.fresh) unmatched.push(receipt.fresh);
        continue;
      }
      const { part, message } = match;
      if (isFinal(message.state) || finals.has(message.id)) continue; // late or repeated receipt
      let parts = partsOf.get(message.id);
      if (!parts) {
        parts = message.segments > 1 || part.partNo > 1 ? await this.store.messages.parts(message.id) : [part];
        partsOf.set(message.id, parts);
      }
      // The raw status is kept as the carrier wrote it (the CDR's Stat column), delivered or not.
      const updatedPart: MessagePart = { ...part, state: receipt.state, errorCode: errorCodeOf(receipt), rawStatus: receipt.rawStatus };
      parts = parts.map((p) => (p.partNo === part.partNo ? updatedPart : p));
      partsOf.set(message.id, parts);
      const detail = `receipt ${receipt.rawStatus}${receipt.errorCode ? ` err:${receipt.errorCode}` : ''}${parts.length > 1 ? ` (part ${part.partNo}/${parts.length})` : ''}`;
      const final = messageStateOf(parts);
      if (!final) {
        updates.push({ id: message.id, state: 'submitted', at: now, detail, parts: [updatedPart] });
        open.set(message.id, message);
        continue;
      }
      open.delete(message.id);
      const { update, finalMessage } = await this.finalUpdate(message, parts, final, receipt.doneAt || now, receipt.rawStatus, detail, now);
      update.parts = [updatedPart];
      updates.push(update);
      finals.set(message.id, finalMessage);
    }

    const settled = await this.apply(updates, finals);
    for (const receipt of unmatched) await this.keep(receipt);
    // Several nodes may settle parts of one message at once, each seeing the others' parts still
    // out. Reading the parts again after committing means the last of them sees every part final.
    const late = await this.settleCompleted(open, now);
    // A kept receipt is deleted once told it matched: only after what it settled is stored.
    for (const [index, receipt] of batch.entries()) receipt.matched?.(matches[index] !== null);
    const all = [...settled, ...late];
    if (all.length > 0) this.onFinal(all.map((s) => s.message), all.flatMap((s) => s.notifications));
  }

  /** The part and message of each receipt: from memory where this node submitted it, else from the store. */
  private async lookUp(batch: PendingReceipt[]): Promise<Array<PartMatch | null>> {
    const matches: Array<PartMatch | null> = batch.map((r) => this.awaiting?.take(r.connectorId, r.keys[0]!) ?? null);
    const missing = batch.flatMap((r, index) => (matches[index] ? [] : [index]));
    if (missing.length === 0) return matches;
    const found = await this.store.messages.findParts(missing.map((index) => ({ connectorId: batch[index]!.connectorId, upstreamKeys: batch[index]!.keys })));
    for (const [i, index] of missing.entries()) matches[index] = found[i] ?? null;
    return matches;
  }

  /** The update moving a message to its final state (only from 'submitted') with its notifications, and the message as it then stands. */
  private async finalUpdate(message: Message, parts: MessagePart[], final: MessageState, doneAt: number, rawStatus: string, detail: string, now: number): Promise<{ update: MessageUpdate; finalMessage: Message }> {
    const errorCode = parts.find((p) => p.state !== 'delivered')?.errorCode ?? null;
    const errorMessage = final === 'delivered' ? null : `receipt ${rawStatus}`;
    const set = { doneAt, errorCode, errorMessage };
    const finalMessage: Message = { ...message, state: final, ...set, updatedAt: now };
    const outbox = await this.notify(finalMessage);
    const update: MessageUpdate = { id: message.id, state: final, at: now, detail, set, onlyFrom: ['submitted'], outbox };
    // A delivery is implied by the message row (core/message-history); other outcomes keep the receipt's words.
    if (final === 'delivered') update.historyRow = false;
    return { update, finalMessage };
  }

  /** Commits the updates; returns the final messages whose change applied, with their notifications. */
  private async apply(updates: MessageUpdate[], finals: Map<string, Message>): Promise<Array<{ message: Message; notifications: OutboxItem[] }>> {
    if (updates.length === 0) return [];
    const skipped = new Set(await this.store.messages.applyUpdates(updates));
    return updates
      .filter((u) => u.onlyFrom && !skipped.has(u.id) && finals.has(u.id))
      .map((u) => ({ message: finals.get(u.id)!, notifications: u.outbox ?? [] }));
  }

  private async settleCompleted(open: Map<string, Message>, now: number): Promise<Array<{ message: Message; notifications: OutboxItem[] }>> {
    const updates: MessageUpdate[] = [];
    const finals = new Map<string, Message>();
    for (const message of open.values()) {
      const parts = await this.store.messages.parts(message.id);
      const final = messageStateOf(parts);
      if (!final) continue;
      const last = parts.find((p) => p.state !== 'delivered') ?? parts[parts.length - 1]!;
      const { update, finalMessage } = await this.finalUpdate(message, parts, final, now, last.errorCode ?? 'DELIVRD', `all ${parts.length} parts settled`, now);
      updates.push(update);
      finals.set(message.id, finalMessage);
    }
    return this.apply(updates, finals);
  }

  /** Stored due at once: the next pass looks it up again. */
  private keep(receipt: ReceiptEvent): Promise<void> {
    const now = this.now();
    return this.store.receipts.insertUnmatched({
      id: newId(now),
      connectorId: receipt.connectorId,
      upstreamKeys: receipt.upstreamKeys,
      state: receipt.state as PartState,
      rawStatus: receipt.rawStatus,
      errorCode: receipt.errorCode,
      doneAt: receipt.doneAt,
      receivedAt: now,
      attempts: 0,
      nextTryAt: now,
    });
  }
}
