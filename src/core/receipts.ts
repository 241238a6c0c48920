// Delivery receipts: find the message part by upstream id, settle the part, and settle the message
// once all its parts are final. Receipts are settled in batches (one transaction for many), and
// receipts that find nothing yet are kept and tried again.
import type { MessageUpdate, OutboxItem, Store, UnmatchedReceipt } from '../store/types.ts';
import type { ReceiptEvent } from './connector.ts';
import { GroupCommitter } from './group-commit.ts';
import { newId } from './ids.ts';
import { isFinal, type Message, type MessagePart, type MessageState } from './message.ts';

type PartState = MessagePart['state'];

/** How long a receipt must stay unmatched by its exact id before other forms of the id are tried. */
const CONVERTED_KEYS_AFTER_MS = 10_000;

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
  /** Set for a kept receipt: told whether it matched. */
  matched?: (matched: boolean) => void;
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
    /** The notifications for messages that reached a final state; stored in the same transaction. */
    private readonly notify: (messages: Message[]) => Promise<OutboxItem[]>,
    /** Told about those messages once they are committed. */
    private readonly onFinal: (messages: Message[]) => void,
    private readonly now: () => number = Date.now,
  ) {
    this.batcher = new GroupCommitter((batch) => this.settle(batch), { maxDelayMs: 2, maxItems: 500 });
  }

  /** Resolves once the receipt is stored (matched or kept as unmatched): only then may the carrier be answered. */
  handle(receipt: ReceiptEvent): Promise<void> {
    if (receipt.state === 'enroute') return Promise.resolve(); // intermediate notification: nothing to settle
    const { connectorId, state, rawStatus, errorCode, doneAt } = receipt;
    return this.batcher.add([{ connectorId, keys: receipt.upstreamKeys.slice(0, 1), state, rawStatus, errorCode, doneAt, fresh: receipt }]);
  }

  /** Tries kept receipts again (their submit response may have been stored since); drops old ones. */
  async retryUnmatched(limit = 500, maxAgeMs = 24 * 3600 * 1000): Promise<number> {
    let matched = 0;
    const kept = await this.store.receipts.listUnmatched(limit);
    await Promise.all(
      kept.map((receipt) =>
        this.retry(receipt).then(async (found) => {
          if (found) {
            matched++;
            await this.store.receipts.deleteUnmatched(receipt.id);
          } else {
            await this.store.receipts.touchUnmatched(receipt.id, receipt.attempts + 1);
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

  /** Settles a batch: one transaction for every matched receipt, then the notifications. */
  private async settle(batch: PendingReceipt[]): Promise<void> {
    const now = this.now();
    const updates: MessageUpdate[] = [];
    const finals: Message[] = [];
    const unmatched: PendingReceipt[] = [];
    // Parts of the messages touched in this batch, so several receipts of one message add up.
    const partsOf = new Map<string, MessagePart[]>();
    const settled = new Set<string>();

    for (const receipt of batch) {
      const found = await this.store.messages.findPart(receipt.connectorId, receipt.keys);
      receipt.matched?.(found !== null);
      if (!found) {
        if (receipt.fresh) unmatched.push(receipt);
        continue;
      }
      const { part, message } = found;
      if (isFinal(message.state) || settled.has(message.id)) continue; // late or repeated receipt
      let parts = partsOf.get(message.id);
      if (!parts) {
        parts = message.segments > 1 || part.partNo > 1 ? await this.store.messages.parts(message.id) : [part];
        partsOf.set(message.id, parts);
      }
      const code = receipt.state === 'delivered' ? null : receipt.errorCode ? `${receipt.rawStatus}:${receipt.errorCode}` : receipt.rawStatus;
      const updatedPart: MessagePart = { ...part, state: receipt.state, errorCode: code };
      parts = parts.map((p) => (p.partNo === part.partNo ? updatedPart : p));
      partsOf.set(message.id, parts);
      const final = messageStateOf(parts);
      const detail = `receipt ${receipt.rawStatus}${receipt.errorCode ? ` err:${receipt.errorCode}` : ''}${parts.length > 1 ? ` (part ${part.partNo}/${parts.length})` : ''}`;
      if (!final) {
        updates.push({ id: message.id, state: 'submitted', at: now, detail, parts: [updatedPart] });
        continue;
      }
      const failedPart = parts.find((p) => p.state !== 'delivered');
      const doneAt = receipt.doneAt || now;
      const errorCode = failedPart?.errorCode ?? null;
      const errorMessage = final === 'delivered' ? null : `receipt ${receipt.rawStatus}`;
      updates.push({ id: message.id, state: final, at: now, detail, set: { doneAt, errorCode, errorMessage }, parts: [updatedPart] });
      finals.push({ ...message, state: final, doneAt, errorCode, errorMessage, updatedAt: now });
      settled.add(message.id);
    }

    if (updates.length > 0) await this.store.messages.applyUpdates(updates, finals.length > 0 ? await this.notify(finals) : []);
    for (const receipt of unmatched) await this.keep(receipt.fresh!);
    if (finals.length > 0) this.onFinal(finals);
  }

  private keep(receipt: ReceiptEvent): Promise<void> {
    return this.store.receipts.insertUnmatched({
      id: newId(this.now()),
      connectorId: receipt.connectorId,
      upstreamKeys: receipt.upstreamKeys,
      state: receipt.state as PartState,
      rawStatus: receipt.rawStatus,
      errorCode: receipt.errorCode,
      doneAt: receipt.doneAt,
      receivedAt: this.now(),
      attempts: 0,
    });
  }
}
