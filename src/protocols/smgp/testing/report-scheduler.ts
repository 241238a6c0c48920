// Holds status reports until they are due and their SP has a receiving session with room, so none
// is dropped on a busy or reconnecting SP.
import type { SmgpBody } from '../pdu-types.ts';
import type { SmgpServer } from '../server.ts';

interface PendingReport {
  dueAt: number;
  clientId: string;
  body: SmgpBody<'Deliver'>;
}

/** Every report waits the same delay, so a FIFO is already in due order: one timer drives the queue. */
export class ReportScheduler {
  private readonly queue: PendingReport[] = [];
  private head = 0;
  private timer: NodeJS.Timeout | null = null;
  private sent = 0;
  private pumping = false;

  constructor(
    private readonly server: SmgpServer,
    private readonly delayMs: number,
  ) {}

  schedule(clientId: string, body: SmgpBody<'Deliver'>): void {
    this.queue.push({ dueAt: Date.now() + this.delayMs, clientId, body });
    if (this.delayMs <= 0) queueMicrotask(() => this.pump());
    else this.arm();
  }

  stats(): { reportsSent: number; reportsQueued: number } {
    return { reportsSent: this.sent, reportsQueued: this.queue.length - this.head };
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Sends every due report whose SP has a receiver with room; stops at the first that has none. */
  pump(): void {
    if (this.pumping) return;
    this.pumping = true;
    try {
      const now = Date.now();
      while (this.head < this.queue.length) {
        const next = this.queue[this.head];
        if (next.dueAt > now) break;
        const receivers = this.server.receivers(next.clientId);
        if (receivers.length === 0 || receivers.every((s) => s.busy)) break;
        this.head++;
        this.server.deliver(next.clientId, next.body).then(
          (response) => {
            // A refused report (Status ≠ 0 rejects) is offered again, as an SMGW would retry it.
            if (response.Status === 0) this.sent++;
          },
          () => {
            this.queue.push({ ...next, dueAt: 0 });
            this.arm();
          },
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
    this.timer = setInterval(
      () => {
        this.pump();
        if (this.head >= this.queue.length) this.stop();
      },
      Math.max(5, Math.min(100, this.delayMs >> 2)),
    );
    this.timer.unref();
  }
}
