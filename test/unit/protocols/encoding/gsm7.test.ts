// GSM 03.38 tables, golden bytes, lenient decoding and septet packing.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  GSM7_BASIC,
  GSM7_EXTENSION,
  canEncodeGsm7,
  decodeGsm7,
  encodeGsm7,
  gsm7Length,
  packSeptets,
  septetFillBits,
  unpackSeptets,
} from '../../../../src/protocols/encoding/gsm7.ts';
import { EncodingError } from '../../../../src/protocols/encoding/encoding-error.ts';

const hex = (buf: Uint8Array): string => Buffer.from(buf).toString('hex').toUpperCase();
const bytes = (spaced: string): Buffer => Buffer.from(spaced.replace(/\s+/g, ''), 'hex');

const basicChars = GSM7_BASIC.filter((_, code) => code !== 0x1b);
const extensionChars = [...GSM7_EXTENSION.values()];
const gsmText = fc.string({ unit: fc.constantFrom(...basicChars, ...extensionChars), maxLength: 400, size: 'max' });

describe('GSM 03.38 tables', () => {
  it('has the spec characters at the codes that differ from ASCII', () => {
    // Written out independently of the table under test (SMPP 3.4 ref. §17.1).
    const expected: Array<[number, string]> = [
      [0x00, '@'], [0x01, '£'], [0x02, '$'], [0x10, 'Δ'], [0x11, '_'], [0x15, 'Ω'], [0x24, '¤'],
      [0x40, '¡'], [0x5b, 'Ä'], [0x5f, '§'], [0x60, '¿'], [0x7b, 'ä'], [0x7f, 'à'], [0x0a, '\n'], [0x0d, '\r'],
    ];
    for (const [code, char] of expected) {
      expect(hex(encodeGsm7(char))).toBe(code.toString(16).padStart(2, '0').toUpperCase());
      expect(decodeGsm7(Buffer.from([code]))).toBe(char);
    }
  });

  it('round-trips every character of the default alphabet with one septet', () => {
    expect(basicChars).toHaveLength(127);
    for (const char of basicChars) {
      const encoded = encodeGsm7(char);
      expect(encoded).toHaveLength(1);
      expect(GSM7_BASIC[encoded[0]]).toBe(char);
      expect(decodeGsm7(encoded)).toBe(char);
      expect(gsm7Length(char)).toBe(1);
    }
  });

  it('round-trips every extension character as an escape pair costing two septets', () => {
    const codes: Record<string, number> = { '\f': 0x0a, '^': 0x14, '{': 0x28, '}': 0x29, '\\': 0x2f, '[': 0x3c, '~': 0x3d, ']': 0x3e, '|': 0x40, '€': 0x65 };
    expect(extensionChars.sort()).toEqual(Object.keys(codes).sort());
    for (const [char, code] of Object.entries(codes)) {
      expect([...encodeGsm7(char)]).toEqual([0x1b, code]);
      expect(decodeGsm7(Buffer.from([0x1b, code]))).toBe(char);
      expect(gsm7Length(char)).toBe(2);
    }
  });

  it('encodes {x}€ as golden bytes', () => {
    expect(hex(encodeGsm7('{x}€'))).toBe('1B28781B291B65');
    expect(decodeGsm7(bytes('1B 28 78 1B 29 1B 65'))).toBe('{x}€');
  });
});

describe('canEncodeGsm7 / gsm7Length / encodeGsm7', () => {
  it('rejects characters outside both tables', () => {
    expect(canEncodeGsm7('Hello {world} €5')).toBe(true);
    expect(canEncodeGsm7('back`tick')).toBe(false);
    expect(canEncodeGsm7('你好')).toBe(false);
    expect(canEncodeGsm7('😀')).toBe(false);
    expect(canEncodeGsm7('\u001b')).toBe(false); // the escape itself is not a character
    expect(canEncodeGsm7('')).toBe(true);
  });

  it('counts extension characters twice', () => {
    expect(gsm7Length('a[b]c')).toBe(7);
    expect(gsm7Length('')).toBe(0);
  });

  it('throws a typed error naming the offending index', () => {
    const attempt = (): Buffer => encodeGsm7('ab`c');
    expect(attempt).toThrow(EncodingError);
    try {
      attempt();
    } catch (error) {
      expect((error as EncodingError).code).toBe('unencodable_char');
      expect((error as EncodingError).details.index).toBe(2);
    }
    expect(() => gsm7Length('x你')).toThrow(expect.objectContaining({ code: 'unencodable_char' }));
  });

  it("replaces unencodable characters with '?' when asked, one per surrogate pair", () => {
    expect(decodeGsm7(encodeGsm7('a`b😀c', { unencodable: 'replace' }))).toBe('a?b?c');
  });
});

describe('decodeGsm7 leniency', () => {
  it('masks the high bit', () => {
    expect(decodeGsm7(Buffer.from([0xc8, 0xe5]))).toBe('He');
    expect(decodeGsm7(Buffer.from([0x9b, 0x65]))).toBe('€'); // 0x9B masks to ESC
  });

  it('shows the base character for an unknown escape, a space for ESC ESC or a dangling ESC', () => {
    expect(decodeGsm7(Buffer.from([0x1b, 0x41]))).toBe('A');
    expect(decodeGsm7(Buffer.from([0x1b, 0x1b, 0x41]))).toBe(' A');
    expect(decodeGsm7(Buffer.from([0x41, 0x1b]))).toBe('A ');
  });

  it('never throws on any byte sequence', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (data) => {
        const text = decodeGsm7(data);
        expect(text.length).toBeLessThanOrEqual(data.length);
        expect(canEncodeGsm7(text)).toBe(true);
      }),
    );
  });

  it('decodes a long input without hitting argument limits', () => {
    const big = Buffer.alloc(100_000, 0x41);
    expect(decodeGsm7(big)).toBe('A'.repeat(100_000));
  });
});

describe('round trip property', () => {
  it('decode(encode(text)) === text and the length matches gsm7Length', () => {
    fc.assert(
      fc.property(gsmText, (text) => {
        const encoded = encodeGsm7(text);
        expect(encoded.length).toBe(gsm7Length(text));
        expect(encoded.every((b) => b < 0x80)).toBe(true);
        expect(decodeGsm7(encoded)).toBe(text);
      }),
    );
  });
});

describe('packing', () => {
  it('packs the golden examples', () => {
    expect(hex(packSeptets(encodeGsm7('Hello')))).toBe('C8329BFD06');
    expect(hex(packSeptets(encodeGsm7('hellohello')))).toBe('E8329BFD4697D9EC37');
    expect(decodeGsm7(unpackSeptets(bytes('C8 32 9B FD 06'), 5))).toBe('Hello');
    expect(decodeGsm7(unpackSeptets(bytes('E8 32 9B FD 46 97 D9 EC 37'), 10))).toBe('hellohello');
  });

  it('packs 8 septets into 7 octets and 160 into 140', () => {
    expect(packSeptets(Buffer.alloc(8, 0x7f))).toEqual(Buffer.alloc(7, 0xff));
    expect(packSeptets(Buffer.alloc(160, 0x41))).toHaveLength(140);
  });

  it('shifts by the fill bits that follow a UDH', () => {
    expect(septetFillBits(6)).toBe(1); // 05 00 03 RR TT SS: 48 bits + 1 = 7 septets
    expect(septetFillBits(7)).toBe(0);
    expect(septetFillBits(0)).toBe(0);
    // 'A' (0x41) after one fill bit: bit pattern 1000001 shifted left by one.
    expect(hex(packSeptets(Buffer.from([0x41]), 1))).toBe('82');
    expect(decodeGsm7(unpackSeptets(Buffer.from([0x82]), 1, 1))).toBe('A');
  });

  it('round-trips any septets with any fill bits', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.integer({ min: 0, max: 6 }), (raw, fill) => {
        const septets = Buffer.from(raw.map((b) => b & 0x7f));
        const packed = packSeptets(septets, fill);
        expect(packed.length).toBe(Math.ceil((fill + septets.length * 7) / 8));
        expect(unpackSeptets(packed, septets.length, fill)).toEqual(septets);
      }),
    );
  });

  it('clamps a septet count larger than the data and rejects bad options with typed errors', () => {
    expect(unpackSeptets(Buffer.from([0xc8, 0x32]), 50)).toHaveLength(2);
    expect(unpackSeptets(Buffer.alloc(0), 10)).toHaveLength(0);
    expect(unpackSeptets(Buffer.alloc(7))).toHaveLength(8); // the documented 7-in-7 ambiguity
    expect(() => packSeptets(Buffer.alloc(1), 7)).toThrow(expect.objectContaining({ code: 'invalid_option' }));
    expect(() => unpackSeptets(Buffer.alloc(1), -1)).toThrow(expect.objectContaining({ code: 'invalid_option' }));
  });
});
