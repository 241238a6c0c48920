// Per-recipient send counters for frequency limits: sliding minute / hour / day windows kept in typed
// arrays (open addressing on the number), 27 bytes per number, idle numbers evicted on growth.

/** Window lengths in seconds. "day" is a rolling 24 h (as Aliyun counts), not the calendar day. */
export const WINDOW_SECONDS = { minute: 60, hour: 3600, day: 86_400 } as const;
export type FrequencyWindow = keyof typeof WINDOW_SECONDS;
export const FREQUENCY_WINDOWS: readonly FrequencyWindow[] = ['minute', 'hour', 'day'];

/**
 * Each window is cut into 4 sub-buckets and 5 are kept, so a count covers the whole window plus at
 * most a quarter more: a limit is never exceeded, and a number may be held back up to a quarter
 * window longer than an exact log would (e.g. 1/min frees up after 60–75 s). Exact logs would cost
 * one timestamp per message; this costs 15 one-byte counters per number whatever the limits.
 */
const SLICES = 4;
const RING = SLICES + 1;
const PER_SLOT = FREQUENCY_WINDOWS.length * RING;
const SUB_SECONDS = FREQUENCY_WINDOWS.map((w) => WINDOW_SECONDS[w] / SLICES);
/** Counts saturate here; rules allow at most MAX_LIMIT, so a saturated bucket already refuses. */
const COUNT_MAX = 0xff;
export const MAX_LIMIT = COUNT_MAX;
/** A number untouched for this long has nothing left in any window. */
const IDLE_SECONDS = WINDOW_SECONDS.day + WINDOW_SECONDS.day / SLICES;

/** A recipient as a table key: its digits as a number (E.164 has at most 15, within 2^53). */
export function numberKey(e164: string): number {
  const digits = e164.startsWith('+') ? e164.slice(1) : e164;
  const key = Number(digits);
  return Number.isSafeInteger(key) && key > 0 ? key : 0;
}

/** Counters of one (account, category): how many messages each number got in each window. */
export class SlidingCounter {
  private keys: Float64Array;
  /** Second of the last count per slot (bucket positions derive from it). */
  private last: Uint32Array;
  private counts: Uint8Array;
  private used = 0;

  constructor(capacity = 256) {
    const size = 1 << Math.ceil(Math.log2(Math.max(16, capacity)));
    this.keys = new Float64Array(size);
    this.last = new Uint32Array(size);
    this.counts = new Uint8Array(size * PER_SLOT);
  }

  /** Numbers with counters (idle ones go at the next growth). */
  get size(): number {
    return this.used;
  }

  /** Bytes held by the arrays. */
  get bytes(): number {
    return this.keys.byteLength + this.last.byteLength + this.counts.byteLength;
  }

  /** Messages counted for `key` in the window ending at `atMs` (never less than the exact count). */
  count(key: number, window: FrequencyWindow, atMs: number): number {
    const slot = this.find(key);
    if (slot < 0 || this.keys[slot] !== key) return 0;
    const w = FREQUENCY_WINDOWS.indexOf(window);
    const sub = SUB_SECONDS[w]!;
    const now = Math.max(Math.floor(atMs / 1000), this.last[slot]!);
    const current = Math.floor(now / sub);
    const lastBucket = Math.floor(this.last[slot]! / sub);
    let total = 0;
    // The ring holds buckets lastBucket-4 … lastBucket; those still within current-4 … current count.
    for (let b = Math.max(current - SLICES, lastBucket - SLICES); b <= lastBucket; b++) total += this.counts[slot * PER_SLOT + w * RING + (b % RING)]!;
    return total;
  }

  /** Counts one message to `key` at `atMs`. */
  add(key: number, atMs: number): void {
    if (key <= 0) return;
    if ((this.used + 1) * 10 > this.keys.length * 7) this.rehash(atMs);
    const slot = this.find(key);
    const now = Math.floor(atMs / 1000);
    if (this.keys[slot] !== key) {
      this.keys[slot] = key;
      this.last[slot] = now;
      this.counts.fill(0, slot * PER_SLOT, slot * PER_SLOT + PER_SLOT);
      this.used++;
    }
    const at = Math.max(now, this.last[slot]!);
    for (let w = 0; w < FREQUENCY_WINDOWS.length; w++) {
      const sub = SUB_SECONDS[w]!;
      const base = slot * PER_SLOT + w * RING;
      const lastBucket = Math.floor(this.last[slot]! / sub);
      const current = Math.floor(at / sub);
      // Buckets passed since the last count are cleared before the ring slot is reused.
      for (let b = lastBucket + 1; b <= Math.min(current, lastBucket + RING); b++) this.counts[base + (b % RING)] = 0;
      const i = base + (current % RING);
      if (this.counts[i]! < COUNT_MAX) this.counts[i] = this.counts[i]! + 1;
    }
    this.last[slot] = at;
  }

  /** Linear probing: the slot holding `key`, or the empty slot where it would go. */
  private find(key: number): number {
    const mask = this.keys.length - 1;
    let slot = hash(key) & mask;
    for (;;) {
      const k = this.keys[slot]!;
      if (k === key || k === 0) return slot;
      slot = (slot + 1) & mask;
    }
  }

  /** Drops numbers idle for more than a day, then doubles only if still over 70 % full. */
  private rehash(atMs: number): void {
    const oldKeys = this.keys;
    const oldLast = this.last;
    const oldCounts = this.counts;
    const cutoff = Math.floor(atMs / 1000) - IDLE_SECONDS;
    let live = 0;
    for (let s = 0; s < oldKeys.length; s++) if (oldKeys[s] !== 0 && oldLast[s]! >= cutoff) live++;
    let size = oldKeys.length;
    if ((live + 1) * 10 > size * 5) size *= 2;
    this.keys = new Float64Array(size);
    this.last = new Uint32Array(size);
    this.counts = new Uint8Array(size * PER_SLOT);
    this.used = 0;
    for (let s = 0; s < oldKeys.length; s++) {
      if (oldKeys[s] === 0 || oldLast[s]! < cutoff) continue;
      const slot = this.find(oldKeys[s]!);
      this.keys[slot] = oldKeys[s]!;
      this.last[slot] = oldLast[s]!;
      this.counts.set(oldCounts.subarray(s * PER_SLOT, s * PER_SLOT + PER_SLOT), slot * PER_SLOT);
      this.used++;
    }
  }
}

/** Mixes the high and low digits so consecutive numbers spread over the table. */
function hash(key: number): number {
  const low = key % 0x1_0000_0000;
  const high = Math.floor(key / 0x1_0000_0000);
  let h = Math.imul(low ^ Math.imul(high, 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
