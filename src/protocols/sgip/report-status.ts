// Report State + ErrorCode → a raw status text kept for display, and its normalised outcome through
// an editable table (exported, so config and tooling can show and extend it).
import { SgipResult } from './result-codes.ts';

/** Report State (sgip.md §8). */
export const ReportState = {
  DELIVERED: 0,
  WAITING: 1,
  FAILED: 2,
} as const;

/** Where a report leaves the message; 'enroute' is not final (a later report follows). */
export type NormalizedReportStatus = 'delivered' | 'undelivered' | 'expired' | 'rejected' | 'unknown' | 'enroute';

/** Raw status (upper case) or a prefix pattern ending in '*' → normalised status. */
export type ReportStatusTable = Readonly<Record<string, NormalizedReportStatus>>;

/**
 * The raw status of a Report: "DELIVRD" (State 0), "ENROUTE" (State 1, waiting), "ERR:<code>"
 * (State 2 with its ErrorCode, e.g. "ERR:25"), and "STATE:<state>:<code>" for a State the spec does not define.
 */
export function rawReportStatus(state: number, errorCode: number): string {
  switch (state) {
    case ReportState.DELIVERED:
      return 'DELIVRD';
    case ReportState.WAITING:
      return 'ENROUTE';
    case ReportState.FAILED:
      return `ERR:${errorCode}`;
    default:
      return `STATE:${state}:${errorCode}`;
  }
}

const R = SgipResult;
const err = (code: number) => `ERR:${code}`;

// SGIP's failure codes (sgip.md §10) by what they mean for the message: the network refusing it
// (no route, unknown or unable handset) is 'rejected'; an absent subscriber the SMSC gave up on is
// 'expired'; capacity and handset faults are 'undelivered'. The text words and MK/MI/DB families
// that CMPP-style gateways put in reports are included, so one table serves relayed reports too.
export const DEFAULT_REPORT_STATUS_TABLE: ReportStatusTable = Object.freeze({
  DELIVRD: 'delivered',
  ENROUTE: 'enroute',
  ACCEPTD: 'enroute',
  UNDELIV: 'undelivered',
  EXPIRED: 'expired',
  REJECTD: 'rejected',
  DELETED: 'undelivered',
  UNKNOWN: 'unknown',
  [err(R.DESTINATION_UNREACHABLE)]: 'undelivered',
  [err(R.ROUTING_ERROR)]: 'rejected',
  [err(R.ROUTE_NOT_FOUND)]: 'rejected',
  [err(R.CHARGE_NUMBER_INVALID)]: 'rejected',
  [err(R.USER_UNREACHABLE)]: 'expired',
  [err(R.HANDSET_MEMORY_FULL)]: 'undelivered',
  [err(R.HANDSET_NO_SMS)]: 'rejected',
  [err(R.HANDSET_RECEIVE_ERROR)]: 'undelivered',
  [err(R.UNKNOWN_USER)]: 'rejected',
  [err(R.FUNCTION_NOT_PROVIDED)]: 'rejected',
  [err(R.ILLEGAL_DEVICE)]: 'rejected',
  [err(R.SYSTEM_FAILURE)]: 'undelivered',
  [err(R.SMSC_QUEUE_FULL)]: 'undelivered',
  'ERR:*': 'undelivered',
  'MK:*': 'undelivered',
  'MI:*': 'undelivered',
  'MA:*': 'undelivered',
  'MB:*': 'undelivered',
  'MC:*': 'undelivered',
  'DB:*': 'rejected',
  'IA:*': 'rejected',
  'ID:*': 'rejected',
  'IC:*': 'rejected',
});

/**
 * Compiles a table into a lookup: the exact raw status first (case and blanks ignored), then the
 * longest matching prefix pattern, else 'unknown'. Pass `{ ...DEFAULT_REPORT_STATUS_TABLE, ... }`
 * to extend the default.
 */
export function reportStatusNormalizer(table: ReportStatusTable): (raw: string) => NormalizedReportStatus {
  const exact = new Map<string, NormalizedReportStatus>();
  const prefixes: Array<[string, NormalizedReportStatus]> = [];
  for (const [key, status] of Object.entries(table)) {
    const upper = key.trim().toUpperCase();
    if (upper.endsWith('*')) prefixes.push([upper.slice(0, -1), status]);
    else exact.set(upper, status);
  }
  prefixes.sort((a, b) => b[0].length - a[0].length);
  return (raw) => {
    const upper = raw.trim().toUpperCase();
    const found = exact.get(upper);
    if (found) return found;
    for (const [prefix, status] of prefixes) if (upper.startsWith(prefix)) return status;
    return 'unknown';
  };
}

const normalizeDefault = reportStatusNormalizer(DEFAULT_REPORT_STATUS_TABLE);

/** Normalises with the default table, or with `table` when given. */
export function normalizeReportStatus(raw: string, table?: ReportStatusTable): NormalizedReportStatus {
  return table ? reportStatusNormalizer(table)(raw) : normalizeDefault(raw);
}
