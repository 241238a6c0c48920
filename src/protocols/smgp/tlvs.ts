// SMGP 3.0 optional parameters (spec 6.3, smgp.md 9): one table for every TLV area (Submit,
// Deliver, Forward, Forward_Resp). A tag a message "should not" carry is still read, and tags
// outside the table are kept raw under `unknown`, so nothing a peer sends is lost.
import type { TlvDefinitions, TlvValues } from '../shared/fixed-fields.ts';

export const SMGP_TLVS = {
  TP_pid: { tag: 0x0001, type: 'uint' },
  /** Bit 0 set: MsgContent starts with a UDH (GSM 03.40 UDHI). */
  TP_udhi: { tag: 0x0002, type: 'uint' },
  LinkID: { tag: 0x0003, type: 'text', width: 20 },
  /** 0 recipient, 1 sender, 2 SP, 3 ChargeTermID / ChargeTermPseudo pays. */
  ChargeUserType: { tag: 0x0004, type: 'uint' },
  ChargeTermType: { tag: 0x0005, type: 'uint' },
  ChargeTermPseudo: { tag: 0x0006, type: 'text' },
  DestTermType: { tag: 0x0007, type: 'uint' },
  /** Recipient pseudo codes, all the same length, back to back. */
  DestTermPseudo: { tag: 0x0008, type: 'octets' },
  PkTotal: { tag: 0x0009, type: 'uint' },
  PkNumber: { tag: 0x000a, type: 'uint' },
  /** 0 normal; 1–5 subscription and charge notices. */
  SubmitMsgType: { tag: 0x000b, type: 'uint' },
  SPDealResult: { tag: 0x000c, type: 'uint' },
  SrcTermType: { tag: 0x000d, type: 'uint' },
  SrcTermPseudo: { tag: 0x000e, type: 'text' },
  NodesCount: { tag: 0x000f, type: 'uint' },
  MsgSrc: { tag: 0x0010, type: 'text', width: 8 },
  SrcType: { tag: 0x0011, type: 'uint' },
  MServiceID: { tag: 0x0012, type: 'text', width: 21 },
} as const satisfies TlvDefinitions;

export type SmgpTlvs = TlvValues<typeof SMGP_TLVS>;
