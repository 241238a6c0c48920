// Billing on SQLite: ledger entries move the cached balance in the same transaction; refunds are conditional updates.
import type Database from 'better-sqlite3';
import {
  ACCOUNT_PRICES, ADD_BALANCE, ALL_BILLING_ACCOUNTS, ALL_PRICES, billingAccountFromRow, cdrPage, cdrPageQuery, CONFIGURE_BILLING, DELETE_PRICE,
  GET_BILLING_ACCOUNT, inAccountOrder, INSERT_LEDGER, ledgerPage, ledgerPageQuery, OPENING_BALANCE, PERIOD_TOTALS, priceFromRow, priceValues,
  refundEntries, SET_ALERTED, UNREFUNDED, UPSERT_PRICE,
} from '../billing-rows.ts';
import { messageFromRow } from '../rows.ts';
import type { BillingRepository, LedgerEntry, LedgerKind, NewLedgerEntry } from '../types.ts';

type Row = Record<string, unknown>;

/** Appends entries and moves balances; call inside a transaction (the message insert's, or its own). */
export function sqliteLedgerWriter(db: Database.Database): (entries: NewLedgerEntry[]) => LedgerEntry[] {
  const addBalance = db.prepare(ADD_BALANCE);
  const insert = db.prepare(INSERT_LEDGER);
  return (entries) =>
    inAccountOrder(entries).map((e) => {
      const balanceAfter = Number((addBalance.get(e.accountId, e.amount, e.at) as Row).balance);
      const seq = (insert.get(e.accountId, e.at, e.kind, e.amount, e.messages, e.note, balanceAfter) as Row).seq;
      return { ...e, id: String(seq), balanceAfter };
    });
}

export function sqliteBilling(db: Database.Database): BillingRepository {
  const p = (sql: string) => db.prepare(sql);
  const write = sqliteLedgerWriter(db);
  const s = {
    account: p(GET_BILLING_ACCOUNT),
    accounts: p(ALL_BILLING_ACCOUNTS),
    configure: p(CONFIGURE_BILLING),
    alerted: p(SET_ALERTED),
    upsertPrice: p(UPSERT_PRICE),
    deletePrice: p(DELETE_PRICE),
    allPrices: p(ALL_PRICES),
    accountPrices: p(ACCOUNT_PRICES),
    opening: p(OPENING_BALANCE),
    unrefunded: p(UNREFUNDED),
    totals: p(PERIOD_TOTALS),
    refund: p(`UPDATE messages SET refunded_at = ? WHERE id IN (SELECT value FROM json_each(?)) AND cost > 0 AND refunded_at IS NULL
      RETURNING account_id, cost`),
  };
  const account = (id: string) => {
    const row = s.account.get(id) as Row | undefined;
    return row ? billingAccountFromRow(row) : null;
  };
  return {
    account: async (id) => account(id),
    accounts: async () => (s.accounts.all() as Row[]).map(billingAccountFromRow),
    configure: async (id, settings, at) => {
      s.configure.run(id, settings.policy, settings.lowBalanceThreshold, at);
      return account(id)!;
    },
    setAlerted: async (id, alerted) => {
      s.alerted.run(alerted ? 1 : 0, id);
    },
    post: async (entries) => db.transaction(() => write(entries)).immediate(),
    ledger: async (filter) => {
      const q = ledgerPageQuery(filter);
      return ledgerPage(db.prepare(q.sql).all(...q.params) as Row[], filter.limit);
    },
    prices: async (accountId) => ((accountId === undefined ? s.allPrices.all() : s.accountPrices.all(accountId)) as Row[]).map(priceFromRow),
    upsertPrice: async (price) => priceFromRow(s.upsertPrice.get(...priceValues(price)) as Row),
    deletePrice: async (accountId, id) => s.deletePrice.run(accountId, id).changes > 0,
    refund: async (ids, at) => {
      if (ids.length === 0) return [];
      return db.transaction(() => write(refundEntries(s.refund.all(at, JSON.stringify(ids)) as Row[], at))).immediate();
    },
    unrefunded: async (from, before, limit) => (s.unrefunded.all(from, before, limit) as Row[]).map(messageFromRow),
    statement: async (accountId, from, to) => {
      const opening = Number((s.opening.get(accountId, from) as Row | undefined)?.balance_after ?? 0);
      const byKind = (s.totals.all(accountId, from, to) as Row[]).map((r) => ({
        kind: String(r.kind) as LedgerKind,
        amount: Number(r.amount),
        messages: Number(r.messages),
        entries: Number(r.entries),
      }));
      return { opening, closing: opening + byKind.reduce((sum, k) => sum + k.amount, 0), byKind };
    },
    cdr: async (filter) => {
      const q = cdrPageQuery(filter);
      return cdrPage(db.prepare(q.sql).all(...q.params) as Row[], filter.limit);
    },
  };
}
