// Billing over HTTP on both stores: top-ups by the operator only, prices, sends reserving their cost,
// a short balance refusing per recipient (402), failures refunded exactly once, quote = charge, the
// CDR CSV, statements, unbilled accounts untouched, and one account never reading another's ledger.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CDR_COLUMNS } from '../../../src/api/routes/cdr-csv.ts';
import { adminToken, bearer, createAccount, expectError, pollUntil } from '../../support/api.ts';
import { startTestPlatform, type TestPlatform, type TestStoreKind } from '../../support/platform.ts';

let platform: TestPlatform;
let admin: string;
const keys: Record<string, string> = {};

const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, token: string, payload?: object) =>
  platform.http.inject({ method, url, headers: bearer(token), ...(payload ? { payload } : {}) });

type Sent = { messages: Array<{ to: string; status: string; id?: string; error?: { code: string; message: string } }> };
type Balance = { balance: number; billed: boolean; lowBalance: boolean; policy: string };
type Ledger = { items: Array<{ kind: string; amount: number; messages: number; balanceAfter: number; note: string | null }>; nextCursor: string | null };

const balance = async (account: string) => ((await call('GET', '/v1/balance', keys[account])).json() as Balance).balance;
const ledger = async (account: string) => (await call('GET', '/v1/ledger?limit=100', keys[account])).json() as Ledger;
const topUp = async (account: string, amount: number) => {
  const res = await call('POST', `/v1/accounts/${account}/ledger`, admin, { kind: 'topup', amount, note: 'bank transfer' });
  expect(res.statusCode, res.body).toBe(201);
};
const price = async (account: string, body: object) => {
  const res = await call('POST', `/v1/accounts/${account}/prices`, admin, body);
  expect(res.statusCode, res.body).toBe(201);
};
const addConnector = async (id: string, outcome: 'delivered' | 'undelivered') => {
  const res = await call('POST', '/v1/connectors', admin, { id, type: 'simulator', name: id, settings: { receiptDelayMs: 20, outcomes: { [outcome]: 1 } } });
  expect(res.statusCode, res.body).toBe(201);
};
const route = async (id: string, accounts: string[], connector: string) => {
  const res = await call('POST', '/v1/routes', admin, { id, name: id, position: 5, filters: { accounts }, connectors: [connector] });
  expect(res.statusCode, res.body).toBe(201);
};

/** 80 Chinese characters including the 5-character signature: 2 billable messages (70/67). */
const LONG_TEXT = `【快信测试】${'验证码'.repeat(25)}`;

async function start(store: TestStoreKind): Promise<void> {
  platform = await startTestPlatform({}, { store });
  admin = await adminToken(platform);
  await addConnector('simok', 'delivered');
  await addConnector('simbad', 'undelivered');
  for (const id of ['payer', 'loser', 'poor', 'free']) keys[id] = await createAccount(platform, admin, { id });
  await route('ok-route', ['payer', 'poor', 'free'], 'simok');
  await route('bad-route', ['loser'], 'simbad');
  await price('payer', { match: 'default', unitPrice: 400 });
  await price('payer', { match: 'prefix', value: '+86138', unitPrice: 300 });
  await price('loser', { match: 'default', unitPrice: 500 });
  await price('poor', { match: 'default', unitPrice: 400 });
  await pollUntil(async () => platform.gateway.connectors.get('simbad')?.stats().state, (s) => s === 'up', 'simbad to come up');
  await pollUntil(async () => platform.gateway.connectors.get('simok')?.stats().state, (s) => s === 'up', 'simok to come up');
}

describe.each(['sqlite', 'postgres'] as const)('billing on %s', (store) => {
  beforeAll(() => start(store));
  afterAll(() => platform?.stop());

  it('only the operator tops up; amounts are positive integers of li; the ledger shows it', async () => {
    expectError(await call('POST', '/v1/accounts/payer/ledger', keys.payer, { kind: 'topup', amount: 100 }), 403, 'forbidden');
    expectError(await call('POST', '/v1/accounts/payer/ledger', admin, { kind: 'topup', amount: -5 }), 400, 'validation_failed', 'amount');
    expectError(await call('POST', '/v1/accounts/payer/ledger', admin, { kind: 'topup', amount: 1.5 }), 400, 'validation_failed');
    expectError(await call('POST', '/v1/accounts/nobody/ledger', admin, { kind: 'topup', amount: 5 }), 404, 'not_found');
    await topUp('payer', 10_000);
    expect(await balance('payer')).toBe(10_000);
    const adjust = await call('POST', '/v1/accounts/payer/ledger', admin, { kind: 'adjustment', amount: -1000, note: 'goodwill reversal' });
    expect(adjust.json()).toMatchObject({ kind: 'adjustment', amount: -1000, balanceAfter: 9000 });
    expect((await ledger('payer')).items.map((e) => [e.kind, e.amount, e.balanceAfter])).toEqual([['adjustment', -1000, 9000], ['topup', 10_000, 10_000]]);
  });

  it('prices are the operator’s: an account key cannot set them, bad values are 400s', async () => {
    expectError(await call('POST', '/v1/accounts/payer/prices', keys.payer, { match: 'default', unitPrice: 1 }), 403, 'forbidden');
    expectError(await call('POST', '/v1/accounts/payer/prices', admin, { match: 'prefix', value: '138', unitPrice: 1 }), 400, 'validation_failed', 'value');
    expectError(await call('POST', '/v1/accounts/payer/prices', admin, { match: 'carrier', value: 'nope', unitPrice: 1 }), 400, 'validation_failed', 'value');
    const list = (await call('GET', '/v1/accounts/payer/prices', admin)).json() as { items: Array<{ match: string; unitPrice: number }> };
    expect(list.items.map((p) => [p.match, p.unitPrice]).sort()).toEqual([['default', 400], ['prefix', 300]]);
  });

  it('the quote equals what a send reserves, by the most specific price', async () => {
    const quote = (await call('POST', '/v1/quote', keys.payer, { to: ['13800138000', '13900139000'], text: LONG_TEXT })).json() as {
      total: number;
      billed: boolean;
      items: Array<{ segments: number; unitPrice: number; cost: number }>;
    };
    expect(quote.billed).toBe(true);
    expect(quote.items.map((i) => [i.segments, i.unitPrice, i.cost])).toEqual([[2, 300, 600], [2, 400, 800]]);
    expect(quote.total).toBe(1400);
    const before = await balance('payer');
    const sent = (await call('POST', '/v1/messages', keys.payer, { to: ['13800138000', '13900139000'], text: LONG_TEXT })).json() as Sent;
    expect(sent.messages.map((m) => m.status)).toEqual(['accepted', 'accepted']);
    expect(await balance('payer')).toBe(before - 1400);
    const [reserve] = (await ledger('payer')).items;
    expect(reserve).toMatchObject({ kind: 'reserve', amount: -1400, messages: 2, balanceAfter: before - 1400 });
    // Delivered messages keep their charge.
    for (const m of sent.messages) await pollUntil(async () => (await call('GET', `/v1/messages/${m.id}`, keys.payer)).json().state, (s) => s === 'delivered', 'delivery');
    await platform.gateway.intake.flush();
    expect((await platform.store.billing.account('payer'))!.balance).toBe(before - 1400);
  });

  it('a short balance refuses per recipient with insufficient_balance (402 when none is accepted)', async () => {
    await topUp('poor', 500);
    const first = (await call('POST', '/v1/messages', keys.poor, { to: ['13700137001', '13700137002'], text: 'hello' })).json() as Sent;
    expect(first.messages[0].status).toBe('accepted');
    expect(first.messages[1]).toMatchObject({ status: 'rejected', error: { code: 'insufficient_balance' } });
    const none = await call('POST', '/v1/messages', keys.poor, { to: ['13700137003'], text: 'hello' });
    expect(none.statusCode).toBe(402);
    expect(none.json().error.code).toBe('insufficient_balance');
    expect(await balance('poor')).toBe(100);
  });

  it('an undelivered message is refunded exactly once (失败返还)', async () => {
    await topUp('loser', 2000);
    const sent = (await call('POST', '/v1/messages', keys.loser, { to: ['13600136001'], text: 'will fail' })).json() as Sent;
    const id = sent.messages[0].id!;
    expect(await balance('loser')).toBe(1500);
    await pollUntil(async () => (await call('GET', `/v1/messages/${id}`, keys.loser)).json().state, (s) => s === 'undelivered', 'the failure receipt');
    await pollUntil(() => balance('loser'), (b) => b === 2000, 'the refund');
    // Another node seeing the same final state refunds nothing.
    expect(await platform.store.billing.refund([id], Date.now())).toEqual([]);
    const message = (await platform.store.messages.get(id))!;
    expect(message.cost).toBe(500);
    const kinds = (await ledger('loser')).items.map((e) => [e.kind, e.amount, e.messages]);
    expect(kinds).toEqual([['refund', 500, 1], ['reserve', -500, 1], ['topup', 2000, 0]]);
    expect((await platform.store.billing.account('loser'))!.balance).toBe(2000);
  });

  it('concurrent sends never overdraw; a cancelled scheduled message is refunded', async () => {
    await topUp('poor', 1100);
    const sends = await Promise.all(Array.from({ length: 8 }, (_, i) => call('POST', '/v1/messages', keys.poor, { to: [`1370013710${i}`], text: 'hi' })));
    expect(sends.filter((r) => r.statusCode === 202)).toHaveLength(3);
    expect(sends.filter((r) => r.statusCode === 402)).toHaveLength(5);
    expect(await balance('poor')).toBe(0);
    await topUp('poor', 400);
    const later = (await call('POST', '/v1/messages', keys.poor, { to: ['13700137200'], text: 'later', scheduleAt: new Date(Date.now() + 3600_000).toISOString() })).json() as Sent;
    expect(await balance('poor')).toBe(0);
    expect((await call('DELETE', `/v1/messages/${later.messages[0].id}`, keys.poor)).statusCode).toBe(200);
    await pollUntil(() => balance('poor'), (b) => b === 400, 'the refund of the cancelled message');
    await platform.gateway.intake.flush();
    expect((await platform.store.billing.account('poor'))!.balance).toBe(400);
  });

  it('an account with no price plan sends free and has no ledger', async () => {
    const sent = (await call('POST', '/v1/messages', keys.free, { to: ['13500135001'], text: 'free' })).json() as Sent;
    expect(sent.messages[0].status).toBe('accepted');
    expect(((await call('GET', '/v1/balance', keys.free)).json() as Balance)).toMatchObject({ balance: 0, billed: false });
    expect((await ledger('free')).items).toEqual([]);
  });

  it('the CDR CSV lists the messages with the domain fields and what each was charged', async () => {
    const from = Date.now() - 3600_000;
    const res = await call('GET', `/v1/cdr.csv?from=${from}&to=${Date.now() + 1000}`, keys.loser);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/csv/);
    const [header, row] = res.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(header).toBe(CDR_COLUMNS.join(','));
    const cells = Object.fromEntries(header.split(',').map((name, i) => [name, row.split(',')[i]]));
    expect(cells).toMatchObject({ recipient: '+8613600136001', state: 'undelivered', success: 'false', charged: 'false', unit_price_li: '500', amount_li: '500', refunded: 'true', currency: 'CNY' });
    expectError(await call('GET', '/v1/cdr.csv?from=10&to=5', keys.loser), 400, 'validation_failed', 'to');
  });

  it('the monthly statement sums the ledger from the opening to the closing balance', async () => {
    const month = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);
    const statement = (await call('GET', `/v1/statements/${month}`, keys.loser)).json() as { opening: number; closing: number; byKind: Array<{ kind: string; amount: number }> };
    expect(statement.opening).toBe(0);
    expect(statement.closing).toBe(2000);
    expect(statement.byKind.map((k) => [k.kind, k.amount])).toEqual([['refund', 500], ['reserve', -500], ['topup', 2000]]);
    const csv = await call('GET', `/v1/statements/${month}?format=csv`, keys.loser);
    expect(csv.body).toContain(`loser,${month},closing,2000`);
    expectError(await call('GET', '/v1/statements/2026-13', keys.loser), 400, 'validation_failed');
  });

  it('the low-balance threshold flags the account once the balance falls below it', async () => {
    const set = await call('PUT', '/v1/accounts/payer/billing', admin, { policy: 'delivery', lowBalanceThreshold: 100_000 });
    expect(set.statusCode, set.body).toBe(200);
    await call('POST', '/v1/messages', keys.payer, { to: ['13900139001'], text: 'hi' });
    expect(((await call('GET', '/v1/balance', keys.payer)).json() as Balance).lowBalance).toBe(true);
    await pollUntil(async () => (await platform.store.billing.account('payer'))!.lowBalanceAlerted, (a) => a, 'the alert flag');
  });

  it("one account never reads or changes another's billing", async () => {
    expectError(await call('GET', '/v1/ledger?accountId=payer', keys.free), 403, 'forbidden', 'accountId');
    expectError(await call('GET', '/v1/balance?accountId=payer', keys.free), 403, 'forbidden', 'accountId');
    expectError(await call('GET', `/v1/cdr.csv?accountId=payer&from=0&to=${Date.now()}`, keys.free), 403, 'forbidden', 'accountId');
    expectError(await call('GET', '/v1/statements/2026-01?accountId=payer', keys.free), 403, 'forbidden', 'accountId');
    expectError(await call('PUT', '/v1/accounts/free/billing', keys.free, { policy: 'submit', lowBalanceThreshold: 0 }), 403, 'forbidden');
    expectError(await call('GET', '/v1/accounts/payer/prices', keys.free), 403, 'forbidden');
    // The operator names the account.
    expect(((await call('GET', '/v1/balance?accountId=loser', admin)).json() as Balance).balance).toBe(2000);
  });
});
