// Group send packing: messages with the same key share a group, up to max, each waiting at most lingerMs.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { GroupPacker } from '../../../src/connectors/shared/group-packer.ts';

let groups: string[][];
function packer(max: number, lingerMs = 5) {
  return new GroupPacker<string>({ max, lingerMs, flush: (members) => groups.push(members) });
}

beforeEach(() => {
  groups = [];
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('GroupPacker', () => {
  it('groups items with the same key and keeps other keys apart', () => {
    const p = packer(10);
    p.add('hello', '13800000001', 'a');
    p.add('bye', '13800000002', 'b');
    p.add('hello', '13800000003', 'c');
    expect(groups).toEqual([]);
    expect(p.waiting).toBe(3);
    vi.advanceTimersByTime(5);
    expect(groups).toEqual([['a', 'c'], ['b']]);
    expect(p.waiting).toBe(0);
  });

  it('sends a full group at once, and starts the next group with the following item', () => {
    const p = packer(3);
    for (const [i, item] of ['a', 'b', 'c', 'd'].entries()) p.add('k', `1380000000${i}`, item);
    expect(groups).toEqual([['a', 'b', 'c']]);
    vi.advanceTimersByTime(5);
    expect(groups).toEqual([['a', 'b', 'c'], ['d']]);
  });

  it('waits lingerMs from the first item of a group, not from the last', () => {
    const p = packer(10, 5);
    p.add('k', '1', 'a');
    vi.advanceTimersByTime(4);
    p.add('k', '2', 'b');
    expect(groups).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(groups).toEqual([['a', 'b']]);
    p.add('k', '3', 'c');
    vi.advanceTimersByTime(4);
    expect(groups).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(groups).toEqual([['a', 'b'], ['c']]);
  });

  it('never puts one destination twice in a group: the waiting group goes first', () => {
    const p = packer(10);
    p.add('k', '13800000001', 'a');
    p.add('k', '13800000002', 'b');
    p.add('k', '13800000001', 'c');
    expect(groups).toEqual([['a', 'b']]);
    vi.advanceTimersByTime(5);
    expect(groups).toEqual([['a', 'b'], ['c']]);
  });

  it('hands back every waiting item on takeAll, and flushes none of them later', () => {
    const p = packer(10);
    p.add('x', '1', 'a');
    p.add('y', '2', 'b');
    expect(p.takeAll()).toEqual(['a', 'b']);
    vi.advanceTimersByTime(100);
    expect(groups).toEqual([]);
    expect(p.waiting).toBe(0);
  });

  it('refuses a max that is not a positive integer', () => {
    expect(() => packer(0)).toThrow(RangeError);
  });
});
