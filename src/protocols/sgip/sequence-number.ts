// SGIP's 12-octet sequence number (sgip.md §2): creating node id, creation time MMDDHHMMSS, counter.

/** The three 32-bit parts, in wire order. */
export interface SgipSequenceNumber {
  /** Node that created the command: SP 3AAAAQQQQQ, SMG 1AAAAX, … */
  nodeId: number;
  /** Creation time as the decimal number MMDDHHMMSS (11-20 20:32:25 → 1120203225). */
  timestamp: number;
  /** Per-node counter, wrapping at 2^32. */
  counter: number;
}

const U32_MAX = 0xffffffff;

/** True for a value that fits one unsigned 32-bit part. */
export function isU32(value: number): boolean {
  return Number.isInteger(value) && value >= 0 && value <= U32_MAX;
}

/**
 * MMDDHHMMSS of `date` as a number. `utcOffsetMinutes` is the clock the peer expects (Beijing time,
 * +480, in China); undefined uses the local clock of this process.
 */
export function sgipTimestamp(date: Date, utcOffsetMinutes?: number): number {
  const d = utcOffsetMinutes === undefined ? date : new Date(date.getTime() + utcOffsetMinutes * 60_000);
  const local = utcOffsetMinutes === undefined;
  const month = (local ? d.getMonth() : d.getUTCMonth()) + 1;
  const day = local ? d.getDate() : d.getUTCDate();
  const hour = local ? d.getHours() : d.getUTCHours();
  const minute = local ? d.getMinutes() : d.getUTCMinutes();
  const second = local ? d.getSeconds() : d.getUTCSeconds();
  return (((month * 100 + day) * 100 + hour) * 100 + minute) * 100 + second;
}

/**
 * The text form used as the upstream message id (SGIP has none: a Report names its Submit by this
 * triple, sgip.md §6): "nodeId-MMDDHHMMSS-counter", the time zero-padded to its 10 digits.
 */
export function formatSequenceNumber(sequence: SgipSequenceNumber): string {
  return `${sequence.nodeId}-${String(sequence.timestamp).padStart(10, '0')}-${sequence.counter}`;
}

/** The triple back from formatSequenceNumber's text, or undefined when the text is not one. */
export function parseSequenceNumber(text: string): SgipSequenceNumber | undefined {
  const match = /^(\d{1,10})-(\d{1,10})-(\d{1,10})$/.exec(text.trim());
  if (!match) return undefined;
  const [nodeId, timestamp, counter] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (!isU32(nodeId) || !isU32(timestamp) || !isU32(counter)) return undefined;
  return { nodeId, timestamp, counter };
}

/**
 * The key a Report is matched on: a Submit to several users gets one Report per UserNumber, all
 * naming the same sequence number (sgip.md §6), so the pair identifies one recipient's outcome.
 */
export function reportKey(submitSequence: SgipSequenceNumber, userNumber: string): string {
  return `${formatSequenceNumber(submitSequence)}/${userNumber}`;
}

/** Counter for the third part, shared by every connection of one node so triples never repeat. */
export class SgipCounter {
  private current: number;

  /** The spec starts at 0 (sgip.md §2); a random start keeps triples apart across quick restarts. */
  constructor(start = 0) {
    this.current = (start >>> 0) - 1;
  }

  next(): number {
    this.current = this.current >= U32_MAX ? 0 : this.current + 1;
    return this.current;
  }
}
