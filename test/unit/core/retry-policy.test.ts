// When a refused submit is tried again: interval list, throttling, validity, permanent refusals.
import { describe, expect, it } from 'vitest';
import type { SubmitRefused } from '../../../src/core/connector.ts';
import { RetryPolicy } from '../../../src/core/retry-policy.ts';

const NOW = 1_700_000_000_000;
const HOUR = 3_600_000;
const refused = (outcome: SubmitRefused['outcome']): SubmitRefused => ({ ok: false, outcome, errorCode: 'x', errorMessage: 'refused' });

describe('RetryPolicy', () => {
  it('transient refusals wait the 1st, 2nd, … interval after the 1st, 2nd, … attempt, the last one repeating', () => {
    const policy = new RetryPolicy({ transientIntervalsMs: [1_000, 5_000, 60_000] });
    const delays = [1, 2, 3, 4, 10].map((attempts) => {
      const decision = policy.decide({ attempts, validUntil: NOW + 24 * HOUR }, refused('transient'), NOW);
      expect(decision.retry).toBe(true);
      return decision.retry ? decision.at - NOW : -1;
    });
    expect(delays).toEqual([1_000, 5_000, 60_000, 60_000, 60_000]);
  });

  it('the default intervals start at 5 s', () => {
    const decision = new RetryPolicy().decide({ attempts: 1, validUntil: NOW + 48 * HOUR }, refused('transient'), NOW);
    expect(decision).toEqual({ retry: true, at: NOW + 5_000 });
  });

  it('a throttled answer waits the throttle delay whatever the attempt count', () => {
    const policy = new RetryPolicy({ transientIntervalsMs: [1_000, 5_000], throttledDelayMs: 250 });
    for (const attempts of [1, 2, 9]) {
      expect(policy.decide({ attempts, validUntil: NOW + HOUR }, refused('throttled'), NOW)).toEqual({ retry: true, at: NOW + 250 });
    }
  });

  it('a retry that would land after validity expires the message instead', () => {
    const policy = new RetryPolicy({ transientIntervalsMs: [10_000], throttledDelayMs: 1_000 });
    expect(policy.decide({ attempts: 1, validUntil: NOW + 9_999 }, refused('transient'), NOW)).toEqual({ retry: false, state: 'expired' });
    expect(policy.decide({ attempts: 1, validUntil: NOW + 10_000 }, refused('transient'), NOW)).toEqual({ retry: true, at: NOW + 10_000 });
    expect(policy.decide({ attempts: 1, validUntil: NOW + 500 }, refused('throttled'), NOW)).toEqual({ retry: false, state: 'expired' });
    expect(policy.decide({ attempts: 1, validUntil: NOW - 1 }, refused('transient'), NOW)).toEqual({ retry: false, state: 'expired' });
  });

  it('a permanent refusal fails the message at once, even with validity left', () => {
    const policy = new RetryPolicy();
    expect(policy.decide({ attempts: 1, validUntil: NOW + 48 * HOUR }, refused('permanent'), NOW)).toEqual({ retry: false, state: 'failed' });
    expect(policy.decide({ attempts: 1, validUntil: NOW - 1 }, refused('permanent'), NOW)).toEqual({ retry: false, state: 'failed' });
  });
});
