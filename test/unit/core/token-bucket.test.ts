// Token bucket with an injected clock: burst, refill, cap, waits, unlimited, rate changes.
import { describe, expect, it } from 'vitest';
import { TokenBucket } from '../../../src/core/token-bucket.ts';

function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('TokenBucket', () => {
  it('starts full at its burst and refuses once empty', () => {
    const c = clock();
    const bucket = new TokenBucket(10, 5, c.now);
    for (let i = 0; i < 5; i++) expect(bucket.tryTake()).toBe(true);
    expect(bucket.tryTake()).toBe(false);
    expect(bucket.available()).toBe(0);
  });

  it('refills at the rate and never beyond the burst', () => {
    const c = clock();
    const bucket = new TokenBucket(10, 5, c.now);
    expect(bucket.tryTake(5)).toBe(true);
    c.advance(100);
    expect(bucket.available()).toBeCloseTo(1);
    expect(bucket.tryTake(2)).toBe(false);
    expect(bucket.tryTake(1)).toBe(true);
    c.advance(60_000);
    expect(bucket.available()).toBe(5);
    expect(bucket.tryTake(6)).toBe(false);
  });

  it('a failed take consumes nothing', () => {
    const c = clock();
    const bucket = new TokenBucket(10, 3, c.now);
    expect(bucket.tryTake(4)).toBe(false);
    expect(bucket.available()).toBe(3);
  });

  it('tells how long until tokens are available', () => {
    const c = clock();
    const bucket = new TokenBucket(10, 5, c.now);
    expect(bucket.waitMs()).toBe(0);
    bucket.tryTake(5);
    expect(bucket.waitMs()).toBe(100);
    expect(bucket.waitMs(3)).toBe(300);
    c.advance(250);
    expect(bucket.waitMs(3)).toBe(50);
    c.advance(50);
    expect(bucket.waitMs(3)).toBe(0);
    expect(bucket.tryTake(3)).toBe(true);
  });

  it('the default burst is a tenth of a second of traffic, at least one', () => {
    const c = clock();
    expect(new TokenBucket(100, undefined, c.now).available()).toBe(10);
    expect(new TokenBucket(3, undefined, c.now).available()).toBe(1);
  });

  it('rate 0 is unlimited', () => {
    const c = clock();
    const bucket = new TokenBucket(0, 1, c.now);
    expect(bucket.unlimited).toBe(true);
    expect(bucket.tryTake(1_000_000)).toBe(true);
    expect(bucket.available()).toBe(Infinity);
    expect(bucket.waitMs(1_000_000)).toBe(0);
  });

  it('a rate change counts the time before it at the old rate', () => {
    const c = clock();
    const bucket = new TokenBucket(10, 100, c.now);
    bucket.tryTake(100);
    c.advance(1000); // +10 at the old rate
    bucket.setRate(100);
    expect(bucket.available()).toBeCloseTo(10);
    c.advance(100); // +10 at the new rate
    expect(bucket.available()).toBeCloseTo(20);
    bucket.setRate(0);
    expect(bucket.tryTake(1000)).toBe(true);
  });

  it('sustained traffic gets the rate: 10/s over 10 s of 10 ms steps takes about 100 + burst', () => {
    const c = clock();
    const bucket = new TokenBucket(10, 2, c.now);
    let taken = 0;
    for (let t = 0; t < 10_000; t += 10) {
      if (bucket.tryTake()) taken++;
      c.advance(10);
    }
    expect(taken).toBeGreaterThanOrEqual(100);
    expect(taken).toBeLessThanOrEqual(102);
  });
});
