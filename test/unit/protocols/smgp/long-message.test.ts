import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeGbk } from '../../../../src/protocols/encoding/gbk.ts';
import { InboundMessageAssembler, userDataOf } from '../../../../src/protocols/smgp/inbound-message.ts';
import { MsgFormat, chooseTextFormat, decodeContent } from '../../../../src/protocols/smgp/message-format.ts';
import { messageParts } from '../../../../src/protocols/smgp/message-parts.ts';

const CHINESE = '尊敬的客户，您的订单已发货，预计三天内送达，请保持电话畅通。';

function submitsOf(text: string, options: Parameters<typeof messageParts>[1]) {
  return messageParts(text, options).map((part) => ({ ...part, SrcTermID: '1065900001', DestTermID: ['13301234567'] }));
}

describe('SMGP message parts', () => {
  it('chooses ASCII, then GBK, then UCS2', () => {
    expect(chooseTextFormat('Hello')).toBe('ascii');
    expect(chooseTextFormat('你好 Hello')).toBe('gbk');
    expect(chooseTextFormat('你好 😀')).toBe('ucs2');
    expect(chooseTextFormat('你好', ['ascii', 'ucs2'])).toBe('ucs2');
    expect(() => chooseTextFormat('你好', ['ascii'])).toThrow(/no allowed SMGP format/);
  });

  it('sends a short text as one part without TLVs', () => {
    expect(messageParts('Your code is 123456')).toEqual([{ MsgFormat: MsgFormat.ASCII, MsgContent: Buffer.from('Your code is 123456'), TLVs: {} }]);
    expect(messageParts('你好')).toEqual([{ MsgFormat: MsgFormat.GBK, MsgContent: Buffer.from('c4e3bac3', 'hex'), TLVs: {} }]);
    expect(messageParts('你好', { format: 'ucs2' })[0].MsgContent.toString('hex')).toBe('4f60597d');
  });

  it('sets TP_udhi, PkTotal and PkNumber and starts each long part with the UDH (smgp.md 12)', () => {
    const parts = messageParts(CHINESE.repeat(4), { format: 'ucs2', reference: 0x2a });
    expect(parts.length).toBe(2);
    parts.forEach((part, i) => {
      expect(part.MsgFormat).toBe(MsgFormat.UCS2);
      expect(part.TLVs).toEqual({ TP_udhi: 1, PkTotal: 2, PkNumber: i + 1 });
      expect(part.MsgContent.subarray(0, 6).toString('hex')).toBe(`0500032a02${String(i + 1).padStart(2, '0')}`);
      expect(part.MsgContent.length).toBeLessThanOrEqual(140);
    });
    expect(parts[0].MsgContent.length).toBe(6 + 67 * 2);
  });

  it('cuts GBK at 134 octets without splitting a character, with a 16-bit reference when asked', () => {
    const text = `${CHINESE}abc${CHINESE}${CHINESE}`;
    const parts = messageParts(text, { format: 'gbk', reference: 0x1234, referenceBits: 16 });
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) {
      expect(part.MsgContent.subarray(0, 5).toString('hex')).toBe('0608041234');
      expect(part.MsgContent.length).toBeLessThanOrEqual(140);
      expect(decodeGbk(part.MsgContent.subarray(7))).not.toContain('\ufffd');
    }
    expect(parts.map((part) => decodeGbk(part.MsgContent.subarray(7))).join('')).toBe(text);
  });

  it('refuses a long text without a usable reference', () => {
    expect(() => messageParts('x'.repeat(200))).toThrow(/reference/);
    expect(() => messageParts('x'.repeat(200), { reference: 256 })).toThrow(/reference/);
  });

  it('any text splits into parts that reassemble to it, in any arrival order', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', 'Z', ' ', '你', '好', '。', '€', '😀'), maxLength: 400 }),
        fc.constantFrom('gbk', 'ucs2', undefined),
        fc.integer({ min: 0, max: 255 }),
        (text, format, reference) => {
          const usable = format === 'gbk' ? text.replace(/😀|€/g, '') : text;
          const parts = submitsOf(usable, { format, reference, allowed: ['ascii', 'gbk', 'ucs2'] });
          const assembler = new InboundMessageAssembler();
          const results = [...parts].reverse().map((part) => assembler.add(part));
          const done = results.find((r) => r.status === 'complete');
          expect(done).toMatchObject({ status: 'complete', message: { text: usable, parts: parts.length } });
        },
      ),
      { numRuns: 200 },
    );
  });

  it('reads user data without a UDH when TP_udhi is absent', () => {
    expect(userDataOf({ MsgFormat: 8, MsgContent: Buffer.from('4f60', 'hex'), TLVs: {} })).toEqual({ payload: Buffer.from('4f60', 'hex'), MsgFormat: 8 });
    expect(decodeContent(Buffer.from('0102', 'hex'), MsgFormat.BINARY)).toBe('0102');
  });
});
