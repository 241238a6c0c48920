// The Aliyun nonce cache: a nonce is refused again within the window, forgotten after it, and the
// cache never holds more than its bound.
import { describe, expect, it } from 'vitest';
import { NonceCache } from '../../../src/api/compat/cloud-auth.ts';

describe('NonceCache', () => {
  it('refuses a nonce within the window and accepts it again after', () => {
    const cache = new NonceCache(1000);
    expect(cache.claim('k\u0000n1', 0)).toBe(true);
    expect(cache.claim('k\u0000n1', 999)).toBe(false);
    expect(cache.claim('k\u0000n2', 999)).toBe(true);
    expect(cache.claim('k\u0000n1', 1000)).toBe(true);
  });

  it('forgets the oldest first when full', () => {
    const cache = new NonceCache(60_000, 2);
    expect(cache.claim('a', 1)).toBe(true);
    expect(cache.claim('b', 2)).toBe(true);
    expect(cache.claim('c', 3)).toBe(true);
    expect(cache.claim('b', 4)).toBe(false);
    expect(cache.claim('c', 4)).toBe(false);
    expect(cache.claim('a', 4)).toBe(true);
  });
});
