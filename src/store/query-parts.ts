// Dialect-neutral SQL fragments: the message list filter, keyset paging, and the "set" fields of an update.
import { FINAL_STATES } from '../core/message.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import type { MessageFilter, MessageUpdate, Page, SessionTargets } from './types.ts';

/** `state IN (...)` over the final states, as literals so partial/compound indexes apply. */
export const FINAL_STATES_SQL = `(${[...FINAL_STATES].map((s) => `'${s}'`).join(', ')})`;

/** A WHERE clause with its parameters; `placeholder(n)` renders the n-th (1-based) parameter. */
export interface Where {
  sql: string;
  params: unknown[];
}

/**
 * The WHERE of a keyset page: filters ANDed, then (time, id) < cursor. The caller orders by
 * (time DESC, id DESC) and fetches limit + 1 rows to know whether there is a next page.
 */
export function pageWhere(
  conditions: Array<[column: string, value: unknown, op?: string]>,
  cursor: string | undefined,
  timeColumn: string,
  placeholder: (n: number) => string,
): Where {
  const parts: string[] = [];
  const params: unknown[] = [];
  const add = (value: unknown): string => {
    params.push(value);
    return placeholder(params.length);
  };
  for (const [column, value, op = '='] of conditions) {
    if (value !== undefined) parts.push(`${column} ${op} ${add(value)}`);
  }
  if (cursor !== undefined) {
    const key = decodeCursor(cursor);
    parts.push(`(${timeColumn}, id) < (${add(key.at)}, ${add(key.id)})`);
  }
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params };
}

export function messageConditions(f: MessageFilter): Array<[string, unknown, string?]> {
  return [
    ['account_id', f.accountId],
    ['state', f.state],
    ['recipient', f.recipient],
    ['client_ref', f.clientRef],
    ['connector_id', f.connectorId],
    ['batch_id', f.batchId],
    ['created_at', f.createdFrom, '>='],
    ['created_at', f.createdTo, '<'],
  ];
}

/** Turns limit + 1 fetched rows into a page whose cursor points after its last item. */
export function toPage<T>(rows: T[], limit: number, key: (item: T) => { at: number; id: string }): Page<T> {
  if (rows.length <= limit) return { items: rows, nextCursor: null };
  const items = rows.slice(0, limit);
  return { items, nextCursor: encodeCursor(key(items[items.length - 1])) };
}

/** Limits outside 1..1000 are clamped so a page never loads an unbounded result. */
export function clampLimit(limit: number): number {
  return Math.max(1, Math.min(1000, Math.floor(limit) || 1));
}

/** The optional fields of MessageUpdate.set, with the column each one writes. */
export const UPDATE_SET_FIELDS = [
  ['connectorId', 'connector_id'],
  ['routeId', 'route_id'],
  ['attempts', 'attempts'],
  ['nextAttemptAt', 'next_attempt_at'],
  ['inflightSince', 'inflight_since'],
  ['errorCode', 'error_code'],
  ['errorMessage', 'error_message'],
  ['submittedAt', 'submitted_at'],
  ['doneAt', 'done_at'],
  ['scheduledAt', 'scheduled_at'],
] as const satisfies ReadonlyArray<readonly [keyof NonNullable<MessageUpdate['set']>, string]>;

/**
 * Submitted messages with no receipt since before `before` (1st placeholder), or past validity then;
 * at most `limit` (2nd). Two bounded index ranges instead of an OR, which would scan every submitted row.
 */
/** Messages submitted through a connector, still awaiting a receipt, after a (submitted_at, id) cursor: the submitted index in order. */
export function submittedOnSql(connector: string, at: string, id: string, limit: string): string {
  return `SELECT * FROM messages WHERE state = 'submitted' AND (submitted_at, id) > (${at}, ${id}) AND connector_id = ${connector}
    ORDER BY submitted_at, id LIMIT ${limit}`;
}

export function staleSubmittedSql(before: string, limit: string): string {
  return `SELECT * FROM messages WHERE id IN (
      SELECT id FROM (SELECT id FROM messages WHERE state = 'submitted' AND submitted_at < ${before} ORDER BY submitted_at, id LIMIT ${limit}) AS late
      UNION
      SELECT id FROM (SELECT id FROM messages WHERE state = 'submitted' AND valid_until < ${before} ORDER BY valid_until, id LIMIT ${limit}) AS expired)
    ORDER BY submitted_at, id LIMIT ${limit}`;
}

/** The outbox's connected-targets argument as both lists (a plain list names SMPP targets), or undefined for "no filter". */
export function sessionTargets(targets: string[] | SessionTargets | undefined): SessionTargets | undefined {
  if (targets === undefined) return undefined;
  return Array.isArray(targets) ? { smpp: targets, cmpp: [] } : targets;
}
