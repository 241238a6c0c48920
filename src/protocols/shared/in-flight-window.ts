// Bounded set of requests awaiting their response, each with a deadline.

export class WindowFullError extends Error {
  constructor(capacity: number) {
    super(`window full: ${capacity} requests already awaiting a response`);
    this.name = 'WindowFullError';
  }
}

export class ResponseTimeoutError extends Error {
  constructor(
    readonly sequenceNumber: number,
    readonly timeoutMs: number,
  ) {
    super(`no response to request ${sequenceNumber} within ${timeoutMs} ms`);
    this.name = 'ResponseTimeoutError';
  }
}

interface Pending<T> {
  resolve(value: T): void;
  reject(error: Error): void;
  deadline: number;
  sentAt: number;
}

export interface InFlightWindowOptions {
  capacity: number;
  timeoutMs: number;
  now?: () => number;
}

/**
 * Every request gets the same timeout, so insertion order is deadline order and expiry only
 * ever looks at the head of the map: one timer per window instead of one per request.
 */
export class InFlightWindow<T> {
  private readonly pending = new Map<number, Pending<T>>();
  private timer: NodeJS.Timeout | null = null;
  private readonly now: () => number;
  readonly capacity: number;
  readonly timeoutMs: number;

  constructor(options: InFlightWindowOptions) {
    this.capacity = options.capacity;
    this.timeoutMs = options.timeoutMs;
    this.now = options.now ?? Date.now;
  }

  get size(): number {
    return this.pending.size;
  }

  get full(): boolean {
    return this.pending.size >= this.capacity;
  }

  has(sequenceNumber: number): boolean {
    return this.pending.has(sequenceNumber);
  }

  /** Registers a request; the promise settles with its response, a timeout or a rejection. */
  add(sequenceNumber: number): Promise<T> {
    if (this.full) return Promise.reject(new WindowFullError(this.capacity));
    return new Promise<T>((resolve, reject) => {
      const sentAt = this.now();
      this.pending.set(sequenceNumber, { resolve, reject, sentAt, deadline: sentAt + this.timeoutMs });
      this.armTimer();
    });
  }

  /** Settles the request; returns its round-trip time in ms, or -1 if it was not pending. */
  resolve(sequenceNumber: number, value: T): number {
    const entry = this.take(sequenceNumber);
    if (!entry) return -1;
    entry.resolve(value);
    return this.now() - entry.sentAt;
  }

  reject(sequenceNumber: number, error: Error): boolean {
    const entry = this.take(sequenceNumber);
    if (!entry) return false;
    entry.reject(error);
    return true;
  }

  rejectAll(error: Error): void {
    const entries = [...this.pending.values()];
    this.pending.clear();
    this.disarmTimer();
    for (const entry of entries) entry.reject(error);
  }

  /** Rejects every request whose deadline has passed. */
  expire(now = this.now()): void {
    for (const [sequenceNumber, entry] of this.pending) {
      if (entry.deadline > now) break;
      this.pending.delete(sequenceNumber);
      entry.reject(new ResponseTimeoutError(sequenceNumber, this.timeoutMs));
    }
    if (this.pending.size === 0) this.disarmTimer();
  }

  private take(sequenceNumber: number): Pending<T> | undefined {
    const entry = this.pending.get(sequenceNumber);
    if (entry) {
      this.pending.delete(sequenceNumber);
      if (this.pending.size === 0) this.disarmTimer();
    }
    return entry;
  }

  private armTimer(): void {
    if (this.timer) return;
    // Checking a few times per timeout keeps expiry within ~25% of the configured value.
    const period = Math.max(5, Math.min(1000, Math.floor(this.timeoutMs / 4)));
    this.timer = setInterval(() => this.expire(), period);
    this.timer.unref();
  }

  private disarmTimer(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
