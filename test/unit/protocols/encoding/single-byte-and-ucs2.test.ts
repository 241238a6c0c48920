// UCS-2, Latin-1 and IA5 codecs: golden bytes, surrogates, lenient decoding.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { canEncodeUcs2, charWidthAt, decodeUcs2, encodeUcs2, ucs2Length } from '../../../../src/protocols/encoding/ucs2.ts';
import { canEncodeLatin1, decodeLatin1, encodeLatin1 } from '../../../../src/protocols/encoding/latin1.ts';
import { canEncodeIa5, decodeIa5, encodeIa5 } from '../../../../src/protocols/encoding/ia5.ts';

// Any 16-bit units, so lone and paired surrogates both occur.
const anyUtf16 = fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 200 }).map((u) => String.fromCharCode(...u));
const hex = (buf: Uint8Array): string => Buffer.from(buf).toString('hex').toUpperCase();

describe('UCS-2 / UTF-16BE', () => {
  it('encodes big-endian with surrogate pairs intact', () => {
    expect(hex(encodeUcs2('A你'))).toBe('00414F60');
    expect(hex(encodeUcs2('😀'))).toBe('D83DDE00');
    expect(decodeUcs2(Buffer.from('D83DDE00', 'hex'))).toBe('😀');
    expect(ucs2Length('a😀')).toBe(3);
    expect(canEncodeUcs2('anything 😀')).toBe(true);
  });

  it('tolerates an odd trailing octet and leaves the input untouched', () => {
    const data = Buffer.from('00410042FF', 'hex');
    expect(decodeUcs2(data)).toBe('AB');
    expect(hex(data)).toBe('00410042FF');
    expect(decodeUcs2(Buffer.from([0x41]))).toBe('');
    expect(decodeUcs2(new Uint8Array(0))).toBe('');
  });

  it('decodes a view into a larger buffer at an odd offset', () => {
    const backing = Buffer.from('FF00410042', 'hex');
    expect(decodeUcs2(backing.subarray(1))).toBe('AB');
  });

  it('round-trips any string, lone surrogates included', () => {
    fc.assert(
      fc.property(anyUtf16, (text) => {
        const encoded = encodeUcs2(text);
        expect(encoded.length).toBe(2 * ucs2Length(text));
        expect(decodeUcs2(encoded)).toBe(text);
      }),
    );
    expect(decodeUcs2(encodeUcs2('x\ud800y'))).toBe('x\ud800y');
  });

  it('reports character widths by surrogate pair', () => {
    expect(charWidthAt('😀', 0)).toBe(2);
    expect(charWidthAt('😀', 1)).toBe(1);
    expect(charWidthAt('\ud800', 0)).toBe(1);
    expect(charWidthAt('\ud800a', 0)).toBe(1);
  });
});

describe('Latin-1', () => {
  it('encodes U+0000–U+00FF one octet each and refuses wider characters', () => {
    expect(hex(encodeLatin1('Aé¿ÿ'))).toBe('41E9BFFF');
    expect(canEncodeLatin1('Aé¿ÿ')).toBe(true);
    expect(canEncodeLatin1('€')).toBe(false);
    // Node's own latin1 encoder would silently write 0xAC for '€'.
    expect(() => encodeLatin1('5€')).toThrow(expect.objectContaining({ code: 'unencodable_char' }));
    expect(decodeLatin1(encodeLatin1('a€😀b', { unencodable: 'replace' }))).toBe('a??b');
  });

  it('decodes every octet', () => {
    const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    const text = decodeLatin1(all);
    expect(text).toHaveLength(256);
    expect(encodeLatin1(text)).toEqual(all);
  });
});

describe('IA5 / ASCII', () => {
  it('encodes below 0x80 with @ at 0x40, unlike GSM', () => {
    expect(hex(encodeIa5('@_A'))).toBe('405F41');
    expect(canEncodeIa5('plain `ascii` ~')).toBe(true);
    expect(canEncodeIa5('é')).toBe(false);
    expect(() => encodeIa5('é')).toThrow(expect.objectContaining({ code: 'unencodable_char' }));
    expect(decodeIa5(encodeIa5('xéy', { unencodable: 'replace' }))).toBe('x?y');
  });

  it('decodes high octets as U+FFFD without throwing', () => {
    expect(decodeIa5(Buffer.from([0x41, 0xe9, 0x42, 0xff]))).toBe('A\ufffdB\ufffd');
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (data) => {
        const text = decodeIa5(data);
        expect(text).toHaveLength(data.length);
        for (let i = 0; i < data.length; i++) {
          expect(text.charCodeAt(i)).toBe(data[i] < 0x80 ? data[i] : 0xfffd);
        }
      }),
    );
  });
});
