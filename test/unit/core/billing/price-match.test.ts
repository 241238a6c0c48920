// Price precedence: prefix (longest) > carrier > country > default; a category's own price beats "any".
import { describe, expect, it } from 'vitest';
import { matchPrice, type Destination } from '../../../../src/core/billing/price-match.ts';
import type { PriceRecord } from '../../../../src/store/types.ts';

let n = 0;
const price = (match: PriceRecord['match'], value: string, unitPrice: number, category: PriceRecord['category'] = null): PriceRecord => ({
  id: `p${++n}`, accountId: 'acme', match, value, category, unitPrice, createdAt: 0,
});
const to = (recipient: string, category: Destination['category'] = 'notification', carrier: string | null = 'cmcc', country: string | null = 'CN'): Destination => ({
  recipient, category, carrier: () => carrier, country: () => country,
});

describe('matchPrice', () => {
  const all = [price('default', '', 1), price('country', 'CN', 2), price('carrier', 'cmcc', 3), price('prefix', '+86', 4), price('prefix', '+86138', 5)];

  it('takes the most specific destination: longest prefix, then carrier, country, default', () => {
    expect(matchPrice(all, to('+8613800138000'))!.unitPrice).toBe(5);
    expect(matchPrice(all, to('+8613900139000'))!.unitPrice).toBe(4);
    expect(matchPrice(all.slice(0, 3), to('+8613900139000'))!.unitPrice).toBe(3);
    expect(matchPrice(all.slice(0, 3), to('+8613300133000', 'notification', 'ctcc'))!.unitPrice).toBe(2);
    expect(matchPrice(all.slice(0, 3), to('+14155550100', 'notification', null, 'US'))!.unitPrice).toBe(1);
  });

  it('prefers the price for the message category at the same destination, and ignores other categories', () => {
    const prices = [price('default', '', 10), price('default', '', 30, 'marketing'), price('prefix', '+86', 20, 'verification')];
    expect(matchPrice(prices, to('+8613800138000', 'marketing'))!.unitPrice).toBe(30);
    expect(matchPrice(prices, to('+8613800138000', 'verification'))!.unitPrice).toBe(20);
    expect(matchPrice(prices, to('+8613800138000', 'notification'))!.unitPrice).toBe(10);
    // A longer prefix for any category still beats a category price on a shorter one.
    expect(matchPrice([price('prefix', '+86', 7, 'marketing'), price('prefix', '+86138', 8)], to('+8613800138000', 'marketing'))!.unitPrice).toBe(8);
  });

  it('answers null when nothing applies, and asks for carrier and country only when needed', () => {
    expect(matchPrice([price('prefix', '+1', 1)], to('+8613800138000'))).toBeNull();
    let asked = 0;
    const lazy: Destination = { recipient: '+8613800138000', category: 'notification', carrier: () => (asked++, null), country: () => (asked++, null) };
    expect(matchPrice([price('prefix', '+86', 1), price('default', '', 2)], lazy)!.unitPrice).toBe(1);
    expect(asked).toBe(0);
  });
});
