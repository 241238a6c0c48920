// Failed sign-ins per client address (IPv6 by its /64, which one host usually has whole), across usernames: past a
// limit in a sliding window the address is refused until its oldest counted failure ages out. Complements the
// per-user lock-out, which a guesser spreading its attempts over many usernames never reaches.
import { isIPv4, isIPv6 } from 'node:net';

export interface LoginThrottlePolicy {
  /** Failures from one address within `windowMs` that make it wait. */
  maxFailures: number;
  windowMs: number;
  /** Addresses tracked at most; the longest-quiet ones are forgotten first (memory stays bounded under a flood). */
  maxAddresses?: number;
}

/** The default for console, Kannel and SMPP logins: 20 failures in 15 minutes. */
export const IP_LOGIN_POLICY: LoginThrottlePolicy = { maxFailures: 20, windowMs: 15 * 60_000, maxAddresses: 100_000 };

/** What failures are counted under: IPv4 as it is (also when IPv4-mapped), IPv6 by its /64 prefix. */
export function clientKey(address: string): string {
  const mapped = address.toLowerCase().startsWith('::ffff:') ? address.slice(7) : null;
  if (mapped && isIPv4(mapped)) return mapped;
  if (!isIPv6(address)) return address;
  const [head, tail] = address.toLowerCase().split('::');
  const front = head ? head.split(':') : [];
  const back = tail === undefined ? [] : tail ? tail.split(':') : [];
  const groups = tail === undefined ? front : [...front, ...Array<string>(Math.max(0, 8 - front.length - back.length)).fill('0'), ...back];
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}

export class LoginThrottle {
  /** Address → times of its recent failures, oldest first (at most maxFailures kept). */
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly policy: LoginThrottlePolicy = IP_LOGIN_POLICY,
    private readonly now: () => number = Date.now,
  ) {}

  /** Milliseconds the address must wait before it may try again; 0 = it may try now. */
  waitMs(address: string): number {
    const times = this.recent(clientKey(address));
    if (times.length < this.policy.maxFailures) return 0;
    return Math.max(1, times[0] + this.policy.windowMs - this.now());
  }

  /** Counts one failed attempt from the address. A success does not reset it: one good login must not buy more guesses. */
  failed(address: string): void {
    const key = clientKey(address);
    const times = this.recent(key);
    times.push(this.now());
    if (times.length > this.policy.maxFailures) times.shift();
    // Re-inserted, so Map order is least recently failed first.
    this.failures.delete(key);
    this.failures.set(key, times);
    const max = this.policy.maxAddresses ?? IP_LOGIN_POLICY.maxAddresses!;
    while (this.failures.size > max) this.failures.delete(this.failures.keys().next().value!);
  }

  /** The address's failures still inside the window. */
  private recent(address: string): number[] {
    const times = this.failures.get(address);
    if (!times) return [];
    const since = this.now() - this.policy.windowMs;
    while (times.length > 0 && times[0] <= since) times.shift();
    if (times.length === 0) this.failures.delete(address);
    return times;
  }
}

/** Whole seconds for a Retry-After header, never 0. */
export function retryAfterSeconds(waitMs: number): number {
  return Math.max(1, Math.ceil(waitMs / 1000));
}
