// When to try a message again after a transient or throttled refusal, and when to give up.
import type { SubmitRefused } from './connector.ts';
import type { Message } from './message.ts';

export interface RetryPolicyOptions {
  /** Delays after the 1st, 2nd, … transient failure; the last one repeats. */
  transientIntervalsMs?: number[];
  /** Delay after a throttled answer (the lane also pauses). */
  throttledDelayMs?: number;
}

export type RetryDecision = { retry: true; at: number } | { retry: false; state: 'failed' | 'expired' };

export class RetryPolicy {
  private readonly intervals: number[];
  private readonly throttledDelayMs: number;

  constructor(options: RetryPolicyOptions = {}) {
    this.intervals = options.transientIntervalsMs ?? [5_000, 30_000, 120_000, 600_000, 1_800_000, 3_600_000];
    this.throttledDelayMs = options.throttledDelayMs ?? 1_000;
  }

  /** `message.attempts` counts the attempts made so far, the refused one included (as the lane records it). */
  decide(message: Pick<Message, 'attempts' | 'validUntil'>, refusal: SubmitRefused, now: number): RetryDecision {
    if (refusal.outcome === 'permanent') return { retry: false, state: 'failed' };
    // After the 1st failure wait intervals[0]: indexing by the count itself skipped the first interval.
    const failures = Math.max(1, message.attempts);
    const delay = refusal.outcome === 'throttled' ? this.throttledDelayMs : this.intervals[Math.min(failures - 1, this.intervals.length - 1)];
    const at = now + delay;
    // Past validity the carrier would drop it anyway: expire rather than send late.
    if (at > message.validUntil) return { retry: false, state: 'expired' };
    return { retry: true, at };
  }
}
