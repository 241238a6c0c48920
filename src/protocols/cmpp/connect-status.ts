// CONNECT_RESP Status values (cmpp.md 4.1) and their names for logs.

export const CmppConnectStatus = {
  OK: 0,
  BAD_STRUCTURE: 1,
  BAD_SOURCE_ADDR: 2,
  AUTH_FAILED: 3,
  VERSION_TOO_HIGH: 4,
  /** 5 and above: any other error. */
  OTHER_ERROR: 5,
} as const;

const NAMES: Record<number, string> = {
  0: 'ok',
  1: 'bad message structure',
  2: 'illegal source address',
  3: 'authentication failed',
  4: 'version too high',
};

/** A readable name for a CONNECT_RESP Status, e.g. `authentication failed (3)`. */
export function connectStatusName(status: number): string {
  return `${NAMES[status] ?? 'other error'} (${status})`;
}
