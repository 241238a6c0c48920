// Reading a contact's date field for birthday-style triggers.
import { describe, expect, it } from 'vitest';
import { monthDayOf } from '../../../../src/core/campaigns/group-audience.ts';

describe('monthDayOf', () => {
  it('reads the usual ways a date is written, and refuses what is not a date', () => {
    expect(monthDayOf('1990-05-17')).toBe('05-17');
    expect(monthDayOf('1990/5/7')).toBe('05-07');
    expect(monthDayOf('05-17')).toBe('05-17');
    expect(monthDayOf('1990年5月17日')).toBe('05-17');
    expect(monthDayOf(' 12.31 ')).toBe('12-31');
    expect(monthDayOf('13-01')).toBeNull();
    expect(monthDayOf('vip')).toBeNull();
    expect(monthDayOf(undefined)).toBeNull();
  });
});
