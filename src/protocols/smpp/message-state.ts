// SMPP message_state values, their receipt `stat:` words, and which states are final or successful.

/** message_state (smpp34.md section 11); 0 and 9 come from SMPP 5.0 and are tolerated on input. */
export const MessageState = {
  SCHEDULED: 0,
  ENROUTE: 1,
  DELIVERED: 2,
  EXPIRED: 3,
  DELETED: 4,
  UNDELIVERABLE: 5,
  ACCEPTED: 6,
  UNKNOWN: 7,
  REJECTED: 8,
  SKIPPED: 9,
} as const;

export type MessageStateName = keyof typeof MessageState;
export type MessageStateValue = (typeof MessageState)[MessageStateName];

/** The 7-character `stat:` words of receipt text (Appendix B, plus the de-facto ENROUTE). */
export type ReceiptStat =
  | 'ENROUTE'
  | 'DELIVRD'
  | 'EXPIRED'
  | 'DELETED'
  | 'UNDELIV'
  | 'ACCEPTD'
  | 'UNKNOWN'
  | 'REJECTD';

export const RECEIPT_STATS: readonly ReceiptStat[] = [
  'ENROUTE',
  'DELIVRD',
  'EXPIRED',
  'DELETED',
  'UNDELIV',
  'ACCEPTD',
  'UNKNOWN',
  'REJECTD',
];

const nameByValue = new Map<number, MessageStateName>(
  (Object.entries(MessageState) as [MessageStateName, MessageStateValue][]).map(([n, v]) => [v, n]),
);

// smpp34.md section 11: state → stat word. SCHEDULED and SKIPPED (5.0) have no receipt word.
const statByState = new Map<number, ReceiptStat>([
  [MessageState.ENROUTE, 'ENROUTE'],
  [MessageState.DELIVERED, 'DELIVRD'],
  [MessageState.EXPIRED, 'EXPIRED'],
  [MessageState.DELETED, 'DELETED'],
  [MessageState.UNDELIVERABLE, 'UNDELIV'],
  [MessageState.ACCEPTED, 'ACCEPTD'],
  [MessageState.UNKNOWN, 'UNKNOWN'],
  [MessageState.REJECTED, 'REJECTD'],
]);

const stateByWord = new Map<string, MessageStateValue>();
for (const [state, stat] of statByState) stateByWord.set(stat, state as MessageStateValue);
// Some SMSCs write the full state name instead of the 7-character word; accept both.
for (const [value, name] of nameByValue) stateByWord.set(name, value as MessageStateValue);

export function isMessageState(value: number): value is MessageStateValue {
  return nameByValue.has(value);
}

/** Name of a state, or `UNKNOWN_STATE(n)` for a value outside the table. */
export function messageStateName(value: number): string {
  return nameByValue.get(value) ?? `UNKNOWN_STATE(${value})`;
}

/** The receipt `stat:` word for a state, or undefined where none exists (0, 9, unknown values). */
export function statFromState(value: number): ReceiptStat | undefined {
  return statByState.get(value);
}

/**
 * The state a receipt `stat:` word stands for; case and surrounding blanks are ignored and the
 * full state names (`DELIVERED`, `UNDELIVERABLE` …) are accepted too. Undefined for other words
 * (e.g. `NOROUTE`): callers keep the raw word and map it through their own table.
 */
export function stateFromStat(stat: string): MessageStateValue | undefined {
  return stateByWord.get(stat.trim().toUpperCase());
}

/** A final state ends the message's life at the SMSC: everything except SCHEDULED and ENROUTE. */
export function isFinalState(value: number): boolean {
  return isMessageState(value) && value !== MessageState.SCHEDULED && value !== MessageState.ENROUTE;
}

/** Only DELIVERED counts as success (domain.md 4.1: DELIVRD is the only success). */
export function isSuccessState(value: number): boolean {
  return value === MessageState.DELIVERED;
}
