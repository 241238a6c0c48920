// Holds the fake SMG's Reports and MO until due, then sends them over its connect-back links,
// waiting (not dropping) while every link is busy, connecting or refused.
import type { SgipClient } from '../client.ts';
import type { SgipBody } from '../pdu-types.ts';

export type OutboundCommand = 'report' | 'deliver' | 'userrpt';

interface Pending {
  dueAt: number;
  command: OutboundCommand;
  body: SgipBody<OutboundCommand>;
  /** Settled once the SP answered with Result 0. */
  done?: { resolve: () => void; reject: (error: Error) => void };
}

/** A FIFO whose items were queued with one common delay, so it is already in due order. */
class DueFifo {
  private items: Pending[] = [];
  private head = 0;

  get size(): number {
    return this.items.length - this.head;
  }

  push(item: Pending): void {
    this.items.push(item);
  }

  peek(): Pending | undefined {
    return this.items[this.head];
  }

  shift(): void {
    this.head++;
    if (this.head > 4096 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }

  drain(): Pending[] {
    const rest = this.items.slice(this.head);
    this.items = [];
    this.head = 0;
    return rest;
  }
}

/** Failed sends wait this long before the next try. */
const RETRY_MS = 200;

export class OutboundQueue {
  /** Reports (one common delay), MO and retries (due at once or after RETRY_MS): each in due order. */
  private readonly fifos = { delayed: new DueFifo(), soon: new DueFifo() };
  private timer: NodeJS.Timeout | null = null;
  private timerDueAt = Infinity;
  private pumping = false;
  private stopped = false;
  private rotation = 0;
  readonly counts = { report: 0, deliver: 0, userrpt: 0, failures: 0 };

  private readonly links: SgipClient[] = [];

  /** Another link to send over; queued items go out as soon as one can take them. */
  addLink(link: SgipClient): void {
    this.links.push(link);
    link.on('drain', () => this.pump());
    link.on('ready', () => this.pump());
    this.arm(Date.now());
  }

  get size(): number {
    return this.fifos.delayed.size + this.fifos.soon.size;
  }

  /** Queues a command to send now; the promise settles when the SP answers it (retried until then). */
  add(command: OutboundCommand, body: SgipBody<OutboundCommand>): Promise<void> {
    return new Promise((resolve, reject) => {
      this.fifos.soon.push({ dueAt: Date.now(), command, body, done: { resolve, reject } });
      this.arm(Date.now());
    });
  }

  /** Queues a command nobody waits for, after the queue's common delay (reports). */
  schedule(command: OutboundCommand, body: SgipBody<OutboundCommand>, delayMs: number): void {
    const dueAt = Date.now() + delayMs;
    this.fifos.delayed.push({ dueAt, command, body });
    this.arm(dueAt);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    for (const fifo of Object.values(this.fifos)) for (const item of fifo.drain()) item.done?.reject(new Error('fake SMG stopped'));
  }

  /** Sends every due item a link can take now. */
  pump(): void {
    if (this.pumping || this.stopped) return;
    this.pumping = true;
    try {
      const now = Date.now();
      for (const fifo of [this.fifos.soon, this.fifos.delayed]) {
        for (let next = fifo.peek(); next; next = fifo.peek()) {
          if (next.dueAt > now) {
            this.arm(next.dueAt);
            break;
          }
          const link = this.pickLink();
          if (!link) {
            // 'drain' and 'ready' pump again; a refused link is tried again after its backoff.
            const retry = Math.min(...this.links.map((l) => l.retryInMs).filter((ms) => ms > 0));
            if (Number.isFinite(retry)) this.arm(now + retry);
            return;
          }
          fifo.shift();
          this.send(link, next);
        }
      }
    } finally {
      this.pumping = false;
    }
  }

  private pickLink(): SgipClient | undefined {
    for (let i = 0; i < this.links.length; i++) {
      const link = this.links[(this.rotation + i) % this.links.length];
      if (!link.busy) {
        this.rotation = (this.rotation + i + 1) % this.links.length;
        return link;
      }
    }
    return undefined;
  }

  private send(link: SgipClient, item: Pending): void {
    link.request(item.command, item.body).then(
      () => {
        this.counts[item.command]++;
        item.done?.resolve();
      },
      () => {
        // Refused, timed out or the link went away: keep it and send it again shortly.
        this.counts.failures++;
        if (this.stopped) return item.done?.reject(new Error('fake SMG stopped'));
        const dueAt = Date.now() + RETRY_MS;
        this.fifos.soon.push({ ...item, dueAt });
        this.arm(dueAt);
      },
    );
  }

  /** Makes sure a pump runs by `dueAt`. */
  private arm(dueAt: number): void {
    if (this.stopped) return;
    const delay = dueAt - Date.now();
    if (delay <= 0) {
      queueMicrotask(() => this.pump());
      return;
    }
    if (this.timer && this.timerDueAt <= dueAt) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerDueAt = dueAt;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.timerDueAt = Infinity;
      this.pump();
    }, delay);
    this.timer.unref();
  }
}
