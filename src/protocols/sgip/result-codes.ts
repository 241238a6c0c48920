// SGIP 1.2 Result / ErrorCode values (spec table 5-2, sgip.md §10), their names, and retry outcomes.

export const SgipResult = {
  OK: 0,
  ILLEGAL_LOGIN: 1,
  REPEATED_LOGIN: 2,
  TOO_MANY_CONNECTIONS: 3,
  BAD_LOGIN_TYPE: 4,
  BAD_PARAMETER_FORMAT: 5,
  ILLEGAL_MOBILE_NUMBER: 6,
  BAD_MESSAGE_ID: 7,
  BAD_MESSAGE_LENGTH: 8,
  ILLEGAL_SEQUENCE_NUMBER: 9,
  ILLEGAL_GNS_OPERATION: 10,
  NODE_BUSY: 11,
  DESTINATION_UNREACHABLE: 21,
  ROUTING_ERROR: 22,
  ROUTE_NOT_FOUND: 23,
  CHARGE_NUMBER_INVALID: 24,
  USER_UNREACHABLE: 25,
  HANDSET_MEMORY_FULL: 26,
  HANDSET_NO_SMS: 27,
  HANDSET_RECEIVE_ERROR: 28,
  UNKNOWN_USER: 29,
  FUNCTION_NOT_PROVIDED: 30,
  ILLEGAL_DEVICE: 31,
  SYSTEM_FAILURE: 32,
  SMSC_QUEUE_FULL: 33,
} as const;

export type SgipResultName = keyof typeof SgipResult;

/** What a gateway does with a message after a response Result (same vocabulary as the SMPP table). */
export type ResultOutcome = 'ok' | 'permanent' | 'transient' | 'throttled';

/** Per-connector reclassification of codes, e.g. `{ 8: 'transient' }`. */
export type ResultOverrides = ReadonlyMap<number, ResultOutcome> | { readonly [code: number]: ResultOutcome | undefined };

const nameByCode = new Map<number, SgipResultName>((Object.entries(SgipResult) as [SgipResultName, number][]).map(([name, code]) => [code, name]));

/** The spec name of a code, or `RESULT_n` for one the spec leaves "to be defined", for logs. */
export function resultName(code: number): string {
  return nameByCode.get(code) ?? `RESULT_${code}`;
}

const R = SgipResult;

// Practice, not spec: "node busy" is flow control; login and connection troubles are the session's,
// not the message's, so it is resent once the link is healthy; faults in the message's own fields
// fail the same way again. Codes 21–33 are Report codes; a response carrying one is classed as the
// delivery would be (routing and subscriber faults permanent, capacity faults transient).
export const DEFAULT_RESULT_OUTCOMES: ReadonlyMap<number, ResultOutcome> = new Map<number, ResultOutcome>([
  [R.OK, 'ok'],
  [R.NODE_BUSY, 'throttled'],
  [R.SMSC_QUEUE_FULL, 'throttled'],
  [R.TOO_MANY_CONNECTIONS, 'throttled'],
  [R.ILLEGAL_LOGIN, 'transient'],
  [R.REPEATED_LOGIN, 'transient'],
  [R.BAD_LOGIN_TYPE, 'transient'],
  [R.ILLEGAL_SEQUENCE_NUMBER, 'transient'],
  [R.DESTINATION_UNREACHABLE, 'transient'],
  [R.SYSTEM_FAILURE, 'transient'],
  [R.BAD_PARAMETER_FORMAT, 'permanent'],
  [R.ILLEGAL_MOBILE_NUMBER, 'permanent'],
  [R.BAD_MESSAGE_ID, 'permanent'],
  [R.BAD_MESSAGE_LENGTH, 'permanent'],
  [R.ILLEGAL_GNS_OPERATION, 'permanent'],
  [R.ROUTING_ERROR, 'permanent'],
  [R.ROUTE_NOT_FOUND, 'permanent'],
  [R.CHARGE_NUMBER_INVALID, 'permanent'],
  [R.USER_UNREACHABLE, 'transient'],
  [R.HANDSET_MEMORY_FULL, 'transient'],
  [R.HANDSET_NO_SMS, 'permanent'],
  [R.HANDSET_RECEIVE_ERROR, 'transient'],
  [R.UNKNOWN_USER, 'permanent'],
  [R.FUNCTION_NOT_PROVIDED, 'permanent'],
  [R.ILLEGAL_DEVICE, 'permanent'],
]);

function overrideFor(code: number, overrides: ResultOverrides | undefined): ResultOutcome | undefined {
  if (overrides === undefined) return undefined;
  if (overrides instanceof Map) return overrides.get(code);
  return (overrides as { readonly [code: number]: ResultOutcome | undefined })[code];
}

/**
 * The outcome of a response Result, overrides first. 0 is always 'ok'. Codes the spec leaves
 * undefined default to 'transient': retries end with the validity, while failing a message on a
 * code nobody understood loses it; operators reclassify known vendor codes via `overrides`.
 */
export function resultOutcome(code: number, overrides?: ResultOverrides): ResultOutcome {
  if (code === R.OK) return 'ok';
  const outcome = overrideFor(code, overrides) ?? DEFAULT_RESULT_OUTCOMES.get(code) ?? 'transient';
  return outcome === 'ok' ? 'transient' : outcome;
}
