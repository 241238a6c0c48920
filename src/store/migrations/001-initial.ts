// Migration 1: every table of the platform and the indexes its hot paths need at tens of millions of rows.
import type { Migration } from './migration.ts';

/**
 * Column types differ only where the dialects do: times are epoch ms (INTEGER / BIGINT), flags are
 * INTEGER 0/1 / BOOLEAN, JSON is TEXT / JSONB. No foreign keys on the message tables: the store
 * deletes children explicitly, and inserts stay cheap.
 */
function tables(d: { int64: string; bool: string; json: string; serial: string }): string {
  return `
CREATE TABLE accounts (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  status TEXT NOT NULL,
  callback_url TEXT,
  callback_secret TEXT NOT NULL,
  tps INTEGER NOT NULL,
  created_at ${d.int64} NOT NULL
);

CREATE TABLE users (
  username TEXT PRIMARY KEY,
  password_hash TEXT NOT NULL,
  account_id TEXT,
  role TEXT NOT NULL,
  created_at ${d.int64} NOT NULL
);

CREATE TABLE credentials (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  identifier TEXT NOT NULL,
  secret_hash TEXT NOT NULL,
  scope TEXT NOT NULL,
  max_binds INTEGER NOT NULL,
  ip_allowlist ${d.json} NOT NULL,
  created_at ${d.int64} NOT NULL
);
CREATE UNIQUE INDEX credentials_kind_identifier ON credentials (kind, identifier);
CREATE INDEX credentials_account ON credentials (account_id, created_at);

CREATE TABLE connectors (
  id TEXT PRIMARY KEY,
  type TEXT NOT NULL,
  name TEXT NOT NULL,
  enabled ${d.bool} NOT NULL,
  settings ${d.json} NOT NULL,
  created_at ${d.int64} NOT NULL,
  updated_at ${d.int64} NOT NULL
);

CREATE TABLE routes (
  id TEXT PRIMARY KEY,
  position INTEGER NOT NULL,
  name TEXT NOT NULL,
  filters ${d.json} NOT NULL,
  strategy TEXT NOT NULL,
  connectors ${d.json} NOT NULL,
  is_default ${d.bool} NOT NULL,
  enabled ${d.bool} NOT NULL
);

CREATE TABLE mo_routes (
  id TEXT PRIMARY KEY,
  pattern TEXT NOT NULL,
  account_id TEXT NOT NULL
);

CREATE TABLE messages (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL,
  source TEXT NOT NULL,
  client_ref TEXT,
  sender TEXT,
  recipient TEXT NOT NULL,
  text TEXT NOT NULL,
  encoding TEXT NOT NULL,
  segments INTEGER NOT NULL,
  priority SMALLINT NOT NULL,
  state TEXT NOT NULL,
  connector_id TEXT,
  route_id TEXT,
  tag TEXT,
  callback_url TEXT,
  want_receipt ${d.bool} NOT NULL,
  attempts INTEGER NOT NULL,
  next_attempt_at ${d.int64} NOT NULL,
  valid_until ${d.int64} NOT NULL,
  scheduled_at ${d.int64},
  inflight_since ${d.int64},
  error_code TEXT,
  error_message TEXT,
  created_at ${d.int64} NOT NULL,
  submitted_at ${d.int64},
  done_at ${d.int64},
  updated_at ${d.int64} NOT NULL
);
-- The lane claim: only claimable rows are in this index, in claim order.
CREATE INDEX messages_lane ON messages (connector_id, priority, next_attempt_at, id)
  WHERE state = 'queued' AND inflight_since IS NULL;
-- Expiry of queued messages; also covers queue depth (connector_id).
CREATE INDEX messages_queued ON messages (valid_until, connector_id) WHERE state = 'queued';
-- Crash recovery, scheduler, receipt timeouts.
CREATE INDEX messages_inflight ON messages (inflight_since, id) WHERE inflight_since IS NOT NULL;
CREATE INDEX messages_scheduled ON messages (scheduled_at, id) WHERE state = 'scheduled';
CREATE INDEX messages_submitted ON messages (submitted_at, id) WHERE state = 'submitted';
CREATE INDEX messages_submitted_validity ON messages (valid_until, id) WHERE state = 'submitted';
-- Listing (keyset pages by created_at DESC, id DESC), idempotency, search, retention.
CREATE INDEX messages_created ON messages (created_at, id);
CREATE INDEX messages_account_created ON messages (account_id, created_at, id);
CREATE INDEX messages_account_client_ref ON messages (account_id, client_ref, created_at, id) WHERE client_ref IS NOT NULL;
CREATE INDEX messages_account_recipient ON messages (account_id, recipient, created_at, id);
-- Only final messages have done_at, so new messages skip this index on insert.
CREATE INDEX messages_done ON messages (done_at) WHERE done_at IS NOT NULL;

CREATE TABLE message_events (
  id ${d.serial},
  message_id TEXT NOT NULL,
  at ${d.int64} NOT NULL,
  state TEXT NOT NULL,
  detail TEXT
);
CREATE INDEX message_events_message ON message_events (message_id, at, id);

CREATE TABLE message_parts (
  message_id TEXT NOT NULL,
  part_no INTEGER NOT NULL,
  connector_id TEXT NOT NULL,
  upstream_key TEXT NOT NULL,
  upstream_id TEXT NOT NULL,
  state TEXT NOT NULL,
  error_code TEXT,
  PRIMARY KEY (message_id, part_no)
);
CREATE INDEX message_parts_upstream ON message_parts (connector_id, upstream_key);

CREATE TABLE receipts_unmatched (
  id TEXT PRIMARY KEY,
  connector_id TEXT NOT NULL,
  upstream_keys ${d.json} NOT NULL,
  state TEXT NOT NULL,
  raw_status TEXT NOT NULL,
  error_code TEXT,
  done_at ${d.int64} NOT NULL,
  received_at ${d.int64} NOT NULL,
  attempts INTEGER NOT NULL
);
CREATE INDEX receipts_unmatched_received ON receipts_unmatched (received_at, id);

CREATE TABLE mo_messages (
  id TEXT PRIMARY KEY,
  account_id TEXT,
  connector_id TEXT NOT NULL,
  sender TEXT NOT NULL,
  recipient TEXT NOT NULL,
  text TEXT NOT NULL,
  received_at ${d.int64} NOT NULL
);
CREATE INDEX mo_messages_received ON mo_messages (received_at, id);
CREATE INDEX mo_messages_account_received ON mo_messages (account_id, received_at, id);

CREATE TABLE outbox (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  target TEXT NOT NULL,
  event TEXT NOT NULL,
  payload ${d.json} NOT NULL,
  attempts INTEGER NOT NULL,
  next_attempt_at ${d.int64} NOT NULL,
  created_at ${d.int64} NOT NULL
);
CREATE INDEX outbox_due ON outbox (next_attempt_at, created_at, id);

CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
`;
}

export const initial: Migration = {
  version: 1,
  name: 'initial',
  sqlite: tables({ int64: 'INTEGER', bool: 'INTEGER', json: 'TEXT', serial: 'INTEGER PRIMARY KEY' }),
  postgres: tables({ int64: 'BIGINT', bool: 'BOOLEAN', json: 'JSONB', serial: 'BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY' }),
};
