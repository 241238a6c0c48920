// Tests for message id normalisation and the keys that join receipts to submits.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  messageIdKeys,
  normalizeMessageId,
  receiptIdMatches,
} from '../../../../src/protocols/smpp/message-id.ts';

describe('normalizeMessageId', () => {
  it.each([
    ['1F2E3D4C', '1f2e3d4c'],
    ['  1f2e3d4c\0', '1f2e3d4c'],
    ['0001F2E3D4C', '1f2e3d4c'],
    ['000', '0'],
    ['0', '0'],
    ['00523124044', '523124044'],
    ['', ''],
    ['\0\0', ''],
    ['123E4567-E89B-12D3-A456-426614174000', '123e4567-e89b-12d3-a456-426614174000'],
    ['0a1b-0002', '0a1b-0002'],
  ])('%j → %j', (input, expected) => {
    expect(normalizeMessageId(input)).toBe(expected);
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const once = normalizeMessageId(s);
        expect(normalizeMessageId(once)).toBe(once);
      }),
    );
  });
});

describe('messageIdKeys', () => {
  it('lets a hex submit id and its decimal receipt id share a key', () => {
    expect(messageIdKeys('1f2e3d4c')).toEqual(['1f2e3d4c', '523124044']);
    expect(receiptIdMatches('1f2e3d4c', '523124044')).toBe(true);
    expect(receiptIdMatches('0001F2E3D4C', '523124044')).toBe(true);
    expect(receiptIdMatches('0001F2E3D4C', '1f2e3d4c')).toBe(true);
  });

  it('lets a decimal submit id and its hex receipt id share a key', () => {
    expect(messageIdKeys('523124044')).toContain('1f2e3d4c');
    expect(receiptIdMatches('523124044', '1F2E3D4C')).toBe(true);
    expect(receiptIdMatches('00523124044', '01F2E3D4C')).toBe(true);
  });

  it('keeps the normalised id as the first key', () => {
    expect(messageIdKeys('0001F2E3D4C')[0]).toBe('1f2e3d4c');
    expect(messageIdKeys('12345')[0]).toBe('12345');
  });

  it('passes UUID-like ids through lower-cased, with no numeric keys', () => {
    const uuid = '9F1C2B3A-4D5E-4F60-8A7B-1C2D3E4F5A6B';
    expect(messageIdKeys(uuid)).toEqual(['9f1c2b3a-4d5e-4f60-8a7b-1c2d3e4f5a6b']);
    expect(receiptIdMatches(uuid, uuid.toLowerCase())).toBe(true);
  });

  it('does not reinterpret ids longer than a 64-bit number', () => {
    expect(messageIdKeys('1234567890abcdef0')).toEqual(['1234567890abcdef0']);
    expect(messageIdKeys('ffffffffffffffff')).toEqual(['ffffffffffffffff', '18446744073709551615']);
    expect(messageIdKeys('123456789012345678901')).toHaveLength(1);
  });

  it('has no keys for an empty id and never matches an empty receipt id', () => {
    expect(messageIdKeys('  \0')).toEqual([]);
    expect(receiptIdMatches('', '')).toBe(false);
  });

  it('converts deterministically in the operator-chosen modes', () => {
    expect(messageIdKeys('1F2E3D4C', 'hex-to-dec')).toEqual(['523124044']);
    expect(messageIdKeys('523124044', 'dec-to-hex')).toEqual(['1f2e3d4c']);
    expect(messageIdKeys('0523124044', 'as-is')).toEqual(['523124044']);
    expect(receiptIdMatches('1f2e3d4c', '1f2e3d4c', 'hex-to-dec')).toBe(false);
    expect(receiptIdMatches('1f2e3d4c', '523124044', 'as-is')).toBe(false);
  });

  it('falls back to the normalised id when a deterministic mode cannot convert', () => {
    expect(messageIdKeys('abc-1', 'hex-to-dec')).toEqual(['abc-1']);
    expect(messageIdKeys('1f2e', 'dec-to-hex')).toEqual(['1f2e']);
  });

  it('matches any uint64 written in hex against the same number in decimal, whatever case and padding', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), fc.nat({ max: 4 }), fc.boolean(), (n, zeros, upper) => {
        let hex = '0'.repeat(zeros) + n.toString(16);
        if (upper) hex = hex.toUpperCase();
        expect(receiptIdMatches(hex, n.toString(10))).toBe(true);
        expect(receiptIdMatches(n.toString(10), hex)).toBe(true);
        expect(receiptIdMatches(hex, n.toString(10), 'hex-to-dec')).toBe(true);
        expect(receiptIdMatches(n.toString(10), hex, 'dec-to-hex')).toBe(true);
      }),
    );
  });
});
