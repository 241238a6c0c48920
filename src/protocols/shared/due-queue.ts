// Items that all wait the same delay, sent in order once due and once there is room to send them.
// With one delay for all, a FIFO is already in due order: one timer drives the queue instead of one
// per item. The fake gateways hold their delivery receipts and status reports in one.

interface Pending<T> {
  dueAt: number;
  item: T;
}

export class DueQueue<T> {
  private readonly queue: Array<Pending<T>> = [];
  private head = 0;
  private timer: NodeJS.Timeout | null = null;
  private pumping = false;
  /** Items whose send resolved. */
  sent = 0;

  constructor(
    private readonly delayMs: number,
    /**
     * Sends an item, or answers null when there is no room now (the queue stops at it). A rejected
     * send goes back in the queue, due at once, as a carrier would retry it.
     */
    private readonly send: (item: T) => Promise<unknown> | null,
  ) {}

  get queued(): number {
    return this.queue.length - this.head;
  }

  add(item: T): void {
    this.queue.push({ dueAt: Date.now() + this.delayMs, item });
    if (this.delayMs <= 0) queueMicrotask(() => this.pump());
    else this.arm();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Sends every due item while there is room; call it again when room comes (a 'drain', a bind). */
  pump(): void {
    if (this.pumping) return;
    this.pumping = true;
    try {
      const now = Date.now();
      while (this.head < this.queue.length) {
        const next = this.queue[this.head]!;
        if (next.dueAt > now) break;
        const sending = this.send(next.item);
        if (!sending) break;
        this.head++;
        sending.then(
          () => this.sent++,
          () => {
            this.queue.push({ dueAt: 0, item: next.item });
            this.arm();
          },
        );
      }
      // Drop what was sent now and then, so the array does not grow without end.
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
