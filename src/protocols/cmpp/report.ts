// Status reports carried in DELIVER Msg_Content (Registered_Delivery = 1): 60 octets in 2.0, 71 in 3.0.
import { PduDecodeError } from '../shared/decode-error.ts';
import { hex, text, u32, type DecodedFields, type FieldsInput } from '../shared/fixed-fields.ts';
import { compileLayout } from '../shared/fixed-layout.ts';
import type { CmppPduOf } from './pdu-types.ts';
import type { CmppVersion } from './version.ts';

const reportFields = <W extends 21 | 32>(terminal: W) =>
  [
    hex('Msg_Id', 8),
    text('Stat', 7),
    text('Submit_time', 10),
    text('Done_time', 10),
    text('Dest_terminal_Id', terminal),
    u32('SMSC_sequence'),
  ] as const;

// cmpp.md 7.1: only Dest_terminal_Id differs (21 vs 32 octets).
const REPORT_20 = compileLayout('cmpp20_report', reportFields(21));
const REPORT_30 = compileLayout('cmpp30_report', reportFields(32));

/** The decoded report. Msg_Id is the id SUBMIT_RESP returned; Stat is kept raw (DELIVRD, MK:0001, …). */
export type CmppReport = DecodedFields<ReturnType<typeof reportFields<32>>>;
export type CmppReportInput = FieldsInput<ReturnType<typeof reportFields<32>>>;

export const CMPP20_REPORT_LENGTH = REPORT_20.fixedSize; // 60
export const CMPP30_REPORT_LENGTH = REPORT_30.fixedSize; // 71

/**
 * Decodes a report by its length, whatever the connection's version: ISMGs differ in which
 * layout they send (cmpp.md 12, pitfall 1). Another length throws PduDecodeError('bad_length').
 */
export function decodeCmppReport(content: Uint8Array): CmppReport {
  const buf = Buffer.isBuffer(content) ? content : Buffer.from(content.buffer, content.byteOffset, content.byteLength);
  if (buf.length === CMPP30_REPORT_LENGTH) return REPORT_30.decode(buf, 0, buf.length);
  if (buf.length === CMPP20_REPORT_LENGTH) return REPORT_20.decode(buf, 0, buf.length);
  throw new PduDecodeError('bad_length', `a status report has ${CMPP20_REPORT_LENGTH} or ${CMPP30_REPORT_LENGTH} octets, not ${buf.length}`, {
    offset: 0,
    field: 'Msg_Content',
  });
}

/** The Msg_Content of a report in the given version's layout. */
export function encodeCmppReport(report: CmppReportInput, version: CmppVersion): Buffer {
  return (version === '3.0' ? REPORT_30 : REPORT_20).encode(report);
}

/** The report a DELIVER carries, or undefined for an ordinary MO message (Registered_Delivery 0). */
export function reportOf(deliver: CmppPduOf<'deliver'>): CmppReport | undefined {
  return deliver.Registered_Delivery === 1 ? decodeCmppReport(deliver.Msg_Content) : undefined;
}
