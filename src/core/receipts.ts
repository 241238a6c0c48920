// Delivery receipts: find the message part by upstream id, settle the part, and settle the message
// once all its parts are final. Receipts that find nothing yet are kept and tried again.
import type { Store, UnmatchedReceipt } from '../store/types.ts';
import type { ReceiptEvent } from './connector.ts';
import { newId } from './ids.ts';
import { isFinal, type Message, type MessagePart, type MessageState } from './message.ts';

type PartState = MessagePart['state'];

/** How long a receipt must stay unmatched by its exact id before other forms of the id are tried. */
const CONVERTED_KEYS_AFTER_MS = 10_000;

/** The message's final state from its parts: delivered only if every part was. */
function messageStateOf(parts: MessagePart[]): MessageState | null {
  if (parts.some((p) => p.state === 'submitted')) return null;
  if (parts.every((p) => p.state === 'delivered')) return 'delivered';
  if (parts.some((p) => p.state === 'expired')) return 'expired';
  if (parts.some((p) => p.state === 'rejected')) return 'rejected';
  return 'undelivered';
}

export class ReceiptProcessor {
  constructor(
    private readonly store: Store,
    /** Called with messages that reached a final state through receipts. */
    private readonly onFinal: (messages: Message[]) => Promise<void>,
    private readonly now: () => number = Date.now,
  ) {}

  /** Resolves once the receipt is stored (matched or kept as unmatched): only then may the carrier be answered. */
  async handle(receipt: ReceiptEvent): Promise<void> {
    if (receipt.state === 'enroute') return; // intermediate notification: nothing to settle
    const matched = await this.apply(receipt.connectorId, receipt.upstreamKeys.slice(0, 1), receipt.state, receipt.rawStatus, receipt.errorCode, receipt.doneAt);
    if (matched) return;
    await this.store.receipts.insertUnmatched({
      id: newId(this.now()),
      connectorId: receipt.connectorId,
      upstreamKeys: receipt.upstreamKeys,
      state: receipt.state,
      rawStatus: receipt.rawStatus,
      errorCode: receipt.errorCode,
      doneAt: receipt.doneAt,
      receivedAt: this.now(),
      attempts: 0,
    });
  }

  /** Tries kept receipts again (their submit response may have been stored since); drops old ones. */
  async retryUnmatched(limit = 500, maxAgeMs = 24 * 3600 * 1000): Promise<number> {
    let matched = 0;
    for (const receipt of await this.store.receipts.listUnmatched(limit)) {
      if (await this.applyUnmatched(receipt)) {
        matched++;
        await this.store.receipts.deleteUnmatched(receipt.id);
      } else {
        await this.store.receipts.touchUnmatched(receipt.id, receipt.attempts + 1);
      }
    }
    await this.store.receipts.purgeUnmatched(this.now() - maxAgeMs);
    return matched;
  }

  /**
   * The exact id first. Other forms of the id (hex read as decimal and the reverse) only once the
   * exact one stayed unknown for a while: a receipt can arrive before its submit response is
   * stored, and then a converted form could match an unrelated message whose id happens to be it.
   */
  private applyUnmatched(r: UnmatchedReceipt): Promise<boolean> {
    const keys = this.now() - r.receivedAt >= CONVERTED_KEYS_AFTER_MS ? r.upstreamKeys : r.upstreamKeys.slice(0, 1);
    return this.apply(r.connectorId, keys, r.state, r.rawStatus, r.errorCode, r.doneAt);
  }

  private async apply(connectorId: string, keys: string[], state: PartState, rawStatus: string, errorCode: string | null, doneAt: number): Promise<boolean> {
    const found = await this.store.messages.findPart(connectorId, keys);
    if (!found) return false;
    const { part, message } = found;
    if (isFinal(message.state)) return true; // a late or repeated receipt for a settled message
    const code = state === 'delivered' ? null : errorCode ? `${rawStatus}:${errorCode}` : rawStatus;
    const parts = await this.store.messages.updatePart(message.id, part.partNo, state, code);
    const final = messageStateOf(parts);
    const now = this.now();
    if (!final) {
      await this.store.messages.applyUpdates([{ id: message.id, state: 'submitted', at: now, detail: `part ${part.partNo}/${parts.length} ${rawStatus}` }]);
      return true;
    }
    const failedPart = parts.find((p) => p.state !== 'delivered');
    const settled: Message = {
      ...message,
      state: final,
      doneAt: doneAt || now,
      errorCode: failedPart?.errorCode ?? null,
      errorMessage: final === 'delivered' ? null : `receipt ${rawStatus}`,
      updatedAt: now,
    };
    await this.store.messages.applyUpdates([
      {
        id: message.id,
        state: final,
        at: now,
        detail: `receipt ${rawStatus}${errorCode ? ` err:${errorCode}` : ''}${parts.length > 1 ? ` (${parts.length} parts)` : ''}`,
        set: { doneAt: settled.doneAt, errorCode: settled.errorCode, errorMessage: settled.errorMessage },
      },
    ]);
    await this.onFinal([settled]);
    return true;
  }
}
