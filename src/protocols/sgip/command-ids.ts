// SGIP 1.2 command ids (spec table 5-1, sgip.md §4) and the login types of Bind (sgip.md §5.1).

/** Request ids; a response id is the request id with the top bit set. */
export const CommandId = {
  bind: 0x00000001,
  unbind: 0x00000002,
  submit: 0x00000003,
  deliver: 0x00000004,
  report: 0x00000005,
  addsp: 0x00000006,
  modifysp: 0x00000007,
  deletesp: 0x00000008,
  queryroute: 0x00000009,
  addteleseg: 0x0000000a,
  modifyteleseg: 0x0000000b,
  deleteteleseg: 0x0000000c,
  addsmg: 0x0000000d,
  modifysmg: 0x0000000e,
  deletesmg: 0x0000000f,
  checkuser: 0x00000010,
  userrpt: 0x00000011,
  trace: 0x00001000,
} as const;

export const RESPONSE_BIT = 0x80000000;

export function isResponseId(commandId: number): boolean {
  return (commandId & RESPONSE_BIT) !== 0;
}

export function responseIdOf(requestId: number): number {
  // The spec table misprints MODIFYSMG_RESP as 0x0000000E; the pattern gives 0x8000000E (sgip.md §13.1).
  return (requestId | RESPONSE_BIT) >>> 0;
}

/** Bind's Login Type (sgip.md §5.1). */
export const LoginType = {
  /** SP connects to the SMG to send commands (Submit). */
  SP_TO_SMG: 1,
  /** SMG connects to the SP to send commands (Deliver, Report, UserRpt). */
  SMG_TO_SP: 2,
  SMG_TO_SMG: 3,
  SMG_TO_GNS: 4,
  GNS_TO_SMG: 5,
  GNS_TO_GNS: 6,
  /** Test connection, used for Trace. */
  TEST: 11,
} as const;

export type LoginTypeValue = (typeof LoginType)[keyof typeof LoginType];

/** Default port of the SP ↔ SMG interface, in both directions (sgip.md §1). */
export const SGIP_DEFAULT_PORT = 8801;
