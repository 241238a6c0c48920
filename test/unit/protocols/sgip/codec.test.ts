// Golden frames for every SGIP PDU: the shared interop vectors (G1–G6) and hand-built ones, each
// decoded to its fields, re-encoded byte for byte, and fed through the frame decoder split at every byte.
import { describe, expect, it } from 'vitest';
import { PduDecodeError, PduEncodeError } from '../../../../src/protocols/shared/decode-error.ts';
import { FrameDecoder } from '../../../../src/protocols/shared/frame-decoder.ts';
import { decodeSgipHeader, decodeSgipPdu, encodeSgip, encodeSgipPdu } from '../../../../src/protocols/sgip/codec.ts';
import type { SgipPdu } from '../../../../src/protocols/sgip/pdu-types.ts';
import { frame, t, u32, u8 } from '../../../support/sgip-hex.ts';
import { vector, vectorNames } from '../../../support/vectors.ts';

const SP = { nodeId: 3010012345, timestamp: 1120203225 };
const SMG_REPORT_SEQ = { nodeId: 101001, timestamp: 1120203300, counter: 77 };
const SMG_DELIVER_SEQ = { nodeId: 101001, timestamp: 1120203400, counter: 78 };
const SP_HEX = 'b36924b9 42c4f1d9';
const RESERVE = t('', 8);

/** name → [frame, decoded PDU] */
const GOLDEN: Record<string, [Buffer, SgipPdu]> = {
  sgip_bind: [
    vector('sgip_bind'),
    { command: 'bind', sequence: 1, SequenceNumber: { ...SP, counter: 1 }, LoginType: 1, LoginName: 'sp_user', LoginPassword: 'sp_pass', Reserve: '' },
  ],
  sgip_bind_resp: [vector('sgip_bind_resp'), { command: 'bind_resp', sequence: 1, SequenceNumber: { ...SP, counter: 1 }, Result: 0, Reserve: '' }],
  sgip_submit: [
    vector('sgip_submit'),
    {
      command: 'submit',
      sequence: 2,
      SequenceNumber: { ...SP, counter: 2 },
      SPNumber: '10655001',
      ChargeNumber: '8613012345678',
      UserNumber: ['8613012345678'],
      CorpId: '12345',
      ServiceType: 'TEST',
      FeeType: 1,
      FeeValue: '0',
      GivenValue: '0',
      AgentFlag: 0,
      MorelatetoMTFlag: 2,
      Priority: 0,
      ExpireTime: '',
      ScheduleTime: '',
      ReportFlag: 1,
      TP_pid: 0,
      TP_udhi: 0,
      MessageCoding: 15,
      MessageType: 0,
      MessageContent: Buffer.from('c4e3bac3', 'hex'),
      Reserve: '',
    },
  ],
  sgip_submit_resp: [vector('sgip_submit_resp'), { command: 'submit_resp', sequence: 2, SequenceNumber: { ...SP, counter: 2 }, Result: 0, Reserve: '' }],
  sgip_report: [
    vector('sgip_report'),
    {
      command: 'report',
      sequence: 77,
      SequenceNumber: SMG_REPORT_SEQ,
      SubmitSequenceNumber: { ...SP, counter: 2 },
      ReportType: 0,
      UserNumber: '8613012345678',
      State: 0,
      ErrorCode: 0,
      Reserve: '',
    },
  ],
  sgip_deliver: [
    vector('sgip_deliver'),
    {
      command: 'deliver',
      sequence: 78,
      SequenceNumber: SMG_DELIVER_SEQ,
      UserNumber: '8613012345678',
      SPNumber: '10655001',
      TP_pid: 0,
      TP_udhi: 0,
      MessageCoding: 0,
      MessageContent: Buffer.from('TD'),
      Reserve: '',
    },
  ],
  unbind: [frame(u32(20), u32(2), SP_HEX, u32(3)), { command: 'unbind', sequence: 3, SequenceNumber: { ...SP, counter: 3 } }],
  unbind_resp: [frame(u32(20), u32(0x80000002), SP_HEX, u32(3)), { command: 'unbind_resp', sequence: 3, SequenceNumber: { ...SP, counter: 3 } }],
  deliver_resp: [
    frame(u32(29), u32(0x80000004), u32(101001), u32(1120203400), u32(78), u8(0), RESERVE),
    { command: 'deliver_resp', sequence: 78, SequenceNumber: SMG_DELIVER_SEQ, Result: 0, Reserve: '' },
  ],
  report_resp: [
    frame(u32(29), u32(0x80000005), u32(101001), u32(1120203300), u32(77), u8(0), RESERVE),
    { command: 'report_resp', sequence: 77, SequenceNumber: SMG_REPORT_SEQ, Result: 0, Reserve: '' },
  ],
  bind_smg_to_sp: [
    frame(u32(61), u32(1), u32(101001), u32(1120203000), u32(9), u8(2), t('smg', 16), t('smg_pass', 16), RESERVE),
    { command: 'bind', sequence: 9, SequenceNumber: { nodeId: 101001, timestamp: 1120203000, counter: 9 }, LoginType: 2, LoginName: 'smg', LoginPassword: 'smg_pass', Reserve: '' },
  ],
  bind_resp_refused: [
    frame(u32(29), u32(0x80000001), u32(101001), u32(1120203000), u32(9), u8(1), RESERVE),
    { command: 'bind_resp', sequence: 9, SequenceNumber: { nodeId: 101001, timestamp: 1120203000, counter: 9 }, Result: 1, Reserve: '' },
  ],
  // Two recipients, part 1 of 2 of a UCS2 text, SP pays (21 × '0'), with expiry and priority.
  submit_group_udh: [
    frame(
      u32(143 + 42 + 10),
      u32(3),
      SP_HEX,
      u32(0xfffffffe),
      t('1065500101', 21),
      t('000000000000000000000', 21),
      u8(2),
      t('8613012345678', 21),
      t('8613112345678', 21),
      t('12345', 5),
      t('TEST', 10),
      u8(2),
      t('10', 6),
      t('0', 6),
      u8(0),
      u8(2),
      u8(9),
      t('231121203225032+', 16),
      t('', 16),
      u8(1),
      u8(0),
      u8(1),
      u8(8),
      u8(0),
      u32(10),
      '050003070201 4f60597d',
      RESERVE,
    ),
    {
      command: 'submit',
      sequence: 0xfffffffe,
      SequenceNumber: { ...SP, counter: 0xfffffffe },
      SPNumber: '1065500101',
      ChargeNumber: '000000000000000000000',
      UserNumber: ['8613012345678', '8613112345678'],
      CorpId: '12345',
      ServiceType: 'TEST',
      FeeType: 2,
      FeeValue: '10',
      GivenValue: '0',
      AgentFlag: 0,
      MorelatetoMTFlag: 2,
      Priority: 9,
      ExpireTime: '231121203225032+',
      ScheduleTime: '',
      ReportFlag: 1,
      TP_pid: 0,
      TP_udhi: 1,
      MessageCoding: 8,
      MessageType: 0,
      MessageContent: Buffer.from('0500030702014f60597d', 'hex'),
      Reserve: '',
    },
  ],
  deliver_gbk: [
    frame(u32(77 + 4), u32(4), u32(101001), u32(1120203400), u32(79), t('8613012345678', 21), t('1065500102', 21), u8(0), u8(0), u8(15), u32(4), 'c4e3bac3', RESERVE),
    {
      command: 'deliver',
      sequence: 79,
      SequenceNumber: { ...SMG_DELIVER_SEQ, counter: 79 },
      UserNumber: '8613012345678',
      SPNumber: '1065500102',
      TP_pid: 0,
      TP_udhi: 0,
      MessageCoding: 15,
      MessageContent: Buffer.from('c4e3bac3', 'hex'),
      Reserve: '',
    },
  ],
  report_failed: [
    frame(u32(64), u32(5), u32(101001), u32(1120203300), u32(80), SP_HEX, u32(5), u8(0), t('8613012345678', 21), u8(2), u8(25), RESERVE),
    {
      command: 'report',
      sequence: 80,
      SequenceNumber: { ...SMG_REPORT_SEQ, counter: 80 },
      SubmitSequenceNumber: { ...SP, counter: 5 },
      ReportType: 0,
      UserNumber: '8613012345678',
      State: 2,
      ErrorCode: 25,
      Reserve: '',
    },
  ],
  userrpt: [
    frame(u32(71), u32(0x11), u32(101001), u32(1120203500), u32(81), t('10655001', 21), t('8613012345678', 21), u8(1), RESERVE),
    { command: 'userrpt', sequence: 81, SequenceNumber: { nodeId: 101001, timestamp: 1120203500, counter: 81 }, SPNumber: '10655001', UserNumber: '8613012345678', UserCondition: 1, Reserve: '' },
  ],
  userrpt_resp: [
    frame(u32(29), u32(0x80000011), u32(101001), u32(1120203500), u32(81), u8(0), RESERVE),
    { command: 'userrpt_resp', sequence: 81, SequenceNumber: { nodeId: 101001, timestamp: 1120203500, counter: 81 }, Result: 0, Reserve: '' },
  ],
  checkuser: [
    frame(u32(81), u32(0x10), u32(101001), u32(1120203600), u32(82), t('billing', 16), t('secret', 16), t('8613012345678', 21), RESERVE),
    { command: 'checkuser', sequence: 82, SequenceNumber: { nodeId: 101001, timestamp: 1120203600, counter: 82 }, UserName: 'billing', Password: 'secret', UserNumber: '8613012345678', Reserve: '' },
  ],
  checkuser_resp: [
    frame(u32(30), u32(0x80000010), u32(101001), u32(1120203600), u32(82), u8(0), u8(2), RESERVE),
    { command: 'checkuser_resp', sequence: 82, SequenceNumber: { nodeId: 101001, timestamp: 1120203600, counter: 82 }, Result: 0, Status: 2, Reserve: '' },
  ],
  trace: [
    frame(u32(61), u32(0x1000), SP_HEX, u32(6), SP_HEX, u32(2), t('8613012345678', 21), RESERVE),
    { command: 'trace', sequence: 6, SequenceNumber: { ...SP, counter: 6 }, SubmitSequenceNumber: { ...SP, counter: 2 }, UserNumber: '8613012345678', Reserve: '' },
  ],
  trace_resp: [
    frame(u32(20 + 1 + 2 * 39 + 8), u32(0x80001000), SP_HEX, u32(6), u8(2), u8(0), t('101001', 6), t('231120203226', 16), t('231120203227', 16), u8(1), t('101002', 6), t('231120203227', 16), t('', 16), RESERVE),
    {
      command: 'trace_resp',
      sequence: 6,
      SequenceNumber: { ...SP, counter: 6 },
      Count: 2,
      Nodes: [
        { Result: 0, NodeId: '101001', ReceiveTime: '231120203226', SendTime: '231120203227' },
        { Result: 1, NodeId: '101002', ReceiveTime: '231120203227', SendTime: '' },
      ],
      Reserve: '',
    },
  ],
};

describe('SGIP codec: golden frames', () => {
  it('covers every SGIP vector of the shared set', () => {
    for (const name of vectorNames('sgip_')) expect(GOLDEN).toHaveProperty(name);
  });

  for (const [name, [bytes, pdu]] of Object.entries(GOLDEN)) {
    it(`${name}: decodes to its fields and encodes back byte for byte`, () => {
      expect(decodeSgipPdu(bytes)).toEqual(pdu);
      expect(encodeSgipPdu(pdu).toString('hex')).toBe(bytes.toString('hex'));
    });
  }

  it('reads a Trace_Resp that writes one node group whatever its Count says (SMSGate)', () => {
    const single = frame(u32(20 + 1 + 39 + 8), u32(0x80001000), SP_HEX, u32(6), u8(3), u8(0), t('101001', 6), t('231120203226', 16), t('231120203227', 16), RESERVE);
    expect(decodeSgipPdu(single)).toMatchObject({ Count: 3, Nodes: [{ NodeId: '101001' }] });
  });

  it('tolerates octets after the last field (vendor extensions such as a LinkID)', () => {
    const [bytes, pdu] = GOLDEN.sgip_deliver!;
    const longer = Buffer.concat([bytes, Buffer.alloc(20, 0x31)]);
    longer.writeUInt32BE(longer.length, 0);
    expect(decodeSgipPdu(longer)).toEqual(pdu);
  });

  it('gives the header of a known command without its body, and null for an unknown one', () => {
    const truncated = Buffer.from(vector('sgip_submit').subarray(0, 30));
    expect(decodeSgipHeader(truncated)).toEqual({ command: 'submit', sequence: 2, SequenceNumber: { ...SP, counter: 2 } });
    expect(decodeSgipHeader(frame(u32(20), u32(0x99), SP_HEX, u32(1)))).toBeNull();
  });
});

describe('SGIP codec: every frame split at every byte', () => {
  const stream = Buffer.concat(Object.values(GOLDEN).map(([bytes]) => bytes));
  const expected = Object.values(GOLDEN).map(([, pdu]) => pdu);

  function decodeAll(chunks: Buffer[]): SgipPdu[] {
    const decoder = new FrameDecoder({ minLength: 20, maxLength: 8192 });
    const out: SgipPdu[] = [];
    for (const chunk of chunks) {
      decoder.push(chunk);
      for (let f = decoder.next(); f; f = decoder.next()) out.push(decodeSgipPdu(f));
    }
    expect(decoder.buffered).toBe(0);
    return out;
  }

  it('decodes the same PDUs wherever the stream is cut', () => {
    for (let cut = 0; cut <= stream.length; cut++) {
      expect(decodeAll([stream.subarray(0, cut), stream.subarray(cut)])).toEqual(expected);
    }
  });

  it('decodes the same PDUs fed one octet at a time', () => {
    expect(decodeAll([...stream].map((octet) => Buffer.from([octet])))).toEqual(expected);
  });
});

function decodeError(bytes: Buffer): PduDecodeError {
  try {
    decodeSgipPdu(bytes);
  } catch (error) {
    expect(error).toBeInstanceOf(PduDecodeError);
    return error as PduDecodeError;
  }
  throw new Error('decoded without error');
}

describe('SGIP codec: refusals', () => {
  it('names what is wrong with a frame, with the counter for answering it', () => {
    expect(decodeError(frame(u32(20), u32(0x99), SP_HEX, u32(4)))).toMatchObject({ kind: 'unknown_command', commandId: 0x99, sequenceNumber: 4 });
    const submit = vector('sgip_submit');
    const cut = Buffer.from(submit.subarray(0, 100));
    cut.writeUInt32BE(100, 0);
    expect(decodeError(cut)).toMatchObject({ kind: 'truncated', sequenceNumber: 2 });
    expect(decodeError(Buffer.from(submit.subarray(0, 100)))).toMatchObject({ kind: 'bad_length', field: 'MessageLength' });
    expect(decodeError(Buffer.alloc(10))).toMatchObject({ kind: 'truncated' });
    // UserCount 0 and 101 are outside 1..100 (sgip.md §6 field 3).
    for (const users of [0, 101]) {
      const bad = Buffer.from(submit);
      bad[62] = users;
      expect(decodeError(bad)).toMatchObject({ kind: 'bad_value', field: 'UserCount' });
    }
    // MessageLength larger than what follows.
    const long = Buffer.from(submit);
    long.writeUInt32BE(200, 152);
    expect(decodeError(long)).toMatchObject({ kind: 'truncated', field: 'MessageContent' });
    // A Report cut inside its SubmitSequenceNumber.
    expect(decodeError(frame(u32(26), u32(5), SP_HEX, u32(1), 'b36924b942c4'))).toMatchObject({ kind: 'truncated', field: 'SubmitSequenceNumber' });
  });

  it('refuses to encode values that do not fit, naming the field', () => {
    const seq = { ...SP, counter: 1 };
    const encodeError = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        expect(error).toBeInstanceOf(PduEncodeError);
        return (error as PduEncodeError).field;
      }
      throw new Error('encoded without error');
    };
    expect(encodeError(() => encodeSgip('submit', seq, { SPNumber: '1'.repeat(22), UserNumber: ['1'] }))).toBe('SPNumber');
    expect(encodeError(() => encodeSgip('submit', seq, { UserNumber: [] }))).toBe('UserNumber');
    expect(encodeError(() => encodeSgip('submit', seq, { UserNumber: Array.from({ length: 101 }, () => '86130') }))).toBe('UserNumber');
    expect(encodeError(() => encodeSgip('submit', seq, { UserNumber: ['1'], Priority: 256 }))).toBe('Priority');
    expect(encodeError(() => encodeSgip('submit', seq, { UserNumber: ['1'], MessageContent: Buffer.alloc(5000) }))).toBe('MessageContent');
    expect(encodeError(() => encodeSgip('bind', { ...seq, nodeId: 2 ** 32 }, {}))).toBe('SequenceNumber.nodeId');
    expect(encodeError(() => encodeSgip('report', seq, { SubmitSequenceNumber: { ...seq, counter: -1 } }))).toBe('SubmitSequenceNumber.counter');
  });
});
