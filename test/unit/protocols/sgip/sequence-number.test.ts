import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatSequenceNumber, parseSequenceNumber, reportKey, SgipCounter, sgipTimestamp } from '../../../../src/protocols/sgip/sequence-number.ts';

describe('SGIP sequence number', () => {
  it('writes the creation time as the decimal number MMDDHHMMSS (sgip.md §2)', () => {
    // 11-20 20:32:25 Beijing time = 12:32:25 UTC → 1120203225 (the G1 vector's second part).
    expect(sgipTimestamp(new Date(Date.UTC(2023, 10, 20, 12, 32, 25)), 480)).toBe(1120203225);
    expect(sgipTimestamp(new Date(Date.UTC(2023, 0, 2, 3, 4, 5)), 0)).toBe(102030405);
    // Past midnight in Beijing is the next day.
    expect(sgipTimestamp(new Date(Date.UTC(2023, 11, 31, 16, 0, 0)), 480)).toBe(101000000);
  });

  it('has a text form that is the upstream id, and reads back', () => {
    const sequence = { nodeId: 3010012345, timestamp: 1120203225, counter: 2 };
    expect(formatSequenceNumber(sequence)).toBe('3010012345-1120203225-2');
    expect(formatSequenceNumber({ nodeId: 101001, timestamp: 102030405, counter: 0 })).toBe('101001-0102030405-0');
    expect(parseSequenceNumber('3010012345-1120203225-2')).toEqual(sequence);
    expect(parseSequenceNumber('101001-0102030405-0')).toEqual({ nodeId: 101001, timestamp: 102030405, counter: 0 });
    expect(parseSequenceNumber('x-1-2')).toBeUndefined();
    expect(parseSequenceNumber('4294967296-1-2')).toBeUndefined();
    expect(reportKey(sequence, '8613012345678')).toBe('3010012345-1120203225-2/8613012345678');
  });

  it('round-trips every triple through its text form', () => {
    const u32 = fc.integer({ min: 0, max: 0xffffffff });
    fc.assert(
      fc.property(u32, u32, u32, (nodeId, timestamp, counter) => {
        expect(parseSequenceNumber(formatSequenceNumber({ nodeId, timestamp, counter }))).toEqual({ nodeId, timestamp, counter });
      }),
    );
  });

  it('counts from 0 by default and wraps after 2^32 - 1', () => {
    const counter = new SgipCounter();
    expect([counter.next(), counter.next()]).toEqual([0, 1]);
    const wrapping = new SgipCounter(0xffffffff);
    expect([wrapping.next(), wrapping.next()]).toEqual([0xffffffff, 0]);
  });
});
