// Row ⇄ domain and the shared SQL of billing (balances, ledger, prices, refunds, CDR pages) for both stores.
import { AppError } from '../core/errors.ts';
import type { MessageCategory } from '../core/message.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { messageFromRow } from './rows.ts';
import type { BillingAccount, CapturePolicy, CdrRecord, LedgerEntry, LedgerKind, NewLedgerEntry, Page, PriceMatch, PriceRecord } from './types.ts';

type Row = Record<string, unknown>;

export function billingAccountFromRow(row: Row): BillingAccount {
  return {
    accountId: String(row.account_id),
    balance: Number(row.balance),
    policy: String(row.policy) as CapturePolicy,
    lowBalanceThreshold: Number(row.low_balance_threshold),
    lowBalanceAlerted: Number(row.low_balance_alerted) === 1,
    updatedAt: Number(row.updated_at),
    lastSeq: Number(row.last_seq ?? 0),
  };
}

export function ledgerFromRow(row: Row): LedgerEntry {
  return {
    id: String(row.seq),
    accountId: String(row.account_id),
    at: Number(row.at),
    kind: String(row.kind) as LedgerKind,
    amount: Number(row.amount),
    messages: Number(row.messages),
    note: row.note === null || row.note === undefined ? null : String(row.note),
    balanceAfter: Number(row.balance_after),
  };
}

export function priceFromRow(row: Row): PriceRecord {
  const category = String(row.category);
  return {
    id: String(row.id),
    accountId: String(row.account_id),
    match: String(row.match_kind) as PriceMatch,
    value: String(row.match_value),
    category: category === '' ? null : (category as MessageCategory),
    unitPrice: Number(row.unit_price),
    createdAt: Number(row.created_at),
  };
}

export function priceValues(p: PriceRecord): unknown[] {
  return [p.id, p.accountId, p.match, p.value, p.category ?? '', p.unitPrice, p.createdAt];
}

/** Entries in account order, so two nodes' transactions lock balance rows in the same order (no deadlock). */
export function inAccountOrder(entries: NewLedgerEntry[]): NewLedgerEntry[] {
  return [...entries].sort((a, b) => (a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : 0));
}

/** Refunded (account, cost) rows folded into one refund entry per account. */
export function refundEntries(rows: Row[], at: number): NewLedgerEntry[] {
  const byAccount = new Map<string, NewLedgerEntry>();
  for (const row of rows) {
    const accountId = String(row.account_id);
    let entry = byAccount.get(accountId);
    if (!entry) byAccount.set(accountId, (entry = { accountId, at, kind: 'refund', amount: 0, messages: 0, note: null }));
    entry.amount += Number(row.cost);
    entry.messages += 1;
  }
  return [...byAccount.values()];
}

export const ADD_BALANCE = `INSERT INTO billing_accounts (account_id, balance, updated_at) VALUES (?, ?, ?)
  ON CONFLICT (account_id) DO UPDATE SET balance = billing_accounts.balance + excluded.balance, updated_at = excluded.updated_at
  RETURNING balance`;
export const INSERT_LEDGER = `INSERT INTO ledger (account_id, at, kind, amount, messages, note, balance_after) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING seq`;
/** The balance with the seq of the latest entry in it, in one statement (one snapshot). */
const WITH_LAST_SEQ = 'SELECT b.*, (SELECT MAX(l.seq) FROM ledger l WHERE l.account_id = b.account_id) AS last_seq FROM billing_accounts b';
export const GET_BILLING_ACCOUNT = `${WITH_LAST_SEQ} WHERE b.account_id = ?`;
export const ALL_BILLING_ACCOUNTS = `${WITH_LAST_SEQ} ORDER BY b.account_id`;
export const CONFIGURE_BILLING = `INSERT INTO billing_accounts (account_id, policy, low_balance_threshold, updated_at) VALUES (?, ?, ?, ?)
  ON CONFLICT (account_id) DO UPDATE SET policy = excluded.policy, low_balance_threshold = excluded.low_balance_threshold, updated_at = excluded.updated_at`;
export const SET_ALERTED = 'UPDATE billing_accounts SET low_balance_alerted = ? WHERE account_id = ?';
export const UPSERT_PRICE = `INSERT INTO prices (id, account_id, match_kind, match_value, category, unit_price, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (account_id, match_kind, match_value, category) DO UPDATE SET unit_price = excluded.unit_price
  RETURNING *`;
export const DELETE_PRICE = 'DELETE FROM prices WHERE account_id = ? AND id = ?';
export const ALL_PRICES = 'SELECT * FROM prices ORDER BY account_id, created_at, id';
export const ACCOUNT_PRICES = 'SELECT * FROM prices WHERE account_id = ? ORDER BY created_at, id';
export const OPENING_BALANCE = 'SELECT balance_after FROM ledger WHERE account_id = ? AND at < ? ORDER BY at DESC, seq DESC LIMIT 1';
export const PERIOD_TOTALS = `SELECT kind, SUM(amount) AS amount, SUM(messages) AS messages, COUNT(*) AS entries
  FROM ledger WHERE account_id = ? AND at >= ? AND at < ? GROUP BY kind ORDER BY kind`;

/** Newest first, keyset on seq. */
export function ledgerPageQuery(filter: { accountId: string; cursor?: string; limit: number }): { sql: string; params: unknown[] } {
  const params: unknown[] = [filter.accountId];
  let where = 'account_id = ?';
  if (filter.cursor !== undefined) {
    const seq = Number(decodeCursor(filter.cursor).id);
    where += ' AND seq < ?';
    params.push(Number.isSafeInteger(seq) ? seq : 0);
  }
  params.push(filter.limit + 1);
  return { sql: `SELECT * FROM ledger WHERE ${where} ORDER BY seq DESC LIMIT ?`, params };
}

export function ledgerPage(rows: Row[], limit: number): Page<LedgerEntry> {
  const items = rows.slice(0, limit).map(ledgerFromRow);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor({ at: last.at, id: last.id }) : null };
}

/** Oldest first, keyset on (created_at, id): walks the messages_account_created index. */
export function cdrPageQuery(filter: { accountId: string; from: number; to: number; cursor?: string; limit: number }): { sql: string; params: unknown[] } {
  const params: unknown[] = [filter.accountId, filter.from, filter.to];
  let where = 'account_id = ? AND created_at >= ? AND created_at < ?';
  if (filter.cursor !== undefined) {
    const key = decodeCursor(filter.cursor);
    // PostgreSQL text cannot hold U+0000; such a cursor was not made by us.
    if (key.id.includes('\u0000')) throw new AppError('bad_request', 'invalid cursor', 'cursor');
    where += ' AND (created_at > ? OR (created_at = ? AND id > ?))';
    params.push(key.at, key.at, key.id);
  }
  params.push(filter.limit + 1);
  return { sql: `SELECT * FROM messages WHERE ${where} ORDER BY created_at, id LIMIT ?`, params };
}

export function cdrPage(rows: Row[], limit: number): Page<CdrRecord> {
  const items = rows.slice(0, limit).map((row) => ({
    message: messageFromRow(row),
    refundedAt: row.refunded_at === null || row.refunded_at === undefined ? null : Number(row.refunded_at),
  }));
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor({ at: last.message.createdAt, id: last.message.id }) : null };
}

/** Billed failures without a refund, done in [from, before): the crash sweep (messages_unrefunded index). */
export const UNREFUNDED = `SELECT * FROM messages
  WHERE cost > 0 AND refunded_at IS NULL AND state IN ('undelivered', 'expired', 'rejected', 'failed', 'cancelled')
    AND done_at >= ? AND done_at < ? ORDER BY done_at LIMIT ?`;
