// Each node's view of billing: price plans and balances cached in memory so intake prices and reserves
// in O(1); refunds of failed messages batched; top-ups and settings written through and applied at once.
import type { BillingAccount, BillingRepository, CapturePolicy, LedgerEntry, NewLedgerEntry, PriceRecord } from '../../store/types.ts';
import { AppError } from '../errors.ts';
import type { Message, MessageCategory } from '../message.ts';
import { billableLength } from './billable-length.ts';
import { matchPrice } from './price-match.ts';

interface Plan {
  prices: PriceRecord[];
  policy: CapturePolicy;
  threshold: number;
  /** The stored balance as of ledger entry `storedSeq`: moved only by a newer entry, so never back in time. */
  stored: number;
  storedSeq: number;
  /** Reserved on this node and not yet committed: the balance it can spend is stored − pending. */
  pending: number;
  alerted: boolean;
}

const emptyPlan = (): Plan => ({ prices: [], policy: 'delivery', threshold: 0, stored: 0, storedSeq: 0, pending: 0, alerted: false });
const available = (plan: Plan): number => plan.stored - plan.pending;

export interface Charge {
  segments: number;
  unitPrice: number;
  cost: number;
}

export interface BillingBookOptions {
  repo: BillingRepository;
  carrierOf?: (e164: string) => string | null;
  countryOf?: (e164: string) => string | null;
  /** Numbers starting with this are domestic (70/67 always); default +86. */
  domesticPrefix?: string;
  /** Told once when an account's balance falls below its threshold (until it is back above). */
  onLowBalance?: (accountId: string, balance: number, threshold: number) => void;
  onError?: (error: Error) => void;
  now?: () => number;
}

const REFUND_BATCH = 500;
/** The sweep looks back this far for failures whose refund a crash may have lost … */
const SWEEP_LOOKBACK_MS = 24 * 3600_000;
/** … leaving the last moments to the live path, which refunds within milliseconds. */
const SWEEP_SETTLE_MS = 30_000;
const REFUND_DELAY_MS = 20;

export class BillingBook {
  private plans = new Map<string, Plan>();
  private refunds: string[] = [];
  private refundTimer: NodeJS.Timeout | null = null;
  private refunding: Promise<void> = Promise.resolve();
  private readonly now: () => number;

  constructor(private readonly options: BillingBookOptions) {
    this.now = options.now ?? Date.now;
  }

  /**
   * Re-reads plans and balances. This node's own reservations are exact (pending until their commit
   * answers with the stored balance); other nodes' reach this one with its next commit or refresh:
   * with several nodes on one PostgreSQL an account can be overdrawn by at most one commit batch per
   * other node.
   */
  async refresh(): Promise<void> {
    const [accounts, prices] = await Promise.all([this.options.repo.accounts(), this.options.repo.prices()]);
    const plans = new Map<string, Plan>();
    const planFor = (accountId: string): Plan => {
      let plan = plans.get(accountId);
      if (!plan) {
        const old = this.plans.get(accountId);
        plans.set(accountId, (plan = { ...emptyPlan(), stored: old?.stored ?? 0, storedSeq: old?.storedSeq ?? 0, pending: old?.pending ?? 0 }));
      }
      return plan;
    };
    for (const a of accounts) {
      const plan = planFor(a.accountId);
      Object.assign(plan, { policy: a.policy, threshold: a.lowBalanceThreshold, alerted: a.lowBalanceAlerted || (this.plans.get(a.accountId)?.alerted ?? false) });
      if (a.lastSeq > plan.storedSeq) Object.assign(plan, { stored: a.balance, storedSeq: a.lastSeq });
    }
    for (const p of prices) planFor(p.accountId).prices.push(p);
    // Reservations still on their way to the store keep their place.
    for (const [accountId, old] of this.plans) if (!plans.has(accountId) && old.pending > 0) plans.set(accountId, { ...old, prices: [] });
    this.plans = plans;
  }

  /** An account is billed once it has a price; others send free (the quick start, existing tests). */
  isBilled(accountId: string): boolean {
    return (this.plans.get(accountId)?.prices.length ?? 0) > 0;
  }

  /**
   * The charge for one recipient, null when the account is not billed; no_price when billed but unpriced.
   * `carrier`: what intake resolved and routed on ('' = unknown); looked up here when not given (a quote).
   */
  charge(accountId: string, text: string, recipient: string, category: MessageCategory, carrier?: string): Charge | null {
    const plan = this.plans.get(accountId);
    if (!plan || plan.prices.length === 0) return null;
    const { carrierOf, countryOf } = this.options;
    const price = matchPrice(plan.prices, {
      recipient,
      category,
      carrier: () => (carrier === undefined ? (carrierOf?.(recipient) ?? null) : carrier || null),
      country: () => countryOf?.(recipient) ?? null,
    });
    if (!price) throw new AppError('no_price', `account ${accountId} has no ${category} price for ${recipient}`);
    const { segments } = billableLength(text, recipient.startsWith(this.options.domesticPrefix ?? '+86'));
    return { segments, unitPrice: price.unitPrice, cost: segments * price.unitPrice };
  }

  /** The intake stage's work: price the message and take its cost from the cached balance. */
  reserve(message: Message): AppError | null {
    let charge: Charge | null;
    try {
      charge = this.charge(message.accountId, message.text, message.recipient, message.category, message.carrier ?? undefined);
    } catch (error) {
      return error as AppError;
    }
    if (!charge) return null;
    const plan = this.plans.get(message.accountId)!;
    const balance = available(plan);
    if (balance < charge.cost) {
      return new AppError('insufficient_balance', `the balance (${balance} li) does not cover ${charge.cost} li`, undefined, [{ balance, cost: charge.cost }]);
    }
    plan.pending += charge.cost;
    message.cost = charge.cost;
    message.unitPrice = charge.unitPrice;
    if (!plan.alerted && plan.threshold > 0 && balance - charge.cost < plan.threshold) {
      plan.alerted = true;
      this.options.onLowBalance?.(message.accountId, balance - charge.cost, plan.threshold);
    }
    return null;
  }

  /** After a commit batch: its reservations are no longer pending; the written entries carry the stored balance. */
  reserved(reserved: readonly NewLedgerEntry[], written: readonly LedgerEntry[] | null): void {
    for (const entry of reserved) {
      const plan = this.plans.get(entry.accountId);
      if (plan) plan.pending = Math.max(0, plan.pending + entry.amount);
    }
    for (const entry of written ?? []) this.apply(entry);
  }

  /**
   * Messages that reached a final state (after commit): those whose charge is not due are refunded in
   * batches. Policy 'delivery' keeps only delivered ones; 'submit' keeps every one the carrier accepted.
   */
  settle(messages: readonly Message[]): void {
    for (const m of messages) {
      if (!m.cost || m.state === 'delivered') continue;
      const policy = this.plans.get(m.accountId)?.policy ?? 'delivery';
      if (policy === 'submit' && m.submittedAt !== null) continue;
      this.refunds.push(m.id);
    }
    if (this.refunds.length >= REFUND_BATCH) this.flushSoon(0);
    else if (this.refunds.length > 0) this.flushSoon(REFUND_DELAY_MS);
  }

  /**
   * Refunds failures whose final state committed but whose refund did not (the process died in
   * between): found through the messages_unrefunded index, refunded like the live path (idempotent).
   * Failures an account on the 'submit' policy keeps stay in that index; the lookback bounds the scan.
   */
  async sweep(): Promise<number> {
    const now = this.now();
    const missed = await this.options.repo.unrefunded(now - SWEEP_LOOKBACK_MS, now - SWEEP_SETTLE_MS, REFUND_BATCH);
    this.settle(missed);
    await this.flush();
    return missed.length;
  }

  /** Waits until every refund queued so far is written (tests, shutdown). */
  async flush(): Promise<void> {
    this.flushSoon(0);
    await this.refunding;
  }

  /** Top-up or adjustment by the operator; applied to this node's cache at once. */
  async post(accountId: string, kind: 'topup' | 'adjustment', amount: number, note: string | null): Promise<LedgerEntry> {
    const [entry] = await this.options.repo.post([{ accountId, at: this.now(), kind, amount, messages: 0, note }]);
    this.apply(entry);
    return entry;
  }

  async configure(accountId: string, policy: CapturePolicy, lowBalanceThreshold: number): Promise<BillingAccount> {
    const account = await this.options.repo.configure(accountId, { policy, lowBalanceThreshold }, this.now());
    await this.refresh();
    return account;
  }

  /** What the console and GET /v1/balance show: this node's view, which includes its fresh reservations. */
  view(accountId: string): { balance: number; policy: CapturePolicy; lowBalanceThreshold: number; lowBalance: boolean; billed: boolean } {
    const plan = this.plans.get(accountId);
    const balance = plan ? available(plan) : 0;
    const threshold = plan?.threshold ?? 0;
    return { balance, policy: plan?.policy ?? 'delivery', lowBalanceThreshold: threshold, lowBalance: threshold > 0 && balance < threshold, billed: this.isBilled(accountId) };
  }

  /** A ledger entry this node wrote: its balanceAfter is the stored balance, unless a newer one is known. */
  private apply(entry: LedgerEntry): void {
    let plan = this.plans.get(entry.accountId);
    if (!plan) this.plans.set(entry.accountId, (plan = emptyPlan()));
    const seq = Number(entry.id);
    if (seq > plan.storedSeq) {
      plan.stored = entry.balanceAfter;
      plan.storedSeq = seq;
    }
    if (plan.alerted && available(plan) >= plan.threshold) {
      plan.alerted = false;
      this.options.repo.setAlerted(entry.accountId, false).catch((error: Error) => this.options.onError?.(error));
    }
  }

  private flushSoon(delayMs: number): void {
    if (this.refundTimer) {
      if (delayMs > 0) return;
      clearTimeout(this.refundTimer);
      this.refundTimer = null;
    }
    if (delayMs === 0) this.drain();
    else this.refundTimer = setTimeout(() => this.drain(), delayMs).unref();
  }

  /** Writes the queued refunds as one batch, after the batches before it. */
  private drain(): void {
    this.refundTimer = null;
    const ids = this.refunds;
    this.refunds = [];
    if (ids.length === 0) return;
    this.refunding = this.refunding.then(async () => {
      try {
        for (const entry of await this.options.repo.refund(ids, this.now())) this.apply(entry);
      } catch (error) {
        // Refunds are idempotent in the store: try the same ids again with a later batch.
        this.refunds.push(...ids);
        this.flushSoon(1000);
        this.options.onError?.(error as Error);
      }
    });
  }
}

