// SMPP 3.4 command_status catalogue, display names and the default retry outcome of each code.

/** Every command_status defined by SMPP 3.4 Table 5-2 (smpp34.md section 12), 3.4 names. */
export const CommandStatus = {
  ESME_ROK: 0x00,
  ESME_RINVMSGLEN: 0x01,
  ESME_RINVCMDLEN: 0x02,
  ESME_RINVCMDID: 0x03,
  ESME_RINVBNDSTS: 0x04,
  ESME_RALYBND: 0x05,
  ESME_RINVPRTFLG: 0x06,
  ESME_RINVREGDLVFLG: 0x07,
  ESME_RSYSERR: 0x08,
  ESME_RINVSRCADR: 0x0a,
  ESME_RINVDSTADR: 0x0b,
  ESME_RINVMSGID: 0x0c,
  ESME_RBINDFAIL: 0x0d,
  ESME_RINVPASWD: 0x0e,
  ESME_RINVSYSID: 0x0f,
  ESME_RCANCELFAIL: 0x11,
  ESME_RREPLACEFAIL: 0x13,
  ESME_RMSGQFUL: 0x14,
  ESME_RINVSERTYP: 0x15,
  ESME_RINVNUMDESTS: 0x33,
  ESME_RINVDLNAME: 0x34,
  ESME_RINVDESTFLAG: 0x40,
  ESME_RINVSUBREP: 0x42,
  ESME_RINVESMCLASS: 0x43,
  ESME_RCNTSUBDL: 0x44,
  ESME_RSUBMITFAIL: 0x45,
  ESME_RINVSRCTON: 0x48,
  ESME_RINVSRCNPI: 0x49,
  ESME_RINVDSTTON: 0x50,
  ESME_RINVDSTNPI: 0x51,
  ESME_RINVSYSTYP: 0x53,
  ESME_RINVREPFLAG: 0x54,
  ESME_RINVNUMMSGS: 0x55,
  ESME_RTHROTTLED: 0x58,
  ESME_RINVSCHED: 0x61,
  ESME_RINVEXPIRY: 0x62,
  ESME_RINVDFTMSGID: 0x63,
  ESME_RX_T_APPN: 0x64,
  ESME_RX_P_APPN: 0x65,
  ESME_RX_R_APPN: 0x66,
  ESME_RQUERYFAIL: 0x67,
  // SMPP 5.0 renamed 0xC0–0xC4 (ESME_RINVTLVSTREAM …); the values are the same (smpp34.md 18.3).
  ESME_RINVOPTPARSTREAM: 0xc0,
  ESME_ROPTPARNOTALLWD: 0xc1,
  ESME_RINVPARLEN: 0xc2,
  ESME_RMISSINGOPTPARAM: 0xc3,
  ESME_RINVOPTPARAMVAL: 0xc4,
  ESME_RDELIVERYFAILURE: 0xfe,
  ESME_RUNKNOWNERR: 0xff,
} as const;

export type CommandStatusName = keyof typeof CommandStatus;
export type CommandStatusCode = (typeof CommandStatus)[CommandStatusName];

/** What a gateway does with a message after an upstream answered with a status. */
export type StatusOutcome = 'ok' | 'permanent' | 'transient' | 'throttled';

/** Per-connector reclassification, e.g. `{ [0x45]: 'permanent' }` or a Map from config. */
export type StatusOverrides =
  | ReadonlyMap<number, StatusOutcome>
  | { readonly [code: number]: StatusOutcome | undefined };

/** Which block of the 32-bit status space a code falls in (Table 5-2 footer rows). */
export type CommandStatusRange = 'defined' | 'reserved' | 'extension' | 'vendor';

const nameByCode = new Map<number, CommandStatusName>(
  (Object.entries(CommandStatus) as [CommandStatusName, number][]).map(([name, code]) => [code, name]),
);

/** Normalises to the unsigned 32-bit value the wire carries. */
function u32(code: number): number {
  return code >>> 0;
}

export function commandStatusRange(code: number): CommandStatusRange {
  const c = u32(code);
  if (nameByCode.has(c)) return 'defined';
  // SMPP 3.4 Table 5-2: 0x100–0x3FF reserved for SMPP extension, 0x400–0x4FF for SMSC vendors.
  if (c >= 0x100 && c <= 0x3ff) return 'extension';
  if (c >= 0x400 && c <= 0x4ff) return 'vendor';
  return 'reserved';
}

/** Hex form used for codes without a 3.4 name, e.g. `0x00000401`. */
export function commandStatusHex(code: number): string {
  return `0x${u32(code).toString(16).toUpperCase().padStart(8, '0')}`;
}

/**
 * The spec name of a code, or its hex form with the range noted for anything else
 * (`0x00000401 (vendor)`, `0x00000105 (extension)`, `0x00000009 (reserved)`), so logs stay readable.
 */
export function commandStatusName(code: number): string {
  const name = nameByCode.get(u32(code));
  if (name !== undefined) return name;
  return `${commandStatusHex(code)} (${commandStatusRange(code)})`;
}

const S = CommandStatus;

// Practice, not spec (smpp34.md section 12, note under the table): rate and capacity answers are
// retried with back-off; faults on the SMSC side are retried; anything about the message's own
// fields would fail the same way again, so it is permanent.
/** The default table, exported so config tooling can show it; every defined code is listed. */
export const DEFAULT_STATUS_OUTCOMES: ReadonlyMap<number, StatusOutcome> = new Map<number, StatusOutcome>([
  [S.ESME_ROK, 'ok'],
  [S.ESME_RTHROTTLED, 'throttled'],

  [S.ESME_RMSGQFUL, 'transient'],
  [S.ESME_RX_T_APPN, 'transient'],
  [S.ESME_RSYSERR, 'transient'],
  [S.ESME_RUNKNOWNERR, 'transient'],
  [S.ESME_RSUBMITFAIL, 'transient'],
  [S.ESME_RDELIVERYFAILURE, 'transient'],
  [S.ESME_RQUERYFAIL, 'transient'],
  // Session faults (wrong bind state, bind/credential errors) are not the message's fault: it is
  // re-sent once the session is healthy again; the session layer owns bind retry policy.
  [S.ESME_RINVBNDSTS, 'transient'],
  [S.ESME_RALYBND, 'transient'],
  [S.ESME_RBINDFAIL, 'transient'],
  [S.ESME_RINVPASWD, 'transient'],
  [S.ESME_RINVSYSID, 'transient'],
  [S.ESME_RINVSYSTYP, 'transient'],

  [S.ESME_RINVMSGLEN, 'permanent'],
  [S.ESME_RINVCMDLEN, 'permanent'],
  [S.ESME_RINVCMDID, 'permanent'],
  [S.ESME_RINVPRTFLG, 'permanent'],
  [S.ESME_RINVREGDLVFLG, 'permanent'],
  [S.ESME_RINVSRCADR, 'permanent'],
  [S.ESME_RINVDSTADR, 'permanent'],
  [S.ESME_RINVMSGID, 'permanent'],
  // Cancel/replace fail mostly because the message is already final: asking again will not help.
  [S.ESME_RCANCELFAIL, 'permanent'],
  [S.ESME_RREPLACEFAIL, 'permanent'],
  [S.ESME_RINVSERTYP, 'permanent'],
  [S.ESME_RINVNUMDESTS, 'permanent'],
  [S.ESME_RINVDLNAME, 'permanent'],
  [S.ESME_RINVDESTFLAG, 'permanent'],
  [S.ESME_RINVSUBREP, 'permanent'],
  [S.ESME_RINVESMCLASS, 'permanent'],
  [S.ESME_RCNTSUBDL, 'permanent'],
  [S.ESME_RINVSRCTON, 'permanent'],
  [S.ESME_RINVSRCNPI, 'permanent'],
  [S.ESME_RINVDSTTON, 'permanent'],
  [S.ESME_RINVDSTNPI, 'permanent'],
  [S.ESME_RINVREPFLAG, 'permanent'],
  [S.ESME_RINVNUMMSGS, 'permanent'],
  [S.ESME_RINVSCHED, 'permanent'],
  [S.ESME_RINVEXPIRY, 'permanent'],
  [S.ESME_RINVDFTMSGID, 'permanent'],
  [S.ESME_RX_P_APPN, 'permanent'],
  [S.ESME_RX_R_APPN, 'permanent'],
  [S.ESME_RINVOPTPARSTREAM, 'permanent'],
  [S.ESME_ROPTPARNOTALLWD, 'permanent'],
  [S.ESME_RINVPARLEN, 'permanent'],
  [S.ESME_RMISSINGOPTPARAM, 'permanent'],
  [S.ESME_RINVOPTPARAMVAL, 'permanent'],
]);

function overrideFor(code: number, overrides: StatusOverrides | undefined): StatusOutcome | undefined {
  if (overrides === undefined) return undefined;
  if (overrides instanceof Map) return overrides.get(code);
  return (overrides as { readonly [code: number]: StatusOutcome | undefined })[code];
}

/**
 * Default outcome of a command_status, with per-connector overrides applied first.
 * ESME_ROK is always 'ok' (an override cannot turn success into failure). Reserved, extension and
 * vendor codes default to 'transient': retries are bounded by validity, and dropping a message on
 * a code we do not understand is worse; operators reclassify known vendor codes via `overrides`.
 */
export function statusOutcome(code: number, overrides?: StatusOverrides): StatusOutcome {
  const c = u32(code);
  if (c === S.ESME_ROK) return 'ok';
  return overrideFor(c, overrides) ?? DEFAULT_STATUS_OUTCOMES.get(c) ?? 'transient';
}
