// The billing book on a real (in-memory SQLite) store: reserve from the cached balance, refuse when
// short, refund failures once per the account's policy, low-balance alert once until topped up.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BillingBook } from '../../../../src/core/billing/billing-book.ts';
import { reservationEntries } from '../../../../src/core/billing/reservations.ts';
import type { Message } from '../../../../src/core/message.ts';
import { SqliteStore } from '../../../../src/store/sqlite/sqlite-store.ts';
import { message } from '../../../contract/fixtures.ts';

let store: SqliteStore;
let book: BillingBook;
const alerts: Array<[string, number, number]> = [];

beforeEach(async () => {
  store = await SqliteStore.open(':memory:');
  alerts.length = 0;
  book = new BillingBook({ repo: store.billing, onLowBalance: (...args) => alerts.push(args) });
  await store.billing.upsertPrice({ id: 'p1', accountId: 'acme', match: 'default', value: '', category: null, unitPrice: 400, createdAt: 0 });
  await book.refresh();
});
afterEach(() => store.close());

/** Reserves like intake: the stage, then the insert with the batch's ledger entries. */
async function accept(messages: Message[]): Promise<Array<string | null>> {
  const codes = messages.map((m) => book.reserve(m)?.code ?? null);
  const accepted = messages.filter((_, i) => codes[i] === null);
  const reserved = reservationEntries(accepted, 1);
  book.reserved(reserved, await store.messages.insertMany(accepted, [], reserved));
  return codes;
}

describe('BillingBook', () => {
  it('leaves accounts without prices unbilled', async () => {
    const m = message({ id: 'f', accountId: 'free' });
    expect(book.reserve(m)).toBeNull();
    expect(m.cost).toBeUndefined();
    expect(book.view('free')).toMatchObject({ billed: false, balance: 0 });
  });

  it('reserves segments × price and refuses with insufficient_balance once the balance is short', async () => {
    await book.post('acme', 'topup', 1000, null);
    const codes = await accept([message({ id: 'a', accountId: 'acme', text: '字'.repeat(71) }), message({ id: 'b', accountId: 'acme', text: 'hi' })]);
    expect(codes).toEqual([null, 'insufficient_balance']);
    expect(book.view('acme').balance).toBe(200);
    await book.refresh();
    expect(book.view('acme').balance).toBe(200);
  });

  it("refunds failures once under 'delivery'; under 'submit' only messages never submitted", async () => {
    await book.post('acme', 'topup', 2000, null);
    const ms = ['d', 'u', 'x'].map((id) => message({ id, accountId: 'acme', text: 'hi' }));
    await accept(ms);
    expect(book.view('acme').balance).toBe(800);
    const final = (m: Message, state: Message['state'], submittedAt: number | null) => ({ ...m, state, submittedAt });
    book.settle([final(ms[0], 'delivered', 5), final(ms[1], 'undelivered', 5)]);
    book.settle([final(ms[1], 'undelivered', 5)]);
    await book.flush();
    expect(book.view('acme').balance).toBe(1200);
    expect((await store.billing.account('acme'))!.balance).toBe(1200);

    await book.configure('acme', 'submit', 0);
    book.settle([final(ms[2], 'undelivered', 5)]);
    await book.flush();
    expect(book.view('acme').balance).toBe(1200);
    book.settle([final(ms[2], 'failed', null)]);
    await book.flush();
    expect(book.view('acme').balance).toBe(1600);
  });

  it('reservations not yet committed stay reserved across a refresh; a failed commit gives them back', async () => {
    await book.post('acme', 'topup', 1000, null);
    const m = message({ id: 'p', accountId: 'acme', text: 'hi' });
    expect(book.reserve(m)).toBeNull();
    await book.refresh();
    expect(book.view('acme').balance).toBe(600);
    book.reserved(reservationEntries([m], 1), null);
    expect(book.view('acme').balance).toBe(1000);
  });

  it('the sweep refunds a failure whose refund a crash lost, once', async () => {
    await book.post('acme', 'topup', 1000, null);
    const m = message({ id: 'lost', accountId: 'acme', text: 'hi' });
    await accept([m]);
    await store.messages.applyUpdates([{ id: 'lost', state: 'failed', at: 5, detail: null, set: { doneAt: 5 } }]);
    // A fresh node after the crash: nothing was settled in memory.
    const restarted = new BillingBook({ repo: store.billing, now: () => 60_000 });
    await restarted.refresh();
    expect(await restarted.sweep()).toBe(1);
    expect(await restarted.sweep()).toBe(0);
    expect((await store.billing.account('acme'))!.balance).toBe(1000);
  });

  it('raises the low-balance alert once, and again only after a top-up above the threshold', async () => {
    await book.configure('acme', 'delivery', 1000);
    await book.post('acme', 'topup', 1500, null);
    await accept([message({ id: 'a', accountId: 'acme', text: 'hi' }), message({ id: 'b', accountId: 'acme', text: 'hi' })]);
    expect(alerts.map(([, balance]) => balance)).toEqual([700]);
    expect(book.view('acme').lowBalance).toBe(true);
    await book.post('acme', 'topup', 1000, null);
    expect(book.view('acme').lowBalance).toBe(false);
    await accept([message({ id: 'c', accountId: 'acme', text: 'hi' }), message({ id: 'd', accountId: 'acme', text: 'hi' })]);
    expect(alerts.map(([, balance]) => balance)).toEqual([700, 900]);
  });
});
