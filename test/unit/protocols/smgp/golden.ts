// Hand-assembled SMGP 3.0 packets for the tests: every field written out from the layouts in
// smgp.md, independently of the encoder, so a golden comparison checks the encoder too.

export const hexOf = (spaced: string): Buffer => Buffer.from(spaced.replace(/\s+/g, ''), 'hex');

/** Octet(width): ASCII, left-aligned, padded with 0x00. */
export function ascii(text: string, width: number): Buffer {
  const out = Buffer.alloc(width);
  out.write(text, 'latin1');
  return out;
}

export function u8(value: number): Buffer {
  return Buffer.from([value]);
}

export function u32(value: number): Buffer {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(value >>> 0);
  return out;
}

/** Tag u16, Length u16, Value. */
export function tlv(tag: number, value: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt16BE(tag, 0);
  head.writeUInt16BE(value.length, 2);
  return Buffer.concat([head, value]);
}

/** Header (PacketLength, RequestID, SequenceID) + body. */
export function packet(requestId: number, sequence: number, ...body: Buffer[]): Buffer {
  const content = Buffer.concat(body);
  return Buffer.concat([u32(12 + content.length), u32(requestId), u32(sequence), content]);
}

/** An MO Deliver: "你好" in GBK to an SP number with extension 1234, a TP_pid TLV and an unknown TLV. */
export const DELIVER_MO = packet(
  0x00000003,
  7,
  hexOf('01006101161700000007'), // MsgID
  u8(0), // IsReport
  u8(15), // MsgFormat GBK
  ascii('20231120203301', 14), // RecvTime
  ascii('13301234567', 21), // SrcTermID
  ascii('10659000011234', 21), // DestTermID: SP number + extension
  u8(4),
  hexOf('c4e3bac3'), // MsgLength, MsgContent
  Buffer.alloc(8), // Reserve
  tlv(0x0001, u8(0)), // TP_pid
  tlv(0x0100, hexOf('abcd')), // not in the table: kept raw
);

/** Part 1 of 2 of a UCS2 long message to two recipients, with LinkID and MsgSrc. */
export const SUBMIT_GROUP_LONG = packet(
  0x00000002,
  9,
  u8(6),
  u8(1),
  u8(2), // MsgType MT, NeedReport, Priority
  ascii('MTEST', 10),
  ascii('01', 2),
  ascii('000010', 6),
  ascii('0', 6), // ServiceID, FeeType, FeeCode, FixedFee
  u8(8), // MsgFormat UCS2
  ascii('231121120000032+', 17), // ValidTime
  Buffer.alloc(17), // AtTime
  ascii('1065900001', 21),
  Buffer.alloc(21), // SrcTermID, ChargeTermID
  u8(2),
  ascii('13301234567', 21),
  ascii('8618912345678', 21), // DestTermIDCount, DestTermID × 2
  u8(10),
  hexOf('0500032a0201 4f60597d'), // MsgLength, MsgContent: UDH ref 0x2a 1/2 + "你好"
  Buffer.alloc(8),
  tlv(0x0002, u8(1)), // TP_udhi
  tlv(0x0009, u8(2)), // PkTotal
  tlv(0x000a, u8(1)), // PkNumber
  tlv(0x0003, ascii('LNK-0001', 20)), // LinkID
  tlv(0x0010, ascii('SP000001', 8)), // MsgSrc
);

export const DELIVER_RESP = packet(0x80000003, 3, hexOf('01006101161700012346'), u32(0));
export const ACTIVE_TEST_RESP = packet(0x80000004, 4);
export const EXIT = packet(0x00000006, 5);
export const EXIT_RESP = packet(0x80000006, 5);
export const QUERY = packet(0x00000007, 6, ascii('20231120', 8), u8(1), ascii('MTEST', 10));
export const QUERY_RESP = packet(
  0x80000007,
  6,
  ascii('20231120', 8),
  u8(1),
  ascii('MTEST', 10),
  ...[100, 90, 80, 5, 5, 3, 0, 1].map(u32), // MT_TLMsg … MO_FL
  Buffer.alloc(8),
);
export const LOGIN_REFUSED = packet(0x80000001, 1, u32(21), Buffer.alloc(16), u8(0x30));
export const FORWARD = packet(
  0x00000005,
  11,
  hexOf('01006101161700000011'),
  ascii('010061', 6),
  ascii('020062', 6),
  ascii('000000', 6), // DestSMGWNo, SrcSMGWNo, SMCNo
  u8(6),
  u8(1),
  u8(1), // MsgType, ReportFlag, Priority
  ascii('MTEST', 10),
  ascii('00', 2),
  ascii('0', 6),
  ascii('0', 6),
  u8(0),
  Buffer.alloc(17),
  Buffer.alloc(17),
  ascii('1065900001', 21),
  ascii('13301234567', 21),
  Buffer.alloc(21),
  u8(2),
  ascii('Hi', 2),
  Buffer.alloc(8),
  tlv(0x000f, u8(1)), // NodesCount
);
export const FORWARD_RESP = packet(0x80000005, 11, hexOf('01006101161700000011'), u32(0), tlv(0x0009, u8(1)), tlv(0x000a, u8(1)));
