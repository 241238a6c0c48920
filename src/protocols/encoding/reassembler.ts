// Reassembly of concatenated messages from parts arriving in any order, with timeouts and a size bound.

/** A part's payload: raw octets (decode after joining, so split escape pairs still decode) or text. */
export type PartPayload = Buffer | string;

export interface PartInput<P extends PartPayload = Buffer> {
  source: string;
  destination: string;
  reference: number;
  total: number;
  /** 1-based part number. */
  seq: number;
  payload: P;
  /** When the part arrived; defaults to the reassembler's clock. */
  receivedAt?: number;
}

interface MessageKey {
  source: string;
  destination: string;
  reference: number;
  total: number;
}

export interface CompletedMessage<P extends PartPayload = Buffer> extends MessageKey {
  /** Part payloads in sequence order. */
  parts: P[];
  /** The parts joined: concatenated octets, or concatenated text. */
  payload: P;
  firstReceivedAt: number;
}

export interface ExpiredMessage<P extends PartPayload = Buffer> extends MessageKey {
  /** The parts that did arrive, in sequence order. */
  parts: Array<{ seq: number; payload: P }>;
  missing: number[];
  firstReceivedAt: number;
  /** 'timeout': not complete within timeoutMs; 'evicted': dropped to make room (maxPending); 'cleared'. */
  reason: 'timeout' | 'evicted' | 'cleared';
}

export type RejectReason = 'total_zero' | 'total_too_large' | 'seq_zero' | 'seq_beyond_total' | 'not_an_integer';

export type AddResult<P extends PartPayload = Buffer> =
  | { status: 'complete'; message: CompletedMessage<P> }
  | { status: 'pending'; received: number; total: number; evicted?: ExpiredMessage<P> }
  | { status: 'duplicate' }
  | { status: 'rejected'; reason: RejectReason };

export interface ReassemblerOptions<P extends PartPayload = Buffer> {
  /** How long after its first part a message may stay incomplete. Default 120 000 ms. */
  timeoutMs?: number;
  /** Most incomplete messages held at once; the oldest is evicted past it. Default 10 000. */
  maxPending?: number;
  /**
   * How long a completed message is remembered so a part resent after completion (an SMSC retrying
   * after a lost response) is reported as a duplicate instead of starting a new message. A part only
   * counts as such if its payload equals the one already delivered. Default: timeoutMs.
   */
  duplicateWindowMs?: number;
  /** Clock in ms; inject a fake one in tests. Default Date.now. */
  now?: () => number;
  /** Hears every message removed incomplete, whether by sweep, interval or eviction. */
  onExpired?: (message: ExpiredMessage<P>) => void;
}

interface Pending<P extends PartPayload> extends MessageKey {
  parts: Map<number, P>;
  firstReceivedAt: number;
}

interface Completed<P extends PartPayload> {
  parts: Map<number, P>;
  completedAt: number;
}

/** The concatenation count is one octet (GSM 03.40 §9.2.3.24.1; sar_total_segments is Int1). */
const MAX_TOTAL = 255;

/**
 * Collects parts keyed by (source, destination, reference, total), the reassembly key of
 * SMPP 3.4 ref. §17.5, and hands back the whole message when the last one arrives.
 */
export class Reassembler<P extends PartPayload = Buffer> {
  private readonly pending = new Map<string, Pending<P>>();
  private readonly completed = new Map<string, Completed<P>>();
  private readonly timeoutMs: number;
  private readonly duplicateWindowMs: number;
  private readonly maxPending: number;
  private readonly now: () => number;
  private readonly onExpired: ((message: ExpiredMessage<P>) => void) | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(options: ReassemblerOptions<P> = {}) {
    this.timeoutMs = options.timeoutMs ?? 120_000;
    this.duplicateWindowMs = options.duplicateWindowMs ?? this.timeoutMs;
    this.maxPending = Math.max(1, options.maxPending ?? 10_000);
    this.now = options.now ?? Date.now;
    this.onExpired = options.onExpired;
  }

  /** Incomplete messages currently held. */
  get size(): number {
    return this.pending.size;
  }

  add(part: PartInput<P>): AddResult<P> {
    const reason = rejectReason(part);
    if (reason) return { status: 'rejected', reason };
    const receivedAt = part.receivedAt ?? this.now();
    const key = `${part.source}\u0000${part.destination}\u0000${part.reference}\u0000${part.total}`;

    let entry = this.pending.get(key);
    let evicted: ExpiredMessage<P> | undefined;
    if (!entry) {
      // A lone part is passed through: it has no reference worth remembering for duplicates.
      if (part.total === 1) return { status: 'complete', message: complete(part, [part.payload], receivedAt) };
      if (this.isLateDuplicate(key, part, receivedAt)) return { status: 'duplicate' };
      if (this.pending.size >= this.maxPending) evicted = this.evictOldest();
      entry = { ...keyOf(part), parts: new Map(), firstReceivedAt: receivedAt };
      this.pending.set(key, entry);
    } else if (entry.parts.has(part.seq)) {
      return { status: 'duplicate' }; // the first copy wins; SMSCs resend parts on a lost resp
    }

    entry.parts.set(part.seq, part.payload);
    entry.firstReceivedAt = Math.min(entry.firstReceivedAt, receivedAt);
    if (entry.parts.size < entry.total) {
      const result: AddResult<P> = { status: 'pending', received: entry.parts.size, total: entry.total };
      if (evicted) result.evicted = evicted;
      return result;
    }
    this.pending.delete(key);
    this.remember(key, entry.parts, receivedAt);
    const ordered: P[] = [];
    for (let seq = 1; seq <= entry.total; seq++) ordered.push(entry.parts.get(seq) as P);
    return { status: 'complete', message: complete(entry, ordered, entry.firstReceivedAt) };
  }

  /**
   * Remove and return every message whose first part is older than timeoutMs; also forget
   * completed messages past the duplicate window.
   */
  sweep(): ExpiredMessage<P>[] {
    const now = this.now();
    for (const [key, done] of this.completed) {
      if (now - done.completedAt >= this.duplicateWindowMs) this.completed.delete(key);
    }
    const expired: ExpiredMessage<P>[] = [];
    for (const [key, entry] of this.pending) {
      if (now - entry.firstReceivedAt < this.timeoutMs) continue;
      this.pending.delete(key);
      const message = expiredOf(entry, 'timeout');
      expired.push(message);
      this.onExpired?.(message);
    }
    return expired;
  }

  /** Sweep every `intervalMs` on a timer that does not keep the process alive; expiries go to onExpired. */
  start(intervalMs = 1_000): void {
    this.stop();
    this.timer = setInterval(() => this.sweep(), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Drop everything held (e.g. on shutdown), returning it as expired so nothing vanishes silently. */
  clear(): ExpiredMessage<P>[] {
    const all = [...this.pending.values()].map((entry) => expiredOf(entry, 'cleared'));
    this.pending.clear();
    this.completed.clear();
    return all;
  }

  private isLateDuplicate(key: string, part: PartInput<P>, receivedAt: number): boolean {
    const done = this.completed.get(key);
    if (!done) return false;
    const earlier = done.parts.get(part.seq);
    if (receivedAt - done.completedAt < this.duplicateWindowMs && earlier !== undefined && samePayload(earlier, part.payload)) {
      return true;
    }
    this.completed.delete(key); // window over, or new content: the sender reused the reference
    return false;
  }

  private remember(key: string, parts: Map<number, P>, completedAt: number): void {
    if (this.duplicateWindowMs <= 0) return;
    this.completed.delete(key); // re-insert so Map order stays oldest-first
    this.completed.set(key, { parts, completedAt });
    if (this.completed.size > this.maxPending) {
      const oldest = this.completed.keys().next();
      if (!oldest.done) this.completed.delete(oldest.value);
    }
  }

  private evictOldest(): ExpiredMessage<P> | undefined {
    // Map iteration follows insertion order, so the first entry is the one started longest ago.
    const first = this.pending.entries().next();
    if (first.done) return undefined;
    const [key, entry] = first.value;
    this.pending.delete(key);
    const message = expiredOf(entry, 'evicted');
    this.onExpired?.(message);
    return message;
  }
}

function rejectReason(part: PartInput<PartPayload>): RejectReason | undefined {
  if (![part.total, part.seq, part.reference].every(Number.isInteger)) return 'not_an_integer';
  // GSM 03.40 §9.2.3.24.1: zero count, zero sequence or sequence past the count is invalid.
  if (part.total <= 0) return 'total_zero';
  if (part.total > MAX_TOTAL) return 'total_too_large';
  if (part.seq <= 0) return 'seq_zero';
  if (part.seq > part.total) return 'seq_beyond_total';
  return undefined;
}

function samePayload(a: PartPayload, b: PartPayload): boolean {
  if (typeof a === 'string' || typeof b === 'string') return a === b;
  return a.equals(b);
}

function keyOf(part: MessageKey): MessageKey {
  return { source: part.source, destination: part.destination, reference: part.reference, total: part.total };
}

function join<P extends PartPayload>(parts: P[]): P {
  if (typeof parts[0] === 'string') return (parts as string[]).join('') as P;
  return Buffer.concat(parts as Buffer[]) as P;
}

function complete<P extends PartPayload>(key: MessageKey, parts: P[], firstReceivedAt: number): CompletedMessage<P> {
  return { ...keyOf(key), parts, payload: join(parts), firstReceivedAt };
}

function expiredOf<P extends PartPayload>(entry: Pending<P>, reason: ExpiredMessage<P>['reason']): ExpiredMessage<P> {
  const parts: Array<{ seq: number; payload: P }> = [];
  const missing: number[] = [];
  for (let seq = 1; seq <= entry.total; seq++) {
    const payload = entry.parts.get(seq);
    if (payload === undefined) missing.push(seq);
    else parts.push({ seq, payload });
  }
  return { ...keyOf(entry), parts, missing, firstReceivedAt: entry.firstReceivedAt, reason };
}
