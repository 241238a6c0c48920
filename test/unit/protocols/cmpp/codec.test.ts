// CMPP codec: shared interop vectors, hand-computed golden PDUs of both versions, framing, fuzzing.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cmppFrameOptions, decodeCmpp, encodeCmpp } from '../../../../src/protocols/cmpp/codec.ts';
import { CMPP_COMMAND_IDS } from '../../../../src/protocols/cmpp/pdu-table.ts';
import type { CmppPduInput, CmppPduOf } from '../../../../src/protocols/cmpp/pdu-types.ts';
import type { CmppVersion } from '../../../../src/protocols/cmpp/version.ts';
import { PduDecodeError, PduEncodeError } from '../../../../src/protocols/shared/decode-error.ts';
import { FrameDecoder } from '../../../../src/protocols/shared/frame-decoder.ts';
import { cmppPduArbitrary } from '../../../support/cmpp-arbitraries.ts';
import { vector, vectorNames } from '../../../support/vectors.ts';

const hex = (...parts: string[]): Buffer => Buffer.from(parts.join('').replace(/\s+/g, ''), 'hex');
/** ASCII text padded with 0x00 to `width` octets, as hex. */
const ascii = (value: string, width: number): string => Buffer.from(value, 'latin1').toString('hex').padEnd(width * 2, '0');
const zeros = (n: number): string => '00'.repeat(n);

const versionOf = (name: string): CmppVersion => (name.startsWith('cmpp20') ? '2.0' : '3.0');

describe('CMPP codec: shared interop vectors', () => {
  for (const name of vectorNames('cmpp')) {
    const versions: CmppVersion[] = name.startsWith('cmpp_') ? ['2.0', '3.0'] : [versionOf(name)];
    for (const version of versions) {
      it(`${name} (${version}) decodes and re-encodes byte for byte`, () => {
        const bytes = vector(name);
        expect(encodeCmpp(decodeCmpp(bytes, version), version).equals(bytes)).toBe(true);
      });
    }
  }

  it('C1 CONNECT', () => {
    expect(decodeCmpp(vector('cmpp30_connect'), '3.0')).toEqual({
      command: 'connect',
      Sequence_Id: 1,
      Source_Addr: '901234',
      AuthenticatorSource: hex('8d326dca20c3caf859e29c556dcce940'),
      Version: 0x30,
      Timestamp: 1120203225,
    });
  });

  it('C2 / C3 CONNECT_RESP with a 4- and a 1-octet Status', () => {
    expect(decodeCmpp(vector('cmpp30_connect_resp'), '3.0')).toEqual({
      command: 'connect_resp',
      Sequence_Id: 1,
      Status: 0,
      AuthenticatorISMG: hex('807a1cecbaf879e3e0c680a2d700fbe8'),
      Version: 0x30,
    });
    expect(decodeCmpp(vector('cmpp20_connect_resp'), '2.0')).toEqual({
      command: 'connect_resp',
      Sequence_Id: 1,
      Status: 0,
      AuthenticatorISMG: hex('55ea81808e7024d46fd887737785fad9'),
      Version: 0x20,
    });
  });

  it('C4 SUBMIT (3.0, UCS2, report requested)', () => {
    expect(decodeCmpp(vector('cmpp30_submit'), '3.0')).toEqual({
      command: 'submit',
      Sequence_Id: 2,
      Msg_Id: '0000000000000000',
      Pk_total: 1,
      Pk_number: 1,
      Registered_Delivery: 1,
      Msg_level: 0,
      Service_Id: 'MTEST',
      Fee_UserType: 2,
      Fee_terminal_Id: '',
      Fee_terminal_type: 0,
      TP_pId: 0,
      TP_udhi: 0,
      Msg_Fmt: 8,
      Msg_src: '901234',
      FeeType: '01',
      FeeCode: '000000',
      ValId_Time: '',
      At_Time: '',
      Src_Id: '10690001',
      Dest_terminal_Id: ['13800138000'],
      Dest_terminal_type: 0,
      Msg_Content: hex('4f60597d'),
      LinkID: '',
    });
  });

  it('C5 / C7 SUBMIT_RESP and DELIVER_RESP (3.0)', () => {
    expect(decodeCmpp(vector('cmpp30_submit_resp'), '3.0')).toEqual({ command: 'submit_resp', Sequence_Id: 2, Msg_Id: 'ba520641e2400001', Result: 0 });
    expect(decodeCmpp(vector('cmpp30_deliver_resp'), '3.0')).toEqual({ command: 'deliver_resp', Sequence_Id: 5, Msg_Id: 'ba521041e2400007', Result: 0 });
  });

  it('C6 DELIVER carrying a 71-octet report', () => {
    const pdu = decodeCmpp(vector('cmpp30_deliver_report'), '3.0') as CmppPduOf<'deliver'>;
    expect(pdu).toMatchObject({
      command: 'deliver',
      Sequence_Id: 5,
      Msg_Id: 'ba521041e2400007',
      Dest_Id: '10690001',
      Service_Id: 'MTEST',
      TP_pid: 0,
      TP_udhi: 0,
      Msg_Fmt: 0,
      Src_terminal_Id: '13800138000',
      Src_terminal_type: 0,
      Registered_Delivery: 1,
      LinkID: '',
    });
    expect(pdu.Msg_Content).toHaveLength(71);
  });

  it('C8 SUBMIT (2.0, 21-octet numbers, Reserve)', () => {
    expect(decodeCmpp(vector('cmpp20_submit'), '2.0')).toEqual({
      command: 'submit',
      Sequence_Id: 3,
      Msg_Id: '0000000000000000',
      Pk_total: 1,
      Pk_number: 1,
      Registered_Delivery: 0,
      Msg_level: 0,
      Service_Id: 'MTEST',
      Fee_UserType: 2,
      Fee_terminal_Id: '',
      TP_pId: 0,
      TP_udhi: 0,
      Msg_Fmt: 0,
      Msg_src: '901234',
      FeeType: '01',
      FeeCode: '000000',
      ValId_Time: '',
      At_Time: '',
      Src_Id: '10690001',
      Dest_terminal_Id: ['13800138000'],
      Msg_Content: Buffer.from('Hi'),
      Reserve: '',
    });
  });

  it('C9 / C10 ACTIVE_TEST and its response', () => {
    expect(decodeCmpp(vector('cmpp_active_test'), '2.0')).toEqual({ command: 'active_test', Sequence_Id: 9 });
    expect(decodeCmpp(vector('cmpp_active_test_resp'), '3.0')).toEqual({ command: 'active_test_resp', Sequence_Id: 9, Reserved: 0 });
  });
});

interface Golden {
  name: string;
  versions: CmppVersion[];
  bytes: Buffer;
  pdu: CmppPduInput;
}

// Hand-computed from the layouts in cmpp.md, independently of the encoder.
const GOLDEN: Golden[] = [
  {
    name: 'CONNECT 2.0 (C1 with Version 0x20)',
    versions: ['2.0'],
    bytes: hex('00000027 00000001 00000001', ascii('901234', 6), '8d326dca20c3caf859e29c556dcce940', '20', '42c4f1d9'),
    pdu: { command: 'connect', Sequence_Id: 1, Source_Addr: '901234', AuthenticatorSource: hex('8d326dca20c3caf859e29c556dcce940'), Version: 0x20, Timestamp: 1120203225 },
  },
  {
    name: 'CONNECT_RESP 3.0 refusing with status 3',
    versions: ['3.0'],
    bytes: hex('00000021 80000001 00000007 00000003', zeros(16), '30'),
    pdu: { command: 'connect_resp', Sequence_Id: 7, Status: 3, AuthenticatorISMG: Buffer.alloc(16), Version: 0x30 },
  },
  {
    name: 'CONNECT_RESP 2.0 refusing with status 3',
    versions: ['2.0'],
    bytes: hex('0000001e 80000001 00000007 03', zeros(16), '20'),
    pdu: { command: 'connect_resp', Sequence_Id: 7, Status: 3, AuthenticatorISMG: Buffer.alloc(16), Version: 0x20 },
  },
  { name: 'TERMINATE', versions: ['2.0', '3.0'], bytes: hex('0000000c 00000002 00000011'), pdu: { command: 'terminate', Sequence_Id: 0x11 } },
  { name: 'TERMINATE_RESP', versions: ['2.0', '3.0'], bytes: hex('0000000c 80000002 00000011'), pdu: { command: 'terminate_resp', Sequence_Id: 0x11 } },
  {
    name: 'SUBMIT_RESP 2.0 (1-octet Result 8)',
    versions: ['2.0'],
    bytes: hex('00000015 80000004 00000003 ba520641e2400001 08'),
    pdu: { command: 'submit_resp', Sequence_Id: 3, Msg_Id: 'ba520641e2400001', Result: 8 },
  },
  {
    name: 'SUBMIT_RESP 3.0 (4-octet Result 8)',
    versions: ['3.0'],
    bytes: hex('00000018 80000004 00000004 ba520641e2400002 00000008'),
    pdu: { command: 'submit_resp', Sequence_Id: 4, Msg_Id: 'ba520641e2400002', Result: 8 },
  },
  {
    name: 'DELIVER_RESP 2.0',
    versions: ['2.0'],
    bytes: hex('00000015 80000005 00000006 ba521041e2400007 00'),
    pdu: { command: 'deliver_resp', Sequence_Id: 6, Msg_Id: 'ba521041e2400007', Result: 0 },
  },
  {
    name: 'SUBMIT 3.0 group send to two numbers, GBK, LinkID',
    versions: ['3.0'],
    bytes: hex(
      '000000e7 00000004 0000000b',
      zeros(8),
      '01 01 00 01',
      ascii('MTEST', 10),
      '00',
      zeros(32),
      '00',
      '00 00 0f',
      ascii('901234', 6),
      ascii('02', 2),
      ascii('000010', 6),
      zeros(17),
      zeros(17),
      ascii('1069000101', 21),
      '02',
      ascii('13800138000', 32),
      ascii('13900139000', 32),
      '00',
      '04 c4e3bac3',
      ascii('LINK123', 20),
    ),
    pdu: {
      command: 'submit',
      Sequence_Id: 11,
      Pk_total: 1,
      Pk_number: 1,
      Msg_level: 1,
      Service_Id: 'MTEST',
      Msg_Fmt: 15,
      Msg_src: '901234',
      FeeType: '02',
      FeeCode: '000010',
      Src_Id: '1069000101',
      Dest_terminal_Id: ['13800138000', '13900139000'],
      Msg_Content: hex('c4e3bac3'),
      LinkID: 'LINK123',
    },
  },
  {
    name: 'SUBMIT 2.0 part 1 of 2 with UDH, UCS2, validity time',
    versions: ['2.0'],
    bytes: hex(
      '000000a9 00000004 0000000c',
      zeros(8),
      '02 01 01 00',
      ascii('MTEST', 10),
      '02',
      zeros(21),
      '00 01 08',
      ascii('901234', 6),
      ascii('01', 2),
      ascii('000000', 6),
      ascii('231121120000032+', 17),
      zeros(17),
      ascii('10690001', 21),
      '01',
      ascii('13800138000', 21),
      '0a 0500032a0201 4f60597d',
      zeros(8),
    ),
    pdu: {
      command: 'submit',
      Sequence_Id: 12,
      Pk_total: 2,
      Pk_number: 1,
      Registered_Delivery: 1,
      Service_Id: 'MTEST',
      Fee_UserType: 2,
      TP_udhi: 1,
      Msg_Fmt: 8,
      Msg_src: '901234',
      FeeType: '01',
      FeeCode: '000000',
      ValId_Time: '231121120000032+',
      Src_Id: '10690001',
      Dest_terminal_Id: ['13800138000'],
      Msg_Content: hex('0500032a0201 4f60597d'),
    },
  },
  {
    name: 'DELIVER 2.0 MO "TD"',
    versions: ['2.0'],
    bytes: hex(
      '00000057 00000005 00000007',
      'ba521041e2400008',
      ascii('10690001', 21),
      ascii('MTEST', 10),
      '00 00 00',
      ascii('13800138000', 21),
      '00',
      '02 5444',
      zeros(8),
    ),
    pdu: { command: 'deliver', Sequence_Id: 7, Msg_Id: 'ba521041e2400008', Dest_Id: '10690001', Service_Id: 'MTEST', Src_terminal_Id: '13800138000', Msg_Content: Buffer.from('TD') },
  },
  {
    name: 'DELIVER 3.0 MO in UCS2',
    versions: ['3.0'],
    bytes: hex(
      '00000071 00000005 00000008',
      'ba521041e2400009',
      ascii('10690001', 21),
      ascii('MTEST', 10),
      '00 00 08',
      ascii('13800138000', 32),
      '00',
      '00',
      '04 4f60597d',
      zeros(20),
    ),
    pdu: {
      command: 'deliver',
      Sequence_Id: 8,
      Msg_Id: 'ba521041e2400009',
      Dest_Id: '10690001',
      Service_Id: 'MTEST',
      Msg_Fmt: 8,
      Src_terminal_Id: '13800138000',
      Msg_Content: hex('4f60597d'),
    },
  },
  {
    name: 'DELIVER 2.0 carrying a 60-octet report',
    versions: ['2.0'],
    bytes: hex(
      '00000091 00000005 0000000a',
      'ba521041e240000a',
      ascii('10690001', 21),
      ascii('MTEST', 10),
      '00 00 00',
      ascii('13800138000', 21),
      '01',
      '3c',
      'ba520641e2400001',
      ascii('UNDELIV', 7),
      ascii('2311202032', 10),
      ascii('2311202033', 10),
      ascii('13800138000', 21),
      '00000002',
      zeros(8),
    ),
    pdu: {
      command: 'deliver',
      Sequence_Id: 10,
      Msg_Id: 'ba521041e240000a',
      Dest_Id: '10690001',
      Service_Id: 'MTEST',
      Src_terminal_Id: '13800138000',
      Registered_Delivery: 1,
      Msg_Content: hex('ba520641e2400001', ascii('UNDELIV', 7), ascii('2311202032', 10), ascii('2311202033', 10), ascii('13800138000', 21), '00000002'),
    },
  },
  {
    name: 'QUERY',
    versions: ['2.0', '3.0'],
    bytes: hex('00000027 00000006 00000020', ascii('20231120', 8), '01', ascii('MTEST', 10), zeros(8)),
    pdu: { command: 'query', Sequence_Id: 0x20, Time: '20231120', Query_Type: 1, Query_Code: 'MTEST' },
  },
  {
    name: 'QUERY_RESP',
    versions: ['2.0', '3.0'],
    bytes: hex(
      '0000003f 80000006 00000020',
      ascii('20231120', 8),
      '01',
      ascii('MTEST', 10),
      '00000064 0000005a 00000050 00000005 00000005 00000007 00000000 00000001',
    ),
    pdu: {
      command: 'query_resp',
      Sequence_Id: 0x20,
      Time: '20231120',
      Query_Type: 1,
      Query_Code: 'MTEST',
      MT_TLMsg: 100,
      MT_Tlusr: 90,
      MT_Scs: 80,
      MT_WT: 5,
      MT_FL: 5,
      MO_Scs: 7,
      MO_WT: 0,
      MO_FL: 1,
    },
  },
  {
    name: 'CANCEL',
    versions: ['2.0', '3.0'],
    bytes: hex('00000014 00000007 00000021 ba520641e2400001'),
    pdu: { command: 'cancel', Sequence_Id: 0x21, Msg_Id: 'ba520641e2400001' },
  },
  {
    name: 'CANCEL_RESP (4-octet Success_Id)',
    versions: ['2.0', '3.0'],
    bytes: hex('00000010 80000007 00000021 00000001'),
    pdu: { command: 'cancel_resp', Sequence_Id: 0x21, Success_Id: 1 },
  },
  {
    name: 'ACTIVE_TEST_RESP',
    versions: ['2.0', '3.0'],
    bytes: hex('0000000d 80000008 00000009 00'),
    pdu: { command: 'active_test_resp', Sequence_Id: 9, Reserved: 0 },
  },
];

describe('CMPP codec: golden PDUs of both versions', () => {
  for (const golden of GOLDEN) {
    for (const version of golden.versions) {
      it(`${golden.name} (${version}) encodes to the hand-computed bytes`, () => {
        expect(encodeCmpp(golden.pdu, version).toString('hex')).toBe(golden.bytes.toString('hex'));
      });
      it(`${golden.name} (${version}) decodes to its fields`, () => {
        const pdu = decodeCmpp(golden.bytes, version);
        expect(pdu).toMatchObject(golden.pdu);
        expect(encodeCmpp(pdu, version).equals(golden.bytes)).toBe(true);
      });
    }
  }

  it('every command has a golden or a vector in each version', () => {
    for (const version of ['2.0', '3.0'] as const) {
      const covered = new Set(GOLDEN.filter((g) => g.versions.includes(version)).map((g) => g.pdu.command));
      for (const name of vectorNames('cmpp')) {
        if (name.startsWith('cmpp_') || versionOf(name) === version) covered.add(decodeCmpp(vector(name), version).command);
      }
      expect([...covered].sort()).toEqual(Object.keys(CMPP_COMMAND_IDS).sort());
    }
  });
});

describe('CMPP codec: tolerated layouts', () => {
  it('decodes a CONNECT_RESP in the other version’s layout by its length (pitfall 3)', () => {
    expect(decodeCmpp(vector('cmpp20_connect_resp'), '3.0')).toMatchObject({ command: 'connect_resp', Status: 0, Version: 0x20 });
    expect(decodeCmpp(vector('cmpp30_connect_resp'), '2.0')).toMatchObject({ command: 'connect_resp', Status: 0, Version: 0x30 });
  });

  it('decodes a 1-octet CANCEL_RESP Success_Id (pitfall 4)', () => {
    for (const version of ['2.0', '3.0'] as const) {
      expect(decodeCmpp(hex('0000000d 80000007 00000022 01'), version)).toEqual({ command: 'cancel_resp', Sequence_Id: 0x22, Success_Id: 1 });
    }
  });
});

describe('CMPP codec: framing', () => {
  for (const version of ['2.0', '3.0'] as const) {
    it(`${version}: a stream of every PDU, split in two at every byte, frames back into the same PDUs`, () => {
      const frames = [
        ...GOLDEN.filter((g) => g.versions.includes(version)).map((g) => g.bytes),
        ...vectorNames('cmpp')
          .filter((name) => name.startsWith('cmpp_') || versionOf(name) === version)
          .map(vector),
      ];
      const stream = Buffer.concat(frames);
      for (let cut = 0; cut <= stream.length; cut++) {
        const decoder = new FrameDecoder(cmppFrameOptions(version));
        const out: Buffer[] = [];
        for (const chunk of [stream.subarray(0, cut), stream.subarray(cut)]) {
          decoder.push(chunk);
          for (let frame = decoder.next(); frame; frame = decoder.next()) out.push(frame);
        }
        expect(out.length).toBe(frames.length);
        out.forEach((frame, i) => expect(frame.equals(frames[i])).toBe(true));
        expect(decoder.buffered).toBe(0);
      }
    });

    it(`${version}: each frame fed one byte at a time decodes`, () => {
      const decoder = new FrameDecoder(cmppFrameOptions(version));
      const golden = GOLDEN.filter((g) => g.versions.includes(version));
      const decoded = [];
      for (const byte of Buffer.concat(golden.map((g) => g.bytes))) {
        decoder.push(Buffer.from([byte]));
        for (let frame = decoder.next(); frame; frame = decoder.next()) decoded.push(decodeCmpp(frame, version));
      }
      expect(decoded.map((p) => p.command)).toEqual(golden.map((g) => g.pdu.command));
    });
  }
});

describe('CMPP codec: malformed input', () => {
  const decodeError = (bytes: Buffer, version: CmppVersion = '3.0'): PduDecodeError => {
    try {
      decodeCmpp(bytes, version);
    } catch (error) {
      expect(error).toBeInstanceOf(PduDecodeError);
      return error as PduDecodeError;
    }
    throw new Error('decoded without error');
  };

  it('unknown Command_Id → unknown_command with the Sequence_Id so the session can answer', () => {
    expect(decodeError(hex('0000000c 00000009 00000042'))).toMatchObject({ kind: 'unknown_command', commandId: 9, sequenceNumber: 0x42 });
  });

  it('a frame shorter than the header, or not matching Total_Length → bad_length', () => {
    expect(decodeError(hex('0000000c 000000')).kind).toBe('bad_length');
    expect(decodeError(hex('0000000d 00000008 00000001'))).toMatchObject({ kind: 'bad_length', sequenceNumber: 1 });
  });

  it('a body cut short names the field', () => {
    const bytes = vector('cmpp30_submit_resp');
    const short = Buffer.concat([hex('00000017'), bytes.subarray(4, 23)]);
    expect(decodeError(short)).toMatchObject({ kind: 'truncated', field: 'Result', sequenceNumber: 2, commandId: 0x80000004 });
  });

  it('DestUsr_tl of 0 or above 99 → bad_value', () => {
    const bytes = Buffer.from(vector('cmpp30_submit'));
    bytes[12 + 128] = 0;
    expect(decodeError(bytes)).toMatchObject({ kind: 'bad_value', field: 'DestUsr_tl' });
    bytes[12 + 128] = 100;
    expect(decodeError(bytes)).toMatchObject({ kind: 'bad_value', field: 'DestUsr_tl' });
  });

  it('a 3.0 SUBMIT read as 2.0 fails cleanly', () => {
    expect(decodeError(vector('cmpp30_submit'), '2.0')).toBeInstanceOf(PduDecodeError);
  });

  it('arbitrary bytes with a valid header either decode or throw PduDecodeError', () => {
    const ids = Object.values(CMPP_COMMAND_IDS);
    fc.assert(
      fc.property(fc.constantFrom(...ids, 0x00000003, 0x80000000), fc.nat({ max: 0xffffffff }), fc.uint8Array({ maxLength: 300 }), fc.constantFrom('2.0', '3.0'), (id, seq, body, version) => {
        const frame = Buffer.alloc(12 + body.length);
        frame.writeUInt32BE(frame.length, 0);
        frame.writeUInt32BE(id, 4);
        frame.writeUInt32BE(seq, 8);
        frame.set(body, 12);
        try {
          const pdu = decodeCmpp(frame, version as CmppVersion);
          expect(pdu.Sequence_Id).toBe(seq);
        } catch (error) {
          if (!(error instanceof PduDecodeError)) throw error;
          expect(error.sequenceNumber).toBe(seq);
        }
      }),
      { numRuns: 5000 },
    );
  });

  it('mutated vectors and goldens either decode or throw PduDecodeError', () => {
    const samples = [...vectorNames('cmpp').map(vector), ...GOLDEN.map((g) => g.bytes)];
    fc.assert(
      fc.property(
        fc.constantFrom(...samples),
        fc.array(fc.tuple(fc.nat(), fc.nat({ max: 255 })), { minLength: 1, maxLength: 4 }),
        fc.nat(),
        fc.constantFrom('2.0', '3.0'),
        (sample, flips, cut, version) => {
          const bytes = Buffer.from(sample);
          for (const [at, value] of flips) bytes[at % bytes.length] = value;
          const frame = bytes.subarray(0, cut % (bytes.length + 1));
          try {
            decodeCmpp(frame, version as CmppVersion);
          } catch (error) {
            if (!(error instanceof PduDecodeError)) throw error;
          }
        },
      ),
      { numRuns: 5000 },
    );
  });
});

describe('CMPP codec: round trips and encode errors', () => {
  for (const version of ['2.0', '3.0'] as const) {
    it(`${version}: decode(encode(x)) re-encodes identically for generated PDUs of every command`, () => {
      fc.assert(
        fc.property(cmppPduArbitrary(version), (input) => {
          const bytes = encodeCmpp(input, version);
          const decoded = decodeCmpp(bytes, version);
          expect(decoded).toMatchObject(input);
          expect(encodeCmpp(decoded, version).equals(bytes)).toBe(true);
        }),
        { numRuns: 2000 },
      );
    });
  }

  it('refuses what does not fit, naming the field', () => {
    const fieldOf = (run: () => unknown): string => {
      try {
        run();
      } catch (error) {
        expect(error).toBeInstanceOf(PduEncodeError);
        return (error as PduEncodeError).field;
      }
      throw new Error('encoded without error');
    };
    expect(fieldOf(() => encodeCmpp({ command: 'submit', Sequence_Id: 1, Dest_terminal_Id: ['1'.repeat(22)] }, '2.0'))).toBe('Dest_terminal_Id');
    expect(encodeCmpp({ command: 'submit', Sequence_Id: 1, Dest_terminal_Id: ['1'.repeat(32)] }, '3.0')).toHaveLength(12 + 129 + 32 + 2 + 20);
    expect(fieldOf(() => encodeCmpp({ command: 'submit', Sequence_Id: 1 }, '3.0'))).toBe('Dest_terminal_Id');
    expect(fieldOf(() => encodeCmpp({ command: 'submit', Sequence_Id: 1, Dest_terminal_Id: Array(100).fill('1') }, '3.0'))).toBe('Dest_terminal_Id');
    expect(fieldOf(() => encodeCmpp({ command: 'submit', Sequence_Id: 1, Dest_terminal_Id: ['1'], Msg_Content: Buffer.alloc(256) }, '3.0'))).toBe('Msg_Content');
    expect(fieldOf(() => encodeCmpp({ command: 'submit_resp', Sequence_Id: 1, Result: 256 }, '2.0'))).toBe('Result');
    expect(fieldOf(() => encodeCmpp({ command: 'submit_resp', Sequence_Id: 1, Msg_Id: 'not hex' }, '3.0'))).toBe('Msg_Id');
    expect(fieldOf(() => encodeCmpp({ command: 'connect', Sequence_Id: 1, Source_Addr: '1234567' }, '3.0'))).toBe('Source_Addr');
    expect(fieldOf(() => encodeCmpp({ command: 'active_test', Sequence_Id: -1 }, '3.0'))).toBe('Sequence_Id');
    expect(fieldOf(() => encodeCmpp({ command: 'nope', Sequence_Id: 1 } as never, '3.0'))).toBe('command');
  });
});
