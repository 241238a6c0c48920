// Every SMGP 3.0 command an SP or an SMGW exchanges, as one declarative table (smgp.md 3–10):
// RequestID and body fields in wire order, compiled once into fast decoders and encoders.
import { count, hex, octets, text, textList, tlvArea, u32, u8, varOctets } from '../shared/fixed-fields.ts';
import { compileLayout, type FixedLayout } from '../shared/fixed-layout.ts';
import type { FixedField } from '../shared/fixed-fields.ts';
import { SMGP_TLVS } from './tlvs.ts';

export const HEADER_LENGTH = 12;
/** Response RequestID = request RequestID | 0x80000000 (spec 6.1.2). */
export const RESPONSE_BIT = 0x80000000;
/**
 * Largest packet accepted. go_smgp caps at 2048, but a Submit to the allowed 100 recipients is
 * about 2.5 kB, so our own cap leaves room for that.
 */
export const MAX_PACKET_LENGTH = 4096;
/** DestTermIDCount ≤ 100 (smgp.md 5, field 13). */
export const MAX_DESTINATIONS = 100;
/** Envelope properties every decoded PDU starts with: the command name and its SequenceID. */
const ENVELOPE = { envelope: ['command', 'sequence'] } as const;
// Some SMGWs append vendor octets to answers; an answer is still an answer.
const LENIENT = { ...ENVELOPE, allowTrailing: true } as const;

const LOGIN = [text('ClientID', 8), octets('AuthenticatorClient', 16), u8('LoginMode'), u32('TimeStamp'), u8('ClientVersion')] as const;
const LOGIN_RESP = [u32('Status'), octets('AuthenticatorServer', 16), u8('ServerVersion')] as const;

const SUBMIT = [
  u8('MsgType'),
  u8('NeedReport'),
  u8('Priority'),
  text('ServiceID', 10),
  text('FeeType', 2),
  text('FeeCode', 6),
  text('FixedFee', 6),
  u8('MsgFormat'),
  text('ValidTime', 17),
  text('AtTime', 17),
  text('SrcTermID', 21),
  text('ChargeTermID', 21),
  count('DestTermIDCount', 1),
  textList('DestTermID', 21, 'DestTermIDCount', { min: 1, max: MAX_DESTINATIONS }),
  count('MsgLength', 1),
  varOctets('MsgContent', 'MsgLength'),
  text('Reserve', 8),
  tlvArea('TLVs', SMGP_TLVS),
] as const;
const MSG_ID_STATUS = [hex('MsgID', 10), u32('Status')] as const;

const DELIVER = [
  hex('MsgID', 10),
  u8('IsReport'),
  u8('MsgFormat'),
  text('RecvTime', 14),
  text('SrcTermID', 21),
  text('DestTermID', 21),
  count('MsgLength', 1),
  varOctets('MsgContent', 'MsgLength'),
  text('Reserve', 8),
  tlvArea('TLVs', SMGP_TLVS),
] as const;

const QUERY = [text('QueryTime', 8), u8('QueryType'), text('QueryCode', 10)] as const;
const QUERY_RESP = [
  ...QUERY,
  u32('MT_TLMsg'),
  u32('MT_TLUsr'),
  u32('MT_Scs'),
  u32('MT_WT'),
  u32('MT_FL'),
  u32('MO_Scs'),
  u32('MO_WT'),
  u32('MO_FL'),
  // The spec calls it "Reverse" (smgp.md 13.7).
  text('Reserve', 8),
] as const;

const FORWARD = [
  hex('MsgID', 10),
  text('DestSMGWNo', 6),
  text('SrcSMGWNo', 6),
  text('SMCNo', 6),
  u8('MsgType'),
  u8('ReportFlag'),
  u8('Priority'),
  text('ServiceID', 10),
  text('FeeType', 2),
  text('FeeCode', 6),
  text('FixedFee', 6),
  u8('MsgFormat'),
  text('ValidTime', 17),
  text('AtTime', 17),
  text('SrcTermID', 21),
  text('DestTermID', 21),
  text('ChargeTermID', 21),
  count('MsgLength', 1),
  varOctets('MsgContent', 'MsgLength'),
  text('Reserve', 8),
  tlvArea('TLVs', SMGP_TLVS),
] as const;
const FORWARD_RESP = [...MSG_ID_STATUS, tlvArea('TLVs', SMGP_TLVS)] as const;

const layouts = {
  Login: compileLayout('Login', LOGIN, ENVELOPE),
  Login_Resp: compileLayout('Login_Resp', LOGIN_RESP, LENIENT),
  Submit: compileLayout('Submit', SUBMIT, ENVELOPE),
  Submit_Resp: compileLayout('Submit_Resp', MSG_ID_STATUS, LENIENT),
  Deliver: compileLayout('Deliver', DELIVER, ENVELOPE),
  Deliver_Resp: compileLayout('Deliver_Resp', MSG_ID_STATUS, LENIENT),
  Active_Test: compileLayout('Active_Test', [], ENVELOPE),
  // Spec 5.2.6 gives Active_Test_Resp no body; a stray octet (CMPP habit) is tolerated.
  Active_Test_Resp: compileLayout('Active_Test_Resp', [], LENIENT),
  Forward: compileLayout('Forward', FORWARD, ENVELOPE),
  Forward_Resp: compileLayout('Forward_Resp', FORWARD_RESP, ENVELOPE),
  Exit: compileLayout('Exit', [], ENVELOPE),
  Exit_Resp: compileLayout('Exit_Resp', [], LENIENT),
  Query: compileLayout('Query', QUERY, ENVELOPE),
  Query_Resp: compileLayout('Query_Resp', QUERY_RESP, LENIENT),
} as const;

export type SmgpCommand = keyof typeof layouts;
export type SmgpRequestCommand = Exclude<SmgpCommand, `${string}_Resp`>;

/** RequestID of each request (spec 6.1.2); responses set the top bit. */
export const REQUEST_IDS: Readonly<Record<SmgpRequestCommand, number>> = {
  Login: 0x00000001,
  Submit: 0x00000002,
  Deliver: 0x00000003,
  Active_Test: 0x00000004,
  Forward: 0x00000005,
  Exit: 0x00000006,
  Query: 0x00000007,
};

export interface SmgpPduDefinition {
  command: SmgpCommand;
  requestId: number;
  layout: FixedLayout<readonly FixedField[]>;
  /** The response command, or null for a response. */
  response: SmgpCommand | null;
}

function definitions(): Map<SmgpCommand, SmgpPduDefinition> {
  const out = new Map<SmgpCommand, SmgpPduDefinition>();
  for (const [request, id] of Object.entries(REQUEST_IDS) as [SmgpRequestCommand, number][]) {
    const response = `${request}_Resp` as SmgpCommand;
    out.set(request, { command: request, requestId: id, layout: layouts[request] as FixedLayout<readonly FixedField[]>, response });
    out.set(response, { command: response, requestId: (id | RESPONSE_BIT) >>> 0, layout: layouts[response] as FixedLayout<readonly FixedField[]>, response: null });
  }
  return out;
}

export const SMGP_PDUS: ReadonlyMap<SmgpCommand, SmgpPduDefinition> = definitions();
export const PDU_BY_ID: ReadonlyMap<number, SmgpPduDefinition> = new Map([...SMGP_PDUS.values()].map((d) => [d.requestId, d]));

export function isResponseId(requestId: number): boolean {
  return (requestId & RESPONSE_BIT) !== 0;
}

export type SmgpLayouts = typeof layouts;
export { layouts as SMGP_LAYOUTS };
