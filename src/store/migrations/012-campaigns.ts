// Migration 12: campaigns (群发), their runs and staged recipient lists; messages know their run.
import type { Migration } from './migration.ts';

function tables(int64: string): string {
  return `
ALTER TABLE messages ADD COLUMN batch_id TEXT;
-- A campaign's report, pause, resume and cancel work on its run's messages by state.
CREATE INDEX messages_batch ON messages (batch_id, state) WHERE batch_id IS NOT NULL;

-- content, audience, schedule and send_window are JSON (see core/campaigns/campaign.ts).
CREATE TABLE campaigns (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL,
  name TEXT NOT NULL,
  status TEXT NOT NULL,
  content TEXT NOT NULL,
  audience TEXT NOT NULL,
  schedule TEXT NOT NULL,
  send_window TEXT,
  next_run_at ${int64},
  recipient_count INTEGER NOT NULL,
  created_at ${int64} NOT NULL,
  updated_at ${int64} NOT NULL
);
CREATE INDEX campaigns_account ON campaigns (account_id, created_at, id);
CREATE INDEX campaigns_due ON campaigns (next_run_at) WHERE status = 'active' AND next_run_at IS NOT NULL;

-- One row per occurrence; (campaign_id, due_at) is unique so two nodes never start the same one twice.
CREATE TABLE campaign_runs (
  id TEXT PRIMARY KEY,
  campaign_id TEXT NOT NULL,
  account_id TEXT NOT NULL,
  due_at ${int64} NOT NULL,
  status TEXT NOT NULL,
  total INTEGER,
  processed INTEGER NOT NULL,
  accepted INTEGER NOT NULL,
  rejected INTEGER NOT NULL,
  rejections TEXT NOT NULL,
  cursor TEXT,
  error TEXT,
  lease_owner TEXT,
  lease_until ${int64},
  started_at ${int64},
  finished_at ${int64},
  updated_at ${int64} NOT NULL
);
CREATE UNIQUE INDEX campaign_runs_occurrence ON campaign_runs (campaign_id, due_at);
CREATE INDEX campaign_runs_open ON campaign_runs (lease_until) WHERE status IN ('pending', 'running');

-- Pasted or uploaded numbers, in the order given; seq is the runner's cursor.
CREATE TABLE campaign_recipients (
  campaign_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  number TEXT NOT NULL,
  params TEXT,
  PRIMARY KEY (campaign_id, seq)
);
`;
}

export const campaigns: Migration = { version: 12, name: 'campaigns', sqlite: tables('INTEGER'), postgres: tables('BIGINT') };
