// Billing on PostgreSQL: the same statements as SQLite with numbered placeholders; refunds lock their message rows.
import type pg from 'pg';
import {
  ACCOUNT_PRICES, ADD_BALANCE, ALL_BILLING_ACCOUNTS, ALL_PRICES, billingAccountFromRow, cdrPage, cdrPageQuery, CONFIGURE_BILLING, DELETE_PRICE,
  GET_BILLING_ACCOUNT, inAccountOrder, INSERT_LEDGER, ledgerPage, ledgerPageQuery, OPENING_BALANCE, PERIOD_TOTALS, priceFromRow, priceValues,
  refundEntries, SET_ALERTED, UNREFUNDED, UPSERT_PRICE,
} from '../billing-rows.ts';
import { messageFromRow } from '../rows.ts';
import { numbered } from '../blacklist-rows.ts';
import type { BillingRepository, LedgerEntry, LedgerKind, NewLedgerEntry } from '../types.ts';
import { matchesNothing } from './pg-text.ts';
import { inTransaction, type Queryable } from './pg-transaction.ts';

const N = {
  addBalance: numbered(ADD_BALANCE),
  insert: numbered(INSERT_LEDGER),
  account: numbered(GET_BILLING_ACCOUNT),
  configure: numbered(CONFIGURE_BILLING),
  alerted: numbered(SET_ALERTED),
  upsertPrice: numbered(UPSERT_PRICE),
  deletePrice: numbered(DELETE_PRICE),
  accountPrices: numbered(ACCOUNT_PRICES),
  opening: numbered(OPENING_BALANCE),
  totals: numbered(PERIOD_TOTALS),
  unrefunded: numbered(UNREFUNDED),
};

// A second node refunding the same message waits for the first's row lock, then sees refunded_at set.
const REFUND = `UPDATE messages SET refunded_at = $1 WHERE id = ANY($2::text[]) AND cost > 0 AND refunded_at IS NULL RETURNING account_id, cost`;

/** Appends entries and moves balances on a client inside a transaction (the message insert's, or its own). */
export async function pgWriteLedger(c: Queryable, entries: NewLedgerEntry[]): Promise<LedgerEntry[]> {
  const written: LedgerEntry[] = [];
  for (const e of inAccountOrder(entries)) {
    const balanceAfter = Number((await c.query(N.addBalance, [e.accountId, e.amount, e.at])).rows[0].balance);
    const seq = (await c.query(N.insert, [e.accountId, e.at, e.kind, e.amount, e.messages, e.note, balanceAfter])).rows[0].seq;
    written.push({ ...e, id: String(seq), balanceAfter });
  }
  return written;
}

export function pgBilling(pool: pg.Pool): BillingRepository {
  const account = async (id: string) => {
    if (matchesNothing(id)) return null;
    const { rows } = await pool.query(N.account, [id]);
    return rows[0] ? billingAccountFromRow(rows[0]) : null;
  };
  return {
    account,
    accounts: async () => (await pool.query(ALL_BILLING_ACCOUNTS)).rows.map(billingAccountFromRow),
    configure: async (id, settings, at) => {
      await pool.query(N.configure, [id, settings.policy, settings.lowBalanceThreshold, at]);
      return (await account(id))!;
    },
    setAlerted: async (id, alerted) => {
      await pool.query(N.alerted, [alerted ? 1 : 0, id]);
    },
    post: async (entries) => inTransaction(pool, (c) => pgWriteLedger(c, entries)),
    ledger: async (filter) => {
      if (matchesNothing(filter.accountId)) return { items: [], nextCursor: null };
      const q = ledgerPageQuery(filter);
      return ledgerPage((await pool.query(numbered(q.sql), q.params)).rows, filter.limit);
    },
    prices: async (accountId) => {
      if (accountId !== undefined && matchesNothing(accountId)) return [];
      const { rows } = accountId === undefined ? await pool.query(ALL_PRICES) : await pool.query(N.accountPrices, [accountId]);
      return rows.map(priceFromRow);
    },
    upsertPrice: async (price) => priceFromRow((await pool.query(N.upsertPrice, priceValues(price))).rows[0]),
    deletePrice: async (accountId, id) => {
      if (matchesNothing(accountId, id)) return false;
      return ((await pool.query(N.deletePrice, [accountId, id])).rowCount ?? 0) > 0;
    },
    refund: async (ids, at) => {
      if (ids.length === 0) return [];
      return inTransaction(pool, async (c) => pgWriteLedger(c, refundEntries((await c.query(REFUND, [at, ids])).rows, at)));
    },
    unrefunded: async (from, before, limit) => (await pool.query(N.unrefunded, [from, before, limit])).rows.map(messageFromRow),
    statement: async (accountId, from, to) => {
      const opening = Number((await pool.query(N.opening, [accountId, from])).rows[0]?.balance_after ?? 0);
      const byKind = (await pool.query(N.totals, [accountId, from, to])).rows.map((r) => ({
        kind: String(r.kind) as LedgerKind,
        amount: Number(r.amount),
        messages: Number(r.messages),
        entries: Number(r.entries),
      }));
      return { opening, closing: opening + byKind.reduce((sum, k) => sum + k.amount, 0), byKind };
    },
    cdr: async (filter) => {
      if (matchesNothing(filter.accountId)) return { items: [], nextCursor: null };
      const q = cdrPageQuery(filter);
      return cdrPage((await pool.query(numbered(q.sql), q.params)).rows, filter.limit);
    },
  };
}
