// Normalises a report's raw Stat (DELIVRD, UNDELIV, MK:0001 …) to a delivery outcome via an editable table.

export type ReportOutcome = 'delivered' | 'undelivered' | 'expired' | 'rejected' | 'unknown';

/**
 * How Stat values map to outcomes: an exact match wins, then the longest matching prefix, then
 * `otherwise`. Stat is compared trimmed and upper-cased.
 */
export interface StatTable {
  readonly exact: Readonly<Record<string, ReportOutcome>>;
  readonly prefixes: Readonly<Record<string, ReportOutcome>>;
  readonly otherwise: ReportOutcome;
}

// cmpp.md 7.1: any Stat other than DELIVRD is a failed delivery; the operator's `XX:nnnn` codes
// say where it failed and are kept raw for diagnostics. An error answer from the charging (SCP) or
// service-authorisation (DSMP) platform is a refusal rather than a failed attempt, hence rejected.
// ACCEPTD is not final (an ISMG should not forward it), hence unknown.
export const DEFAULT_STAT_TABLE: StatTable = Object.freeze({
  exact: Object.freeze({
    DELIVRD: 'delivered',
    EXPIRED: 'expired',
    DELETED: 'undelivered',
    UNDELIV: 'undelivered',
    REJECTD: 'rejected',
    UNKNOWN: 'unknown',
    ACCEPTD: 'unknown',
  }),
  prefixes: Object.freeze({
    'MA:': 'undelivered', // SMSC gave no response
    'MB:': 'undelivered', // SMSC answered with an error
    'MC:': 'undelivered', // no report from the SMSC
    'MI:': 'undelivered', // SMSC-side codes seen in the field (MI:/MK:/MN:)
    'MK:': 'undelivered',
    'MN:': 'undelivered',
    'CA:': 'undelivered', // SCP gave no response
    'CB:': 'rejected', // SCP refused (charging)
    'DA:': 'undelivered', // DSMP gave no response
    'DB:': 'rejected', // DSMP refused (service authorisation)
    'SA:': 'undelivered',
    'SB:': 'undelivered',
    'IA:': 'undelivered',
    'IB:': 'undelivered',
    'IC:': 'undelivered',
  }),
  otherwise: 'undelivered',
});

/** The outcome of a Stat under `table` (default DEFAULT_STAT_TABLE). */
export function statOutcome(stat: string, table: StatTable = DEFAULT_STAT_TABLE): ReportOutcome {
  const key = stat.trim().toUpperCase();
  const exact = table.exact[key];
  if (exact !== undefined) return exact;
  let best: string | undefined;
  for (const prefix of Object.keys(table.prefixes)) {
    if (key.startsWith(prefix.toUpperCase()) && (best === undefined || prefix.length > best.length)) best = prefix;
  }
  return best === undefined ? table.otherwise : table.prefixes[best];
}

/** A table with `changes` laid over `base`, e.g. `{ prefixes: { 'MK:0005': 'expired' } }` from config. */
export function statTable(changes: { exact?: Record<string, ReportOutcome>; prefixes?: Record<string, ReportOutcome>; otherwise?: ReportOutcome }, base: StatTable = DEFAULT_STAT_TABLE): StatTable {
  return {
    exact: { ...base.exact, ...upperKeys(changes.exact) },
    prefixes: { ...base.prefixes, ...upperKeys(changes.prefixes) },
    otherwise: changes.otherwise ?? base.otherwise,
  };
}

function upperKeys(record: Record<string, ReportOutcome> | undefined): Record<string, ReportOutcome> {
  return Object.fromEntries(Object.entries(record ?? {}).map(([key, value]) => [key.trim().toUpperCase(), value]));
}
