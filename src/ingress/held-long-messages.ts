// Parts of a customer's long message: held until the last arrives, then submitted once; every part gets that answer.
import { Reassembler, type ExpiredMessage } from '../protocols/encoding/reassembler.ts';

export interface PartKey {
  /** Who sent it: parts of different accounts never join, even with equal addresses and reference. */
  scope: string;
  source: string;
  destination: string;
  reference: number;
  total: number;
  seq: number;
}

export interface HeldReplies<R> {
  /** Answer for a part that can never join (sequence past the total, zero total …). */
  invalid: R;
  /** Answer for the held parts of a message that did not complete in time. */
  incomplete: R;
}

const RECENT_LIMIT = 10_000;

/**
 * Each part's response waits here: a customer is told our message id only once the whole message
 * has been committed, and told all parts failed (e.g. ESME_RSUBMITFAIL) when the rest never came.
 * A part sent again while held is answered with the others; one sent again after completion gets
 * the answer the message got, so a customer retrying after a lost response creates no duplicate.
 */
export class HeldLongMessages<R> {
  private readonly reassembler: Reassembler<Buffer>;
  private readonly held = new Map<string, Array<(reply: R) => void>>();
  private readonly recent = new Map<string, Promise<R>>();
  /** A few sweeps per timeout, so an incomplete message is answered close to its deadline. */
  private readonly sweepMs: number;

  constructor(
    private readonly replies: HeldReplies<R>,
    options: { timeoutMs: number; now?: () => number },
  ) {
    this.reassembler = new Reassembler<Buffer>({ timeoutMs: options.timeoutMs, now: options.now, onExpired: (message) => this.expire(message) });
    this.sweepMs = Math.max(50, Math.min(1000, options.timeoutMs >> 2));
  }

  /** Parts held right now, across messages. */
  get waiting(): number {
    let n = 0;
    for (const list of this.held.values()) n += list.length;
    return n;
  }

  /** `submit` runs once, with the joined payload, when the last part arrives. */
  add(key: PartKey, payload: Buffer, submit: (joined: Buffer) => Promise<R>): Promise<R> {
    const source = `${key.scope}\0${key.source}`;
    const id = messageKey(source, key.destination, key.reference, key.total);
    const result = this.reassembler.add({ source, destination: key.destination, reference: key.reference, total: key.total, seq: key.seq, payload });
    switch (result.status) {
      case 'rejected':
        return Promise.resolve(this.replies.invalid);
      case 'pending':
        return this.hold(id);
      case 'duplicate':
        return this.recent.get(id) ?? this.hold(id);
      case 'complete': {
        const waiters = this.held.get(id) ?? [];
        this.held.delete(id);
        // submit() is expected to answer failures itself; a throw still answers every part.
        const reply = submit(result.message.payload).catch(() => this.replies.incomplete);
        this.remember(id, reply);
        void reply.then((r) => waiters.forEach((resolve) => resolve(r)));
        return reply;
      }
    }
  }

  /** Sweeps for messages that stayed incomplete past the timeout, on a timer that does not hold the process. */
  start(intervalMs = this.sweepMs): void {
    this.reassembler.start(intervalMs);
  }

  sweep(): void {
    this.reassembler.sweep();
  }

  /** Stops sweeping and answers every held part as incomplete. */
  stop(): void {
    this.reassembler.stop();
    for (const message of this.reassembler.clear()) this.expire(message);
    for (const waiters of this.held.values()) waiters.forEach((resolve) => resolve(this.replies.incomplete));
    this.held.clear();
  }

  private hold(id: string): Promise<R> {
    return new Promise((resolve) => {
      const waiters = this.held.get(id);
      if (waiters) waiters.push(resolve);
      else this.held.set(id, [resolve]);
    });
  }

  private expire(message: ExpiredMessage<Buffer>): void {
    const id = messageKey(message.source, message.destination, message.reference, message.total);
    const waiters = this.held.get(id) ?? [];
    this.held.delete(id);
    for (const resolve of waiters) resolve(this.replies.incomplete);
  }

  private remember(id: string, reply: Promise<R>): void {
    this.recent.delete(id);
    this.recent.set(id, reply);
    if (this.recent.size > RECENT_LIMIT) this.recent.delete(this.recent.keys().next().value as string);
  }
}

function messageKey(source: string, destination: string, reference: number, total: number): string {
  return `${source}\u0001${destination}\u0001${reference}\u0001${total}`;
}
