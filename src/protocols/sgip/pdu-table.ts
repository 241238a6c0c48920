// One declarative entry per SGIP 1.2 PDU on the SP interface: command id and body fields in wire
// order (sgip.md §5–§9), field names as the spec writes them.
import { count, text, textList, u8, varOctets, type FixedField } from '../shared/fixed-fields.ts';
import { CommandId, responseIdOf } from './command-ids.ts';

/** Longest MessageContent accepted either way; far above the 140 octets a part carries. */
export const MAX_MESSAGE_CONTENT = 4096;
/** Recipients of one Submit (sgip.md §6 field 3). */
export const MAX_USER_COUNT = 100;

/** Bind_Resp, Submit_Resp, Deliver_Resp, Report_Resp, UserRpt_Resp (sgip.md §5.2). */
const RESPONSE = [u8('Result'), text('Reserve', 8)] as const;

const BIND = [u8('LoginType'), text('LoginName', 16), text('LoginPassword', 16), text('Reserve', 8)] as const;

const SUBMIT = [
  text('SPNumber', 21),
  text('ChargeNumber', 21),
  count('UserCount', 1),
  textList('UserNumber', 21, 'UserCount', { min: 1, max: MAX_USER_COUNT }),
  text('CorpId', 5),
  text('ServiceType', 10),
  u8('FeeType'),
  text('FeeValue', 6),
  text('GivenValue', 6),
  u8('AgentFlag'),
  u8('MorelatetoMTFlag'),
  u8('Priority'),
  text('ExpireTime', 16),
  text('ScheduleTime', 16),
  u8('ReportFlag'),
  u8('TP_pid'),
  u8('TP_udhi'),
  u8('MessageCoding'),
  u8('MessageType'),
  // 4 octets, unlike CMPP and SMGP (sgip.md §6 field 20).
  count('MessageLength', 4),
  varOctets('MessageContent', 'MessageLength', MAX_MESSAGE_CONTENT),
  text('Reserve', 8),
] as const;

const DELIVER = [
  text('UserNumber', 21),
  text('SPNumber', 21),
  u8('TP_pid'),
  u8('TP_udhi'),
  u8('MessageCoding'),
  count('MessageLength', 4),
  varOctets('MessageContent', 'MessageLength', MAX_MESSAGE_CONTENT),
  text('Reserve', 8),
] as const;

// Report and Trace start with the 12-octet SubmitSequenceNumber; the codec reads it like the header's.
const REPORT = [u8('ReportType'), text('UserNumber', 21), u8('State'), u8('ErrorCode'), text('Reserve', 8)] as const;
const TRACE = [text('UserNumber', 21), text('Reserve', 8)] as const;

const USERRPT = [text('SPNumber', 21), text('UserNumber', 21), u8('UserCondition'), text('Reserve', 8)] as const;

const CHECKUSER = [text('UserName', 16), text('Password', 16), text('UserNumber', 21), text('Reserve', 8)] as const;
const CHECKUSER_RESP = [u8('Result'), u8('Status'), text('Reserve', 8)] as const;

interface Entry {
  readonly id: number;
  readonly fields: readonly FixedField[];
  /** The body starts with a 12-octet SubmitSequenceNumber. */
  readonly submitSequence?: true;
}

const entry = <const F extends readonly FixedField[]>(id: number, fields: F) => ({ id, fields }) as const;
const withSubmitSequence = <const F extends readonly FixedField[]>(id: number, fields: F) => ({ id, fields, submitSequence: true }) as const;

/** Every PDU except Trace_Resp, whose repeated node group the codec reads by hand (trace-resp.ts). */
export const SGIP_PDUS = {
  bind: entry(CommandId.bind, BIND),
  bind_resp: entry(responseIdOf(CommandId.bind), RESPONSE),
  unbind: entry(CommandId.unbind, []),
  unbind_resp: entry(responseIdOf(CommandId.unbind), []),
  submit: entry(CommandId.submit, SUBMIT),
  submit_resp: entry(responseIdOf(CommandId.submit), RESPONSE),
  deliver: entry(CommandId.deliver, DELIVER),
  deliver_resp: entry(responseIdOf(CommandId.deliver), RESPONSE),
  report: withSubmitSequence(CommandId.report, REPORT),
  report_resp: entry(responseIdOf(CommandId.report), RESPONSE),
  userrpt: entry(CommandId.userrpt, USERRPT),
  userrpt_resp: entry(responseIdOf(CommandId.userrpt), RESPONSE),
  checkuser: entry(CommandId.checkuser, CHECKUSER),
  checkuser_resp: entry(responseIdOf(CommandId.checkuser), CHECKUSER_RESP),
  trace: withSubmitSequence(CommandId.trace, TRACE),
} as const satisfies Record<string, Entry>;

export type SgipTableCommand = keyof typeof SGIP_PDUS;
export type SgipCommand = SgipTableCommand | 'trace_resp';

/** Request → response command (sgip.md §4). */
export const RESPONSE_OF = {
  bind: 'bind_resp',
  unbind: 'unbind_resp',
  submit: 'submit_resp',
  deliver: 'deliver_resp',
  report: 'report_resp',
  userrpt: 'userrpt_resp',
  checkuser: 'checkuser_resp',
  trace: 'trace_resp',
} as const;

export type SgipRequestCommand = keyof typeof RESPONSE_OF;
export type SgipResponseCommand = (typeof RESPONSE_OF)[SgipRequestCommand];
