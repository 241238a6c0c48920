// Store contract, message side: insert, lookups, paging, lane claims, updates, parts, sweeps, purge, counters.
import { expect, it } from 'vitest';
import type { Message } from '../../src/core/message.ts';
import type { MessageUpdate, OutboxItem } from '../../src/store/types.ts';
import { DAY, T, acceptedEvent, ids, message, part, seed, type StoreContext } from './fixtures.ts';

export function messageCases(ctx: StoreContext): void {
  it('insertMany stores every field and the first history row; get checks the account', async () => {
    const { messages } = ctx.store();
    const full = message({
      clientRef: 'order-17', sender: null, tag: 'otp', callbackUrl: 'https://cb.example/x', wantReceipt: false, priority: 0,
      state: 'scheduled', connectorId: null, routeId: null, scheduledAt: T + 60_000, inflightSince: T + 5, attempts: 2,
      errorCode: 'upstream_unavailable', errorMessage: 'link down', submittedAt: T + 7, doneAt: T + 8, updatedAt: T + 9,
      segments: 3, encoding: 'gsm7', source: 'campaign', text: 'x'.repeat(500),
    });
    const plain = message();
    await messages.insertMany([full, plain], [acceptedEvent(full, 'scheduled by api'), acceptedEvent(plain, null)]);
    expect(await messages.get(full.id)).toEqual(full);
    expect(await messages.get(plain.id)).toEqual(plain);
    expect(await messages.get(full.id, 'acc-1')).toEqual(full);
    expect(await messages.get(full.id, 'acc-2')).toBeNull();
    expect(await messages.get('missing')).toBeNull();
    expect(await messages.events(full.id)).toEqual([{ messageId: full.id, at: T, state: 'scheduled', detail: 'scheduled by api' }]);
    expect(await messages.events(plain.id)).toEqual([{ messageId: plain.id, at: T, state: 'queued', detail: null }]);
    expect(await messages.parts(plain.id)).toEqual([]);
    await messages.insertMany([], []);
  });

  it('insertMany keeps the template code and signature; messages without them read back without them', async () => {
    const { messages } = ctx.store();
    const templated = message({ templateCode: 'SMS_123456', signature: '快信', text: '【快信】您的验证码是 1234' });
    const signed = message({ signature: 'Kuaixin', source: 'campaign', batchId: 'run-1' });
    const plain = message();
    await messages.insertMany([templated, signed, plain], [acceptedEvent(templated), acceptedEvent(signed), acceptedEvent(plain)]);
    expect(await messages.get(templated.id)).toEqual(templated);
    expect(await messages.get(signed.id)).toEqual(signed);
    const read = await messages.get(plain.id);
    expect(read).toEqual(plain);
    expect(read).not.toHaveProperty('templateCode');
    expect(read).not.toHaveProperty('signature');
    const listed = await messages.list({ accountId: 'acc-1', limit: 10 });
    expect(listed.items.find((m) => m.id === templated.id)).toMatchObject({ templateCode: 'SMS_123456', signature: '快信' });
  });

  it('parts keep the raw receipt status; partsOf reads the parts of many messages at once', async () => {
    const store = ctx.store();
    const [m, n, none] = await seed(store, [message({ segments: 2, state: 'submitted' }), message({ state: 'submitted' }), message()]);
    await store.messages.applyUpdates([
      { id: m.id, state: 'submitted', detail: null, at: T + 1, parts: [part(m, 1, 'P1'), part(m, 2, 'P2')] },
      { id: n.id, state: 'submitted', detail: null, at: T + 1, parts: [part(n, 1, 'N1')] },
    ]);
    expect(await store.messages.parts(n.id)).toEqual([part(n, 1, 'N1')]);
    expect((await store.messages.parts(n.id))[0]).not.toHaveProperty('rawStatus');
    await store.messages.applyUpdates([
      { id: m.id, state: 'undelivered', detail: 'receipt', at: T + 2, parts: [part(m, 2, 'P2', { state: 'undelivered', errorCode: 'MK:0005', rawStatus: 'MK:0005' })] },
      { id: n.id, state: 'delivered', detail: 'receipt', at: T + 2, parts: [part(n, 1, 'N1', { state: 'delivered', rawStatus: 'DELIVRD' })] },
    ]);
    const settledM2 = part(m, 2, 'P2', { state: 'undelivered', errorCode: 'MK:0005', rawStatus: 'MK:0005' });
    const settledN1 = part(n, 1, 'N1', { state: 'delivered', rawStatus: 'DELIVRD' });
    expect(await store.messages.parts(m.id)).toEqual([part(m, 1, 'P1'), settledM2]);
    expect((await store.messages.findPart('conn-1', ['n1']))?.part).toEqual(settledN1);
    const all = await store.messages.partsOf([none.id, n.id, m.id, 'missing']);
    expect([...all].sort((x, y) => (x.messageId < y.messageId ? -1 : x.messageId > y.messageId ? 1 : x.partNo - y.partNo))).toEqual(
      [part(m, 1, 'P1'), settledM2, settledN1].sort((x, y) => (x.messageId < y.messageId ? -1 : x.messageId > y.messageId ? 1 : x.partNo - y.partNo)),
    );
    expect(await store.messages.partsOf([])).toEqual([]);
  });

  it('insertMany is atomic: a duplicate id rolls back the whole batch', async () => {
    const { messages } = ctx.store();
    const [a] = await seed(ctx.store(), [message()]);
    const b = message();
    await expect(messages.insertMany([b, { ...a }], [acceptedEvent(b)])).rejects.toThrow();
    expect(await messages.get(b.id)).toBeNull();
    expect(await messages.events(b.id)).toEqual([]);
  });

  it('findByClientRef: same account, same reference, since the cutoff, oldest first', async () => {
    const store = ctx.store();
    const old = message({ clientRef: 'ref-1', createdAt: T - DAY - 1 });
    const a = message({ clientRef: 'ref-1', createdAt: T + 10 });
    const b = message({ clientRef: 'ref-1', createdAt: T });
    const otherAccount = message({ clientRef: 'ref-1', accountId: 'acc-2', createdAt: T });
    const otherRef = message({ clientRef: 'ref-2', createdAt: T });
    await seed(store, [old, a, b, otherAccount, otherRef]);
    expect(ids(await store.messages.findByClientRef('acc-1', 'ref-1', T - DAY))).toEqual([b.id, a.id]);
    expect(ids(await store.messages.findByClientRef('acc-1', 'ref-1', 0))).toEqual([old.id, b.id, a.id]);
    expect(await store.messages.findByClientRef('acc-1', 'ref-3', 0)).toEqual([]);
  });

  it('list: newest first, cursor pages without duplicates or gaps, ties broken by id', async () => {
    const store = ctx.store();
    // 23 messages on 8 distinct timestamps, so pages split inside groups of equal created_at.
    const all = await seed(store, Array.from({ length: 23 }, (_, i) => message({ createdAt: T + (i % 8) * 1000 })));
    const expected = [...all].sort((x, y) => y.createdAt - x.createdAt || (x.id < y.id ? 1 : -1));
    const seen: Message[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await store.messages.list({ limit: 5, cursor });
      seen.push(...page.items);
      cursor = page.nextCursor ?? undefined;
      pages += 1;
    } while (cursor && pages < 20);
    expect(pages).toBe(5);
    expect(ids(seen)).toEqual(ids(expected));
    expect(seen[0]).toEqual(expected[0]);

    const exact = await store.messages.list({ limit: 23 });
    expect(exact.items).toHaveLength(23);
    expect(exact.nextCursor).toBeNull();
    await expect(store.messages.list({ limit: 5, cursor: 'not-a-cursor' })).rejects.toThrow(/cursor/);
  });

  it('list: each filter narrows the result, and filters combine', async () => {
    const store = ctx.store();
    const a = message({ accountId: 'acc-1', state: 'delivered', recipient: '+8613800000001', clientRef: 'r1', connectorId: 'c-a', createdAt: T, batchId: 'biz-1' });
    const b = message({ accountId: 'acc-1', state: 'queued', recipient: '+8613800000002', clientRef: 'r2', connectorId: 'c-b', createdAt: T + 10, batchId: 'biz-1' });
    const c = message({ accountId: 'acc-2', state: 'delivered', recipient: '+8613800000001', clientRef: 'r1', connectorId: 'c-a', createdAt: T + 20 });
    const d = message({ accountId: 'acc-1', state: 'delivered', recipient: '+8613800000001', clientRef: null, connectorId: null, createdAt: T + 30 });
    await seed(store, [a, b, c, d]);
    const list = async (f: Omit<Parameters<typeof store.messages.list>[0], 'limit'>) => ids((await store.messages.list({ limit: 50, ...f })).items);
    expect(await list({ accountId: 'acc-1' })).toEqual([d.id, b.id, a.id]);
    expect(await list({ state: 'delivered' })).toEqual([d.id, c.id, a.id]);
    expect(await list({ recipient: '+8613800000001' })).toEqual([d.id, c.id, a.id]);
    expect(await list({ clientRef: 'r1' })).toEqual([c.id, a.id]);
    expect(await list({ connectorId: 'c-a' })).toEqual([c.id, a.id]);
    expect(await list({ batchId: 'biz-1' })).toEqual([b.id, a.id]);
    expect(await list({ batchId: 'biz-1', recipient: '+8613800000002' })).toEqual([b.id]);
    expect(await list({ createdFrom: T + 10 })).toEqual([d.id, c.id, b.id]);
    expect(await list({ createdTo: T + 20 })).toEqual([b.id, a.id]);
    expect(await list({ createdFrom: T + 10, createdTo: T + 30 })).toEqual([c.id, b.id]);
    expect(await list({ accountId: 'acc-1', state: 'delivered', recipient: '+8613800000001' })).toEqual([d.id, a.id]);
    expect(await list({ accountId: 'acc-3' })).toEqual([]);

    const first = await store.messages.list({ accountId: 'acc-1', limit: 2 });
    expect(ids(first.items)).toEqual([d.id, b.id]);
    const second = await store.messages.list({ accountId: 'acc-1', limit: 2, cursor: first.nextCursor ?? undefined });
    expect(ids(second.items)).toEqual([a.id]);
    expect(second.nextCursor).toBeNull();
  });

  it('claimDue: urgent before normal before bulk, then by due time, then id; marks them in flight', async () => {
    const store = ctx.store();
    const bulk = message({ priority: 2, nextAttemptAt: T - 100 });
    const normalLate = message({ priority: 1, nextAttemptAt: T - 10 });
    const normalEarly = message({ priority: 1, nextAttemptAt: T - 50 });
    const urgent = message({ priority: 0, nextAttemptAt: T });
    const urgentTwin = message({ priority: 0, nextAttemptAt: T });
    await seed(store, [bulk, normalLate, normalEarly, urgentTwin, urgent].reverse());
    const claimed = await store.messages.claimDue('conn-1', 10, T + 1);
    expect(ids(claimed)).toEqual([urgent.id, urgentTwin.id, normalEarly.id, normalLate.id, bulk.id]);
    expect(claimed.every((m) => m.inflightSince === T + 1)).toBe(true);
    expect((await store.messages.get(bulk.id))?.inflightSince).toBe(T + 1);
  });

  it('claimDue: with a small limit the most urgent are taken even when less urgent ones are due earlier', async () => {
    const store = ctx.store();
    const bulk = await seed(store, Array.from({ length: 3 }, (_, i) => message({ priority: 2, nextAttemptAt: T - 1000 + i })));
    const urgent = await seed(store, [message({ priority: 0, nextAttemptAt: T }), message({ priority: 0, nextAttemptAt: T - 1 })]);
    const normal = await seed(store, [message({ priority: 1, nextAttemptAt: T - 500 })]);
    expect(ids(await store.messages.claimDue('conn-1', 2, T))).toEqual([urgent[1].id, urgent[0].id]);
    expect(ids(await store.messages.claimDue('conn-1', 2, T))).toEqual([normal[0].id, bulk[0].id]);
    expect(ids(await store.messages.claimDue('conn-1', 2, T))).toEqual([bulk[1].id, bulk[2].id]);
  });

  it('claimDue: respects the limit and never hands out a message twice until inflightSince is cleared', async () => {
    const store = ctx.store();
    const all = await seed(store, Array.from({ length: 5 }, (_, i) => message({ nextAttemptAt: T + i })));
    const first = await store.messages.claimDue('conn-1', 3, T + 10);
    expect(ids(first)).toEqual(ids(all.slice(0, 3)));
    const second = await store.messages.claimDue('conn-1', 3, T + 10);
    expect(ids(second)).toEqual(ids(all.slice(3)));
    expect(await store.messages.claimDue('conn-1', 3, T + 10)).toEqual([]);
    expect(await store.messages.claimDue('conn-1', 0, T + 10)).toEqual([]);

    // A transient failure: back to the queue, due again later.
    await store.messages.applyUpdates([{ id: all[1].id, state: 'queued', detail: 'retry', at: T + 11, set: { inflightSince: null, attempts: 1, nextAttemptAt: T + 20 } }]);
    expect(await store.messages.claimDue('conn-1', 3, T + 19)).toEqual([]);
    const again = await store.messages.claimDue('conn-1', 3, T + 20);
    expect(again).toHaveLength(1);
    expect(again[0]).toMatchObject({ id: all[1].id, attempts: 1, inflightSince: T + 20 });
  });

  it('claimDue: skips messages not yet due, of other connectors, or not queued', async () => {
    const store = ctx.store();
    const due = message();
    await seed(store, [
      due,
      message({ nextAttemptAt: T + 1 }),
      message({ connectorId: 'conn-2' }),
      message({ state: 'scheduled' }),
      message({ state: 'submitted' }),
      message({ state: 'accepted' }),
      message({ inflightSince: T - 5 }),
    ]);
    expect(ids(await store.messages.claimDue('conn-1', 100, T))).toEqual([due.id]);
    expect(await store.messages.claimDue('conn-3', 100, T + DAY)).toEqual([]);
  });

  it('applyUpdates: moves state, sets only the given fields, writes history and records parts', async () => {
    const store = ctx.store();
    const [m, other] = await seed(store, [message({ segments: 2, inflightSince: T }), message()]);
    const submit: MessageUpdate = {
      id: m.id, state: 'submitted', detail: 'submit_sm_resp ESME_ROK', at: T + 100,
      set: { inflightSince: null, submittedAt: T + 100, attempts: 1 },
      parts: [part(m, 1, 'ABC-1'), part(m, 2, 'ABC-2')],
    };
    const reject: MessageUpdate = {
      id: other.id, state: 'failed', detail: 'no route', at: T + 50,
      set: { errorCode: 'no_route', errorMessage: 'no route for this destination', doneAt: T + 50, connectorId: null, routeId: null },
    };
    await store.messages.applyUpdates([submit, reject]);
    await store.messages.applyUpdates([]);

    expect(await store.messages.get(m.id)).toEqual({
      ...m, state: 'submitted', inflightSince: null, submittedAt: T + 100, attempts: 1, updatedAt: T + 100,
    });
    expect(await store.messages.get(other.id)).toEqual({
      ...other, state: 'failed', errorCode: 'no_route', errorMessage: 'no route for this destination', doneAt: T + 50,
      connectorId: null, routeId: null, updatedAt: T + 50,
    });
    expect(await store.messages.events(m.id)).toEqual([
      { messageId: m.id, at: T, state: 'queued', detail: 'accepted via api' },
      { messageId: m.id, at: T + 100, state: 'submitted', detail: 'submit_sm_resp ESME_ROK' },
    ]);
    expect(await store.messages.parts(m.id)).toEqual([part(m, 1, 'ABC-1'), part(m, 2, 'ABC-2')]);
  });

  it('applyUpdates: several updates of one message in a batch apply in order', async () => {
    const store = ctx.store();
    const [m] = await seed(store, [message({ inflightSince: T })]);
    await store.messages.applyUpdates([
      { id: m.id, state: 'submitted', detail: 'resp', at: T + 1, set: { inflightSince: null, submittedAt: T + 1 }, parts: [part(m, 1, 'X1')] },
      { id: m.id, state: 'delivered', detail: 'receipt DELIVRD', at: T + 2, set: { doneAt: T + 2 }, parts: [part(m, 1, 'X1', { state: 'delivered' })] },
    ]);
    expect(await store.messages.get(m.id)).toMatchObject({ state: 'delivered', submittedAt: T + 1, doneAt: T + 2, inflightSince: null, updatedAt: T + 2 });
    expect((await store.messages.events(m.id)).map((e) => e.state)).toEqual(['queued', 'submitted', 'delivered']);
    expect(await store.messages.parts(m.id)).toEqual([part(m, 1, 'X1', { state: 'delivered' })]);
  });

  it('applyUpdates is atomic: nothing of a failed batch is kept', async () => {
    const store = ctx.store();
    const [m] = await seed(store, [message()]);
    const bad = { id: m.id, state: 'delivered', detail: null, at: T + 1 } as unknown as MessageUpdate;
    // A part without an upstream key violates NOT NULL and fails the transaction.
    const broken = { ...bad, parts: [{ ...part(m, 1, 'K'), upstreamKey: null as unknown as string }] };
    await expect(store.messages.applyUpdates([bad, broken])).rejects.toThrow();
    expect((await store.messages.get(m.id))?.state).toBe('queued');
    expect(await store.messages.events(m.id)).toHaveLength(1);
  });

  it('applyUpdates: a conditional update applies only from the given states, with its outbox items', async () => {
    const store = ctx.store();
    const [a, b] = await seed(store, [message({ state: 'submitted' }), message({ state: 'submitted' })]);
    const notice = (id: string, messageId: string): OutboxItem => ({
      id, accountId: 'acc-1', kind: 'http', target: 'https://cb.example/x', event: 'status', payload: { messageId }, attempts: 0, nextAttemptAt: T, createdAt: T,
    });
    // b was expired first (say, by another node): the receipt's change to b must not apply.
    await store.messages.applyUpdates([{ id: b.id, state: 'expired', detail: 'no receipt in time', at: T + 1 }]);
    const skipped = await store.messages.applyUpdates([
      { id: a.id, state: 'delivered', detail: 'receipt', at: T + 2, set: { doneAt: T + 2 }, onlyFrom: ['submitted'], outbox: [notice('n-a', a.id)], parts: [part(a, 1, 'KA', { state: 'delivered' })] },
      { id: b.id, state: 'delivered', detail: 'receipt', at: T + 2, set: { doneAt: T + 2 }, onlyFrom: ['submitted'], outbox: [notice('n-b', b.id)], parts: [part(b, 1, 'KB', { state: 'delivered' })] },
    ]);
    expect(skipped).toEqual([b.id]);
    expect((await store.messages.get(a.id))?.state).toBe('delivered');
    expect((await store.messages.get(b.id))).toMatchObject({ state: 'expired', doneAt: b.doneAt });
    expect((await store.messages.events(b.id)).map((e) => e.state)).toEqual(['submitted', 'expired']);
    expect(await store.messages.parts(b.id)).toEqual([]);
    expect((await store.outbox.due(T + 10, 10)).map((o) => o.id)).toEqual(['n-a']);
    expect(await store.messages.applyUpdates([])).toEqual([]);
  });

  it('applyUpdates: onlyIdle leaves a message a lane holds alone', async () => {
    const store = ctx.store();
    const [held, idle] = await seed(store, [message({ inflightSince: T + 1 }), message()]);
    const cancel = (id: string): MessageUpdate => ({ id, state: 'cancelled', detail: 'cancelled', at: T + 2, onlyFrom: ['queued'], onlyIdle: true });
    expect(await store.messages.applyUpdates([cancel(held.id), cancel(idle.id)])).toEqual([held.id]);
    expect((await store.messages.get(held.id))?.state).toBe('queued');
    expect((await store.messages.get(idle.id))?.state).toBe('cancelled');
  });

  it('findParts answers many lookups in order, null where nothing matches', async () => {
    const store = ctx.store();
    const [m, n] = await seed(store, [message({ state: 'submitted' }), message({ state: 'submitted' })]);
    await store.messages.applyUpdates([
      { id: m.id, state: 'submitted', detail: null, at: T + 1, parts: [part(m, 1, 'k-m')] },
      { id: n.id, state: 'submitted', detail: null, at: T + 1, parts: [part(n, 1, 'k-n', { connectorId: 'conn-2' })] },
    ]);
    const found = await store.messages.findParts([
      { connectorId: 'conn-2', upstreamKeys: ['k-n'] },
      { connectorId: 'conn-1', upstreamKeys: ['none'] },
      { connectorId: 'conn-1', upstreamKeys: ['x', 'k-m'] },
    ]);
    expect(found.map((f) => f?.message.id ?? null)).toEqual([n.id, null, m.id]);
    expect(found[2]?.part).toEqual(part(m, 1, 'k-m'));
    expect(await store.messages.findParts([])).toEqual([]);
  });

  it('findPart: tries the keys in order, per connector; updatePart returns every part', async () => {
    const store = ctx.store();
    const [m, n] = await seed(store, [message({ segments: 2 }), message({ connectorId: 'conn-2' })]);
    await store.messages.applyUpdates([
      { id: m.id, state: 'submitted', detail: null, at: T + 1, parts: [part(m, 1, 'AA01'), part(m, 2, 'AA02')] },
      { id: n.id, state: 'submitted', detail: null, at: T + 1, parts: [part(n, 1, 'AA01')] },
    ]);
    const found = await store.messages.findPart('conn-1', ['nothing', 'aa02', 'aa01']);
    expect(found?.part).toEqual(part(m, 2, 'AA02'));
    expect(found?.message).toMatchObject({ id: m.id, state: 'submitted' });
    expect((await store.messages.findPart('conn-2', ['aa01']))?.message.id).toBe(n.id);
    expect(await store.messages.findPart('conn-1', ['AA01'])).toBeNull();
    expect(await store.messages.findPart('conn-9', ['aa01'])).toBeNull();
    expect(await store.messages.findPart('conn-1', [])).toBeNull();

    expect(await store.messages.updatePart(m.id, 2, 'delivered', null)).toEqual([part(m, 1, 'AA01'), part(m, 2, 'AA02', { state: 'delivered' })]);
    expect(await store.messages.updatePart(m.id, 1, 'undelivered', '034')).toEqual([
      part(m, 1, 'AA01', { state: 'undelivered', errorCode: '034' }), part(m, 2, 'AA02', { state: 'delivered' }),
    ]);
  });

  it('findPart: an upstream id reused later belongs to the newest message', async () => {
    const store = ctx.store();
    const [older, newer] = await seed(store, [message({ createdAt: T }), message({ createdAt: T + DAY })]);
    await store.messages.applyUpdates([
      { id: older.id, state: 'submitted', detail: null, at: T + 1, parts: [part(older, 1, 'R1')] },
      { id: newer.id, state: 'submitted', detail: null, at: T + DAY, parts: [part(newer, 1, 'R1')] },
    ]);
    expect((await store.messages.findPart('conn-1', ['r1']))?.message.id).toBe(newer.id);
  });

  it('listInflight, dueScheduled, listStaleSubmitted, listExpiredQueued find exactly their messages', async () => {
    const store = ctx.store();
    const inflightA = message({ inflightSince: T + 5 });
    const inflightB = message({ inflightSince: T + 1 });
    const schedDue = message({ state: 'scheduled', scheduledAt: T - 1, connectorId: null });
    const schedNow = message({ state: 'scheduled', scheduledAt: T, connectorId: null });
    const schedLater = message({ state: 'scheduled', scheduledAt: T + 1, connectorId: null });
    const staleOld = message({ state: 'submitted', submittedAt: T - 500 });
    const staleExpired = message({ state: 'submitted', submittedAt: T - 10, validUntil: T - 200 });
    const fresh = message({ state: 'submitted', submittedAt: T - 10 });
    const delivered = message({ state: 'delivered', submittedAt: T - 900, doneAt: T - 800 });
    const expiredQueued = message({ validUntil: T - 1 });
    const validQueued = message({ validUntil: T });
    const expiredInflight = message({ validUntil: T - 1, inflightSince: T - 2 });
    await seed(store, [inflightA, inflightB, schedDue, schedNow, schedLater, staleOld, staleExpired, fresh, delivered, expiredQueued, validQueued, expiredInflight]);

    expect(ids(await store.messages.listInflight(10))).toEqual([expiredInflight.id, inflightB.id, inflightA.id]);
    expect(ids(await store.messages.listInflight(1))).toEqual([expiredInflight.id]);
    expect(ids(await store.messages.dueScheduled(T, 10))).toEqual([schedDue.id, schedNow.id]);
    expect(ids(await store.messages.dueScheduled(T, 1))).toEqual([schedDue.id]);
    expect(ids(await store.messages.listStaleSubmitted(T - 100, 10))).toEqual([staleOld.id, staleExpired.id]);
    expect(ids(await store.messages.listStaleSubmitted(T - 100, 1))).toEqual([staleOld.id]);
    // In-flight queued messages belong to their lane; only idle ones are expired here.
    expect(ids(await store.messages.listExpiredQueued(T, 10))).toEqual([expiredQueued.id]);
  });

  it('listSubmittedOn: a connector\'s messages awaiting a receipt, in submit order, page by page', async () => {
    const store = ctx.store();
    const first = message({ state: 'submitted', submittedAt: T + 1 });
    const tie = message({ state: 'submitted', submittedAt: T + 2 });
    const tieAfter = message({ state: 'submitted', submittedAt: T + 2 });
    const otherConnector = message({ state: 'submitted', submittedAt: T + 1, connectorId: 'conn-2' });
    const delivered = message({ state: 'delivered', submittedAt: T, doneAt: T + 5 });
    const queued = message();
    await seed(store, [tieAfter, first, otherConnector, delivered, queued, tie]);
    expect(ids(await store.messages.listSubmittedOn('conn-1', 10))).toEqual([first.id, tie.id, tieAfter.id]);
    const page = await store.messages.listSubmittedOn('conn-1', 2);
    expect(ids(page)).toEqual([first.id, tie.id]);
    const last = page[1]!;
    expect(ids(await store.messages.listSubmittedOn('conn-1', 2, { submittedAt: last.submittedAt!, id: last.id }))).toEqual([tieAfter.id]);
    expect(ids(await store.messages.listSubmittedOn('conn-2', 10))).toEqual([otherConnector.id]);
  });

  it('purgeFinal: removes only final messages done before the cutoff, with events and parts, in batches', async () => {
    const store = ctx.store();
    const finals = (['delivered', 'undelivered', 'expired', 'rejected', 'failed', 'cancelled'] as const).map((state, i) =>
      message({ state, doneAt: T - 1000 + i }),
    );
    const recentFinal = message({ state: 'delivered', doneAt: T });
    const oldPending = message({ state: 'submitted', createdAt: T - DAY, submittedAt: T - DAY });
    const oldQueued = message({ createdAt: T - DAY });
    await seed(store, [...finals, recentFinal, oldPending, oldQueued]);
    await store.messages.applyUpdates(finals.map((m) => ({ id: m.id, state: m.state, detail: 'final', at: m.doneAt ?? T, parts: [part(m, 1, `P-${m.id}`)] })));
    await store.messages.applyUpdates([{ id: oldPending.id, state: 'submitted', detail: null, at: T - DAY, parts: [part(oldPending, 1, 'KEEP')] }]);

    expect(await store.messages.purgeFinal(T, 4)).toBe(4);
    expect(await store.messages.purgeFinal(T, 4)).toBe(2);
    expect(await store.messages.purgeFinal(T, 4)).toBe(0);
    expect(await store.messages.purgeFinal(T, 0)).toBe(0);

    for (const m of finals) {
      expect(await store.messages.get(m.id)).toBeNull();
      expect(await store.messages.events(m.id)).toEqual([]);
      expect(await store.messages.parts(m.id)).toEqual([]);
    }
    for (const m of [recentFinal, oldPending, oldQueued]) expect(await store.messages.get(m.id)).not.toBeNull();
    expect(await store.messages.events(oldPending.id)).toHaveLength(2);
    expect((await store.messages.findPart('conn-1', ['keep']))?.message.id).toBe(oldPending.id);
  });

  it('countPending and queueDepth', async () => {
    const store = ctx.store();
    expect(await store.messages.countPending()).toEqual({});
    expect(await store.messages.queueDepth()).toEqual({});
    await seed(store, [
      message(), message(), message({ inflightSince: T }), message({ connectorId: 'conn-2' }),
      message({ state: 'delivered' }), message({ state: 'delivered', accountId: 'acc-2' }), message({ state: 'scheduled', connectorId: null }),
      message({ state: 'submitted', accountId: 'acc-2' }),
    ]);
    // Final messages are counted by the statistics rollup, not here.
    expect(await store.messages.countPending()).toEqual({ queued: 4, scheduled: 1, submitted: 1 });
    expect(await store.messages.countPending('acc-2')).toEqual({ submitted: 1 });
    expect(await store.messages.countPending('acc-9')).toEqual({});
    expect(await store.messages.queueDepth()).toEqual({ 'conn-1': 3, 'conn-2': 1 });
  });

  it('countCreated: one account’s messages of a time range, per state and forwarded or not, optionally of one tag', async () => {
    const store = ctx.store();
    const sent = { submittedAt: T + 5 };
    await seed(store, [
      message({ createdAt: T, tag: 'MTEST' }),
      message({ createdAt: T + 1, state: 'delivered', ...sent, tag: 'MTEST', recipient: '+8613800138001' }),
      message({ createdAt: T + 2, state: 'undelivered', ...sent }),
      message({ createdAt: T + 3, state: 'failed' }),
      message({ createdAt: T + DAY, state: 'delivered', ...sent }), // the next day
      message({ createdAt: T - 1 }), // the day before
      message({ createdAt: T, accountId: 'acc-2' }),
    ]);
    const sorted = (counts: { rows: Array<{ state: string; forwarded: boolean; messages: number }>; recipients: number }) => ({
      ...counts,
      rows: [...counts.rows].sort((a, b) => a.state.localeCompare(b.state)),
    });
    expect(sorted(await store.messages.countCreated({ accountId: 'acc-1', from: T, to: T + DAY }))).toEqual({
      rows: [
        { state: 'delivered', forwarded: true, messages: 1 },
        { state: 'failed', forwarded: false, messages: 1 },
        { state: 'queued', forwarded: false, messages: 1 },
        { state: 'undelivered', forwarded: true, messages: 1 },
      ],
      recipients: 2,
    });
    expect(sorted(await store.messages.countCreated({ accountId: 'acc-1', from: T, to: T + DAY, tag: 'MTEST' }))).toEqual({
      rows: [
        { state: 'delivered', forwarded: true, messages: 1 },
        { state: 'queued', forwarded: false, messages: 1 },
      ],
      recipients: 2,
    });
    expect(await store.messages.countCreated({ accountId: 'acc-9', from: T, to: T + DAY })).toEqual({ rows: [], recipients: 0 });
  });
}
