// The per-address login throttle: counts failures in a sliding window, across usernames, bounded in memory.
import { describe, expect, it } from 'vitest';
import { clientKey, LoginThrottle, retryAfterSeconds } from '../../../../src/core/auth/login-throttle.ts';

describe('LoginThrottle', () => {
  it('refuses an address after maxFailures in the window until the oldest failure ages out', () => {
    let now = 1_000_000;
    const throttle = new LoginThrottle({ maxFailures: 3, windowMs: 60_000 }, () => now);
    throttle.failed('10.0.0.1');
    now += 10_000;
    throttle.failed('10.0.0.1');
    expect(throttle.waitMs('10.0.0.1')).toBe(0);
    throttle.failed('10.0.0.1');
    expect(throttle.waitMs('10.0.0.1')).toBe(50_000);
    expect(throttle.waitMs('10.0.0.2')).toBe(0);
    now += 50_000;
    expect(throttle.waitMs('10.0.0.1')).toBe(0);
    // One more failure fills the window again: the second failure is now the oldest.
    throttle.failed('10.0.0.1');
    expect(throttle.waitMs('10.0.0.1')).toBe(10_000);
  });

  it('forgets the longest-quiet addresses past maxAddresses', () => {
    const throttle = new LoginThrottle({ maxFailures: 1, windowMs: 60_000, maxAddresses: 2 }, () => 5);
    throttle.failed('a');
    throttle.failed('b');
    throttle.failed('c');
    expect([throttle.waitMs('a'), throttle.waitMs('b'), throttle.waitMs('c')]).toEqual([0, 60_000, 60_000]);
  });

  it('rounds Retry-After up to whole seconds, at least one', () => {
    expect([retryAfterSeconds(1), retryAfterSeconds(1000), retryAfterSeconds(1001)]).toEqual([1, 1, 2]);
  });

  it('counts IPv4 as it is (also IPv4-mapped) and IPv6 by its /64', () => {
    expect(clientKey('10.1.2.3')).toBe('10.1.2.3');
    expect(clientKey('::ffff:10.1.2.3')).toBe('10.1.2.3');
    expect(clientKey('2001:db8:0:1::5')).toBe('2001:db8:0:1::/64');
    expect(clientKey('2001:0db8:0000:0001:aaaa:bbbb:cccc:dddd')).toBe('2001:db8:0:1::/64');
    expect(clientKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(clientKey('::1')).toBe('0:0:0:0::/64');
    const throttle = new LoginThrottle({ maxFailures: 2, windowMs: 60_000 }, () => 0);
    throttle.failed('2001:db8:0:1::5');
    throttle.failed('2001:db8:0:1:ffff::9');
    expect(throttle.waitMs('2001:db8:0:1::77')).toBe(60_000);
    expect(throttle.waitMs('2001:db8:0:2::5')).toBe(0);
  });
});
