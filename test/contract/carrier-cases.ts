// Store contract, carriers: the versioned segment table (号段) and ported-number overrides (携号转网).
import { expect, it } from 'vitest';
import type { CarrierSegment } from '../../src/core/carriers/carrier.ts';
import type { CarrierOverride } from '../../src/store/types.ts';
import { T, type StoreContext } from './fixtures.ts';

const seg = (prefix: string, carrier: CarrierSegment['carrier'], virtual = false, kind: CarrierSegment['kind'] = 'mobile'): CarrierSegment => ({ prefix, carrier, virtual, kind });

export function carrierCases(ctx: StoreContext): void {
  it('carriers: a fresh store has no operator table, version 0 on the built-in base', async () => {
    expect(await ctx.store().carriers.segments()).toEqual({ version: 0, base: 'builtin', segments: [], updatedAt: null });
  });

  it('carriers: replacing the segment table bumps the version and keeps exactly the rows given', async () => {
    const { carriers } = ctx.store();
    const first = [seg('1540', 'cucc'), seg('1703', 'cmcc', true), seg('1440', 'cmcc', false, 'iot')];
    expect(await carriers.replaceSegments('builtin', first, T)).toBe(1);
    expect(await carriers.segments()).toEqual({ version: 1, base: 'builtin', segments: [seg('1440', 'cmcc', false, 'iot'), seg('1540', 'cucc'), seg('1703', 'cmcc', true)], updatedAt: T });
    expect(await carriers.replaceSegments('empty', [seg('138', 'ctcc')], T + 1)).toBe(2);
    expect(await carriers.segments()).toEqual({ version: 2, base: 'empty', segments: [seg('138', 'ctcc')], updatedAt: T + 1 });
    expect(await carriers.replaceSegments('builtin', [], T + 2)).toBe(3);
    expect(await carriers.segments()).toEqual({ version: 3, base: 'builtin', segments: [], updatedAt: T + 2 });
  });

  it('carriers: concurrent replacements each get their own version', async () => {
    const { carriers } = ctx.store();
    const versions = await Promise.all([1, 2, 3, 4].map((i) => carriers.replaceSegments('builtin', [seg(`15${i}`, 'cucc')], T + i)));
    expect([...versions].sort()).toEqual([1, 2, 3, 4]);
    const stored = await carriers.segments();
    expect(stored.version).toBe(4);
    expect(stored.segments).toHaveLength(1);
  });

  it('carriers: overrides round trip, update by upsert, list in number order with a cursor, delete', async () => {
    const { carriers } = ctx.store();
    const a: CarrierOverride = { number: '+8613900139000', carrier: 'cucc', origin: 'manual', note: '客户报备', updatedAt: T };
    const b: CarrierOverride = { number: '+8613800138000', carrier: null, origin: 'receipt', note: 'LT:0036', updatedAt: T + 1 };
    const c: CarrierOverride = { number: '+8618900189000', carrier: 'cmcc', origin: 'receipt', note: null, updatedAt: T + 2 };
    for (const o of [a, b, c]) await carriers.upsertOverride(o);
    expect(await carriers.getOverride(a.number)).toEqual(a);
    expect(await carriers.getOverride(b.number)).toEqual(b);
    expect(await carriers.getOverride('+8600000000000')).toBeNull();
    expect(await carriers.getOverride('+86\u0000')).toBeNull();
    expect(await carriers.listOverrides(null, 10)).toEqual([b, a, c]);
    expect(await carriers.listOverrides(null, 2)).toEqual([b, a]);
    expect(await carriers.listOverrides(a.number, 10)).toEqual([c]);
    const changed = { ...b, carrier: 'ctcc' as const, origin: 'manual' as const, note: null, updatedAt: T + 9 };
    await carriers.upsertOverride(changed);
    expect(await carriers.getOverride(b.number)).toEqual(changed);
    expect(await carriers.deleteOverride(a.number)).toBe(true);
    expect(await carriers.deleteOverride(a.number)).toBe(false);
    expect(await carriers.listOverrides(null, 10)).toEqual([changed, c]);
  });

  it('carriers: the stamp moves with every change, and overridesSince finds edits by time', async () => {
    const { carriers } = ctx.store();
    expect(await carriers.stamp()).toEqual({ version: 0, overrides: 0, latest: 0 });
    await carriers.upsertOverride({ number: '+8613800138000', carrier: 'cucc', origin: 'manual', note: null, updatedAt: T });
    await carriers.upsertOverride({ number: '+8613900139000', carrier: null, origin: 'receipt', note: 'LT:0036', updatedAt: T + 5 });
    expect(await carriers.stamp()).toEqual({ version: 0, overrides: 2, latest: T + 5 });
    await carriers.replaceSegments('builtin', [], T + 6);
    expect(await carriers.stamp()).toEqual({ version: 1, overrides: 2, latest: T + 5 });
    expect((await carriers.overridesSince(T + 5)).map((o) => o.number)).toEqual(['+8613900139000']);
    expect((await carriers.overridesSince(T)).map((o) => o.number)).toEqual(['+8613800138000', '+8613900139000']);
    expect(await carriers.overridesSince(T + 6)).toEqual([]);
    await carriers.deleteOverride('+8613900139000');
    expect(await carriers.stamp()).toEqual({ version: 1, overrides: 1, latest: T });
  });
}
