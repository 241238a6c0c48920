// Store contract, billing: reservations commit with their messages, ledger entries move the cached
// balance, refunds happen once per message, prices upsert by key, statements and CDR pages.
import { expect, it } from 'vitest';
import { acceptedEvent, message, T, type StoreContext } from './fixtures.ts';

export function billingCases(ctx: StoreContext): void {
  it('billing: reservations commit with the messages and the balance is the sum of the ledger', async () => {
    const store = ctx.store();
    expect(await store.billing.account('acme')).toBeNull();
    const [top] = await store.billing.post([{ accountId: 'acme', at: T, kind: 'topup', amount: 10_000, messages: 0, note: 'first' }]);
    expect(top).toMatchObject({ accountId: 'acme', kind: 'topup', amount: 10_000, balanceAfter: 10_000, note: 'first' });
    const a = message({ id: 'm1', accountId: 'acme', cost: 800, unitPrice: 400 });
    const b = message({ id: 'm2', accountId: 'acme', cost: 400, unitPrice: 400 });
    await store.messages.insertMany([a, b], [acceptedEvent(a), acceptedEvent(b)], [{ accountId: 'acme', at: T + 1, kind: 'reserve', amount: -1200, messages: 2, note: null }]);
    expect(await store.messages.get('m1')).toMatchObject({ cost: 800, unitPrice: 400 });
    expect((await store.billing.account('acme'))!.balance).toBe(8800);
    const page = await store.billing.ledger({ accountId: 'acme', limit: 1 });
    expect(page.items).toMatchObject([{ kind: 'reserve', amount: -1200, messages: 2, balanceAfter: 8800 }]);
    const next = await store.billing.ledger({ accountId: 'acme', limit: 1, cursor: page.nextCursor! });
    expect(next.items.map((e) => e.kind)).toEqual(['topup']);
    expect(next.nextCursor).toBeNull();
    expect((await store.billing.ledger({ accountId: 'other', limit: 10 })).items).toEqual([]);
  });

  it('billing: a failed insert keeps neither the messages nor their reservation', async () => {
    const store = ctx.store();
    const a = message({ id: 'm1', accountId: 'acme', cost: 100 });
    await store.messages.insertMany([a], [acceptedEvent(a)]);
    await expect(
      store.messages.insertMany([message({ id: 'm9', accountId: 'acme', cost: 100 }), { ...a }], [], [{ accountId: 'acme', at: T, kind: 'reserve', amount: -200, messages: 2, note: null }]),
    ).rejects.toThrow();
    expect(await store.billing.account('acme')).toBeNull();
    expect(await store.messages.get('m9')).toBeNull();
  });

  it('billing: a message is refunded once; unbilled and unknown ids refund nothing', async () => {
    const store = ctx.store();
    const billed = [message({ id: 'a1', accountId: 'acme', cost: 300 }), message({ id: 'a2', accountId: 'acme', cost: 200 }), message({ id: 'b1', accountId: 'beta', cost: 50 })];
    const free = message({ id: 'f1', accountId: 'acme' });
    await store.messages.insertMany([...billed, free], [], [
      { accountId: 'acme', at: T, kind: 'reserve', amount: -500, messages: 2, note: null },
      { accountId: 'beta', at: T, kind: 'reserve', amount: -50, messages: 1, note: null },
    ]);
    const refunds = await store.billing.refund(['a1', 'a2', 'b1', 'f1', 'nope'], T + 5);
    expect(refunds.map((e) => [e.accountId, e.kind, e.amount, e.messages, e.balanceAfter])).toEqual([['acme', 'refund', 500, 2, 0], ['beta', 'refund', 50, 1, 0]]);
    expect(await store.billing.refund(['a1', 'b1'], T + 6)).toEqual([]);
    const cdr = await store.billing.cdr({ accountId: 'acme', from: 0, to: T * 2, limit: 2 });
    expect(cdr.items.map((r) => [r.message.id, r.refundedAt])).toEqual([['a1', T + 5], ['a2', T + 5]]);
    // The message itself says it was refunded too (the sent-records export reads messages, not CDR records).
    expect(cdr.items.map((r) => r.message.refundedAt)).toEqual([T + 5, T + 5]);
    expect(await store.messages.get('a1')).toMatchObject({ refundedAt: T + 5 });
    const rest = await store.billing.cdr({ accountId: 'acme', from: 0, to: T * 2, limit: 2, cursor: cdr.nextCursor! });
    expect(rest.items.map((r) => [r.message.id, r.message.cost, r.refundedAt])).toEqual([['f1', undefined, null]]);
  });

  it('billing: the crash sweep finds billed failures not yet refunded, in the done_at window', async () => {
    const store = ctx.store();
    const failed = (id: string, over: object = {}) => message({ id, accountId: 'acme', cost: 100, state: 'undelivered', doneAt: T, ...over });
    await store.messages.insertMany(
      [failed('lost'), failed('refunded'), failed('ok', { state: 'delivered' }), failed('free', { cost: null }), failed('late', { doneAt: T + 50 })],
      [],
    );
    await store.billing.refund(['refunded'], T + 1);
    expect((await store.billing.unrefunded(T - 10, T + 10, 10)).map((m) => m.id)).toEqual(['lost']);
    expect((await store.billing.unrefunded(T - 10, T + 100, 10)).map((m) => m.id)).toEqual(['lost', 'late']);
    await store.billing.refund(['lost', 'late'], T + 2);
    expect(await store.billing.unrefunded(T - 10, T + 100, 10)).toEqual([]);
  });

  it('billing: prices upsert by (account, match, value, category); settings and the alert flag persist', async () => {
    const { billing } = ctx.store();
    const p = await billing.upsertPrice({ id: 'p1', accountId: 'acme', match: 'prefix', value: '+86138', category: null, unitPrice: 300, createdAt: T });
    const again = await billing.upsertPrice({ id: 'p2', accountId: 'acme', match: 'prefix', value: '+86138', category: null, unitPrice: 350, createdAt: T + 1 });
    expect(again).toMatchObject({ id: 'p1', unitPrice: 350 });
    await billing.upsertPrice({ id: 'p3', accountId: 'acme', match: 'prefix', value: '+86138', category: 'marketing', unitPrice: 500, createdAt: T + 2 });
    await billing.upsertPrice({ id: 'p4', accountId: 'beta', match: 'default', value: '', category: null, unitPrice: 1, createdAt: T });
    expect((await billing.prices('acme')).map((x) => [x.id, x.category, x.unitPrice])).toEqual([['p1', null, 350], ['p3', 'marketing', 500]]);
    expect((await billing.prices()).length).toBe(3);
    expect(await billing.deletePrice('beta', p.id)).toBe(false);
    expect(await billing.deletePrice('acme', p.id)).toBe(true);
    const settings = await billing.configure('acme', { policy: 'submit', lowBalanceThreshold: 1000 }, T);
    expect(settings).toMatchObject({ accountId: 'acme', balance: 0, policy: 'submit', lowBalanceThreshold: 1000, lowBalanceAlerted: false });
    await billing.setAlerted('acme', true);
    expect((await billing.accounts()).map((a) => [a.accountId, a.lowBalanceAlerted])).toEqual([['acme', true]]);
  });

  it('billing: a statement runs from the balance before the period to its closing', async () => {
    const { billing } = ctx.store();
    await billing.post([{ accountId: 'acme', at: T - 10, kind: 'topup', amount: 1000, messages: 0, note: null }]);
    await billing.post([{ accountId: 'acme', at: T + 1, kind: 'topup', amount: 500, messages: 0, note: null }]);
    await billing.post([{ accountId: 'acme', at: T + 2, kind: 'reserve', amount: -300, messages: 3, note: null }]);
    await billing.post([{ accountId: 'acme', at: T + 100, kind: 'topup', amount: 7, messages: 0, note: null }]);
    const s = await billing.statement('acme', T, T + 100);
    expect(s).toEqual({ opening: 1000, closing: 1200, byKind: [{ kind: 'reserve', amount: -300, messages: 3, entries: 1 }, { kind: 'topup', amount: 500, messages: 0, entries: 1 }] });
  });
}
