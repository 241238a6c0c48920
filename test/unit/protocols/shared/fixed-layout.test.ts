// Fixed-width field codec: golden bytes for every field kind, derived counts, errors both ways, fuzzing.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PduDecodeError, PduEncodeError } from '../../../../src/protocols/shared/decode-error.ts';
import { count, hex, octets, text, textList, tlvArea, u16, u32, u8, varOctets } from '../../../../src/protocols/shared/fixed-fields.ts';
import { compileLayout } from '../../../../src/protocols/shared/fixed-layout.ts';

const bytes = (spaced: string): Buffer => Buffer.from(spaced.replace(/\s+/g, ''), 'hex');

// A SUBMIT-like body using every fixed and variable kind, counts apart from their targets.
const SAMPLE = compileLayout('sample', [
  hex('Msg_Id', 8),
  u8('Pk_total'),
  u16('Port'),
  u32('Timestamp'),
  text('Service_Id', 5),
  octets('Auth', 2),
  count('DestUsr_tl', 1),
  textList('Dest', 4, 'DestUsr_tl', { min: 1, max: 3 }),
  u8('Dest_type'),
  count('Msg_Length', 1),
  varOctets('Msg_Content', 'Msg_Length', 10),
  text('Reserve', 2),
]);

// Hand-computed: 8 + 1 + 2 + 4 + 5 + 2 + 1 + 2×4 + 1 + 1 + 3 + 2 = 38 octets.
const SAMPLE_HEX = `ba520641e2400001 02 1f90 42c4f1d9 4d54455354 abcd
  02 31333800 32000000 01 03 486921 7878`;

const SAMPLE_VALUE = {
  Msg_Id: 'ba520641e2400001',
  Pk_total: 2,
  Port: 8080,
  Timestamp: 1120203225,
  Service_Id: 'MTEST',
  Auth: bytes('abcd'),
  Dest: ['138', '2'],
  Dest_type: 1,
  Msg_Content: Buffer.from('Hi!'),
  Reserve: 'xx',
};

function decodeError(run: () => unknown): PduDecodeError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(PduDecodeError);
    return error as PduDecodeError;
  }
  throw new Error('decoded without error');
}

describe('compileLayout: golden bytes', () => {
  it('decodes every field kind at its offset, leaving count fields out', () => {
    const buf = bytes(SAMPLE_HEX);
    expect(SAMPLE.decode(buf, 0, buf.length)).toEqual(SAMPLE_VALUE);
    expect(SAMPLE.fixedSize).toBe(27);
    expect(SAMPLE.isFixed).toBe(false);
  });

  it('encodes to the same bytes, writing counts from the lengths of their fields', () => {
    expect(SAMPLE.encode(SAMPLE_VALUE).toString('hex')).toBe(SAMPLE_HEX.replace(/\s+/g, ''));
    expect(SAMPLE.size(SAMPLE_VALUE)).toBe(38);
  });

  it('decodes within [start, end) and leaves headroom on encode', () => {
    const framed = Buffer.concat([bytes('ffffff'), bytes(SAMPLE_HEX), bytes('ee')]);
    expect(SAMPLE.decode(framed, 3, framed.length - 1)).toEqual(SAMPLE_VALUE);
    const out = SAMPLE.encode(SAMPLE_VALUE, 12);
    expect(out.length).toBe(50);
    expect(out.subarray(12).toString('hex')).toBe(SAMPLE_HEX.replace(/\s+/g, ''));
  });

  it('encodes absent fields as zeros and empty values', () => {
    const layout = compileLayout('zeros', [u8('a'), u32('b'), text('c', 3), hex('d', 2), octets('e', 2), count('n', 1), varOctets('f', 'n')]);
    expect(layout.encode({}).toString('hex')).toBe('00' + '00000000' + '000000' + '0000' + '0000' + '00');
  });

  it('pads every text field and list entry with zeros when writing over a used buffer', () => {
    const dirty = Buffer.alloc(SAMPLE.size(SAMPLE_VALUE) + 4, 0xee);
    expect(SAMPLE.write(dirty, 2, SAMPLE_VALUE)).toBe(2 + 38);
    expect(dirty.subarray(2, 40).toString('hex')).toBe(SAMPLE_HEX.replace(/\s+/g, ''));
    expect(dirty.subarray(0, 2).toString('hex')).toBe('eeee');
    expect(dirty.subarray(40).toString('hex')).toBe('eeee');
  });

  it('reads each text afresh when it changes from one PDU to the next (same length, shorter, longer, empty)', () => {
    const layout = compileLayout('memo', [text('a', 4)]);
    const read = (hexText: string) => layout.decode(bytes(hexText), 0, 4).a;
    expect(['41424300', '41424300', '41424400', '41420000', 'ff414243', '00000000', '41424300'].map(read)).toEqual(['ABC', 'ABC', 'ABD', 'AB', 'ÿABC', '', 'ABC']);
  });

  it('cuts text at the first NUL and reads all 8 bits as Latin-1', () => {
    const layout = compileLayout('t', [text('a', 4), text('b', 3)]);
    expect(layout.decode(bytes('41004200 ff41e9'), 0, 7)).toEqual({ a: 'A', b: 'ÿAé' });
  });

  it('pads hex on the left and accepts upper case', () => {
    const layout = compileLayout('h', [hex('id', 4)]);
    expect(layout.encode({ id: 'ABC' }).toString('hex')).toBe('00000abc');
    expect(layout.decode(bytes('00000abc'), 0, 4)).toEqual({ id: '00000abc' });
  });

  it('puts envelope values first, from decode arguments', () => {
    const layout = compileLayout('env', [u8('x')], { envelope: ['command', 'Sequence_Id'] });
    const pdu = layout.decode(bytes('07'), 0, 1, 4, 9, 'submit', 9);
    expect(pdu).toEqual({ command: 'submit', Sequence_Id: 9, x: 7 });
    expect(Object.keys(pdu)).toEqual(['command', 'Sequence_Id', 'x']);
  });

  it('handles 4-octet length fields (SGIP MessageLength)', () => {
    const layout = compileLayout('sgip', [count('MessageLength', 4), varOctets('MessageContent', 'MessageLength'), text('Reserve', 8)]);
    const body = layout.encode({ MessageContent: bytes('c4e3bac3') });
    expect(body.toString('hex')).toBe('00000004c4e3bac3' + '00'.repeat(8));
    expect(layout.decode(body, 0, body.length)).toEqual({ MessageContent: bytes('c4e3bac3'), Reserve: '' });
  });
});

describe('compileLayout: decode errors', () => {
  it('names the first field cut off, at every truncation point', () => {
    const buf = bytes(SAMPLE_HEX);
    const expected = ['Msg_Id', 'Pk_total', 'Port', 'Timestamp', 'Service_Id', 'Auth', 'DestUsr_tl', 'Dest', 'Dest_type', 'Msg_Length', 'Msg_Content', 'Reserve'];
    const starts = [0, 8, 9, 11, 15, 20, 22, 23, 31, 32, 33, 36];
    for (let cut = 0; cut < buf.length; cut++) {
      const error = decodeError(() => SAMPLE.decode(buf, 0, cut, 4, 77));
      expect(error.kind).toBe('truncated');
      // The last field starting at or before the cut is the one that does not fit.
      const index = starts.filter((start) => start <= cut).length - 1;
      expect(error.field).toBe(expected[index]);
      expect(error.sequenceNumber).toBe(77);
      expect(error.commandId).toBe(4);
    }
  });

  it('reports the absolute offset of the field', () => {
    const framed = Buffer.concat([Buffer.alloc(12), bytes(SAMPLE_HEX).subarray(0, 10)]);
    const error = decodeError(() => SAMPLE.decode(framed, 12, framed.length));
    expect(error).toMatchObject({ kind: 'truncated', field: 'Port', offset: 21 });
  });

  it('refuses a count outside the limits of its field', () => {
    const buf = bytes(SAMPLE_HEX);
    buf[22] = 0; // DestUsr_tl below min 1
    expect(decodeError(() => SAMPLE.decode(buf, 0, buf.length))).toMatchObject({ kind: 'bad_value', field: 'DestUsr_tl', offset: 22 });
    buf[22] = 4; // above max 3
    expect(decodeError(() => SAMPLE.decode(buf, 0, buf.length))).toMatchObject({ kind: 'bad_value', field: 'DestUsr_tl' });
    const content = bytes(SAMPLE_HEX);
    content[32] = 11; // Msg_Length above max 10
    expect(decodeError(() => SAMPLE.decode(content, 0, content.length))).toMatchObject({ kind: 'bad_value', field: 'Msg_Length' });
  });

  it('refuses octets after the last field unless told to ignore them', () => {
    const buf = Buffer.concat([bytes(SAMPLE_HEX), bytes('00')]);
    expect(decodeError(() => SAMPLE.decode(buf, 0, buf.length))).toMatchObject({ kind: 'bad_length', offset: 38 });
    const lenient = compileLayout('lenient', [u8('a')], { allowTrailing: true });
    expect(lenient.decode(bytes('0102'), 0, 2)).toEqual({ a: 1 });
  });
});

describe('compileLayout: encode errors name the field', () => {
  const cases: Array<[string, Record<string, unknown>]> = [
    ['Service_Id', { Service_Id: 'TOOLONG' }],
    ['Service_Id', { Service_Id: '短信' }],
    ['Service_Id', { Service_Id: 5 }],
    ['Pk_total', { Pk_total: 256 }],
    ['Pk_total', { Pk_total: -1 }],
    ['Pk_total', { Pk_total: 1.5 }],
    ['Pk_total', { Pk_total: '1' }],
    ['Port', { Port: 0x10000 }],
    ['Timestamp', { Timestamp: 2 ** 32 }],
    ['Timestamp', { Timestamp: Number.NaN }],
    ['Msg_Id', { Msg_Id: '0'.repeat(17) }],
    ['Msg_Id', { Msg_Id: 'xyz' }],
    ['Msg_Id', { Msg_Id: 'ba520641e240000g' }],
    ['Msg_Id', { Msg_Id: 'ba520641e24000\u0130' }],
    ['Auth', { Auth: bytes('01') }],
    ['Dest', { Dest: [] }],
    ['Dest', { Dest: ['1', '2', '3', '4'] }],
    ['Dest', { Dest: ['12345'] }],
    ['Dest', { Dest: '138' }],
    ['Msg_Content', { Msg_Content: Buffer.alloc(11) }],
    ['Msg_Content', { Msg_Content: 'Hi' }],
  ];
  for (const [field, patch] of cases) {
    it(`${field} = ${JSON.stringify(patch[field])}`, () => {
      const value = { ...SAMPLE_VALUE, ...patch };
      let caught: unknown;
      try {
        SAMPLE.encode(value as typeof SAMPLE_VALUE);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(PduEncodeError);
      expect((caught as PduEncodeError).field).toBe(field);
    });
  }

  it('a var_octets max defaults to what its count field holds', () => {
    const layout = compileLayout('m', [count('n', 1), varOctets('data', 'n')]);
    expect(layout.size({ data: Buffer.alloc(255) })).toBe(256);
    expect(() => layout.size({ data: Buffer.alloc(256) })).toThrow(PduEncodeError);
  });
});

describe('compileLayout: TLV area', () => {
  const layout = compileLayout('tlv', [
    u8('MsgType'),
    tlvArea('options', {
      TP_udhi: { tag: 0x0002, type: 'uint' },
      LinkID: { tag: 0x0003, type: 'text', width: 4 },
      MsgSrc: { tag: 0x0010, type: 'text' },
      Pseudo: { tag: 0x0006, type: 'octets' },
      Big: { tag: 0x0020, type: 'uint', width: 4 },
    }),
  ]);

  it('decodes known tags by name and keeps unknown ones raw, in order', () => {
    const buf = bytes('06 0002 0001 01 0003 0004 41420000 7777 0002 abcd 0010 0002 5350 0020 0002 0102');
    expect(layout.decode(buf, 0, buf.length)).toEqual({
      MsgType: 6,
      options: { TP_udhi: 1, LinkID: 'AB', unknown: [{ tag: 0x7777, value: bytes('abcd') }], MsgSrc: 'SP', Big: 0x0102 },
    });
  });

  it('re-encodes a decoded area byte for byte when unknown tags come after the known ones', () => {
    const buf = bytes('06 0002 0001 01 0003 0004 41420000 0020 0004 00000102 7777 0002 abcd');
    expect(layout.encode(layout.decode(buf, 0, buf.length)).equals(buf)).toBe(true);
  });

  it('encodes in key order, fixed-width text padded, absent area empty', () => {
    expect(layout.encode({ MsgType: 1, options: { LinkID: 'x', TP_udhi: 1 } }).toString('hex')).toBe('01' + '0003000478000000' + '0002000101');
    expect(layout.encode({ MsgType: 1 }).toString('hex')).toBe('01');
  });

  it('refuses a TLV header or value cut off by the end', () => {
    for (const hexText of ['06 00', '06 000200', '06 0002 0002 01']) {
      const buf = bytes(hexText);
      expect(decodeError(() => layout.decode(buf, 0, buf.length)).kind).toBe('bad_optional');
    }
    const wide = bytes('06 0002 0005 0102030405');
    expect(decodeError(() => layout.decode(wide, 0, wide.length))).toMatchObject({ kind: 'bad_optional', field: 'TP_udhi' });
  });

  it('refuses to encode undefined names and bad values', () => {
    expect(() => layout.encode({ options: { Nope: 1 } as never })).toThrow(PduEncodeError);
    expect(() => layout.encode({ options: { TP_udhi: 256 } })).toThrow(/options.TP_udhi/);
    expect(() => layout.encode({ options: { LinkID: 'toolong' } })).toThrow(/options.LinkID/);
    expect(() => layout.encode({ options: { unknown: [{ tag: 0x10000, value: Buffer.alloc(0) }] } })).toThrow(PduEncodeError);
  });
});

describe('compileLayout: definition checks', () => {
  it('refuses repeated names, dangling or shared counts, and a TLV area before the end', () => {
    expect(() => compileLayout('x', [u8('a'), u8('a')])).toThrow(/twice/);
    expect(() => compileLayout('x', [varOctets('a', 'n')])).toThrow(/earlier count/);
    expect(() => compileLayout('x', [count('n', 1)])).toThrow(/not used/);
    expect(() => compileLayout('x', [count('n', 1), varOctets('a', 'n'), varOctets('b', 'n')])).toThrow(/already used/);
    expect(() => compileLayout('x', [tlvArea('t', {}), u8('a')])).toThrow(/last/);
    expect(() => compileLayout('x', [text('a', 0)])).toThrow(/positive/);
    expect(() => compileLayout('x', [u8('command')], { envelope: ['command'] })).toThrow(/twice/);
    expect(() => compileLayout('x', [tlvArea('t', { a: { tag: 1, type: 'uint' }, b: { tag: 1, type: 'uint' } })])).toThrow(/twice/);
  });
});

describe('compileLayout: properties', () => {
  const latin1Text = (max: number) => fc.string({ unit: fc.integer({ min: 1, max: 0xff }).map((c) => String.fromCharCode(c)), maxLength: max });
  const valueArbitrary = fc.record({
    Msg_Id: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }).map((n) => n.toString(16).padStart(16, '0')),
    Pk_total: fc.nat(0xff),
    Port: fc.nat(0xffff),
    Timestamp: fc.nat({ max: 0xffffffff }),
    Service_Id: latin1Text(5),
    Auth: fc.uint8Array({ minLength: 2, maxLength: 2 }).map((a) => Buffer.from(a)),
    Dest: fc.array(latin1Text(4), { minLength: 1, maxLength: 3 }),
    Dest_type: fc.nat(0xff),
    Msg_Content: fc.uint8Array({ maxLength: 10 }).map((a) => Buffer.from(a)),
    Reserve: latin1Text(2),
  });

  it('decode(encode(x)) = x', () => {
    fc.assert(
      fc.property(valueArbitrary, (value) => {
        const buf = SAMPLE.encode(value);
        expect(SAMPLE.decode(buf, 0, buf.length)).toEqual(value);
      }),
      { numRuns: 2000 },
    );
  });

  it('arbitrary bytes either decode or throw PduDecodeError', () => {
    const tlv = compileLayout('fuzz', [u8('a'), count('n', 1), textList('l', 3, 'n', { max: 5 }), tlvArea('t', { x: { tag: 1, type: 'uint' }, y: { tag: 2, type: 'text' } })]);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 60 }), (data) => {
        const buf = Buffer.from(data);
        try {
          // Whatever decodes re-encodes to the same length (text may lose bytes after a NUL).
          expect(SAMPLE.size(SAMPLE.decode(buf, 0, buf.length))).toBe(buf.length);
        } catch (error) {
          if (!(error instanceof PduDecodeError)) throw error;
        }
        try {
          tlv.decode(buf, 0, buf.length);
        } catch (error) {
          if (!(error instanceof PduDecodeError)) throw error;
        }
      }),
      { numRuns: 5000 },
    );
  });
});
