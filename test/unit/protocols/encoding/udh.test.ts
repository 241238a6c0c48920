// UDH parse/build: golden headers, malformed input, fuzzing and round trips.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { buildUdh, parseUdh, splitUserData, type ConcatInfo } from '../../../../src/protocols/encoding/udh.ts';
import { EncodingError } from '../../../../src/protocols/encoding/encoding-error.ts';

const bytes = (spaced: string): Buffer => Buffer.from(spaced.replace(/\s+/g, ''), 'hex');
const hex = (buf: Uint8Array): string => Buffer.from(buf).toString('hex').toUpperCase();

describe('parseUdh', () => {
  it('reads an 8-bit concatenation header', () => {
    const udh = parseUdh(bytes('05 00 03 2A 03 02 41 42'));
    expect(udh.concat).toEqual({ ref: 0x2a, total: 3, seq: 2, refBits: 8 });
    expect(udh.headerLength).toBe(6);
    expect(udh.ies).toEqual([{ iei: 0x00, data: bytes('2A 03 02') }]);
    expect(udh.ports).toBeUndefined();
  });

  it('reads a 16-bit concatenation header', () => {
    const udh = parseUdh(bytes('06 08 04 12 34 05 05'));
    expect(udh.concat).toEqual({ ref: 0x1234, total: 5, seq: 5, refBits: 16 });
    expect(udh.headerLength).toBe(7);
  });

  it('reads port addressing next to concatenation and keeps unknown IEs raw', () => {
    const udh = parseUdh(bytes('10 05 04 0B 84 23 F0 00 03 07 02 01 70 00 24 01 AB CD'));
    expect(udh.ports).toEqual({ destination: 0x0b84, source: 0x23f0, bits: 16 });
    expect(udh.concat).toEqual({ ref: 7, total: 2, seq: 1, refBits: 8 });
    expect(udh.ies.map((ie) => ie.iei)).toEqual([0x05, 0x00, 0x70, 0x24]);
    expect(udh.ies[2].data).toHaveLength(0);
    expect(udh.ies[3].data).toEqual(bytes('AB'));
    expect(udh.headerLength).toBe(17);
    expect(parseUdh(bytes('04 04 02 10 20')).ports).toEqual({ destination: 0x10, source: 0x20, bits: 8 });
  });

  it('uses the last of repeated concatenation IEs', () => {
    expect(parseUdh(bytes('0A 00 03 01 02 01 00 03 09 04 03')).concat?.ref).toBe(9);
  });

  it('ignores a concatenation IE with impossible values or the wrong length, but keeps it raw', () => {
    for (const udh of ['05 00 03 01 00 01', '05 00 03 01 02 00', '05 00 03 01 02 03', '04 00 02 01 02', '06 00 04 01 02 01 00']) {
      const parsed = parseUdh(bytes(udh));
      expect(parsed.concat).toBeUndefined();
      expect(parsed.ies).toHaveLength(1);
    }
  });

  it('accepts an empty header (UDHL 0)', () => {
    expect(parseUdh(bytes('00 41'))).toEqual({ ies: [], headerLength: 1 });
  });

  it('answers malformed headers with malformed_udh', () => {
    const cases = [
      '', // no UDHL at all
      '05 00 03 01', // UDHL longer than the data
      '03 00 03 01', // IE length overflows UDHL
      '01 00', // IE header cut by UDHL
      '06 00 03 01 02 01 08', // trailing single octet cannot hold an IE header
    ];
    for (const udh of cases) {
      expect(() => parseUdh(bytes(udh))).toThrow(expect.objectContaining({ name: 'EncodingError', code: 'malformed_udh' }));
    }
  });

  it('copies IE data out of the PDU buffer', () => {
    const pdu = bytes('04 70 02 AA BB');
    const udh = parseUdh(pdu);
    pdu[3] = 0;
    expect(udh.ies[0].data).toEqual(bytes('AA BB'));
  });

  it('fuzz: random bytes either parse within bounds or raise EncodingError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (data) => {
        try {
          const udh = parseUdh(data);
          expect(udh.headerLength).toBe(data[0] + 1);
          expect(udh.headerLength).toBeLessThanOrEqual(data.length);
          const ieOctets = udh.ies.reduce((sum, ie) => sum + 2 + ie.data.length, 0);
          expect(ieOctets).toBe(data[0]);
        } catch (error) {
          expect(error).toBeInstanceOf(EncodingError);
          expect((error as EncodingError).code).toBe('malformed_udh');
        }
      }),
      { numRuns: 500 },
    );
  });

  it('any sequence of well-formed IEs parses back exactly, whatever follows', () => {
    const ie = fc.tuple(fc.integer({ min: 0, max: 255 }), fc.uint8Array({ maxLength: 6 }));
    fc.assert(
      fc.property(fc.array(ie, { maxLength: 8 }), fc.uint8Array({ maxLength: 10 }), (ies, tail) => {
        const body = Buffer.concat(ies.map(([iei, data]) => Buffer.from([iei, data.length, ...data])));
        const udh = parseUdh(Buffer.concat([Buffer.from([body.length]), body, tail]));
        expect(udh.ies.map((e) => [e.iei, [...e.data]])).toEqual(ies.map(([iei, data]) => [iei, [...data]]));
      }),
    );
  });
});

describe('buildUdh', () => {
  it('builds the golden headers', () => {
    expect(hex(buildUdh({ concat: { ref: 0xaa, total: 3, seq: 1, refBits: 8 } }))).toBe('050003AA0301');
    expect(hex(buildUdh({ concat: { ref: 0x1234, total: 2, seq: 2, refBits: 16 } }))).toBe('060804123402' + '02');
    expect(hex(buildUdh({ ports: { destination: 0x0b84, source: 0x23f0, bits: 16 } }))).toBe('0605040B8423F0');
    expect(hex(buildUdh({ ports: { destination: 1, source: 2, bits: 8 } }))).toBe('0404020102');
    expect(hex(buildUdh({}))).toBe('00');
  });

  it('rejects out-of-range fields with invalid_udh', () => {
    const concat = (c: ConcatInfo) => () => buildUdh({ concat: c });
    for (const attempt of [
      concat({ ref: 256, total: 2, seq: 1, refBits: 8 }),
      concat({ ref: 65536, total: 2, seq: 1, refBits: 16 }),
      concat({ ref: 1, total: 0, seq: 1, refBits: 8 }),
      concat({ ref: 1, total: 2, seq: 3, refBits: 8 }),
      concat({ ref: 1, total: 256, seq: 1, refBits: 8 }),
      concat({ ref: 1.5, total: 2, seq: 1, refBits: 8 }),
      () => buildUdh({ ports: { destination: 256, source: 0, bits: 8 } }),
      () => buildUdh({ ies: [{ iei: 0x70, data: Buffer.alloc(140) }] }),
      () => buildUdh({ ies: [{ iei: 0x100, data: Buffer.alloc(0) }] }),
    ]) {
      expect(attempt).toThrow(expect.objectContaining({ code: 'invalid_udh' }));
    }
  });

  it('round-trips through parseUdh', () => {
    const concat = fc.oneof(
      fc.record({ ref: fc.integer({ min: 0, max: 255 }), refBits: fc.constant(8 as const) }),
      fc.record({ ref: fc.integer({ min: 0, max: 65535 }), refBits: fc.constant(16 as const) }),
    ).chain(({ ref, refBits }) =>
      fc.integer({ min: 1, max: 255 }).chain((total) =>
        fc.integer({ min: 1, max: total }).map((seq) => ({ ref, refBits, total, seq })),
      ),
    );
    const ports = fc.oneof(
      fc.record({ destination: fc.integer({ min: 0, max: 255 }), source: fc.integer({ min: 0, max: 255 }), bits: fc.constant(8 as const) }),
      fc.record({ destination: fc.integer({ min: 0, max: 65535 }), source: fc.integer({ min: 0, max: 65535 }), bits: fc.constant(16 as const) }),
    );
    const extra = fc.array(
      fc.record({ iei: fc.integer({ min: 0x70, max: 0x7f }), data: fc.uint8Array({ maxLength: 8 }).map((d) => Buffer.from(d)) }),
      { maxLength: 4 },
    );
    fc.assert(
      fc.property(fc.option(concat, { nil: undefined }), fc.option(ports, { nil: undefined }), extra, fc.uint8Array({ maxLength: 20 }), (c, p, ies, payload) => {
        const udh = buildUdh({ concat: c, ports: p, ies });
        const { udh: parsed, payload: rest } = splitUserData(Buffer.concat([udh, payload]));
        expect(parsed.concat).toEqual(c);
        expect(parsed.ports).toEqual(p);
        expect(parsed.headerLength).toBe(udh.length);
        expect(parsed.ies.slice(parsed.ies.length - ies.length)).toEqual(ies);
        expect([...rest]).toEqual([...payload]);
      }),
    );
  });
});
