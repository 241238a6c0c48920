// SlidingCounter: counts per number and window, never under the exact count, frees up within a quarter
// window after the exact one would, keeps numbers apart, evicts idle numbers and survives growth.
import { describe, expect, it } from 'vitest';
import { MAX_LIMIT, numberKey, SlidingCounter } from '../../../../src/core/compliance/sliding-counter.ts';

const T0 = Date.UTC(2026, 10, 23, 0, 0, 0);
const A = numberKey('+8613800138000');
const B = numberKey('+8613800138001');

describe('SlidingCounter', () => {
  it('turns E.164 numbers into keys and refuses what is not one', () => {
    expect(numberKey('+8613800138000')).toBe(8613800138000);
    expect(numberKey('abc')).toBe(0);
  });

  it('counts per number in each window', () => {
    const c = new SlidingCounter();
    for (let i = 0; i < 5; i++) c.add(A, T0 + i * 1000);
    c.add(B, T0);
    expect(c.count(A, 'minute', T0 + 5000)).toBe(5);
    expect(c.count(A, 'hour', T0 + 5000)).toBe(5);
    expect(c.count(A, 'day', T0 + 5000)).toBe(5);
    expect(c.count(B, 'minute', T0 + 5000)).toBe(1);
    expect(c.count(numberKey('+8613900000000'), 'day', T0)).toBe(0);
  });

  it('forgets a message once its window (plus at most a quarter) has passed', () => {
    const c = new SlidingCounter();
    c.add(A, T0 + 10_000);
    expect(c.count(A, 'minute', T0 + 69_000)).toBe(1); // exact: still inside 60 s
    expect(c.count(A, 'minute', T0 + 72_000)).toBe(1); // the quarter-window rounding holds it a little longer
    expect(c.count(A, 'minute', T0 + 90_000)).toBe(0); // never more than 60 s + 15 s
    expect(c.count(A, 'hour', T0 + 90_000)).toBe(1);
    expect(c.count(A, 'hour', T0 + 10_000 + 3600_000 + 900_000)).toBe(0);
    expect(c.count(A, 'day', T0 + 23 * 3600_000)).toBe(1);
    expect(c.count(A, 'day', T0 + 10_000 + 30 * 3600_000)).toBe(0);
  });

  it('never counts fewer than an exact sliding log over random traffic', () => {
    const c = new SlidingCounter();
    const sent: number[] = [];
    let t = T0;
    for (let i = 0; i < 2000; i++) {
      t += Math.floor(Math.random() * 40_000);
      const exact = sent.filter((s) => s > t - 3600_000).length;
      const counted = c.count(A, 'hour', t);
      expect(counted).toBeGreaterThanOrEqual(exact);
      // And never more than an exact count over 1.25 windows.
      expect(counted).toBeLessThanOrEqual(sent.filter((s) => s > t - 4500_000).length);
      c.add(A, t);
      sent.push(t);
    }
  });

  it('grows past its capacity and evicts numbers idle for more than a day', () => {
    const c = new SlidingCounter(16);
    for (let i = 0; i < 5000; i++) c.add(8613800000000 + i, T0);
    expect(c.size).toBe(5000);
    expect(c.count(8613800000000 + 4321, 'day', T0)).toBe(1);
    const grown = c.bytes;
    // Two days later the old numbers are gone when the table next fills; it does not grow further.
    const later = T0 + 2 * 86_400_000;
    for (let i = 0; i < 5000; i++) c.add(8613900000000 + i, later);
    expect(c.count(8613800000000 + 4321, 'day', later)).toBe(0);
    expect(c.count(8613900000000 + 4321, 'day', later)).toBe(1);
    expect(c.size).toBeLessThanOrEqual(5000 + 2000);
    expect(c.bytes).toBe(grown);
  });

  it('saturates a bucket at the highest limit a rule may set, which still refuses', () => {
    const c = new SlidingCounter();
    for (let i = 0; i < 300; i++) c.add(A, T0);
    expect(c.count(A, 'minute', T0)).toBe(MAX_LIMIT);
  });
});
