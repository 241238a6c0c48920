// Holds receipts until they are due and their receiver has room, so none is dropped on a busy bind.
import type { SmppBody } from '../pdu-types.ts';
import type { SmppServer } from '../server.ts';

interface PendingReceipt {
  dueAt: number;
  systemId: string;
  body: SmppBody<'deliver_sm'>;
}

/**
 * Receipts all wait the same delay, so a FIFO is already in due order: one timer drives the
 * queue instead of one per message.
 */
export class ReceiptScheduler {
  private readonly queue: PendingReceipt[] = [];
  private head = 0;
  private timer: NodeJS.Timeout | null = null;
  private sent = 0;
  private pumping = false;

  constructor(
    private readonly server: SmppServer,
    private readonly delayMs: number,
  ) {}

  schedule(systemId: string, body: SmppBody<'deliver_sm'>): void {
    this.queue.push({ dueAt: Date.now() + this.delayMs, systemId, body });
    if (this.delayMs <= 0) queueMicrotask(() => this.pump());
    else this.arm();
  }

  stats(): { receiptsSent: number; receiptsQueued: number } {
    return { receiptsSent: this.sent, receiptsQueued: this.queue.length - this.head };
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Sends every due receipt whose system_id has a receiver with room; stops at the first that has none. */
  pump(): void {
    if (this.pumping) return;
    this.pumping = true;
    try {
      const now = Date.now();
      while (this.head < this.queue.length) {
        const next = this.queue[this.head];
        if (next.dueAt > now) break;
        const receivers = this.server.receivers(next.systemId);
        if (receivers.length === 0 || receivers.every((s) => s.busy)) break;
        this.head++;
        this.server.deliver(next.systemId, next.body).then(
          () => this.sent++,
          // The receiver went away before answering: try again once another binds.
          () => this.queue.push({ ...next, dueAt: 0 }),
        );
      }
      if (this.head > 4096 && this.head * 2 > this.queue.length) {
        this.queue.splice(0, this.head);
        this.head = 0;
      }
    } finally {
      this.pumping = false;
    }
  }

  private arm(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      this.pump();
      if (this.head >= this.queue.length) this.stop();
    }, Math.max(5, Math.min(100, this.delayMs >> 2)));
    this.timer.unref();
  }
}
