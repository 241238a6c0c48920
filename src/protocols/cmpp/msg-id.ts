// CMPP Msg_Id: the 8-octet id's parts (time, gateway, sequence), its string forms, and group-send ids.
//
// String form: the codec hands Msg_Id over as 16 lower-case hex digits, the 8 octets in wire
// order (e.g. 'ba520641e2400001'). It is fixed-width, keeps leading zeros, sorts like the number
// and needs no BigInt. msgIdToDecimal gives the unsigned decimal form some platforms display.

/** The fields packed into a Msg_Id (cmpp.md 6). */
export interface MsgIdParts {
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** ISMG (gateway) code, 22 bits. */
  gatewayId: number;
  /** Per-gateway counter, 16 bits, wraps. */
  sequence: number;
}

const MSG_ID = /^[0-9a-f]{16}$/;

/** True for the codec's form: exactly 16 lower-case hex digits. */
export function isMsgId(id: string): boolean {
  return MSG_ID.test(id);
}

function check(id: string): void {
  if (!isMsgId(id)) throw new RangeError(`Msg_Id must be 16 lower-case hex digits, got '${id}'`);
}

// The id as two 32-bit halves: bit 64 (spec numbering) is the top bit of `high`.
function halves(id: string): [number, number] {
  check(id);
  return [Number.parseInt(id.slice(0, 8), 16), Number.parseInt(id.slice(8), 16)];
}

function fromHalves(high: number, low: number): string {
  return (high >>> 0).toString(16).padStart(8, '0') + (low >>> 0).toString(16).padStart(8, '0');
}

/** Splits a Msg_Id into its bit fields: month 4, day 5, hour 5, minute 6, second 6, gateway 22, sequence 16. */
export function parseMsgId(id: string): MsgIdParts {
  const [high, low] = halves(id);
  return {
    month: high >>> 28,
    day: (high >>> 23) & 0x1f,
    hour: (high >>> 18) & 0x1f,
    minute: (high >>> 12) & 0x3f,
    second: (high >>> 6) & 0x3f,
    gatewayId: ((high & 0x3f) << 16) | (low >>> 16),
    sequence: low & 0xffff,
  };
}

const LIMITS: ReadonlyArray<[keyof MsgIdParts, number, number]> = [
  ['month', 1, 12],
  ['day', 1, 31],
  ['hour', 0, 23],
  ['minute', 0, 59],
  ['second', 0, 59],
  ['gatewayId', 0, 0x3fffff],
  ['sequence', 0, 0xffff],
];

/** Packs the parts into a Msg_Id; a part out of range throws RangeError naming it. */
export function formatMsgId(parts: MsgIdParts): string {
  for (const [name, min, max] of LIMITS) {
    const value = parts[name];
    if (!Number.isInteger(value) || value < min || value > max) throw new RangeError(`Msg_Id ${name} ${value} not in ${min}..${max}`);
  }
  const high = (parts.month << 28) | (parts.day << 23) | (parts.hour << 18) | (parts.minute << 12) | (parts.second << 6) | (parts.gatewayId >>> 16);
  const low = ((parts.gatewayId & 0xffff) << 16) | parts.sequence;
  return fromHalves(high, low);
}

/** The unsigned 64-bit value in decimal, e.g. '13425564708958191617'. */
export function msgIdToDecimal(id: string): string {
  check(id);
  return BigInt(`0x${id}`).toString(10);
}

/** The codec's form of a decimal Msg_Id. */
export function msgIdFromDecimal(decimal: string): string {
  if (!/^[0-9]{1,20}$/.test(decimal) || BigInt(decimal) >= 2n ** 64n) throw new RangeError(`'${decimal}' is not an unsigned 64-bit decimal`);
  return BigInt(decimal).toString(16).padStart(16, '0');
}

/**
 * The Msg_Id of the n-th destination (0-based) of a group SUBMIT answered with `first`: the
 * sequence part advances and wraps within its 16 bits, the rest is unchanged (cmpp.md 5).
 */
export function nthMsgId(first: string, n: number): string {
  const [high, low] = halves(first);
  return fromHalves(high, (low & 0xffff0000) | ((low + n) & 0xffff));
}

/** The ids of all `count` destinations of a group SUBMIT, in Dest_terminal_Id order. */
export function groupMsgIds(first: string, count: number): string[] {
  return Array.from({ length: count }, (_, n) => nthMsgId(first, n));
}
