// SMGP MsgID (smgp.md 7): 10 octets of packed BCD = SMGW code (6 digits), MMDDHHMM, sequence (6).
// Kept as the 20-character lower-case hex string of the octets, which for a well-formed id is
// exactly its 20 decimal digits; that string is the stable key receipts are matched by.
import { CHINA_OFFSET_MINUTES, msgIdTime } from './smgp-time.ts';

export const MSG_ID_OCTETS = 10;

export interface MsgIdParts {
  /** 3-digit area code + 2-digit device type + 1-digit index, e.g. "010061". */
  smgwCode: string;
  /** MMDDHHMM when the SMGW received the message, e.g. "01161700". */
  time: string;
  /** 000000–999999, as 6 digits. */
  sequence: string;
  /** False when some nibble is not a decimal digit: the id is still usable as an opaque key. */
  bcd: boolean;
}

/** The id as a string from its 10 wire octets. */
export function msgIdFromOctets(octets: Uint8Array): string {
  if (octets.length !== MSG_ID_OCTETS) throw new RangeError(`a MsgID has ${MSG_ID_OCTETS} octets, got ${octets.length}`);
  return Buffer.from(octets.buffer, octets.byteOffset, octets.byteLength).toString('hex');
}

/** True for a string that can go on the wire as a MsgID: 20 hex digits. */
export function isMsgId(id: string): boolean {
  return /^[0-9a-fA-F]{20}$/.test(id);
}

/** The 10 wire octets of an id string; throws RangeError for anything but 20 hex digits. */
export function msgIdToOctets(id: string): Buffer {
  if (!isMsgId(id)) throw new RangeError(`a MsgID is 20 hex digits, got '${id}'`);
  return Buffer.from(id, 'hex');
}

/** Splits an id into its three parts. */
export function parseMsgId(id: string): MsgIdParts {
  if (!isMsgId(id)) throw new RangeError(`a MsgID is 20 hex digits, got '${id}'`);
  const digits = id.toLowerCase();
  return { smgwCode: digits.slice(0, 6), time: digits.slice(6, 14), sequence: digits.slice(14), bcd: /^\d{20}$/.test(digits) };
}

/** Builds an id from its parts (6 + 8 + 6 decimal digits). */
export function formatMsgId(parts: { smgwCode: string; time: string; sequence: number | string }): string {
  const sequence = typeof parts.sequence === 'number' ? String(parts.sequence % 1_000_000).padStart(6, '0') : parts.sequence;
  const id = `${parts.smgwCode}${parts.time}${sequence}`;
  if (!/^\d{20}$/.test(id)) throw new RangeError(`MsgID parts must be 6 + 8 + 6 decimal digits, got '${parts.smgwCode}' '${parts.time}' '${sequence}'`);
  return id;
}

/**
 * The id of the n-th recipient of a group send (smgp.md 5.1): the SMGW returns one id M for the
 * first; the others are M+1 … with only the BCD sequence part counting on, wrapping 999999 → 000000.
 */
export function groupMemberId(first: string, index: number): string {
  const parts = parseMsgId(first);
  if (!parts.bcd) return first;
  return formatMsgId({ smgwCode: parts.smgwCode, time: parts.time, sequence: (Number(parts.sequence) + index) % 1_000_000 });
}

export interface MsgIdGeneratorOptions {
  /** 6 digits: area code (3, left-padded), device type (2, "06" = SMGW), index (1). Default "010061". */
  smgwCode?: string;
  clock?: () => number;
  offsetMinutes?: number;
  /** First sequence number; default random so ids of a restarted gateway do not repeat at once. */
  start?: number;
}

/** Hands out gateway-side MsgIDs: the current time and a sequence that wraps at 999999. */
export class MsgIdGenerator {
  private readonly smgwCode: string;
  private readonly clock: () => number;
  private readonly offsetMinutes: number;
  private sequence: number;

  constructor(options: MsgIdGeneratorOptions = {}) {
    this.smgwCode = options.smgwCode ?? '010061';
    if (!/^\d{6}$/.test(this.smgwCode)) throw new RangeError(`smgwCode must be 6 digits, got '${this.smgwCode}'`);
    this.clock = options.clock ?? Date.now;
    this.offsetMinutes = options.offsetMinutes ?? CHINA_OFFSET_MINUTES;
    this.sequence = (options.start ?? Math.floor(Math.random() * 1_000_000)) % 1_000_000;
  }

  /** A fresh id; `count` > 1 reserves a block for a group send and returns its first id. */
  next(count = 1): string {
    const id = formatMsgId({ smgwCode: this.smgwCode, time: msgIdTime(new Date(this.clock()), this.offsetMinutes), sequence: this.sequence });
    this.sequence = (this.sequence + Math.max(1, count)) % 1_000_000;
    return id;
  }
}
