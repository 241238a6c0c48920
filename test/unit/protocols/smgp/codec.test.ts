import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PduDecodeError, PduEncodeError } from '../../../../src/protocols/shared/decode-error.ts';
import { FrameDecoder } from '../../../../src/protocols/shared/frame-decoder.ts';
import { decodeSmgp, encodeSmgp } from '../../../../src/protocols/smgp/codec.ts';
import { MAX_PACKET_LENGTH, SMGP_PDUS } from '../../../../src/protocols/smgp/pdu-table.ts';
import type { SmgpPduOf } from '../../../../src/protocols/smgp/pdu-types.ts';
import { vector, vectorNames } from '../../../support/vectors.ts';
import * as golden from './golden.ts';

const GOLDEN: Record<string, Buffer> = {
  deliver_mo: golden.DELIVER_MO,
  submit_group_long: golden.SUBMIT_GROUP_LONG,
  deliver_resp: golden.DELIVER_RESP,
  active_test_resp: golden.ACTIVE_TEST_RESP,
  exit: golden.EXIT,
  exit_resp: golden.EXIT_RESP,
  query: golden.QUERY,
  query_resp: golden.QUERY_RESP,
  login_refused: golden.LOGIN_REFUSED,
  forward: golden.FORWARD,
  forward_resp: golden.FORWARD_RESP,
};

const ALL: Array<[string, Buffer]> = [...vectorNames('smgp_').map((name): [string, Buffer] => [name, vector(name)]), ...Object.entries(GOLDEN)];

function decodeError(bytes: Buffer): PduDecodeError {
  try {
    decodeSmgp(bytes);
  } catch (error) {
    expect(error).toBeInstanceOf(PduDecodeError);
    return error as PduDecodeError;
  }
  throw new Error('decoded without error');
}

describe('SMGP codec: golden packets', () => {
  it('has a golden packet for every command in the table', () => {
    const covered = new Set(ALL.map(([, bytes]) => decodeSmgp(bytes).command));
    expect([...SMGP_PDUS.keys()].filter((command) => !covered.has(command))).toEqual([]);
  });

  for (const [name, bytes] of ALL) {
    it(`${name} decodes and re-encodes byte for byte`, () => {
      expect(encodeSmgp(decodeSmgp(bytes)).toString('hex')).toBe(bytes.toString('hex'));
    });

    it(`${name} is framed the same when fed split at every byte`, () => {
      for (let cut = 1; cut < bytes.length; cut++) {
        const decoder = new FrameDecoder({ minLength: 12, maxLength: MAX_PACKET_LENGTH });
        decoder.push(bytes.subarray(0, cut));
        expect(decoder.next()).toBeNull();
        decoder.push(bytes.subarray(cut));
        expect(decoder.next()?.equals(bytes)).toBe(true);
        expect(decoder.buffered).toBe(0);
      }
    });
  }

  it('T1 Login carries the spec fields', () => {
    expect(decodeSmgp(vector('smgp_login'))).toMatchObject({ command: 'Login', sequence: 1, ClientID: '12345678', LoginMode: 2, TimeStamp: 301000000, ClientVersion: 0x30 });
  });

  it('T3 Submit decodes to spec names, with PkTotal / PkNumber TLVs', () => {
    const pdu = decodeSmgp(vector('smgp_submit')) as SmgpPduOf<'Submit'>;
    expect(pdu).toMatchObject({ MsgType: 6, NeedReport: 1, Priority: 1, ServiceID: 'TEST', FeeType: '00', FeeCode: '0', FixedFee: '0', MsgFormat: 8, SrcTermID: '1065900001', ChargeTermID: '', DestTermID: ['13301234567'] });
    expect(pdu.MsgContent.toString('hex')).toBe('4f60597d');
    expect(pdu.TLVs).toEqual({ PkTotal: 1, PkNumber: 1 });
  });

  it('T4 Submit_Resp keeps the MsgID as its 20 BCD digits', () => {
    expect(decodeSmgp(vector('smgp_submit_resp'))).toEqual({ command: 'Submit_Resp', sequence: 2, MsgID: '01006101161700012345', Status: 0 });
  });

  it('an MO Deliver keeps an unknown TLV raw and re-sends it unchanged', () => {
    const pdu = decodeSmgp(golden.DELIVER_MO) as SmgpPduOf<'Deliver'>;
    expect(pdu).toMatchObject({ MsgID: '01006101161700000007', IsReport: 0, MsgFormat: 15, RecvTime: '20231120203301', SrcTermID: '13301234567', DestTermID: '10659000011234' });
    expect(pdu.TLVs.TP_pid).toBe(0);
    expect(pdu.TLVs.unknown).toEqual([{ tag: 0x0100, value: golden.hexOf('abcd') }]);
  });

  it('a group Submit lists every recipient and the long-message TLVs', () => {
    const pdu = decodeSmgp(golden.SUBMIT_GROUP_LONG) as SmgpPduOf<'Submit'>;
    expect(pdu.DestTermID).toEqual(['13301234567', '8618912345678']);
    expect(pdu.ValidTime).toBe('231121120000032+');
    expect(pdu.TLVs).toEqual({ TP_udhi: 1, PkTotal: 2, PkNumber: 1, LinkID: 'LNK-0001', MsgSrc: 'SP000001' });
  });

  it('Query_Resp names all eight counters', () => {
    expect(decodeSmgp(golden.QUERY_RESP)).toMatchObject({ QueryTime: '20231120', QueryType: 1, QueryCode: 'MTEST', MT_TLMsg: 100, MT_TLUsr: 90, MT_Scs: 80, MT_WT: 5, MT_FL: 5, MO_Scs: 3, MO_WT: 0, MO_FL: 1 });
  });

  it('encodes a body given in any key order to the golden bytes', () => {
    const bytes = encodeSmgp({ command: 'Query', QueryCode: 'MTEST', QueryType: 1, QueryTime: '20231120', sequence: 6 });
    expect(bytes.equals(golden.QUERY)).toBe(true);
  });
});

describe('SMGP codec: errors', () => {
  it('refuses a PacketLength that does not match the buffer', () => {
    const bytes = Buffer.from(vector('smgp_active_test'));
    bytes.writeUInt32BE(13, 0);
    expect(decodeError(bytes)).toMatchObject({ kind: 'bad_length', sequenceNumber: 4 });
  });

  it('names an unknown RequestID and keeps the SequenceID for the answer', () => {
    expect(decodeError(golden.packet(0x0000000d, 42))).toMatchObject({ kind: 'unknown_command', commandId: 0x0d, sequenceNumber: 42 });
  });

  it('names the field a truncated body stops in, at every cut', () => {
    const whole = vector('smgp_submit');
    for (let cut = 12; cut < whole.length - 10; cut++) {
      const bytes = Buffer.from(whole.subarray(0, cut));
      bytes.writeUInt32BE(cut, 0);
      const error = decodeError(bytes);
      expect(['truncated', 'bad_optional', 'bad_value']).toContain(error.kind);
      expect(error.sequenceNumber).toBe(2);
    }
  });

  it('refuses DestTermIDCount 0 as a bad value', () => {
    const bytes = Buffer.from(vector('smgp_submit'));
    bytes[12 + 104] = 0; // 104 octets of fixed fields precede DestTermIDCount
    expect(decodeError(bytes)).toMatchObject({ kind: 'bad_value', field: 'DestTermIDCount' });
  });

  it('refuses a TLV that runs past the end', () => {
    const bytes = Buffer.from(vector('smgp_submit'));
    bytes.writeUInt16BE(9, bytes.length - 3); // PkNumber claims 9 octets
    expect(decodeError(bytes)).toMatchObject({ kind: 'bad_optional' });
  });

  it('refuses to encode what does not fit, naming the field', () => {
    const encode = (body: object) => () => encodeSmgp({ command: 'Submit', sequence: 1, DestTermID: ['1'], ...body } as never);
    expect(encode({ ServiceID: 'ELEVEN-CHAR' })).toThrow(PduEncodeError);
    expect(encode({ DestTermID: [] })).toThrow(/DestTermID/);
    expect(encode({ DestTermID: Array(101).fill('133') })).toThrow(/DestTermID/);
    expect(encode({ MsgContent: Buffer.alloc(256) })).toThrow(/MsgContent/);
    expect(encode({ TLVs: { LinkID: 'x'.repeat(21) } })).toThrow(/LinkID/);
    expect(() => encodeSmgp({ command: 'Nope', sequence: 1 } as never)).toThrow(/unknown SMGP command/);
  });
});

describe('SMGP codec: properties', () => {
  it('decode returns a PDU or throws PduDecodeError for any octets', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 12, maxLength: 400 }), fc.constantFrom(...[1, 2, 3, 4, 5, 6, 7, 0x80000001, 0x80000002, 0x80000003, 0x80000007]), (body, requestId) => {
        const bytes = Buffer.from(body);
        bytes.writeUInt32BE(bytes.length, 0);
        bytes.writeUInt32BE(requestId, 4);
        try {
          decodeSmgp(bytes);
        } catch (error) {
          if (!(error instanceof PduDecodeError)) throw error;
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('flipping any octet of a golden packet decodes or throws PduDecodeError', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ALL.map(([, bytes]) => bytes)), fc.nat(), fc.integer({ min: 1, max: 255 }), (bytes, at, xor) => {
        const mutated = Buffer.from(bytes);
        const index = 12 + (at % Math.max(1, mutated.length - 12));
        if (index < mutated.length) mutated[index] ^= xor;
        try {
          decodeSmgp(mutated);
        } catch (error) {
          if (!(error instanceof PduDecodeError)) throw error;
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('any valid Submit survives encode → decode', () => {
    const digits = (max: number) => fc.stringMatching(new RegExp(`^[0-9]{0,${max}}$`));
    fc.assert(
      fc.property(
        fc.record({
          sequence: fc.nat({ max: 0xffffffff }),
          MsgType: fc.integer({ min: 0, max: 255 }),
          Priority: fc.integer({ min: 0, max: 3 }),
          ServiceID: digits(10),
          SrcTermID: digits(21),
          DestTermID: fc.array(digits(21), { minLength: 1, maxLength: 100 }),
          MsgContent: fc.uint8Array({ maxLength: 255 }).map((a) => Buffer.from(a)),
          TLVs: fc.record({ TP_udhi: fc.integer({ min: 0, max: 1 }), PkTotal: fc.integer({ min: 1, max: 255 }), LinkID: digits(20) }, { requiredKeys: [] }),
        }),
        (body) => {
          const decoded = decodeSmgp(encodeSmgp({ command: 'Submit', ...body })) as SmgpPduOf<'Submit'>;
          expect(decoded).toMatchObject({ ...body, command: 'Submit' });
        },
      ),
      { numRuns: 300 },
    );
  });
});
