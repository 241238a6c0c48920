// Group commit: batches by size and by delay, one transaction at a time; a store that fails rejects
// exactly the callers whose rows were in the batch, a refused row only its own caller.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { GroupCommitter } from '../../../src/core/group-commit.ts';
import { Deferred } from '../../support/wait-for.ts';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** A write function that records each batch and settles when the test says so (or at once). */
function recorder(auto = true) {
  const batches: string[][] = [];
  const pending: Deferred<void>[] = [];
  const write = vi.fn(async (items: string[]) => {
    batches.push([...items]);
    if (auto) return;
    const d = new Deferred<void>();
    pending.push(d);
    await d.promise;
  });
  return { batches, pending, write };
}

/** Lets promise callbacks run without moving the clock. */
const settle = () => vi.advanceTimersByTimeAsync(0);

function track(promise: Promise<void>) {
  const state = { done: false, error: null as unknown };
  promise.then(
    () => (state.done = true),
    (error: unknown) => (state.error = error),
  );
  return state;
}

describe('GroupCommitter', () => {
  it('holds rows for up to maxDelayMs, then writes everything added meanwhile in one batch', async () => {
    const { batches, write } = recorder();
    const committer = new GroupCommitter<string>(write, { maxDelayMs: 5, maxItems: 100 });
    const a = track(committer.add(['a']));
    await vi.advanceTimersByTimeAsync(3);
    const b = track(committer.add(['b', 'c']));
    await settle();
    expect(write).not.toHaveBeenCalled();
    expect(a.done).toBe(false);
    await vi.advanceTimersByTimeAsync(2); // 5 ms after the first add
    expect(batches).toEqual([['a', 'b', 'c']]);
    expect(a.done && b.done).toBe(true);
  });

  it('by default writes, at the end of the event-loop turn, everything added during that turn', async () => {
    vi.useRealTimers();
    const { batches, write } = recorder();
    const committer = new GroupCommitter<string>(write);
    const sameTurn = [committer.add(['a']), Promise.resolve().then(() => committer.add(['b']))];
    // The committer's setImmediate came first: by the time this one runs, the batch was written.
    await new Promise((resolve) => setImmediate(resolve));
    expect(batches).toEqual([['a', 'b']]);
    await Promise.all(sameTurn);
    await committer.add(['c']);
    expect(batches).toEqual([['a', 'b'], ['c']]);
  });

  it('writes at once when maxItems rows are pending, without waiting for the timer', async () => {
    const { batches, write } = recorder();
    const committer = new GroupCommitter<string>(write, { maxDelayMs: 1000, maxItems: 3 });
    const a = track(committer.add(['a', 'b']));
    await settle();
    expect(write).not.toHaveBeenCalled();
    const b = track(committer.add(['c']));
    await settle();
    expect(batches).toEqual([['a', 'b', 'c']]);
    expect(a.done && b.done).toBe(true);
    // One add larger than maxItems is written whole, at once.
    const c = track(committer.add(['d', 'e', 'f', 'g']));
    await settle();
    expect(batches[1]).toEqual(['d', 'e', 'f', 'g']);
    expect(c.done).toBe(true);
    // The earlier timer was cancelled: nothing else is written later.
    await vi.advanceTimersByTimeAsync(5000);
    expect(write).toHaveBeenCalledTimes(2);
  });

  it('a caller is answered only once its batch committed', async () => {
    const { pending, write } = recorder(false);
    const committer = new GroupCommitter<string>(write, { maxDelayMs: 2 });
    const a = track(committer.add(['a']));
    await vi.advanceTimersByTimeAsync(2);
    expect(write).toHaveBeenCalledTimes(1);
    expect(a.done).toBe(false);
    pending[0].resolve();
    await settle();
    expect(a.done).toBe(true);
  });

  it('a failing store rejects every caller of that batch and not those of the next one', async () => {
    const { batches, pending, write } = recorder(false);
    const committer = new GroupCommitter<string>(write, { maxDelayMs: 2 });
    const a = track(committer.add(['a']));
    const b = track(committer.add(['b']));
    await vi.advanceTimersByTimeAsync(2);
    expect(batches).toEqual([['a', 'b']]);
    // The next batch forms while the first is still being written, and waits for it.
    const c = track(committer.add(['c']));
    await vi.advanceTimersByTimeAsync(2);
    expect(write).toHaveBeenCalledTimes(1);

    const failure = Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
    pending[0].reject(failure);
    await settle();
    expect(a.error).toBe(failure);
    expect(b.error).toBe(failure);
    expect(c.done).toBe(false);
    expect(c.error).toBeNull();
    expect(batches).toEqual([['a', 'b'], ['c']]);
    pending[1].resolve();
    await settle();
    expect(c.done).toBe(true);
    expect(c.error).toBeNull();
  });

  it('a refused row fails only its own caller: the others are written again on their own', async () => {
    vi.useRealTimers();
    const batches: string[][] = [];
    const refusal = Object.assign(new Error('CHECK constraint failed'), { code: 'SQLITE_CONSTRAINT_CHECK' });
    const committer = new GroupCommitter<string>(async (items) => {
      batches.push([...items]);
      if (items.includes('bad')) throw refusal;
    });
    const results = await Promise.allSettled([committer.add(['a']), committer.add(['b', 'bad']), committer.add(['c'])]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toBe(refusal);
    expect(batches).toEqual([['a', 'b', 'bad', 'c'], ['a'], ['b', 'bad'], ['c']]);
  });

  it('an error it cannot tell apart (a lost connection, say) fails the batch without writing it again', async () => {
    vi.useRealTimers();
    const lost = new Error('Connection terminated unexpectedly');
    const write = vi.fn(async () => {
      throw lost;
    });
    const committer = new GroupCommitter<string>(write);
    const results = await Promise.allSettled([committer.add(['a']), committer.add(['b'])]);
    expect(results).toEqual([{ status: 'rejected', reason: lost }, { status: 'rejected', reason: lost }]);
    expect(write).toHaveBeenCalledTimes(1);
  });

  it('transactions run one after another, in the order the batches formed', async () => {
    const { batches, pending, write } = recorder(false);
    const committer = new GroupCommitter<string>(write, { maxDelayMs: 1, maxItems: 2 });
    const results = [track(committer.add(['1', '2'])), track(committer.add(['3', '4'])), track(committer.add(['5']))];
    await vi.advanceTimersByTimeAsync(1);
    expect(batches).toEqual([['1', '2']]);
    pending[0].resolve();
    await settle();
    expect(batches).toEqual([['1', '2'], ['3', '4']]);
    expect(results.map((r) => r.done)).toEqual([true, false, false]);
    pending[1].resolve();
    await settle();
    pending[2].resolve();
    await settle();
    expect(batches).toEqual([['1', '2'], ['3', '4'], ['5']]);
    expect(results.map((r) => r.done)).toEqual([true, true, true]);
  });

  it('flush() writes what is pending now and resolves after it committed; adding nothing writes nothing', async () => {
    const { batches, write } = recorder();
    const committer = new GroupCommitter<string>(write, { maxDelayMs: 10_000 });
    await committer.add([]);
    expect(write).not.toHaveBeenCalled();
    const a = track(committer.add(['a']));
    await committer.flush();
    expect(batches).toEqual([['a']]);
    expect(a.done).toBe(true);
    await committer.flush();
    expect(write).toHaveBeenCalledTimes(1);
  });
});
