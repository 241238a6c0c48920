// SUBMIT_RESP / DELIVER_RESP Result codes: names for logs and the outcome a gateway acts on.
import type { PduDecodeError } from '../shared/decode-error.ts';

/** Result values of cmpp.md 5.1 (DELIVER_RESP shares 0–8; from 9 on it only says "other"). */
export const CmppResult = {
  OK: 0,
  BAD_STRUCTURE: 1,
  BAD_COMMAND: 2,
  DUPLICATE_SEQUENCE: 3,
  BAD_LENGTH: 4,
  BAD_FEE_CODE: 5,
  TOO_LONG: 6,
  BAD_SERVICE_ID: 7,
  FLOW_CONTROL: 8,
  CHARGED_NUMBER_NOT_SERVED: 9,
  BAD_SRC_ID: 10,
  BAD_MSG_SRC: 11,
  BAD_FEE_TERMINAL_ID: 12,
  BAD_DEST_TERMINAL_ID: 13,
} as const;

/** What a gateway does with a message after this answer. */
export type CmppOutcome = 'ok' | 'permanent' | 'transient' | 'throttled';

/** Per-connector reclassification, e.g. `{ 105: 'throttled' }` for a vendor code, or a Map from config. */
export type ResultOverrides = ReadonlyMap<number, CmppOutcome> | { readonly [code: number]: CmppOutcome | undefined };

const R = CmppResult;

const NAMES = new Map<number, string>(Object.entries(R).map(([name, code]) => [code, name]));

// 8 asks the sender to slow down; a duplicate Sequence_Id is fixed by resending under a new one;
// every other defined code is about the message's own fields and would fail again.
/** The default table, exported so config tooling can show it. */
export const DEFAULT_RESULT_OUTCOMES: ReadonlyMap<number, CmppOutcome> = new Map<number, CmppOutcome>([
  [R.OK, 'ok'],
  [R.FLOW_CONTROL, 'throttled'],
  [R.DUPLICATE_SEQUENCE, 'transient'],
  [R.BAD_STRUCTURE, 'permanent'],
  [R.BAD_COMMAND, 'permanent'],
  [R.BAD_LENGTH, 'permanent'],
  [R.BAD_FEE_CODE, 'permanent'],
  [R.TOO_LONG, 'permanent'],
  [R.BAD_SERVICE_ID, 'permanent'],
  [R.CHARGED_NUMBER_NOT_SERVED, 'permanent'],
  [R.BAD_SRC_ID, 'permanent'],
  [R.BAD_MSG_SRC, 'permanent'],
  [R.BAD_FEE_TERMINAL_ID, 'permanent'],
  [R.BAD_DEST_TERMINAL_ID, 'permanent'],
]);

function overrideFor(code: number, overrides: ResultOverrides | undefined): CmppOutcome | undefined {
  if (overrides === undefined) return undefined;
  if (overrides instanceof Map) return overrides.get(code);
  return (overrides as { readonly [code: number]: CmppOutcome | undefined })[code];
}

/**
 * Outcome of a Result, overrides first. 0 is always 'ok'. Reserved (14–99) and vendor (100–199)
 * codes default to 'transient': retries are bounded by validity, and dropping a message on a code
 * we do not understand is worse; operators classify their ISMG's vendor codes via `overrides`.
 */
export function resultOutcome(code: number, overrides?: ResultOverrides): CmppOutcome {
  if (code === R.OK) return 'ok';
  return overrideFor(code, overrides) ?? DEFAULT_RESULT_OUTCOMES.get(code) ?? 'transient';
}

/** `FLOW_CONTROL (8)`, `vendor (105)`, `reserved (42)`. */
export function resultName(code: number): string {
  const name = NAMES.get(code);
  if (name !== undefined) return `${name} (${code})`;
  return `${code >= 100 && code <= 199 ? 'vendor' : 'reserved'} (${code})`;
}

/** The Result to answer a request that could not be decoded with (cmpp.md 5.1). */
export function resultForDecodeError(error: PduDecodeError): number {
  switch (error.kind) {
    case 'bad_length':
    case 'truncated':
      return R.BAD_LENGTH;
    case 'unknown_command':
      return R.BAD_COMMAND;
    default:
      return R.BAD_STRUCTURE;
  }
}
