// One declarative entry per CMPP command: its Command_Id and body fields in wire order, for 2.0 and 3.0.
import { count, hex, octets, text, textList, u32, u8, varOctets } from '../shared/fixed-fields.ts';

/** Fewer than 100 destinations per SUBMIT (cmpp.md 5, DestUsr_tl). */
export const CMPP_MAX_RECIPIENTS = 99;

/** Command_Id values an SP gateway needs (cmpp.md 3; a response is the request | 0x80000000). */
export const CMPP_COMMAND_IDS = {
  connect: 0x00000001,
  connect_resp: 0x80000001,
  terminate: 0x00000002,
  terminate_resp: 0x80000002,
  submit: 0x00000004,
  submit_resp: 0x80000004,
  deliver: 0x00000005,
  deliver_resp: 0x80000005,
  query: 0x00000006,
  query_resp: 0x80000006,
  cancel: 0x00000007,
  cancel_resp: 0x80000007,
  active_test: 0x00000008,
  active_test_resp: 0x80000008,
} as const;

export type CmppCommand = keyof typeof CMPP_COMMAND_IDS;

// CONNECT is the same in both versions (cmpp.md 4).
const CONNECT = [text('Source_Addr', 6), octets('AuthenticatorSource', 16), u8('Version'), u32('Timestamp')] as const;

// Status is 1 octet in 2.0 and 4 in 3.0 (cmpp.md 4.1).
const CONNECT_RESP_20 = [u8('Status'), octets('AuthenticatorISMG', 16), u8('Version')] as const;
const CONNECT_RESP_30 = [u32('Status'), octets('AuthenticatorISMG', 16), u8('Version')] as const;

/** SUBMIT fields up to and including Src_Id; `terminal` is the width of Fee_terminal_Id (cmpp.md 5). */
const submitHead = <W extends 21 | 32>(terminal: W) =>
  [
    hex('Msg_Id', 8),
    u8('Pk_total'),
    u8('Pk_number'),
    u8('Registered_Delivery'),
    u8('Msg_level'),
    text('Service_Id', 10),
    u8('Fee_UserType'),
    text('Fee_terminal_Id', terminal),
  ] as const;

const SUBMIT_MIDDLE = [
  u8('TP_pId'),
  u8('TP_udhi'),
  u8('Msg_Fmt'),
  text('Msg_src', 6),
  text('FeeType', 2),
  text('FeeCode', 6),
  text('ValId_Time', 17),
  text('At_Time', 17),
  text('Src_Id', 21),
  count('DestUsr_tl', 1),
] as const;

const destinations = (width: 21 | 32) => textList('Dest_terminal_Id', width, 'DestUsr_tl', { min: 1, max: CMPP_MAX_RECIPIENTS });
const CONTENT = [count('Msg_Length', 1), varOctets('Msg_Content', 'Msg_Length')] as const;

const SUBMIT_20 = [...submitHead(21), ...SUBMIT_MIDDLE, destinations(21), ...CONTENT, text('Reserve', 8)] as const;
const SUBMIT_30 = [
  ...submitHead(32),
  u8('Fee_terminal_type'),
  ...SUBMIT_MIDDLE,
  destinations(32),
  u8('Dest_terminal_type'),
  ...CONTENT,
  text('LinkID', 20),
] as const;

// Result is 1 octet in 2.0 and 4 in 3.0 (cmpp.md 5.1, 7.2).
const MSG_ID_RESULT_20 = [hex('Msg_Id', 8), u8('Result')] as const;
const MSG_ID_RESULT_30 = [hex('Msg_Id', 8), u32('Result')] as const;

const DELIVER_HEAD = [hex('Msg_Id', 8), text('Dest_Id', 21), text('Service_Id', 10), u8('TP_pid'), u8('TP_udhi'), u8('Msg_Fmt')] as const;
const DELIVER_20 = [...DELIVER_HEAD, text('Src_terminal_Id', 21), u8('Registered_Delivery'), ...CONTENT, text('Reserved', 8)] as const;
const DELIVER_30 = [
  ...DELIVER_HEAD,
  text('Src_terminal_Id', 32),
  u8('Src_terminal_type'),
  u8('Registered_Delivery'),
  ...CONTENT,
  text('LinkID', 20),
] as const;

// QUERY / QUERY_RESP are the same in both versions (cmpp.md 8).
const QUERY = [text('Time', 8), u8('Query_Type'), text('Query_Code', 10), text('Reserve', 8)] as const;
const QUERY_RESP = [
  text('Time', 8),
  u8('Query_Type'),
  text('Query_Code', 10),
  u32('MT_TLMsg'),
  u32('MT_Tlusr'),
  u32('MT_Scs'),
  u32('MT_WT'),
  u32('MT_FL'),
  u32('MO_Scs'),
  u32('MO_WT'),
  u32('MO_FL'),
] as const;

const CANCEL = [hex('Msg_Id', 8)] as const;
// Success_Id: 4 octets per the 3.0 spec and SMSGate (also for 2.0); go_cmpp's 2.0 sends 1 (cmpp.md 9).
const CANCEL_RESP = [u32('Success_Id')] as const;
const CANCEL_RESP_SHORT = [u8('Success_Id')] as const;

const ACTIVE_TEST_RESP = [u8('Reserved')] as const;

export const CMPP20_BODIES = {
  connect: CONNECT,
  connect_resp: CONNECT_RESP_20,
  terminate: [],
  terminate_resp: [],
  submit: SUBMIT_20,
  submit_resp: MSG_ID_RESULT_20,
  deliver: DELIVER_20,
  deliver_resp: MSG_ID_RESULT_20,
  query: QUERY,
  query_resp: QUERY_RESP,
  cancel: CANCEL,
  cancel_resp: CANCEL_RESP,
  active_test: [],
  active_test_resp: ACTIVE_TEST_RESP,
} as const;

export const CMPP30_BODIES = {
  ...CMPP20_BODIES,
  connect_resp: CONNECT_RESP_30,
  submit: SUBMIT_30,
  submit_resp: MSG_ID_RESULT_30,
  deliver: DELIVER_30,
  deliver_resp: MSG_ID_RESULT_30,
} as const;

/**
 * Bodies also accepted when their length says so, whatever the configured version: peers that
 * answer CONNECT in the other version's layout (cmpp.md 12, pitfall 3) and 1-octet CANCEL_RESP
 * (pitfall 4). Encoding always uses the configured version's layout.
 */
export const CMPP20_ALTERNATES = { connect_resp: CONNECT_RESP_30, cancel_resp: CANCEL_RESP_SHORT } as const;
export const CMPP30_ALTERNATES = { connect_resp: CONNECT_RESP_20, cancel_resp: CANCEL_RESP_SHORT } as const;

export function isResponseCommand(command: CmppCommand): boolean {
  return (CMPP_COMMAND_IDS[command] & 0x80000000) !== 0;
}

/** The response a request expects, or null for a response. */
export function responseOf(command: CmppCommand): CmppCommand | null {
  return isResponseCommand(command) ? null : (`${command}_resp` as CmppCommand);
}
