// MT routing (filters, order, default, strategies, time windows) and MO longest-prefix routing.
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/core/errors.ts';
import { MoRouter, MtRouter, type RouteInput, type RouterOptions } from '../../../src/core/router.ts';
import type { RouteFilters, RouteRecord } from '../../../src/store/types.ts';

function route(id: string, filters: RouteFilters, connectors: Array<string | [string, number]>, extra: Partial<RouteRecord> = {}): RouteRecord {
  return {
    id,
    name: `route ${id}`,
    position: 100,
    filters,
    strategy: 'static',
    connectors: connectors.map((c) => (typeof c === 'string' ? { id: c, weight: 1 } : { id: c[0], weight: c[1] })),
    isDefault: false,
    enabled: true,
    ...extra,
  };
}

const DEFAULT = route('default', {}, ['fallback'], { isDefault: true, position: 0 });

function input(overrides: Partial<RouteInput> = {}): RouteInput {
  return { accountId: 'acme', recipient: '+8613800138000', sender: null, tag: null, priority: 1, ...overrides };
}

function router(records: RouteRecord[], options: RouterOptions = {}): MtRouter {
  const r = new MtRouter(options);
  r.load(records);
  return r;
}

function loadError(records: RouteRecord[]): AppError {
  try {
    new MtRouter().load(records);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('load() accepted an invalid rule set');
}

describe('MtRouter filters', () => {
  it.each<[string, RouteFilters, Partial<RouteInput>, Partial<RouteInput>]>([
    ['accounts', { accounts: ['acme', 'globex'] }, { accountId: 'globex' }, { accountId: 'initech' }],
    ['prefixes', { prefixes: ['+86139', '+86138'] }, { recipient: '+8613800138000' }, { recipient: '+8615800158000' }],
    ['prefixes without +', { prefixes: ['86138'] }, { recipient: '+8613800138000' }, { recipient: '+8615800158000' }],
    ['regex', { regex: '^\\+8615[0-9]{9}$' }, { recipient: '+8615800158000' }, { recipient: '+8613800138000' }],
    ['senders', { senders: ['ACME'] }, { sender: 'ACME' }, { sender: null }],
    ['carriers', { carriers: ['cmcc'] }, { recipient: '+8613800138000' }, { recipient: '+8618600186000' }],
    ['tags', { tags: ['otp'] }, { tag: 'otp' }, { tag: 'promo' }],
    ['priorities', { priorities: [0] }, { priority: 0 }, { priority: 2 }],
  ])('%s: a matching message takes the route, another falls to the default', (_name, filters, hit, miss) => {
    const carrierOf = (e164: string) => (e164.startsWith('+86138') ? 'cmcc' : e164.startsWith('+86186') ? 'unicom' : null);
    const r = router([route('special', filters, ['special-conn']), DEFAULT], { carrierOf });
    expect(r.route(input(hit))).toMatchObject({ routeId: 'special', connectorId: 'special-conn' });
    expect(r.route(input(miss))).toMatchObject({ routeId: 'default', connectorId: 'fallback' });
  });

  it('all filters of a route must match (AND)', () => {
    const r = router([route('both', { accounts: ['acme'], tags: ['otp'] }, ['c1']), DEFAULT]);
    expect(r.route(input({ tag: 'otp' })).routeId).toBe('both');
    expect(r.route(input({ tag: 'promo' })).routeId).toBe('default');
    expect(r.route(input({ accountId: 'other', tag: 'otp' })).routeId).toBe('default');
  });

  it('a carrier filter never matches a number of unknown carrier', () => {
    const r = router([route('cmcc', { carriers: ['cmcc'] }, ['c1']), DEFAULT]);
    expect(r.route(input()).routeId).toBe('default');
  });
});

describe('MtRouter order and the default route', () => {
  it('routes are tried by position, not by the order given, and the default comes last whatever its position', () => {
    const r = router([
      DEFAULT,
      route('late', { accounts: ['acme'] }, ['c-late'], { position: 20 }),
      route('early', { accounts: ['acme'] }, ['c-early'], { position: 10 }),
    ]);
    expect(r.route(input())).toMatchObject({ routeId: 'early', routeName: 'route early', connectorId: 'c-early', candidates: ['c-early'] });
  });

  it('disabled routes are skipped', () => {
    const r = router([route('off', { accounts: ['acme'] }, ['c-off'], { enabled: false, position: 1 }), DEFAULT]);
    expect(r.route(input()).routeId).toBe('default');
  });

  it('exactly one enabled default route is required', () => {
    expect(loadError([route('a', {}, ['c'])])).toMatchObject({ code: 'validation_failed', field: 'routes' });
    expect(loadError([DEFAULT, route('d2', {}, ['c'], { isDefault: true })]).message).toMatch(/exactly one enabled default route is required, found 2/);
    expect(loadError([{ ...DEFAULT, enabled: false }]).message).toMatch(/found 0/);
    // A disabled second default does not count.
    expect(() => new MtRouter().load([DEFAULT, route('d2', {}, ['c'], { isDefault: true, enabled: false })])).not.toThrow();
  });

  it('a route without connectors and a malformed time window are refused', () => {
    expect(loadError([DEFAULT, route('empty', { accounts: ['acme'] }, [])])).toMatchObject({ field: 'routes.empty.connectors' });
    expect(loadError([DEFAULT, route('night', { timeWindow: '25:00-06:00' }, ['c'])])).toMatchObject({ field: 'filters.timeWindow' });
    expect(loadError([DEFAULT, route('night', { timeWindow: 'night' }, ['c'])])).toMatchObject({ field: 'filters.timeWindow' });
  });

  it('a failed load keeps the previous rule set', () => {
    const r = router([route('a', { accounts: ['acme'] }, ['c-a']), DEFAULT]);
    expect(() => r.load([])).toThrow(AppError);
    expect(r.route(input()).routeId).toBe('a');
  });

  it('with no rules loaded there is no route', () => {
    expect(() => new MtRouter().route(input())).toThrow(expect.objectContaining({ code: 'no_route', field: 'to' }));
  });
});

describe('MtRouter strategies', () => {
  it('weighted round robin 3:1 picks 300 and 100 of 400, evenly spread', () => {
    const r = router([route('rr', { accounts: ['acme'] }, [['a', 3], ['b', 1]], { strategy: 'round_robin' }), DEFAULT]);
    const picks = Array.from({ length: 400 }, () => r.route(input()));
    const counts = { a: 0, b: 0 };
    for (const p of picks) counts[p.connectorId as 'a' | 'b']++;
    expect(counts).toEqual({ a: 300, b: 100 });
    // Smooth: every run of four picks has exactly one b, never bursts of b.
    for (let i = 0; i < 400; i += 4) expect(picks.slice(i, i + 4).filter((p) => p.connectorId === 'b')).toHaveLength(1);
    // The other connector stays as the fallback candidate.
    for (const p of picks) expect([...p.candidates].sort()).toEqual(['a', 'b']);
    expect(picks.every((p) => p.candidates[0] === p.connectorId)).toBe(true);
  });

  it('round robin never picks a connector of weight 0', () => {
    const r = router([route('rr', {}, [['a', 0], ['b', 2]], { strategy: 'round_robin', isDefault: true })]);
    expect(new Set(Array.from({ length: 20 }, () => r.route(input()).connectorId))).toEqual(new Set(['b']));
  });

  it('failover skips a connector that is down and keeps the order otherwise', () => {
    const up = new Set(['primary', 'secondary', 'tertiary']);
    const r = router([route('fo', {}, ['primary', 'secondary', 'tertiary'], { strategy: 'failover', isDefault: true })], { isUp: (id) => up.has(id) });
    expect(r.route(input())).toMatchObject({ connectorId: 'primary', candidates: ['primary', 'secondary', 'tertiary'] });
    up.delete('primary');
    expect(r.route(input())).toMatchObject({ connectorId: 'secondary', candidates: ['secondary', 'tertiary'] });
    up.delete('secondary');
    expect(r.route(input()).connectorId).toBe('tertiary');
    up.add('primary');
    expect(r.route(input()).connectorId).toBe('primary');
    // All down: the first one keeps the message, which waits in its queue.
    up.clear();
    expect(r.route(input())).toMatchObject({ connectorId: 'primary', candidates: ['primary', 'secondary', 'tertiary'] });
  });

  it('static keeps the listed order', () => {
    const r = router([route('s', {}, ['x', 'y'], { isDefault: true })], { isUp: () => false });
    expect(r.route(input())).toMatchObject({ connectorId: 'x', candidates: ['x', 'y'] });
  });
});

describe('MtRouter time windows', () => {
  const at = (hh: number, mm = 0) => hh * 60 + mm;

  it('a window that wraps midnight matches late evening and early morning only', () => {
    let minute = 0;
    const r = router([route('night', { timeWindow: '22:00-06:00' }, ['night-conn']), DEFAULT], { minuteOfDay: () => minute });
    const cases: Array<[number, string]> = [
      [at(21, 59), 'default'],
      [at(22, 0), 'night'],
      [at(23, 59), 'night'],
      [at(0, 0), 'night'],
      [at(5, 59), 'night'],
      [at(6, 0), 'default'],
      [at(12, 0), 'default'],
    ];
    for (const [m, expected] of cases) {
      minute = m;
      expect(r.route(input()).routeId, `at minute ${m}`).toBe(expected);
    }
  });

  it('a daytime window matches from its start up to, not including, its end', () => {
    let minute = 0;
    const r = router([route('day', { timeWindow: '9:00-18:30' }, ['day-conn']), DEFAULT], { minuteOfDay: () => minute });
    for (const [m, expected] of [
      [at(8, 59), 'default'],
      [at(9, 0), 'day'],
      [at(18, 29), 'day'],
      [at(18, 30), 'default'],
    ] as const) {
      minute = m;
      expect(r.route(input()).routeId, `at minute ${m}`).toBe(expected);
    }
  });
});

describe('MoRouter', () => {
  const mo = new MoRouter();
  mo.load([
    { id: '1', pattern: '1069', accountId: 'wide' },
    { id: '2', pattern: '10698881', accountId: 'narrow' },
    { id: '3', pattern: '106988', accountId: 'middle' },
    { id: '4', pattern: '+8610690000', accountId: 'intl' },
  ]);

  it('the longest matching prefix wins, whatever the load order', () => {
    expect(mo.accountFor('10698881234')).toBe('narrow');
    expect(mo.accountFor('1069888')).toBe('middle');
    expect(mo.accountFor('10691234')).toBe('wide');
  });

  it("a leading '+' on either side is ignored", () => {
    expect(mo.accountFor('+10698881')).toBe('narrow');
    expect(mo.accountFor('861069000012')).toBe('intl');
    expect(mo.accountFor('+861069000012')).toBe('intl');
  });

  it('no match is null', () => {
    expect(mo.accountFor('95555')).toBeNull();
    expect(mo.accountFor('106')).toBeNull();
    expect(new MoRouter().accountFor('1069')).toBeNull();
  });

  it("the digits after the matched pattern are the extension code; an account's patterns come shortest first", () => {
    expect(mo.match('1069888123')).toEqual({ accountId: 'narrow', extension: '23' });
    expect(mo.match('106988')).toEqual({ accountId: 'middle', extension: '' });
    expect(mo.match('+861069000012')).toEqual({ accountId: 'intl', extension: '12' });
    expect(mo.match('95555')).toBeNull();
    const two = new MoRouter();
    two.load([{ id: 'a', pattern: '10690012', accountId: 'x' }, { id: 'b', pattern: '1069001', accountId: 'x' }, { id: 'c', pattern: '1069', accountId: 'y' }]);
    expect(two.patternsOf('x')).toEqual(['1069001', '10690012']);
    expect(two.patternsOf('nobody')).toEqual([]);
  });
});
