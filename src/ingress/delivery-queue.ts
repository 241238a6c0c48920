// Deliveries to SMPP customers waiting for room in a receiver's window, sent in arrival order.
// Each is sent in the same tick its room is seen, so a burst fills the window exactly instead of
// every waiter waking on 'drain' and overrunning it.
import { SessionClosedError, type SmppSession } from '../protocols/smpp/index.ts';

interface Waiting {
  /** Set when the delivery must use this session (the later parts of one MO). */
  session: SmppSession | undefined;
  send: (session: SmppSession) => Promise<unknown>;
  resolve: (value: Promise<unknown>) => void;
  reject: (error: Error) => void;
  deadline: number;
}

export class DeliveryQueue {
  private readonly waiting = new Map<string, Waiting[]>();
  private sweeper: NodeJS.Timeout | null = null;

  constructor(
    /** A receiver of the customer, one with room if there is one; undefined when none is bound. */
    private readonly pick: (systemId: string) => SmppSession | undefined,
    /** Longest wait for room; the delivery then fails and the outbox retries it later. */
    private readonly waitMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Runs `send` on a receiver with room (or on `session`), now or once one drains. */
  send<T>(systemId: string, session: SmppSession | undefined, send: (session: SmppSession) => Promise<T>): Promise<T> {
    const queue = this.waiting.get(systemId);
    if (!queue || queue.length === 0) {
      const target = session ?? this.pick(systemId);
      if (!target || target.state === 'closed') return Promise.reject(new SessionClosedError(`no receiver bound for ${systemId}`));
      if (!target.busy) return send(target);
    }
    return new Promise<unknown>((resolve, reject) => {
      const entry: Waiting = { session, send, resolve, reject, deadline: this.now() + this.waitMs };
      if (queue) queue.push(entry);
      else this.waiting.set(systemId, [entry]);
      this.armSweeper();
    }) as Promise<T>;
  }

  /** A receiver of the customer drained, bound or closed: send what now fits, fail what cannot go. */
  wake(systemId: string): void {
    const queue = this.waiting.get(systemId);
    if (!queue) return;
    while (queue.length > 0) {
      const head = queue[0]!;
      const target = head.session ?? this.pick(systemId);
      if (!target || target.state === 'closed') {
        queue.shift();
        head.reject(new SessionClosedError(`no receiver bound for ${systemId}`));
        continue;
      }
      if (target.busy) break;
      queue.shift();
      head.resolve(head.send(target));
    }
    if (queue.length === 0) this.waiting.delete(systemId);
  }

  /** Fails every delivery still waiting (shutdown). */
  clear(): void {
    for (const queue of this.waiting.values()) for (const entry of queue) entry.reject(new SessionClosedError('shutting down'));
    this.waiting.clear();
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = null;
  }

  private armSweeper(): void {
    if (this.sweeper) return;
    this.sweeper = setInterval(() => this.sweep(), Math.max(50, this.waitMs >> 2));
    this.sweeper.unref();
  }

  /** Arrival order is deadline order: only the heads of the queues can be overdue. */
  private sweep(): void {
    const now = this.now();
    for (const [systemId, queue] of this.waiting) {
      while (queue.length > 0 && queue[0]!.deadline <= now) queue.shift()!.reject(new Error(`no room in ${systemId}'s window for ${this.waitMs} ms`));
      if (queue.length === 0) this.waiting.delete(systemId);
    }
    if (this.waiting.size === 0 && this.sweeper) {
      clearInterval(this.sweeper);
      this.sweeper = null;
    }
  }
}
