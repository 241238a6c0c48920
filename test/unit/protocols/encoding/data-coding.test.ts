// data_coding dispatch, the 0xC0–0xFF GSM groups and encoding choice.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  DataCoding,
  alphabetOf,
  chooseEncoding,
  decodeText,
  encodeText,
  lengthAs,
} from '../../../../src/protocols/encoding/data-coding.ts';
import { EncodingError } from '../../../../src/protocols/encoding/encoding-error.ts';
import { messageText } from './arbitraries.ts';

const hex = (buf: Uint8Array): string => Buffer.from(buf).toString('hex').toUpperCase();

describe('alphabetOf', () => {
  it('maps the SMPP values', () => {
    expect(alphabetOf(0x00)).toBe('gsm7');
    expect(alphabetOf(0x00, { smscDefault: 'latin1' })).toBe('latin1');
    expect(alphabetOf(0x01)).toBe('ia5');
    expect(alphabetOf(0x02)).toBe('binary');
    expect(alphabetOf(0x03)).toBe('latin1');
    expect(alphabetOf(0x04)).toBe('binary');
    expect(alphabetOf(0x08)).toBe('ucs2');
    expect(alphabetOf(0x05)).toBeUndefined();
    expect(alphabetOf(0x0e)).toBeUndefined();
    expect(alphabetOf(0x80)).toBeUndefined();
  });

  it('reads the GSM class group by bit 2', () => {
    expect(alphabetOf(0xf0)).toBe('gsm7');
    expect(alphabetOf(0xf3)).toBe('gsm7');
    expect(alphabetOf(0xf4)).toBe('binary');
    expect(alphabetOf(0xf5)).toBe('binary');
    expect(alphabetOf(0xfb)).toBe('gsm7');
    expect(alphabetOf(0xff)).toBe('binary');
  });

  it('reads the message-waiting groups', () => {
    expect(alphabetOf(0xc0)).toBe('gsm7');
    expect(alphabetOf(0xd8)).toBe('gsm7');
    expect(alphabetOf(0xe0)).toBe('ucs2');
  });
});

describe('encodeText / decodeText', () => {
  it('dispatches on data_coding', () => {
    expect(hex(encodeText('@', DataCoding.SMSC_DEFAULT))).toBe('00');
    expect(hex(encodeText('@', DataCoding.IA5))).toBe('40');
    expect(hex(encodeText('é', DataCoding.LATIN1))).toBe('E9');
    expect(hex(encodeText('é', DataCoding.UCS2))).toBe('00E9');
    expect(hex(encodeText('@', 0xf1))).toBe('00');
    expect(hex(encodeText('é', 0x00, { smscDefault: 'latin1' }))).toBe('E9');
    expect(decodeText(Buffer.from([0x00, 0x02]), 0x00)).toBe('@$');
    expect(decodeText(Buffer.from([0x40]), 0x01)).toBe('@');
    expect(decodeText(Buffer.from('4F60597D', 'hex'), 0x08)).toBe('你好');
    expect(decodeText(Buffer.from([0xe9]), 0x00, { smscDefault: 'latin1' })).toBe('é');
  });

  it('answers binary and unknown values with typed errors', () => {
    for (const [dc, code] of [
      [0x04, 'not_text'],
      [0xf6, 'not_text'],
      [0x05, 'unsupported_data_coding'],
    ] as const) {
      expect(() => decodeText(Buffer.from([1]), dc)).toThrow(EncodingError);
      expect(() => encodeText('a', dc)).toThrow(expect.objectContaining({ code }));
    }
    expect(() => encodeText('你', 0x00)).toThrow(expect.objectContaining({ code: 'unencodable_char' }));
  });

  it('measures in each unit', () => {
    expect(lengthAs('a€', 'gsm7')).toBe(3);
    expect(lengthAs('a€', 'ucs2')).toBe(2);
    expect(lengthAs('aé', 'latin1')).toBe(2);
    expect(() => lengthAs('aé', 'ia5')).toThrow(expect.objectContaining({ code: 'unencodable_char' }));
    expect(() => lengthAs('a€', 'latin1')).toThrow(expect.objectContaining({ code: 'unencodable_char' }));
  });
});

describe('chooseEncoding', () => {
  it('prefers GSM 7-bit, falls back to UCS-2', () => {
    expect(chooseEncoding('Hello {world}')).toEqual({ encoding: 'gsm7', dataCoding: 0x00 });
    expect(chooseEncoding('')).toEqual({ encoding: 'gsm7', dataCoding: 0x00 });
    expect(chooseEncoding('naïve')).toEqual({ encoding: 'ucs2', dataCoding: 0x08 });
    expect(chooseEncoding('验证码 123456')).toEqual({ encoding: 'ucs2', dataCoding: 0x08 });
  });

  it('uses Latin-1 or IA5 only when allowed', () => {
    expect(chooseEncoding('naïve', { allowed: ['gsm7', 'latin1', 'ucs2'] })).toEqual({
      encoding: 'latin1',
      dataCoding: 0x03,
    });
    expect(chooseEncoding('plain', { allowed: ['ia5', 'ucs2'] })).toEqual({ encoding: 'ia5', dataCoding: 0x01 });
    expect(chooseEncoding('back`tick', { allowed: ['gsm7', 'ia5', 'ucs2'] }).encoding).toBe('ia5');
  });

  it('raises a typed error when no allowed alphabet fits', () => {
    expect(() => chooseEncoding('你', { allowed: ['gsm7'] })).toThrow(
      expect.objectContaining({ code: 'unencodable_char', details: expect.objectContaining({ index: 0 }) }),
    );
    // Each character fits some alphabet, but no single one carries both.
    expect(() => chooseEncoding('€ÿ', { allowed: ['gsm7', 'latin1'] })).toThrow(
      expect.objectContaining({ code: 'unencodable_char' }),
    );
  });

  it('always picks an encoding that round-trips the text', () => {
    fc.assert(
      fc.property(
        messageText(60),
        fc.subarray(['gsm7', 'ia5', 'latin1'] as const),
        (text, extra) => {
          const { encoding, dataCoding } = chooseEncoding(text, { allowed: [...extra, 'ucs2'] });
          expect(decodeText(encodeText(text, dataCoding), dataCoding)).toBe(text);
          expect([...extra, 'ucs2']).toContain(encoding);
        },
      ),
    );
  });
});
