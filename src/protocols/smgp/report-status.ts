// Report stat words (DELIVRD, UNDELIV, MK:0005 …) → one of a few delivery states, through a table
// operators can extend: the raw word is always kept next to the state for display and billing.

/** What a report says happened; 'enroute' means "not final yet, wait for another report". */
export type ReportState = 'delivered' | 'undelivered' | 'expired' | 'rejected' | 'unknown' | 'enroute';

export interface ReportStatusTable {
  /** Whole stat words, upper case. */
  readonly exact: ReadonlyMap<string, ReportState>;
  /** Leading parts, upper case, longest tried first (e.g. "MK:" covers every MK:xxxx). */
  readonly prefixes: ReadonlyArray<readonly [string, ReportState]>;
  /** State of a word no entry matches. */
  readonly fallback: ReportState;
}

/**
 * The stat words of smgp.md 8, plus the error-class prefixes Chinese gateways write in place of a
 * word when the handset side failed (MK/MI/MN: switch and HLR errors, DB: gateway database,
 * IA/ID/IB/IC: SMSC or interconnect refusal, CA/CB: charging, SME: the handset itself).
 */
export const DEFAULT_REPORT_STATUS_TABLE: ReportStatusTable = {
  exact: new Map<string, ReportState>([
    ['DELIVRD', 'delivered'],
    ['DELIVERED', 'delivered'],
    ['EXPIRED', 'expired'],
    ['UNDELIV', 'undelivered'],
    ['UNDELIVERABLE', 'undelivered'],
    // Deleted at the SMGW (an operator or a cancel): it will not be delivered.
    ['DELETED', 'undelivered'],
    ['REJECTD', 'rejected'],
    ['REJECTED', 'rejected'],
    ['UNKNOWN', 'unknown'],
    // Kept for SMPP compatibility (smgp.md 8); gateways use it for "taken over": a later report follows.
    ['ACCEPTD', 'enroute'],
    ['ENROUTE', 'enroute'],
  ]),
  prefixes: [
    ['MK:', 'undelivered'],
    ['MI:', 'undelivered'],
    ['MN:', 'undelivered'],
    ['MB:', 'undelivered'],
    ['ID:', 'rejected'],
    ['IA:', 'rejected'],
    ['IB:', 'rejected'],
    ['IC:', 'rejected'],
    ['CA:', 'rejected'],
    ['CB:', 'rejected'],
    ['DB:', 'undelivered'],
    ['SME', 'undelivered'],
  ],
  fallback: 'unknown',
};

export const REPORT_STATES: readonly ReportState[] = ['delivered', 'undelivered', 'expired', 'rejected', 'unknown', 'enroute'];

/**
 * A table with entries added or replaced. Keys are stat words; a key ending in '*' is a prefix
 * ("DB:*"). Later prefixes of the same length win over the defaults.
 */
export function reportStatusTable(entries: Readonly<Record<string, ReportState>>, base: ReportStatusTable = DEFAULT_REPORT_STATUS_TABLE): ReportStatusTable {
  const exact = new Map(base.exact);
  const prefixes = new Map(base.prefixes);
  for (const [key, state] of Object.entries(entries)) {
    if (!REPORT_STATES.includes(state)) throw new RangeError(`report state for '${key}' must be one of ${REPORT_STATES.join(', ')}, got '${state}'`);
    const word = key.trim().toUpperCase();
    if (word.endsWith('*')) prefixes.set(word.slice(0, -1), state);
    else exact.set(word, state);
  }
  return { exact, prefixes: [...prefixes].sort((a, b) => b[0].length - a[0].length), fallback: base.fallback };
}

/** The state a stat word stands for under `table`; case and surrounding blanks are ignored. */
export function reportStateOf(stat: string, table: ReportStatusTable = DEFAULT_REPORT_STATUS_TABLE): ReportState {
  const word = stat.trim().toUpperCase();
  const exact = table.exact.get(word);
  if (exact) return exact;
  for (const [prefix, state] of table.prefixes) if (word.startsWith(prefix)) return state;
  return table.fallback;
}
