// Our status and MO payloads → the DELIVER bodies an SP connected over CMPP receives.
import type { MoPayload, StatusPayload } from '../core/intake-port.ts';
import type { MessageState } from '../core/message.ts';
import { cmppDeliverParts, cmppReportDeliver, type CmppDeliverBody } from '../protocols/cmpp/deliver-parts.ts';
import { formatReportTime } from '../protocols/cmpp/report-time.ts';
import { terminalIdOf } from '../protocols/cmpp/terminal-id.ts';
import type { CmppVersion } from '../protocols/cmpp/version.ts';
import { spMsgIdOf } from './cmpp-msg-id.ts';

/** Stat for our state (cmpp.md 7.1); states before a final one are not reported, UNKNOWN if they are. */
const STAT: Record<MessageState, string> = {
  delivered: 'DELIVRD',
  undelivered: 'UNDELIV',
  expired: 'EXPIRED',
  rejected: 'REJECTD',
  failed: 'REJECTD',
  cancelled: 'DELETED',
  scheduled: 'UNKNOWN',
  accepted: 'UNKNOWN',
  queued: 'UNKNOWN',
  submitted: 'UNKNOWN',
};

/** A carrier's own 7-character Stat (e.g. "MK:0005" from a CMPP upstream) is passed on as it came. */
const CARRIER_STAT = /^([A-Z]{2}:[0-9A-Za-z]{4}|DELIVRD|EXPIRED|DELETED|UNDELIV|UNKNOWN|REJECTD)$/;

export function statOf(payload: Pick<StatusPayload, 'state' | 'errorCode'>): string {
  if (payload.state !== 'delivered' && payload.errorCode && CARRIER_STAT.test(payload.errorCode)) return payload.errorCode;
  return STAT[payload.state];
}

/** Fixed CMPP text fields cut to their width: a longer value would make the DELIVER unencodable. */
const fit = (value: string | null, width: number) => (value ?? '').replace(/^\+/, '').slice(0, width);

/**
 * A status report DELIVER (cmpp.md 7.1) for one of the SP's messages: report Msg_Id is the one its
 * SUBMIT_RESP carried (for a group SUBMIT, that Msg_Id plus the destination's place, see
 * spMsgIdOf); the DELIVER comes from the handset to the Src_Id the SP sent from.
 */
export function statusDeliverBody(payload: StatusPayload, deliverMsgId: string, version: CmppVersion): CmppDeliverBody {
  const terminal = fit(terminalIdOf(payload.recipient), 21);
  return cmppReportDeliver(
    {
      Msg_Id: spMsgIdOf(payload),
      Stat: statOf(payload),
      Submit_time: formatReportTime(new Date(payload.submittedAt ?? payload.createdAt)),
      Done_time: formatReportTime(new Date(payload.doneAt ?? payload.at)),
      Dest_terminal_Id: terminal,
      SMSC_sequence: 0,
    },
    { Msg_Id: deliverMsgId, Dest_Id: fit(payload.sender, 21), Service_Id: '' },
    version,
  );
}

/** An MO as one DELIVER per part: ASCII when it is, else UCS2; UDH-concatenated when long. */
export function moDeliverBodies(payload: MoPayload, reference: number, nextMsgId: () => string): CmppDeliverBody[] {
  const base = { Dest_Id: fit(payload.recipient, 21), Service_Id: '', Src_terminal_Id: fit(terminalIdOf(payload.sender), 21) };
  return cmppDeliverParts(payload.text, base, nextMsgId, { reference: reference & 0xff });
}
