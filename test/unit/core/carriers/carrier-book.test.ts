// CarrierBook: override before segment, operator tables extending or replacing the built-in one, learning from receipts.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CarrierBook } from '../../../../src/core/carriers/carrier-book.ts';
import { MtRouter } from '../../../../src/core/router.ts';
import { SqliteStore } from '../../../../src/store/sqlite/sqlite-store.ts';
import type { RouteRecord } from '../../../../src/store/types.ts';

let store: SqliteStore;
let book: CarrierBook;

beforeEach(async () => {
  store = await SqliteStore.open(':memory:');
  book = new CarrierBook(store.carriers);
  await book.reload();
});
afterEach(() => store.close());

describe('CarrierBook', () => {
  it('answers from the built-in table at version 0', () => {
    expect(book.lookup('+8616512345678')).toEqual({ carrier: 'cmcc', virtual: true, kind: 'mobile', source: 'segment', segment: '165', tableVersion: 0 });
    expect(book.lookup('+14155552671')).toEqual({ carrier: null, virtual: false, kind: null, source: null, segment: null, tableVersion: 0 });
  });

  it('an override wins over the segment', async () => {
    await book.setOverride({ number: '+8613800138000', carrier: 'ctcc', origin: 'manual', note: null, updatedAt: 1 });
    expect(book.lookup('+8613800138000')).toMatchObject({ carrier: 'ctcc', source: 'override' });
    expect(await book.removeOverride('+8613800138000')).toBe(true);
    expect(book.lookup('+8613800138000')).toMatchObject({ carrier: 'cmcc', source: 'segment' });
  });

  it('extending keeps the built-in rows; replacing drops them; each change bumps the version', async () => {
    expect(await book.replaceSegments('builtin', [{ prefix: '1540', carrier: 'cucc', virtual: false, kind: 'mobile' }])).toBe(1);
    expect(book.carrierOf('+8615401234567')).toBe('cucc');
    expect(book.carrierOf('+8613800138000')).toBe('cmcc');
    expect(await book.replaceSegments('empty', [{ prefix: '138', carrier: 'cucc', virtual: false, kind: 'mobile' }])).toBe(2);
    expect(book.carrierOf('+8613800138000')).toBe('cucc');
    expect(book.carrierOf('+8613900139000')).toBeNull();
    expect(book.lookup('+8613800138000').tableVersion).toBe(2);
  });

  it('reload picks up changes another node made in the store', async () => {
    const other = new CarrierBook(store.carriers);
    await other.setOverride({ number: '+8613800138000', carrier: 'cucc', origin: 'manual', note: null, updatedAt: 1 });
    await other.replaceSegments('builtin', []);
    expect(book.carrierOf('+8613800138000')).toBe('cmcc');
    await book.reload();
    expect(book.carrierOf('+8613800138000')).toBe('cucc');
    expect(book.version).toBe(1);
  });

  it('refresh() catches up with another node: nothing when unchanged, edits by time, deletions by count', async () => {
    const other = new CarrierBook(store.carriers);
    await other.reload();
    expect(await book.refresh()).toBe(false);
    await other.setOverride({ number: '+8613800138000', carrier: 'cucc', origin: 'manual', note: null, updatedAt: 10 });
    await other.setOverride({ number: '+8613900139000', carrier: 'ctcc', origin: 'manual', note: null, updatedAt: 20 });
    expect(await book.refresh()).toBe(true);
    expect(book.carrierOf('+8613800138000')).toBe('cucc');
    expect(book.carrierOf('+8613900139000')).toBe('ctcc');
    await other.removeOverride('+8613800138000');
    await other.setOverride({ number: '+8618900189000', carrier: 'cmcc', origin: 'manual', note: null, updatedAt: 30 });
    expect(await book.refresh()).toBe(true);
    expect(book.carrierOf('+8613800138000')).toBe('cmcc'); // back to its segment
    expect(book.carrierOf('+8618900189000')).toBe('cmcc');
    await other.replaceSegments('empty', []);
    expect(await book.refresh()).toBe(true);
    expect(book.carrierOf('+8613800138000')).toBeNull();
    expect(book.version).toBe(1);
    expect(await book.refresh()).toBe(false);
  });

  it('learns ported numbers from receipts but never overwrites a manual override', async () => {
    expect(await book.learnFromReceipt('+8613800138000', 'DELIVRD', null)).toBeNull();
    expect(await book.learnFromReceipt('+8613800138000', 'NP:1243', null, 5)).toEqual({ number: '+8613800138000', carrier: 'cucc', origin: 'receipt', note: 'NP:1243', updatedAt: 5 });
    expect(book.lookup('+8613800138000')).toMatchObject({ carrier: 'cucc', source: 'override' });
    // A later "ported somewhere" does not forget the known destination.
    expect(await book.learnFromReceipt('+8613800138000', 'UNDELIV', 'LT:0036')).toBeNull();
    // Ported to an unknown carrier: no carrier, so single-network (carrier-filtered) routes skip it.
    await book.learnFromReceipt('+8613900139000', 'LT:0036', null);
    expect(book.carrierOf('+8613900139000')).toBeNull();
    await book.setOverride({ number: '+8618900189000', carrier: 'ctcc', origin: 'manual', note: null, updatedAt: 1 });
    expect(await book.learnFromReceipt('+8618900189000', 'NP:1243', null)).toBeNull();
    expect(book.carrierOf('+8618900189000')).toBe('ctcc');
    expect((await store.carriers.getOverride('+8613800138000'))?.carrier).toBe('cucc');
  });

  it('drives the router carrier filter', async () => {
    const route = (id: string, carriers: string[] | undefined, connector: string, isDefault = false): RouteRecord => ({
      id, name: id, position: isDefault ? 0 : 10, filters: carriers ? { carriers } : {}, strategy: 'static',
      connectors: [{ id: connector, weight: 1 }], isDefault, enabled: true,
    });
    const router = new MtRouter({ carrierOf: book.carrierOf });
    router.load([route('mobile', ['cmcc'], 'cmpp'), route('telecom', ['ctcc'], 'smgp'), route('any', undefined, 'mixed', true)]);
    const to = (recipient: string) => router.route({ accountId: 'a', recipient, sender: null, tag: null, priority: 1 }).connectorId;
    expect(to('+8613800138000')).toBe('cmpp');
    expect(to('+8616512345678')).toBe('cmpp');
    expect(to('+8617001234567')).toBe('smgp');
    expect(to('+8619212345678')).toBe('mixed');
    await book.setOverride({ number: '+8613800138000', carrier: 'ctcc', origin: 'manual', note: null, updatedAt: 1 });
    expect(to('+8613800138000')).toBe('smgp');
    await book.learnFromReceipt('+8613900139000', 'LT:0036', null);
    expect(to('+8613900139000')).toBe('mixed');
  });
});

describe('CarrierBook.learnFromFinal', () => {
  it('learns from undelivered messages whose error code says ported, and ignores the rest', async () => {
    const learned = await book.learnFromFinal([
      { recipient: '+8613800138000', state: 'undelivered', errorCode: 'UNDELIV:NP:1243' },
      { recipient: '+8613900139000', state: 'undelivered', errorCode: 'LT:0036' },
      { recipient: '+8615800158000', state: 'undelivered', errorCode: 'UNDELIV:MK:0001' },
      { recipient: '+8618900189000', state: 'delivered', errorCode: null },
    ]);
    expect(learned).toBe(2);
    expect(book.lookup('+8613800138000')).toMatchObject({ carrier: 'cucc', source: 'override' });
    expect(book.lookup('+8613900139000')).toMatchObject({ carrier: null, source: 'override' });
    expect(book.lookup('+8615800158000').source).toBe('segment');
    expect((await store.carriers.getOverride('+8613900139000'))?.note).toBe('LT:0036');
  });
});
