// SMGP 3.0 Status codes (spec 6.2.6, smgp.md 11): names for logs and the default retry outcome of each.

export const SmgpStatus = {
  OK: 0,
  SYSTEM_BUSY: 1,
  TOO_MANY_CONNECTIONS: 2,
  MESSAGE_STRUCTURE_ERROR: 10,
  COMMAND_WORD_ERROR: 11,
  DUPLICATE_SEQUENCE: 12,
  IP_ADDRESS_ERROR: 20,
  AUTHENTICATION_ERROR: 21,
  VERSION_TOO_HIGH: 22,
  ILLEGAL_MSG_TYPE: 30,
  ILLEGAL_PRIORITY: 31,
  ILLEGAL_FEE_TYPE: 32,
  ILLEGAL_FEE_CODE: 33,
  ILLEGAL_MSG_FORMAT: 34,
  ILLEGAL_TIME_FORMAT: 35,
  ILLEGAL_MSG_LENGTH: 36,
  VALIDITY_EXPIRED: 37,
  ILLEGAL_QUERY_TYPE: 38,
  ROUTING_ERROR: 39,
  ILLEGAL_FIXED_FEE: 40,
  ILLEGAL_UPDATE_TYPE: 41,
  ILLEGAL_ROUTE_ID: 42,
  ILLEGAL_SERVICE_ID: 43,
  ILLEGAL_VALID_TIME: 44,
  ILLEGAL_AT_TIME: 45,
  ILLEGAL_SRC_TERM_ID: 46,
  ILLEGAL_DEST_TERM_ID: 47,
  ILLEGAL_CHARGE_TERM_ID: 48,
  ILLEGAL_SP_CODE: 49,
  ILLEGAL_SRC_GATEWAY_ID: 56,
  ILLEGAL_QUERY_TERM_ID: 57,
  NO_MATCHING_ROUTE: 58,
  ILLEGAL_SP_TYPE: 59,
  ILLEGAL_LAST_ROUTE_ID: 60,
  ILLEGAL_ROUTE_TYPE: 61,
  ILLEGAL_DEST_GATEWAY_ID: 62,
  ILLEGAL_DEST_GATEWAY_IP: 63,
  ILLEGAL_DEST_GATEWAY_PORT: 64,
  ILLEGAL_TERM_RANGE_ID: 65,
  ILLEGAL_PROVINCE_CODE: 66,
  ILLEGAL_USER_TYPE: 67,
  ROUTE_UPDATE_NOT_SUPPORTED: 68,
  ILLEGAL_SP_ID: 69,
  ILLEGAL_SP_ACCESS_TYPE: 70,
  ROUTE_UPDATE_FAILED: 71,
  ILLEGAL_TIME: 72,
  ILLEGAL_MSERVICE_ID: 73,
  SP_TIME_WINDOW_FORBIDDEN: 74,
  SP_DAILY_LIMIT_EXCEEDED: 75,
  SP_ACCOUNT_EXPIRED: 76,
} as const;

export type SmgpStatusName = keyof typeof SmgpStatus;

/** What to do with a message after a Status; 'ok' only for 0. */
export type SmgpStatusOutcome = 'ok' | 'permanent' | 'transient' | 'throttled';

/** Per-connector reclassification of codes, e.g. a vendor code (128–255) that means "slow down". */
export type SmgpStatusOverrides = ReadonlyMap<number, SmgpStatusOutcome> | { readonly [code: number]: SmgpStatusOutcome | undefined };

const nameByCode = new Map<number, SmgpStatusName>((Object.entries(SmgpStatus) as [SmgpStatusName, number][]).map(([name, code]) => [code, name]));

/** The spec name of a code, or `STATUS_n (reserved|vendor)` for the rest, so logs stay readable. */
export function smgpStatusName(code: number): string {
  const name = nameByCode.get(code);
  if (name !== undefined) return name;
  // Spec 6.2.6: 128–255 are left to vendors; everything else undefined is reserved or "other uses".
  return `STATUS_${code} (${code >= 128 && code <= 255 ? 'vendor' : 'reserved'})`;
}

const S = SmgpStatus;

// Our policy, not the spec's (smgp.md 11, "suggested handling"): flow control is throttled; faults
// of the SMGW or of our session are retried; anything about the message's own fields would fail
// the same way again, so it is permanent.
/** The default table, exported so config tooling can show it; every defined code is listed. */
export const DEFAULT_SMGP_STATUS_OUTCOMES: ReadonlyMap<number, SmgpStatusOutcome> = new Map<number, SmgpStatusOutcome>([
  [S.OK, 'ok'],
  [S.SYSTEM_BUSY, 'throttled'],
  [S.SP_DAILY_LIMIT_EXCEEDED, 'throttled'],

  [S.TOO_MANY_CONNECTIONS, 'transient'],
  [S.DUPLICATE_SEQUENCE, 'transient'],
  // Login faults are the session's, not the message's: it is sent again once a session is healthy.
  [S.IP_ADDRESS_ERROR, 'transient'],
  [S.AUTHENTICATION_ERROR, 'transient'],
  [S.VERSION_TOO_HIGH, 'transient'],
  // A time window closes and opens again; retrying until validity ends is what the SP wants.
  [S.SP_TIME_WINDOW_FORBIDDEN, 'transient'],
  [S.SP_ACCOUNT_EXPIRED, 'transient'],
  [S.ROUTE_UPDATE_FAILED, 'transient'],

  [S.MESSAGE_STRUCTURE_ERROR, 'permanent'],
  [S.COMMAND_WORD_ERROR, 'permanent'],
  [S.ILLEGAL_MSG_TYPE, 'permanent'],
  [S.ILLEGAL_PRIORITY, 'permanent'],
  [S.ILLEGAL_FEE_TYPE, 'permanent'],
  [S.ILLEGAL_FEE_CODE, 'permanent'],
  [S.ILLEGAL_MSG_FORMAT, 'permanent'],
  [S.ILLEGAL_TIME_FORMAT, 'permanent'],
  [S.ILLEGAL_MSG_LENGTH, 'permanent'],
  [S.VALIDITY_EXPIRED, 'permanent'],
  [S.ILLEGAL_QUERY_TYPE, 'permanent'],
  [S.ROUTING_ERROR, 'permanent'],
  [S.ILLEGAL_FIXED_FEE, 'permanent'],
  [S.ILLEGAL_UPDATE_TYPE, 'permanent'],
  [S.ILLEGAL_ROUTE_ID, 'permanent'],
  [S.ILLEGAL_SERVICE_ID, 'permanent'],
  [S.ILLEGAL_VALID_TIME, 'permanent'],
  [S.ILLEGAL_AT_TIME, 'permanent'],
  [S.ILLEGAL_SRC_TERM_ID, 'permanent'],
  [S.ILLEGAL_DEST_TERM_ID, 'permanent'],
  [S.ILLEGAL_CHARGE_TERM_ID, 'permanent'],
  [S.ILLEGAL_SP_CODE, 'permanent'],
  [S.ILLEGAL_SRC_GATEWAY_ID, 'permanent'],
  [S.ILLEGAL_QUERY_TERM_ID, 'permanent'],
  [S.NO_MATCHING_ROUTE, 'permanent'],
  [S.ILLEGAL_SP_TYPE, 'permanent'],
  [S.ILLEGAL_LAST_ROUTE_ID, 'permanent'],
  [S.ILLEGAL_ROUTE_TYPE, 'permanent'],
  [S.ILLEGAL_DEST_GATEWAY_ID, 'permanent'],
  [S.ILLEGAL_DEST_GATEWAY_IP, 'permanent'],
  [S.ILLEGAL_DEST_GATEWAY_PORT, 'permanent'],
  [S.ILLEGAL_TERM_RANGE_ID, 'permanent'],
  [S.ILLEGAL_PROVINCE_CODE, 'permanent'],
  [S.ILLEGAL_USER_TYPE, 'permanent'],
  [S.ROUTE_UPDATE_NOT_SUPPORTED, 'permanent'],
  [S.ILLEGAL_SP_ID, 'permanent'],
  [S.ILLEGAL_SP_ACCESS_TYPE, 'permanent'],
  [S.ILLEGAL_TIME, 'permanent'],
  [S.ILLEGAL_MSERVICE_ID, 'permanent'],
]);

function overrideFor(code: number, overrides: SmgpStatusOverrides | undefined): SmgpStatusOutcome | undefined {
  if (overrides === undefined) return undefined;
  if (overrides instanceof Map) return overrides.get(code);
  return (overrides as { readonly [code: number]: SmgpStatusOutcome | undefined })[code];
}

/**
 * The outcome of a Status, overrides first. 0 is always 'ok'. Reserved and vendor codes default to
 * 'transient': retries are bounded by validity, and dropping a message on a code we do not
 * understand is worse; operators reclassify known vendor codes through overrides.
 */
export function smgpStatusOutcome(code: number, overrides?: SmgpStatusOverrides): SmgpStatusOutcome {
  if (code === S.OK) return 'ok';
  return overrideFor(code, overrides) ?? DEFAULT_SMGP_STATUS_OUTCOMES.get(code) ?? 'transient';
}
