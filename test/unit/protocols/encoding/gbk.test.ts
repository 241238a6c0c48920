import { describe, expect, it } from 'vitest';
import { canEncodeGbk, decodeGbk, encodeGbk, gbkLength } from '../../../../src/protocols/encoding/gbk.ts';
import { EncodingError } from '../../../../src/protocols/encoding/encoding-error.ts';

describe('GBK', () => {
  it('encodes Chinese as two octets and ASCII as one', () => {
    expect(encodeGbk('你好').toString('hex')).toBe('c4e3bac3');
    expect(encodeGbk('Hi你').toString('hex')).toBe('4869c4e3');
    expect(gbkLength('验证码123')).toBe(9);
  });

  it('round-trips text including a literal question mark', () => {
    const text = '【快信】您的验证码是 123456，请勿泄露?';
    expect(decodeGbk(encodeGbk(text))).toBe(text);
    expect(canEncodeGbk(text)).toBe(true);
  });

  it('names the first character GBK cannot hold', () => {
    expect(canEncodeGbk('ok 😀')).toBe(false);
    const error = (() => {
      try {
        encodeGbk('ok 😀');
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(EncodingError);
    expect((error as EncodingError).details).toMatchObject({ alphabet: 'GBK', index: 3 });
    expect(encodeGbk('ok 😀', { unencodable: 'replace' }).toString()).toBe('ok ?');
  });

  it('decodes an invalid sequence without throwing', () => {
    expect(decodeGbk(Buffer.from([0x41, 0xff]))).toMatch(/^A/);
  });
});
