import { describe, expect, it } from 'vitest';
import { RoundRobin } from '../../../src/connectors/shared/round-robin.ts';

describe('RoundRobin', () => {
  it('takes each accepted item in turn and skips the others', () => {
    const rotation = new RoundRobin();
    const items = ['a', 'b', 'c'];
    const open = new Set(['a', 'c']);
    const picks = Array.from({ length: 4 }, () => rotation.pick(items, (item) => open.has(item)));
    expect(picks).toEqual(['a', 'c', 'a', 'c']);
  });

  it('answers null when nothing is accepted, or there is nothing', () => {
    const rotation = new RoundRobin();
    expect(rotation.pick(['a'], () => false)).toBeNull();
    expect(rotation.pick([], () => true)).toBeNull();
  });
});
