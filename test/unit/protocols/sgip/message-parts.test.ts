import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeGbk } from '../../../../src/protocols/encoding/gbk.ts';
import { splitUserData } from '../../../../src/protocols/encoding/udh.ts';
import { decodeSgipText, MessageCoding } from '../../../../src/protocols/sgip/message-coding.ts';
import { chooseSgipEncoding, sgipMessageParts } from '../../../../src/protocols/sgip/message-parts.ts';

/** Joins parts back to text the way a handset does: strip each UDH, concatenate, decode. */
function rejoin(parts: ReturnType<typeof sgipMessageParts>): string {
  const payloads = parts.map((part) => (part.TP_udhi ? splitUserData(part.MessageContent).payload : part.MessageContent));
  return decodeSgipText(Buffer.concat(payloads), parts[0]!.MessageCoding);
}

describe('SGIP message parts', () => {
  it('sends a short text in one part without UDH', () => {
    expect(sgipMessageParts('Hello', { encoding: 'ascii' })).toEqual([{ TP_udhi: 0, MessageCoding: 0, MessageContent: Buffer.from('Hello') }]);
    expect(sgipMessageParts('你好', { encoding: 'gbk' })).toEqual([{ TP_udhi: 0, MessageCoding: 15, MessageContent: Buffer.from('c4e3bac3', 'hex') }]);
    expect(sgipMessageParts('你好', { encoding: 'ucs2' })).toEqual([{ TP_udhi: 0, MessageCoding: 8, MessageContent: Buffer.from('4f60597d', 'hex') }]);
  });

  it('cuts GBK at 140 octets alone and 134 per part, never inside a character', () => {
    expect(sgipMessageParts('你'.repeat(70), { encoding: 'gbk' })).toHaveLength(1);
    const parts = sgipMessageParts('你'.repeat(71), { encoding: 'gbk', reference: 9 });
    expect(parts).toHaveLength(2);
    expect(parts.map((p) => p.MessageContent.length)).toEqual([6 + 134, 6 + 8]);
    expect(parts[0]!.MessageContent.subarray(0, 6)).toEqual(Buffer.from([5, 0, 3, 9, 2, 1]));
    expect(parts[1]!.MessageContent.subarray(0, 6)).toEqual(Buffer.from([5, 0, 3, 9, 2, 2]));
    // 'a' + 67 Chinese characters: 135 octets → the 67th character does not fit in 134.
    const odd = sgipMessageParts(`a${'好'.repeat(80)}`, { encoding: 'gbk', reference: 1 });
    expect(odd[0]!.MessageContent.length).toBe(6 + 133);
    expect(decodeGbk(odd[0]!.MessageContent.subarray(6))).toBe(`a${'好'.repeat(66)}`);
  });

  it('cuts UCS2 at 70 characters alone and 67 per part, ASCII at 140 and 134', () => {
    expect(sgipMessageParts('好'.repeat(70), { encoding: 'ucs2' })).toHaveLength(1);
    expect(sgipMessageParts('好'.repeat(71), { encoding: 'ucs2', reference: 1 }).map((p) => p.MessageContent.length)).toEqual([6 + 134, 6 + 8]);
    expect(sgipMessageParts('x'.repeat(140), { encoding: 'ascii' })).toHaveLength(1);
    expect(sgipMessageParts('x'.repeat(141), { encoding: 'ascii', reference: 1 }).map((p) => p.MessageContent.length)).toEqual([6 + 134, 6 + 7]);
  });

  it('uses a 16-bit reference when asked', () => {
    const parts = sgipMessageParts('好'.repeat(100), { encoding: 'ucs2', reference: 0x1234, refBits: 16 });
    expect(parts[0]!.MessageContent.subarray(0, 7)).toEqual(Buffer.from([6, 8, 4, 0x12, 0x34, 2, 1]));
  });

  it('chooses ASCII for plain text, and the fewest parts otherwise', () => {
    expect(chooseSgipEncoding('Your code is 1234')).toBe('ascii');
    expect(chooseSgipEncoding('验证码 1234')).toBe('gbk');
    expect(chooseSgipEncoding('验证码 1234', ['ascii', 'ucs2'])).toBe('ucs2');
    // GBK lacks emoji; UCS2 carries them as surrogate pairs.
    expect(chooseSgipEncoding('hi 😀')).toBe('ucs2');
    expect(() => chooseSgipEncoding('好', ['ascii'])).toThrow(/no allowed encoding/);
  });

  it('rejoins to the original text for any text and allowed encoding', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'Z', '1', ' ', '好', '中', '，', '€'), maxLength: 400 });
    fc.assert(
      fc.property(text, fc.constantFrom<'gbk' | 'ucs2'>('gbk', 'ucs2'), fc.integer({ min: 0, max: 255 }), (t, encoding, reference) => {
        const parts = sgipMessageParts(t, { encoding, reference });
        expect(parts.every((p) => p.MessageContent.length <= 140)).toBe(true);
        expect(rejoin(parts)).toBe(t);
      }),
    );
  });

  it('reads MessageCoding 0, 8 and 15, and refuses binary as text', () => {
    expect(decodeSgipText(Buffer.from('TD'), MessageCoding.ASCII)).toBe('TD');
    expect(decodeSgipText(Buffer.from('c4e3bac3', 'hex'), MessageCoding.GBK)).toBe('你好');
    expect(decodeSgipText(Buffer.from('4f60597d', 'hex'), MessageCoding.UCS2)).toBe('你好');
    expect(() => decodeSgipText(Buffer.from([1, 2]), MessageCoding.BINARY)).toThrow(/binary/);
  });
});
