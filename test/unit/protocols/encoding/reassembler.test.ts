// Reassembly: any order, duplicates, rejects, fake-clock timeouts and eviction.
import { describe, it, expect, vi, afterEach } from 'vitest';
import fc from 'fast-check';
import { Reassembler, type ExpiredMessage, type PartInput } from '../../../../src/protocols/encoding/reassembler.ts';
import { splitText } from '../../../../src/protocols/encoding/split.ts';
import { chooseEncoding, decodeAs } from '../../../../src/protocols/encoding/data-coding.ts';
import { messageText } from './arbitraries.ts';

/** A clock the test moves by hand. */
function fakeClock(start = 1_000_000): { now: () => number; advance: (ms: number) => void } {
  let time = start;
  return { now: () => time, advance: (ms) => (time += ms) };
}

const part = (seq: number, total: number, payload: string, extra: Partial<PartInput<string>> = {}): PartInput<string> => ({
  source: '8613800000000',
  destination: '10690001',
  reference: 7,
  total,
  seq,
  payload,
  ...extra,
});

describe('Reassembler', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('completes a message when the last part arrives, in any order', () => {
    const r = new Reassembler<string>();
    expect(r.add(part(3, 3, 'C'))).toEqual({ status: 'pending', received: 1, total: 3 });
    expect(r.add(part(1, 3, 'A'))).toEqual({ status: 'pending', received: 2, total: 3 });
    const done = r.add(part(2, 3, 'B'));
    expect(done.status).toBe('complete');
    if (done.status !== 'complete') return;
    expect(done.message).toMatchObject({ payload: 'ABC', parts: ['A', 'B', 'C'], reference: 7, total: 3, source: '8613800000000' });
    expect(r.size).toBe(0);
  });

  it('passes a single-part message straight through', () => {
    const r = new Reassembler<string>();
    expect(r.add(part(1, 1, 'solo'))).toMatchObject({ status: 'complete', message: { payload: 'solo' } });
    expect(r.size).toBe(0);
  });

  it('ignores duplicates, keeping the first copy', () => {
    const r = new Reassembler<string>();
    r.add(part(1, 2, 'first'));
    expect(r.add(part(1, 2, 'second'))).toEqual({ status: 'duplicate' });
    expect(r.add(part(2, 2, '!'))).toMatchObject({ status: 'complete', message: { payload: 'first!' } });
  });

  it('reports a part resent after completion as a duplicate, within the window', () => {
    const clock = fakeClock();
    const r = new Reassembler<string>({ timeoutMs: 60_000, duplicateWindowMs: 30_000, now: clock.now });
    r.add(part(1, 2, 'A'));
    expect(r.add(part(2, 2, 'B')).status).toBe('complete');
    clock.advance(29_999);
    expect(r.add(part(2, 2, 'B'))).toEqual({ status: 'duplicate' });
    expect(r.add(part(1, 2, 'A'))).toEqual({ status: 'duplicate' });
    expect(r.size).toBe(0);
    clock.advance(1);
    r.sweep();
    expect(r.add(part(2, 2, 'B')).status).toBe('pending');
  });

  it('treats a reused reference with different content as a new message', () => {
    const r = new Reassembler<string>();
    r.add(part(1, 2, 'A'));
    r.add(part(2, 2, 'B'));
    expect(r.add(part(1, 2, 'X')).status).toBe('pending');
    expect(r.add(part(2, 2, 'B'))).toMatchObject({ status: 'complete', message: { payload: 'XB' } });
  });

  it('rejects impossible part numbers with a reason', () => {
    const r = new Reassembler<string>();
    expect(r.add(part(0, 2, 'x'))).toEqual({ status: 'rejected', reason: 'seq_zero' });
    expect(r.add(part(3, 2, 'x'))).toEqual({ status: 'rejected', reason: 'seq_beyond_total' });
    expect(r.add(part(1, 0, 'x'))).toEqual({ status: 'rejected', reason: 'total_zero' });
    expect(r.add(part(1, 256, 'x'))).toEqual({ status: 'rejected', reason: 'total_too_large' });
    expect(r.add(part(1.5, 2, 'x'))).toEqual({ status: 'rejected', reason: 'not_an_integer' });
    expect(r.size).toBe(0);
  });

  it('keeps messages apart by source, destination, reference and total', () => {
    const r = new Reassembler<string>();
    r.add(part(1, 2, 'a'));
    expect(r.add(part(2, 2, 'x', { source: 'other' })).status).toBe('pending');
    expect(r.add(part(2, 2, 'x', { destination: 'other' })).status).toBe('pending');
    expect(r.add(part(2, 2, 'x', { reference: 8 })).status).toBe('pending');
    expect(r.add(part(2, 3, 'x')).status).toBe('pending');
    expect(r.size).toBe(5);
    expect(r.add(part(2, 2, 'b'))).toMatchObject({ status: 'complete', message: { payload: 'ab' } });
  });

  it('joins Buffer parts before decoding, so a foreign split escape pair survives', () => {
    const r = new Reassembler();
    r.add({ source: 's', destination: 'd', reference: 1, total: 2, seq: 2, payload: Buffer.from([0x65, 0x41]) });
    const done = r.add({ source: 's', destination: 'd', reference: 1, total: 2, seq: 1, payload: Buffer.from([0x41, 0x1b]) });
    expect(done.status).toBe('complete');
    if (done.status === 'complete') expect(decodeAs(done.message.payload, 'gsm7')).toBe('A€A');
  });

  it('expires incomplete messages after the timeout, on sweep, driven by the clock', () => {
    const clock = fakeClock();
    const heard: ExpiredMessage<string>[] = [];
    const r = new Reassembler<string>({ timeoutMs: 60_000, now: clock.now, onExpired: (m) => heard.push(m) });
    r.add(part(2, 3, 'B'));
    clock.advance(30_000);
    r.add(part(1, 2, 'x', { reference: 9 }));
    clock.advance(29_999);
    expect(r.sweep()).toEqual([]);
    clock.advance(1);
    const expired = r.sweep();
    expect(expired).toHaveLength(1);
    expect(expired[0]).toMatchObject({
      reference: 7,
      total: 3,
      parts: [{ seq: 2, payload: 'B' }],
      missing: [1, 3],
      firstReceivedAt: 1_000_000,
      reason: 'timeout',
    });
    expect(heard).toEqual(expired);
    expect(r.size).toBe(1);
    clock.advance(30_000);
    expect(r.sweep().map((m) => m.reference)).toEqual([9]);
    expect(r.size).toBe(0);
  });

  it('uses receivedAt when the caller supplies it', () => {
    const clock = fakeClock(500_000);
    const r = new Reassembler<string>({ timeoutMs: 1_000, now: clock.now });
    r.add(part(1, 2, 'a', { receivedAt: 499_000 }));
    expect(r.sweep()).toHaveLength(1);
  });

  it('starts a fresh message when parts arrive after the old ones expired', () => {
    const clock = fakeClock();
    const r = new Reassembler<string>({ timeoutMs: 10, now: clock.now });
    r.add(part(1, 2, 'old'));
    clock.advance(10);
    r.sweep();
    expect(r.add(part(2, 2, 'new')).status).toBe('pending');
  });

  it('evicts the oldest incomplete message past maxPending and reports it', () => {
    const heard: ExpiredMessage<string>[] = [];
    const r = new Reassembler<string>({ maxPending: 2, onExpired: (m) => heard.push(m) });
    r.add(part(1, 2, 'a', { reference: 1 }));
    r.add(part(1, 2, 'b', { reference: 2 }));
    r.add(part(2, 2, 'b2', { reference: 2 })); // completes 2: room again
    r.add(part(1, 2, 'c', { reference: 3 }));
    const result = r.add(part(1, 2, 'd', { reference: 4 }));
    expect(result).toMatchObject({ status: 'pending', evicted: { reference: 1, reason: 'evicted', missing: [2] } });
    expect(heard.map((m) => [m.reference, m.reason])).toEqual([[1, 'evicted']]);
    expect(r.size).toBe(2);
    // A new part for a message already held does not evict anything.
    expect(r.add(part(2, 2, 'c2', { reference: 3 }))).toMatchObject({ status: 'complete', message: { payload: 'cc2' } });
  });

  it('clear() hands back everything held', () => {
    const r = new Reassembler<string>();
    r.add(part(1, 2, 'a'));
    expect(r.clear()).toMatchObject([{ reason: 'cleared', parts: [{ seq: 1, payload: 'a' }] }]);
    expect(r.size).toBe(0);
  });

  it('sweeps on an unref’d interval once started, until stopped', () => {
    vi.useFakeTimers();
    const clock = fakeClock();
    const heard: ExpiredMessage<string>[] = [];
    const r = new Reassembler<string>({ timeoutMs: 5_000, now: clock.now, onExpired: (m) => heard.push(m) });
    r.add(part(1, 2, 'a'));
    r.start(1_000);
    clock.advance(5_000);
    vi.advanceTimersByTime(1_000);
    expect(heard).toHaveLength(1);
    r.stop();
    r.add(part(1, 2, 'b', { reference: 8 }));
    clock.advance(5_000);
    vi.advanceTimersByTime(10_000);
    expect(heard).toHaveLength(1);
  });

  it('reassembles split text from shuffled parts with duplicates', () => {
    fc.assert(
      fc.property(
        messageText(700),
        fc.integer({ min: 0, max: 255 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        fc.infiniteStream(fc.nat()),
        (text, reference, duplicates, shuffle) => {
          const { encoding } = chooseEncoding(text);
          const segments = splitText(text, { encoding, concat: 'udh8', reference });
          const parts = segments.map((s) => ({ source: 'a', destination: 'b', reference, total: s.total, seq: s.seq, payload: s.payload }));
          const arrivals = [...parts, ...duplicates.map((d) => parts[d % parts.length])];
          const order = shuffle.take(arrivals.length);
          // Fisher–Yates with the generated randomness, so failures shrink and replay.
          let k = arrivals.length;
          for (const n of order) {
            const j = n % k;
            k--;
            [arrivals[k], arrivals[j]] = [arrivals[j], arrivals[k]];
          }
          const r = new Reassembler();
          const completions = arrivals.map((p) => r.add(p)).filter((res) => res.status === 'complete');
          // A single part is passed through every time; a long message completes exactly once.
          expect(completions).toHaveLength(parts.length === 1 ? arrivals.length : 1);
          for (const done of completions) {
            if (done.status === 'complete') expect(decodeAs(done.message.payload, encoding)).toBe(text);
          }
          expect(r.size).toBe(0);
        },
      ),
      { numRuns: 100 },
    );
  });
});
