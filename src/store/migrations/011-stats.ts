// Migration 11: the hourly statistics rollup and the lease/watermark row of background jobs.
import type { Migration } from './migration.ts';

/**
 * stats_hourly holds final messages counted per UTC hour and every report dimension; reports read
 * it instead of messages. The key leads with the hour, so replacing a range of hours and reading a
 * date range are index ranges; per-account reports use the (account_id, hour) index. The done_at
 * index the rollup reads messages by exists since migration 1 (messages_done).
 */
function tables(int64: string): string {
  return `
CREATE TABLE stats_hourly (
  hour ${int64} NOT NULL,
  account_id TEXT NOT NULL,
  connector_id TEXT NOT NULL,
  carrier TEXT NOT NULL,
  category TEXT NOT NULL,
  state TEXT NOT NULL,
  failure TEXT NOT NULL,
  messages ${int64} NOT NULL,
  segments ${int64} NOT NULL,
  PRIMARY KEY (hour, account_id, connector_id, carrier, category, state, failure)
);
CREATE INDEX stats_hourly_account ON stats_hourly (account_id, hour);

CREATE TABLE stats_jobs (
  name TEXT PRIMARY KEY,
  holder TEXT NOT NULL,
  lease_until ${int64} NOT NULL,
  watermark ${int64}
);
`;
}

export const stats: Migration = { version: 11, name: 'stats', sqlite: tables('INTEGER'), postgres: tables('BIGINT') };
