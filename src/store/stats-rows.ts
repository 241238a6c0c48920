// SQL and row mapping of the statistics rollup, shared by the SQLite and PostgreSQL stores ('?' placeholders).
import type { MessageState } from '../core/message.ts';
import type { FinalMessageGroup, StatsAggregate, StatsDimension, StatsRow } from './types.ts';

type Row = Record<string, unknown>;

/**
 * Final messages of [from, to) per hour and dimension: an index range on messages_done, grouped in the
 * database. The carrier stored at intake is used as it is; only messages stored before it was recorded
 * (carrier NULL) are split by number prefix, for the segment table.
 */
export const GROUP_FINAL = `SELECT (done_at / 3600000) * 3600000 AS hour, account_id, connector_id, carrier,
    CASE WHEN carrier IS NULL THEN substr(recipient, 1, 10) ELSE '' END AS prefix,
    category, state, error_code, COUNT(*) AS messages, SUM(segments) AS segments
  FROM messages WHERE done_at >= ? AND done_at < ?
  GROUP BY 1, 2, 3, 4, 5, 6, 7, 8`;

export const FIRST_DONE = 'SELECT MIN(done_at) AS first FROM messages WHERE done_at IS NOT NULL';

export const DELETE_HOURS = 'DELETE FROM stats_hourly WHERE hour >= ? AND hour < ?';

export const STATS_COLUMNS = '(hour, account_id, connector_id, carrier, category, state, failure, messages, segments)';

/** Rows inserted per statement (9 parameters each, under both dialects' parameter limits). */
export const INSERT_CHUNK = 500;

export const statsRowParams = (r: StatsRow): unknown[] => [r.hour, r.accountId, r.connectorId, r.carrier, r.category, r.state, r.failure, r.messages, r.segments];

/** One INSERT for `n` rows. */
export function insertStatsSql(n: number): string {
  return `INSERT INTO stats_hourly ${STATS_COLUMNS} VALUES ${Array.from({ length: n }, () => '(?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`;
}

const DIMENSION_COLUMN: Record<StatsDimension, string> = {
  account: 'account_id',
  connector: 'connector_id',
  carrier: 'carrier',
  category: 'category',
  failure: 'failure',
};

/** The report query: summed per hour, dimension value and state; the column is from a fixed list, never from input. */
export function aggregateSql(groupBy: StatsDimension | null, byAccount: boolean): string {
  const key = groupBy ? DIMENSION_COLUMN[groupBy] : "''";
  return `SELECT hour, ${key} AS key, state, SUM(messages) AS messages, SUM(segments) AS segments
    FROM stats_hourly WHERE ${byAccount ? 'account_id = ? AND ' : ''}hour >= ? AND hour < ?
    GROUP BY hour, ${groupBy ? `${key}, ` : ''}state`;
}

/** Takes the lease when it is free or already ours; a row changed means we hold it. */
export const LEASE = `INSERT INTO stats_jobs (name, holder, lease_until, watermark) VALUES (?, ?, ?, NULL)
  ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, lease_until = excluded.lease_until
  WHERE stats_jobs.lease_until < ? OR stats_jobs.holder = excluded.holder`;

export const RELEASE = 'UPDATE stats_jobs SET lease_until = 0 WHERE name = ? AND holder = ?';
export const GET_WATERMARK = 'SELECT watermark FROM stats_jobs WHERE name = ?';
export const SET_WATERMARK = `INSERT INTO stats_jobs (name, holder, lease_until, watermark) VALUES (?, '', 0, ?)
  ON CONFLICT (name) DO UPDATE SET watermark = excluded.watermark`;

export function finalGroupFromRow(r: Row): FinalMessageGroup {
  return {
    hour: Number(r.hour),
    accountId: String(r.account_id),
    connectorId: (r.connector_id as string | null) ?? null,
    carrier: (r.carrier as string | null) ?? null,
    prefix: String(r.prefix),
    category: String(r.category),
    state: r.state as MessageState,
    errorCode: (r.error_code as string | null) ?? null,
    messages: Number(r.messages),
    segments: Number(r.segments),
  };
}

export function aggregateFromRow(r: Row): StatsAggregate {
  return { hour: Number(r.hour), key: String(r.key ?? ''), state: r.state as MessageState, messages: Number(r.messages), segments: Number(r.segments) };
}

/** '?' placeholders → '$1', '$2', … for PostgreSQL. */
export function numberedParams(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}
