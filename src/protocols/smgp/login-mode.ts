// Login constants shared by the SP and SMGW sides (smgp.md 4.1).

/** LoginMode: what the session carries. 0 MT only; 1 MO and reports only; 2 both. */
export const LoginMode = { SEND: 0, RECEIVE: 1, TRANSMIT: 2 } as const;
export type LoginModeValue = (typeof LoginMode)[keyof typeof LoginMode];

/** ClientVersion / ServerVersion 0x30 = SMGP 3.0 (high nibble major, low nibble minor). */
export const SMGP_VERSION = 0x30;
