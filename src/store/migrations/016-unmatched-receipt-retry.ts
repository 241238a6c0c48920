// Migration 16: unmatched receipts are tried again on a backoff, each when it is due.
import type { Migration } from './migration.ts';

/**
 * receipts_unmatched.next_try_at: when a kept receipt is next looked up. Listing by it, rather than
 * oldest first, keeps receipts that will never match (ids of messages sent again after a crash,
 * or unknown to us) from filling every pass and starving newer ones that would. Existing rows get
 * 0: due at once.
 */
function change(int64: string): string {
  return `
ALTER TABLE receipts_unmatched ADD COLUMN next_try_at ${int64} NOT NULL DEFAULT 0;
CREATE INDEX receipts_unmatched_due ON receipts_unmatched (next_try_at, id);
`;
}

export const unmatchedReceiptRetry: Migration = { version: 16, name: 'unmatched-receipt-retry', sqlite: change('INTEGER'), postgres: change('BIGINT') };
