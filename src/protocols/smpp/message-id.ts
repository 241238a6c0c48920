// Message id normalisation so a delivery receipt finds the message its submit_sm_resp named.

// Why this exists: the most common cause of lost receipts is an id that changes form between
// submit_sm_resp and the receipt. The spec says receipt ids are decimal (smpp34.md 15.2) but many
// SMSCs answer submit_sm_resp in hex and report the same number in decimal in the receipt (or the
// reverse), change letter case, or pad with leading zeros. We therefore store a message under a
// few canonical keys and look a receipt up by its normalised id.

/**
 * How a connector's SMSC writes receipt ids relative to its submit_sm_resp ids.
 * - auto: store the id as given plus its hex⇄decimal reinterpretations (safe default);
 * - as-is: the SMSC is consistent, use only the normalised id;
 * - hex-to-dec: submit_sm_resp is hex, the receipt is the same number in decimal;
 * - dec-to-hex: submit_sm_resp is decimal, the receipt is the same number in hex.
 */
export type ReceiptIdFormat = 'auto' | 'as-is' | 'hex-to-dec' | 'dec-to-hex';

const HEX = /^[0-9a-f]+$/;
const DEC = /^[0-9]+$/;
// uint64 fits in 16 hex digits / 20 decimal digits; longer runs are opaque ids, not numbers.
const MAX_HEX_DIGITS = 16;
const MAX_DEC_DIGITS = 20;

/**
 * Canonical form of an id: trimmed, NULs removed, lower-case; for ids made only of hex digits,
 * leading zeros are dropped (keeping a lone "0"). Ids with other characters (UUIDs …) are left
 * otherwise untouched, since their zeros are part of the text rather than of a number.
 */
export function normalizeMessageId(id: string): string {
  const s = id.replace(/\0/g, '').trim().toLowerCase();
  if (!HEX.test(s)) return s;
  const stripped = s.replace(/^0+/, '');
  return stripped === '' ? '0' : stripped;
}

function hexToDec(n: string): string | undefined {
  return HEX.test(n) && n.length <= MAX_HEX_DIGITS ? BigInt(`0x${n}`).toString(10) : undefined;
}

function decToHex(n: string): string | undefined {
  return DEC.test(n) && n.length <= MAX_DEC_DIGITS ? BigInt(n).toString(16) : undefined;
}

/**
 * Keys under which a message with this submit_sm_resp id should be found when its receipt comes.
 * The first key is always the normalised id itself; stores should prefer an exact match on it,
 * because in 'auto' mode the reinterpreted keys of two different ids can collide (decimal "12345"
 * and hex "3039" are the same number). Deterministic modes return one key and fall back to the
 * normalised id when it cannot be converted.
 */
export function messageIdKeys(submitId: string, mode: ReceiptIdFormat = 'auto'): string[] {
  const n = normalizeMessageId(submitId);
  if (n === '') return [];
  switch (mode) {
    case 'as-is':
      return [n];
    case 'hex-to-dec':
      return [hexToDec(n) ?? n];
    case 'dec-to-hex':
      return [decToHex(n) ?? n];
    case 'auto': {
      const keys = new Set<string>([n]);
      const dec = hexToDec(n);
      if (dec !== undefined) keys.add(dec);
      const hex = decToHex(n);
      if (hex !== undefined) keys.add(hex);
      return [...keys];
    }
  }
}

/** Whether a receipt's id refers to the message whose submit_sm_resp carried `submitId`. */
export function receiptIdMatches(submitId: string, receiptId: string, mode: ReceiptIdFormat = 'auto'): boolean {
  const r = normalizeMessageId(receiptId);
  return r !== '' && messageIdKeys(submitId, mode).includes(r);
}
