// Store contract, statistics: final messages grouped per hour, hour ranges replaced idempotently,
// report sums per dimension, the job lease and watermark, the rollup job on top, and the MO search.
import { expect, it } from 'vitest';
import { failureClassifier } from '../../src/core/stats/failure-category.ts';
import { StatsRollup } from '../../src/core/stats/stats-rollup.ts';
import type { Message, MoMessage } from '../../src/core/message.ts';
import type { StatsRow } from '../../src/store/types.ts';
import { acceptedEvent, message, type StoreContext } from './fixtures.ts';

const H = 3_600_000;
/** An hour-aligned epoch for these cases. */
const H0 = Math.floor(1_700_000_000_000 / H) * H;

const final = (over: Partial<Message>): Message => message({ state: 'delivered', doneAt: H0 + 60_000, submittedAt: H0, ...over });
const insert = async (ctx: StoreContext, messages: Message[]) => ctx.store().messages.insertMany(messages, messages.map((m) => acceptedEvent(m)));
const statsRow = (over: Partial<StatsRow>): StatsRow => ({ hour: H0, accountId: 'a', connectorId: 'c', carrier: 'cmcc', category: 'notification', state: 'delivered', failure: '', messages: 1, segments: 1, ...over });
const carrierOf = (n: string) => (n.startsWith('+86138') ? 'cmcc' : n.startsWith('+86130') ? 'cucc' : null);

export function statsCases(ctx: StoreContext): void {
  it('stats: final messages are grouped per hour and dimension; unfinished ones are left out', async () => {
    const { stats } = ctx.store();
    expect(await stats.firstDoneAt()).toBeNull();
    await insert(ctx, [
      final({ segments: 2 }),
      final({ segments: 1, doneAt: H0 + 59 * 60_000 }),
      final({ state: 'undelivered', errorCode: 'MK:0005' }),
      final({ doneAt: H0 + H + 1, recipient: '+8613000130000', category: 'marketing' }),
      message({ state: 'submitted' }),
    ]);
    expect(await stats.firstDoneAt()).toBe(H0 + 60_000);
    const groups = await stats.groupFinal(H0, H0 + 2 * H);
    const view = groups.map((g) => [g.hour - H0, g.accountId, g.connectorId, g.prefix, g.category, g.state, g.errorCode, g.messages, g.segments]);
    expect(view.sort()).toEqual(
      [
        [0, 'acc-1', 'conn-1', '+861380013', 'notification', 'delivered', null, 2, 3],
        [0, 'acc-1', 'conn-1', '+861380013', 'notification', 'undelivered', 'MK:0005', 1, 1],
        [H, 'acc-1', 'conn-1', '+861300013', 'marketing', 'delivered', null, 1, 1],
      ].sort(),
    );
    expect(await stats.groupFinal(H0 + H, H0 + 2 * H)).toHaveLength(1);
  });

  it('stats: a carrier stored at intake groups as it is (no prefix split); messages without one are split by prefix', async () => {
    const { stats } = ctx.store();
    await insert(ctx, [
      final({ recipient: '+8613800130001', carrier: 'ctcc' }),
      final({ recipient: '+8613899990002', carrier: 'ctcc' }),
      final({ recipient: '+8613800130003', carrier: '' }),
      final({ recipient: '+8613800130004' }),
    ]);
    const groups = await stats.groupFinal(H0, H0 + H);
    expect(groups.map((g) => [g.carrier, g.prefix, g.messages]).sort()).toEqual([['ctcc', '', 2], ['', '', 1], [null, '+861380013', 1]].sort());
    const read = await ctx.store().messages.list({ accountId: 'acc-1', limit: 10 });
    expect(read.items.map((m) => m.carrier ?? null).sort()).toEqual(['', 'ctcc', 'ctcc', null].sort());
  });

  it('stats: replacing an hour range is idempotent and leaves other hours alone; sums per dimension and account', async () => {
    const { stats } = ctx.store();
    const rows = [
      statsRow({ messages: 3, segments: 4 }),
      statsRow({ accountId: 'b', connectorId: 'd', carrier: 'cucc', state: 'undelivered', failure: 'blacklist', messages: 2, segments: 2 }),
      statsRow({ hour: H0 + H, category: 'marketing', messages: 5, segments: 5 }),
    ];
    await stats.replaceHours(H0, H0 + 2 * H, rows);
    await stats.replaceHours(H0, H0 + 2 * H, rows);
    const all = await stats.aggregate({ from: H0, to: H0 + 2 * H, groupBy: null });
    expect(all.map((r) => [r.hour - H0, r.key, r.state, r.messages, r.segments]).sort()).toEqual([[0, '', 'delivered', 3, 4], [0, '', 'undelivered', 2, 2], [H, '', 'delivered', 5, 5]].sort());
    const byConnector = await stats.aggregate({ from: H0, to: H0 + H, groupBy: 'connector' });
    expect(byConnector.map((r) => [r.key, r.state, r.messages]).sort()).toEqual([['c', 'delivered', 3], ['d', 'undelivered', 2]]);
    const failures = await stats.aggregate({ from: H0, to: H0 + 2 * H, groupBy: 'failure', accountId: 'b' });
    expect(failures.map((r) => [r.key, r.messages])).toEqual([['blacklist', 2]]);
    expect(await stats.aggregate({ from: H0, to: H0 + 2 * H, groupBy: 'carrier', accountId: 'nobody' })).toEqual([]);
    // Replace only the second hour: the first keeps its rows.
    await stats.replaceHours(H0 + H, H0 + 2 * H, [statsRow({ hour: H0 + H, messages: 7, segments: 7 })]);
    const after = await stats.aggregate({ from: H0, to: H0 + 2 * H, groupBy: 'category' });
    expect(after.map((r) => [r.hour - H0, r.key, r.state, r.messages]).sort()).toEqual([[0, 'notification', 'delivered', 3], [0, 'notification', 'undelivered', 2], [H, 'notification', 'delivered', 7]].sort());
    await stats.replaceHours(H0, H0 + 2 * H, []);
    expect(await stats.aggregate({ from: H0, to: H0 + 2 * H, groupBy: null })).toEqual([]);
  });

  it('stats: one holder at a time gets the lease; it renews, releases and expires; the watermark is kept', async () => {
    const { stats } = ctx.store();
    expect(await stats.lease('job', 'n1', H0, H0 + 1000)).toBe(true);
    expect(await stats.lease('job', 'n2', H0 + 10, H0 + 1010)).toBe(false);
    expect(await stats.lease('job', 'n1', H0 + 20, H0 + 2000)).toBe(true);
    expect(await stats.lease('job', 'n2', H0 + 1500, H0 + 2500)).toBe(false);
    expect(await stats.lease('job', 'n2', H0 + 2001, H0 + 3000)).toBe(true);
    await stats.releaseLease('job', 'n1');
    expect(await stats.lease('job', 'n1', H0 + 2100, H0 + 3100)).toBe(false);
    await stats.releaseLease('job', 'n2');
    expect(await stats.lease('job', 'n1', H0 + 2200, H0 + 3200)).toBe(true);
    const racers = await Promise.all(['x', 'y', 'z'].map((h) => stats.lease('race', h, H0, H0 + 1000)));
    expect(racers.filter(Boolean)).toHaveLength(1);
    expect(await stats.watermark('job')).toBeNull();
    await stats.setWatermark('job', H0);
    await stats.setWatermark('other', H0 + H);
    expect(await stats.watermark('job')).toBe(H0);
    expect(await stats.lease('job', 'n1', H0 + 2300, H0 + 3300)).toBe(true);
    expect(await stats.watermark('job')).toBe(H0);
  });

  it('stats: the rollup job counts each final message once however often it runs, and waits for a lease held elsewhere', async () => {
    const store = ctx.store();
    let now = H0 + 3 * H + 5 * 60_000;
    const rollup = (holder: string) => new StatsRollup({ store, carrierOf, classifier: async () => failureClassifier(), holder, now: () => now, chunkHours: 1 });
    await insert(ctx, [
      final({ recipient: '+8613800000001', doneAt: H0 + 1 }),
      final({ recipient: '+8613000000001', state: 'undelivered', errorCode: 'DB:0144', doneAt: H0 + 2 * H + 1 }),
      final({ state: 'expired', errorCode: 'no_receipt', doneAt: H0 + 3 * H + 1 }),
    ]);
    const first = await rollup('n1').runOnce();
    expect(first).toMatchObject({ from: H0, to: H0 + 4 * H, hours: 4, messages: 3 });
    // Again: only the lateness window (2 h) is recomputed, and nothing is counted twice.
    expect(await rollup('n1').runOnce()).toMatchObject({ from: H0 + H, messages: 2 });
    const failures = await store.stats.aggregate({ from: H0, to: H0 + 4 * H, groupBy: 'failure' });
    expect(failures.map((r) => [r.hour - H0, r.key, r.state, r.messages]).sort()).toEqual([[0, '', 'delivered', 1], [2 * H, 'blacklist', 'undelivered', 1], [3 * H, 'expired', 'expired', 1]].sort());
    const carriers = await store.stats.aggregate({ from: H0, to: H0 + 4 * H, groupBy: 'carrier' });
    expect(carriers.map((r) => r.key).sort()).toEqual(['cmcc', 'cmcc', 'cucc']);
    // A message that became final in an earlier, already rolled-up hour within the lateness window is picked up.
    now += H;
    await insert(ctx, [final({ doneAt: H0 + 3 * H + 2 })]);
    expect(await rollup('n1').runOnce()).toMatchObject({ from: H0 + 2 * H, messages: 3 });
    const total = await store.stats.aggregate({ from: H0, to: H0 + 5 * H, groupBy: null });
    expect(total.reduce((sum, r) => sum + r.messages, 0)).toBe(4);
    // Another node holds the lease: this one does nothing.
    expect(await store.stats.lease('stats_hourly', 'other', now, now + 60_000)).toBe(true);
    expect(await rollup('n1').runOnce()).toBeNull();
    expect(await rollup('n1').recompute(H0, H0 + H)).toBeNull();
  });

  it('mo search: by account, sender, time range and keyword (LIKE wildcards match themselves)', async () => {
    const { mo } = ctx.store();
    const base: MoMessage = { id: '', accountId: 'acc-1', connectorId: 'c', sender: '+8613800000001', recipient: '1069001', text: '', receivedAt: H0 };
    const items: MoMessage[] = [
      { ...base, id: 'm1', text: 'TD 退订', receivedAt: H0 + 1 },
      { ...base, id: 'm2', text: '50% off?', receivedAt: H0 + 2 },
      { ...base, id: 'm3', text: 'hello WORLD', receivedAt: H0 + 3, sender: '+8613800000002' },
      { ...base, id: 'm4', text: 'hello', receivedAt: H0 + 4, accountId: 'acc-2' },
    ];
    for (const m of items) await mo.insert(m);
    const ids = async (f: Parameters<typeof mo.list>[0]) => (await mo.list(f)).items.map((m) => m.id);
    expect(await ids({ accountId: 'acc-1', limit: 10 })).toEqual(['m3', 'm2', 'm1']);
    expect(await ids({ accountId: 'acc-1', sender: '+8613800000002', limit: 10 })).toEqual(['m3']);
    expect(await ids({ accountId: 'acc-1', keyword: 'world', limit: 10 })).toEqual(['m3']);
    expect(await ids({ keyword: 'hello', limit: 10 })).toEqual(['m4', 'm3']);
    expect(await ids({ keyword: '退订', limit: 10 })).toEqual(['m1']);
    expect(await ids({ keyword: '%', limit: 10 })).toEqual(['m2']);
    expect(await ids({ keyword: '_', limit: 10 })).toEqual([]);
    expect(await ids({ receivedFrom: H0 + 2, receivedTo: H0 + 4, limit: 10 })).toEqual(['m3', 'm2']);
    const page = await mo.list({ keyword: 'l', limit: 1 });
    expect(page.items.map((m) => m.id)).toEqual(['m4']);
    expect(await ids({ keyword: 'l', cursor: page.nextCursor!, limit: 10 })).toEqual(['m3']);
  });
}
