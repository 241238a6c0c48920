// Text → the DELIVER bodies of an MO message (TP_udhi + UDH when long), and a status report DELIVER.
import { encodeCmppReport, type CmppReportInput } from './report.ts';
import type { CmppBodyInputOf } from './pdu-types.ts';
import { cmppSubmitParts, type CmppSubmitPartsOptions } from './submit-parts.ts';
import { MsgFmt } from './msg-fmt.ts';
import type { CmppVersion } from './version.ts';

export type CmppDeliverBody = CmppBodyInputOf<'deliver'>;

/**
 * One DELIVER body per part of an MO text, in order: `base` (Msg_Id, Dest_Id, Src_terminal_Id, …)
 * with TP_udhi, Msg_Fmt and Msg_Content set the same way as a SUBMIT's (cmpp.md 10: MO long
 * messages arrive like MT ones). Each part needs its own Msg_Id: pass `msgIdOf(partIndex)`.
 */
export function cmppDeliverParts(text: string, base: CmppDeliverBody, msgIdOf: (part: number) => string, options: CmppSubmitPartsOptions = {}): CmppDeliverBody[] {
  return cmppSubmitParts(text, {}, options).map((part, i) => ({
    ...base,
    Msg_Id: msgIdOf(i),
    TP_udhi: part.TP_udhi,
    Msg_Fmt: part.Msg_Fmt,
    Registered_Delivery: 0,
    Msg_Content: part.Msg_Content,
  }));
}

/**
 * A DELIVER carrying a status report (Registered_Delivery 1) in the version's layout: from the
 * handset (Src_terminal_Id = the report's Dest_terminal_Id) to the SP number it was sent from.
 */
export function cmppReportDeliver(report: CmppReportInput, base: CmppDeliverBody, version: CmppVersion): CmppDeliverBody {
  return {
    ...base,
    Src_terminal_Id: report.Dest_terminal_Id,
    Registered_Delivery: 1,
    Msg_Fmt: MsgFmt.ASCII,
    TP_udhi: 0,
    Msg_Content: encodeCmppReport(report, version),
  };
}
