// Dynamic group filters: validation naming the field, numeric and text comparisons, tags, birthday month/day.
import { describe, expect, it } from 'vitest';
import { matchesFilter, monthDay, parseFilter } from '../../../../src/core/contacts/contact-filter.ts';

const who = { number: '+8613800138000', name: '张三', fields: { level: '10', birthday: '1990-05-20', city: '北京' }, tags: ['vip'] };

describe('contact filters', () => {
  it('combines conditions with all / any', () => {
    const vip3 = parseFilter({ conditions: [{ field: 'tags', op: 'has', value: 'vip' }, { field: 'level', op: 'gte', value: 3 }] });
    expect(matchesFilter(who, vip3)).toBe(true);
    expect(matchesFilter({ ...who, tags: [] }, vip3)).toBe(false);
    const either = parseFilter({ match: 'any', conditions: [{ field: 'tags', op: 'has', value: 'gold' }, { field: 'city', op: 'eq', value: '北京' }] });
    expect(matchesFilter(who, either)).toBe(true);
  });

  it('compares numbers as numbers ("10" >= 3) and text as text', () => {
    const f = (op: string, value: string | number, field = 'level') => matchesFilter(who, parseFilter({ conditions: [{ field, op, value }] }));
    expect(f('gte', 3)).toBe(true);
    expect(f('lt', '9')).toBe(false);
    expect(f('prefix', '张', 'name')).toBe(true);
    expect(f('contains', '138001', 'number')).toBe(true);
    expect(f('ne', 'x', 'missing')).toBe(true);
    expect(f('eq', 'x', 'missing')).toBe(false);
    expect(matchesFilter(who, parseFilter({ conditions: [{ field: 'city', op: 'exists' }] }))).toBe(true);
  });

  it('matches birthday month and day in the usual spellings', () => {
    expect(matchesFilter(who, parseFilter({ conditions: [{ field: 'birthday', op: 'month', value: 5 }] }))).toBe(true);
    expect(matchesFilter(who, parseFilter({ conditions: [{ field: 'birthday', op: 'day', value: '20' }] }))).toBe(true);
    for (const text of ['1990-05-20', '1990/5/20', '19900520', '05-20', '5/20', '5月20日', '1990年5月20日', '1990-05-20T00:00:00.000Z']) expect(monthDay(text), text).toEqual({ month: 5, day: 20 });
    for (const text of ['', 'soon', '1990-13-01', '2020-02-00']) expect(monthDay(text), text).toBeNull();
  });

  it('rejects malformed filters with a 400 on the filter field', () => {
    for (const bad of [null, {}, { conditions: [] }, { match: 'some', conditions: [{ field: 'a', op: 'eq', value: 1 }] }, { conditions: [{ field: '', op: 'eq', value: 1 }] },
      { conditions: [{ field: 'a', op: 'like', value: 1 }] }, { conditions: [{ field: 'a', op: 'eq' }] }, { conditions: [{ field: 'a', op: 'month', value: 'may' }] }]) {
      expect(() => parseFilter(bad), JSON.stringify(bad)).toThrow(expect.objectContaining({ code: 'validation_failed', field: 'filter' }));
    }
  });
});
