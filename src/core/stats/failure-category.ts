// Why a message failed, in a few categories a customer understands: a pure table-driven classifier
// over (final state, stored error code), with built-in defaults (domain.md §4) an admin can extend.
import type { MessageState } from '../message.ts';

/** Tencent's receipt buckets (domain.md §4.2), extended with the other causes the platform sees. */
export const FAILURE_CATEGORIES = [
  'invalid_number',
  'powered_off',
  'handset_error',
  'blacklist',
  'rate_limited',
  'keyword_blocked',
  'expired',
  'ported',
  'no_route',
  'carrier_rejected',
  'carrier_error',
  'unknown',
] as const;
export type FailureCategory = (typeof FAILURE_CATEGORIES)[number];

export const isFailureCategory = (value: unknown): value is FailureCategory => (FAILURE_CATEGORIES as readonly unknown[]).includes(value);

/**
 * Code → category. A key is either one whole code ("MK:0005", "UNDELIV", "blacklisted") or a family
 * written "MK:*" (every code whose first ':'-separated part is MK). Case is ignored.
 */
export type FailureCategoryTable = Readonly<Record<string, FailureCategory>>;

const families = (keys: string[], category: FailureCategory): Record<string, FailureCategory> => Object.fromEntries(keys.map((k) => [k, category]));

// domain.md §4.1/§4.2 (China Mobile prefix families and aggregator words), SGIP §10 Report ErrorCodes
// (written ERR:n in receipts, sgip:n on submit), SMPP command_status on submit, and the platform's own
// AppError codes and housekeeping words. Families give the broad meaning; exact codes refine them.
export const DEFAULT_FAILURE_TABLE: FailureCategoryTable = Object.freeze({
  // Platform (AppError catalogue, lane, housekeeping).
  ...families(['invalid_number'], 'invalid_number'),
  ...families(['blacklisted'], 'blacklist'),
  ...families(['rate_limited', 'simulator:throttled'], 'rate_limited'),
  ...families(['content_blocked'], 'keyword_blocked'),
  ...families(['expired', 'validity', 'no_receipt'], 'expired'),
  ...families(['no_route'], 'no_route'),
  ...families(['upstream_rejected', 'simulator:rejected'], 'carrier_rejected'),
  ...families(['connector:*', 'upstream_unavailable', 'internal'], 'carrier_error'),
  // Final-state words (SMPP / CMPP / SMGP stat).
  EXPIRED: 'expired',
  REJECTD: 'carrier_rejected',
  REJECTED: 'carrier_rejected',
  DELETED: 'carrier_rejected',
  NOROUTE: 'no_route',
  UNDELIV: 'unknown',
  UNKNOWN: 'unknown',
  // China Mobile families, then the codes domain.md names.
  'CA:*': 'carrier_error',
  'CB:*': 'carrier_rejected',
  'CB:0001': 'invalid_number',
  'DA:*': 'carrier_error',
  'DB:*': 'carrier_rejected',
  'DB:0101': 'invalid_number',
  'DB:0102': 'powered_off',
  'DB:0142': 'rate_limited',
  'DB:0144': 'blacklist',
  'DB:9007': 'rate_limited',
  'IA:*': 'carrier_error',
  'IB:*': 'carrier_error',
  'IB:0008': 'rate_limited',
  'IC:*': 'carrier_error',
  'ID:*': 'carrier_rejected',
  ...families(['ID:0140', 'ID:0141', 'ID:0199'], 'blacklist'),
  ...families(['ID:0142', 'ID:0143', 'ID:0311'], 'rate_limited'),
  'ID:0318': 'keyword_blocked',
  'MA:*': 'carrier_error',
  'MB:*': 'carrier_rejected',
  'MB:1041': 'rate_limited',
  'MB:1077': 'blacklist',
  'MC:*': 'carrier_error',
  'MI:*': 'powered_off',
  'MK:*': 'powered_off',
  ...families(['MK:0000', 'MK:0001', 'MK:0012', 'MK:0013'], 'invalid_number'),
  'MK:0017': 'handset_error',
  'MK:0115': 'blacklist',
  'MN:*': 'powered_off',
  'LT:*': 'ported',
  'NP:*': 'ported',
  ...families(['MBBLACK', 'DBBLACK', 'TSBLACK', 'DISTURB'], 'blacklist'),
  KEYWORD: 'keyword_blocked',
  ...families(['LIMIT', 'MILIMIT'], 'rate_limited'),
  // SGIP Report ErrorCode / Submit_Resp Result (sgip.md §10).
  ...families(['ERR:*', 'SGIP:*'], 'carrier_error'),
  ...families(['ERR:6', 'SGIP:6', 'ERR:29', 'SGIP:29', 'ERR:24', 'SGIP:24'], 'invalid_number'),
  ...families(['ERR:21', 'SGIP:21', 'ERR:25', 'SGIP:25'], 'powered_off'),
  ...families(['ERR:22', 'SGIP:22', 'ERR:23', 'SGIP:23'], 'no_route'),
  ...families(['ERR:26', 'SGIP:26', 'ERR:27', 'SGIP:27', 'ERR:28', 'SGIP:28', 'ERR:31', 'SGIP:31'], 'handset_error'),
  ...families(['ERR:11', 'SGIP:11', 'ERR:33', 'SGIP:33'], 'rate_limited'),
  // SMPP 3.4 command_status on submit (§5.1.3): invalid destination, throttled, queue full.
  'SMPP:*': 'carrier_rejected',
  'SMPP:0X0000000B': 'invalid_number',
  ...families(['SMPP:0X00000058', 'SMPP:0X00000014'], 'rate_limited'),
  ...families(['CMPP:*', 'SMGP:*'], 'carrier_rejected'),
});

/** What a failed message with an unmatched code falls into, by its final state. */
function byState(state: MessageState): FailureCategory {
  return state === 'expired' ? 'expired' : state === 'rejected' ? 'carrier_rejected' : 'unknown';
}

/**
 * The codes to look up for one stored error code, most specific first: the whole code, then each
 * shorter ':'-bounded head. Receipt codes are stored as "<stat>:<err>" (e.g. "UNDELIV:001",
 * "MK:0005:MK:0005", "ERR:25:25"), so the stat itself is always among them.
 */
function candidates(code: string): string[] {
  const parts = code.trim().toUpperCase().split(':');
  const out: string[] = [];
  for (let n = parts.length; n >= 1; n--) out.push(parts.slice(0, n).join(':'));
  return out;
}

export type FailureClassifier = (state: MessageState, errorCode: string | null) => FailureCategory | null;

/**
 * Compiles a table into a classifier. Delivered and not-yet-final messages have no category (null);
 * cancelled ones neither (they were never sent). An expired message is always 'expired'.
 */
export function failureClassifier(table: FailureCategoryTable = DEFAULT_FAILURE_TABLE): FailureClassifier {
  const exact = new Map<string, FailureCategory>();
  const family = new Map<string, FailureCategory>();
  for (const [key, category] of Object.entries(table)) {
    const upper = key.trim().toUpperCase();
    if (upper.endsWith(':*')) family.set(upper.slice(0, -2), category);
    else exact.set(upper, category);
  }
  return (state, errorCode) => {
    if (state !== 'undelivered' && state !== 'expired' && state !== 'rejected' && state !== 'failed') return null;
    if (state === 'expired') return 'expired';
    if (errorCode) {
      const keys = candidates(errorCode);
      for (const key of keys) {
        const found = exact.get(key) ?? family.get(key);
        if (found) return found;
      }
    }
    return byState(state);
  };
}

/** Validates an admin's edits (key → category); throws a RangeError naming the bad entry. */
export function checkFailureTable(entries: Record<string, unknown>): FailureCategoryTable {
  const out: Record<string, FailureCategory> = {};
  for (const [key, value] of Object.entries(entries)) {
    const trimmed = key.trim();
    if (trimmed === '' || trimmed.length > 64) throw new RangeError(`code '${key}' must be 1 to 64 characters`);
    if (!isFailureCategory(value)) throw new RangeError(`category for '${key}' must be one of ${FAILURE_CATEGORIES.join(', ')}`);
    out[trimmed.toUpperCase()] = value;
  }
  return out;
}
