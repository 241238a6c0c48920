// Store types of billing: ledger, prices, billing settings, CDR and statements.
import type { Message, MessageCategory } from '../core/message.ts';
import type { Page } from './types.ts';

/** Ledger entry kinds: operator top-ups and adjustments, reservations at intake, refunds of failures. */
export type LedgerKind = 'topup' | 'adjustment' | 'reserve' | 'refund';

/** One append-only ledger row; amounts in li (1/10000 yuan), negative = money taken. */
export interface LedgerEntry {
  /** The row's sequence number as text. */
  id: string;
  accountId: string;
  at: number;
  kind: LedgerKind;
  amount: number;
  /** How many messages a reserve or refund entry covers (0 for top-ups). */
  messages: number;
  note: string | null;
  /** The account's balance right after this entry. */
  balanceAfter: number;
}

export type NewLedgerEntry = Omit<LedgerEntry, 'id' | 'balanceAfter'>;

/** When the reserved cost becomes final: on delivery (failures refunded) or on submit (only never-submitted refunded). */
export type CapturePolicy = 'delivery' | 'submit';

export interface BillingAccount {
  accountId: string;
  balance: number;
  policy: CapturePolicy;
  lowBalanceThreshold: number;
  /** Set when the low-balance alert went out; cleared when the balance is back above the threshold. */
  lowBalanceAlerted: boolean;
  updatedAt: number;
  /** Sequence number of the account's latest ledger entry (0 = none), read with the balance. */
  lastSeq: number;
}

export type PriceMatch = 'prefix' | 'carrier' | 'country' | 'default';

/** A price of one message segment for an account, by destination and (optionally) category. */
export interface PriceRecord {
  id: string;
  accountId: string;
  match: PriceMatch;
  /** prefix: E.164 prefix with '+'; carrier: a carrier id; country: ISO 3166 code; default: ''. */
  value: string;
  /** null = every category. */
  category: MessageCategory | null;
  unitPrice: number;
  createdAt: number;
}

/** One line of a CDR (话单) export: the message and what it was charged. */
export interface CdrRecord {
  message: Message;
  refundedAt: number | null;
}

/** Ledger totals of one period. */
export interface StatementTotals {
  opening: number;
  closing: number;
  byKind: Array<{ kind: LedgerKind; amount: number; messages: number; entries: number }>;
}

export interface BillingRepository {
  account(accountId: string): Promise<BillingAccount | null>;
  accounts(): Promise<BillingAccount[]>;
  configure(accountId: string, settings: { policy: CapturePolicy; lowBalanceThreshold: number }, at: number): Promise<BillingAccount>;
  setAlerted(accountId: string, alerted: boolean): Promise<void>;
  /** Appends entries and moves the balances in one transaction; answers them with balanceAfter. */
  post(entries: NewLedgerEntry[]): Promise<LedgerEntry[]>;
  /** Newest first. */
  ledger(filter: { accountId: string; cursor?: string; limit: number }): Promise<Page<LedgerEntry>>;
  /** All prices, or one account's. */
  prices(accountId?: string): Promise<PriceRecord[]>;
  /** Inserts, or replaces the price with the same account, match, value and category. */
  upsertPrice(price: PriceRecord): Promise<PriceRecord>;
  deletePrice(accountId: string, id: string): Promise<boolean>;
  /**
   * Marks the billed, not yet refunded messages among `ids` refunded and credits their cost (one
   * refund entry per account) in one transaction. A message is refunded once, whichever node asks.
   */
  refund(ids: string[], at: number): Promise<LedgerEntry[]>;
  /** Billed messages in a failed final state, done in [from, before), not refunded (oldest first): the crash sweep. */
  unrefunded(from: number, before: number, limit: number): Promise<Message[]>;
  statement(accountId: string, from: number, to: number): Promise<StatementTotals>;
  /** The account's messages created in [from, to), oldest first, for the CDR export. */
  cdr(filter: { accountId: string; from: number; to: number; cursor?: string; limit: number }): Promise<Page<CdrRecord>>;
}
