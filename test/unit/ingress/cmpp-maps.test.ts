// CMPP ingress mappings: our ids → Msg_Id, our states → Stat, intake errors → SUBMIT_RESP Result.
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/core/errors.ts';
import { newId } from '../../../src/core/ids.ts';
import { statOf, statusDeliverBody } from '../../../src/ingress/cmpp-delivery-map.ts';
import { cmppMsgIdOf, spMsgIdOf } from '../../../src/ingress/cmpp-msg-id.ts';
import { resultForError } from '../../../src/ingress/cmpp-submit-map.ts';
import { CMPP_RESULT_SYSTEM_ERROR } from '../../../src/protocols/cmpp/dialect.ts';
import { formatMsgId, isMsgId, parseMsgId } from '../../../src/protocols/cmpp/msg-id.ts';
import { queryCounters, queryDay } from '../../../src/ingress/cmpp-query.ts';
import { msgIdSecond } from '../../../src/ingress/cmpp-sp-messages.ts';
import { decodeCmppReport } from '../../../src/protocols/cmpp/report.ts';
import { CmppResult } from '../../../src/protocols/cmpp/result.ts';

describe('Msg_Id of our message ids', () => {
  it('is the same every time, in the spec layout with the id’s second in Beijing time', () => {
    const at = Date.UTC(2025, 4, 6, 23, 59, 58, 123); // 07:59:58 on 7 May in Beijing
    const id = newId(at);
    const msgId = cmppMsgIdOf(id);
    expect(isMsgId(msgId)).toBe(true);
    expect(cmppMsgIdOf(id)).toBe(msgId);
    expect(parseMsgId(msgId)).toMatchObject({ month: 5, day: 7, hour: 7, minute: 59, second: 58 });
    expect(parseMsgId(msgId).gatewayId >> 12).toBe(123);
  });

  it('never repeats for ids one process makes, also thousands in one millisecond', () => {
    const at = Date.UTC(2025, 0, 1);
    const seen = new Set<string>();
    for (let ms = 0; ms < 20; ms++) for (let i = 0; i < 2000; i++) seen.add(cmppMsgIdOf(newId(at + ms)));
    expect(seen.size).toBe(40_000);
  });

  it('hashes ids of another form into 16 hex digits', () => {
    expect(cmppMsgIdOf('legacy-id-1')).toMatch(/^[0-9a-f]{16}$/);
    expect(cmppMsgIdOf('legacy-id-1')).not.toBe(cmppMsgIdOf('legacy-id-2'));
  });
});

describe('status reports to SPs', () => {
  it('uses the standard Stat for our state, and passes a carrier’s own Stat on', () => {
    expect(statOf({ state: 'delivered', errorCode: null })).toBe('DELIVRD');
    expect(statOf({ state: 'expired', errorCode: null })).toBe('EXPIRED');
    expect(statOf({ state: 'undelivered', errorCode: 'MK:0005' })).toBe('MK:0005');
    expect(statOf({ state: 'undelivered', errorCode: 'smpp:0x0000000b' })).toBe('UNDELIV');
    expect(statOf({ state: 'failed', errorCode: 'cmpp:13' })).toBe('REJECTD');
    expect(statOf({ state: 'cancelled', errorCode: null })).toBe('DELETED');
  });

  it('builds a report DELIVER in the connection’s layout, from the handset to the SP’s Src_Id', () => {
    const payload = {
      messageId: newId(),
      clientRef: null,
      recipient: '+8613800138000',
      sender: '1069000188',
      state: 'delivered' as const,
      errorCode: null,
      errorMessage: null,
      segments: 1,
      createdAt: Date.UTC(2025, 0, 1, 1, 0),
      submittedAt: Date.UTC(2025, 0, 1, 1, 1),
      doneAt: Date.UTC(2025, 0, 1, 1, 2),
      at: Date.UTC(2025, 0, 1, 1, 2),
    };
    for (const [version, length] of [['3.0', 71], ['2.0', 60]] as const) {
      const body = statusDeliverBody(payload, 'ba520641e2400009', version);
      expect(body).toMatchObject({ Msg_Id: 'ba520641e2400009', Dest_Id: '1069000188', Src_terminal_Id: '13800138000', Registered_Delivery: 1 });
      expect(body.Msg_Content!.length).toBe(length);
      expect(decodeCmppReport(body.Msg_Content!)).toMatchObject({ Msg_Id: cmppMsgIdOf(payload.messageId), Stat: 'DELIVRD', Submit_time: '2501010901', Done_time: '2501010902', Dest_terminal_Id: '13800138000' });
    }
    // A recipient of a group SUBMIT: its report carries the Msg_Id kept in clientRef (M + i).
    const grouped = statusDeliverBody({ ...payload, clientRef: 'ba520641e2400003' }, 'ba520641e2400009', '3.0');
    expect(decodeCmppReport(grouped.Msg_Content!).Msg_Id).toBe('ba520641e2400003');
  });

  it('takes the SP’s Msg_Id from clientRef only when it is one', () => {
    const messageId = newId();
    expect(spMsgIdOf({ messageId, clientRef: null })).toBe(cmppMsgIdOf(messageId));
    expect(spMsgIdOf({ messageId, clientRef: 'order-17' })).toBe(cmppMsgIdOf(messageId));
    expect(spMsgIdOf({ messageId, clientRef: 'BA520641E2400003' })).toBe(cmppMsgIdOf(messageId));
    expect(spMsgIdOf({ messageId, clientRef: 'ba520641e2400003' })).toBe('ba520641e2400003');
  });
});

describe('SUBMIT_RESP Result for intake errors', () => {
  it('uses CMPP’s own code where there is one, else the error’s outcome', () => {
    expect(resultForError(new AppError('invalid_number'))).toBe(CmppResult.BAD_DEST_TERMINAL_ID);
    expect(resultForError(new AppError('validation_failed', 'bad', 'sender'))).toBe(CmppResult.BAD_SRC_ID);
    expect(resultForError(new AppError('text_too_long'))).toBe(CmppResult.TOO_LONG);
    expect(resultForError(new AppError('rate_limited'))).toBe(CmppResult.FLOW_CONTROL);
    expect(resultForError(new AppError('unavailable'))).toBe(CMPP_RESULT_SYSTEM_ERROR);
    expect(resultForError(new AppError('forbidden'))).toBe(CmppResult.BAD_STRUCTURE);
    // CMPP has no content-refusal Result: a blocked text is a permanent refusal of the message (1).
    expect(resultForError(new AppError('content_blocked', 'blocked', 'text'))).toBe(CmppResult.BAD_STRUCTURE);
    // A blacklisted destination is a permanent refusal: Result 1, never the retryable system error.
    expect(resultForError(new AppError('blacklisted', 'on the platform blacklist', 'to[0]'))).toBe(CmppResult.BAD_STRUCTURE);
  });
});

describe('QUERY and CANCEL helpers', () => {
  it('reads a QUERY Time as its Beijing day, and nothing else', () => {
    expect(queryDay('20251231')).toEqual({ from: Date.UTC(2025, 11, 30, 16), to: Date.UTC(2025, 11, 31, 16) });
    for (const bad of ['', '2025123', '20251301', '20250230', '2025-1-1', 'abcdefgh']) expect(queryDay(bad)).toBeUndefined();
  });

  it('counts waiting, forwarded and never-forwarded messages as QUERY_RESP does', () => {
    const counters = queryCounters({
      rows: [
        { state: 'queued', forwarded: false, messages: 3 },
        { state: 'queued', forwarded: true, messages: 1 }, // retrying after a transient refusal
        { state: 'delivered', forwarded: true, messages: 5 },
        { state: 'expired', forwarded: true, messages: 1 },
        { state: 'expired', forwarded: false, messages: 2 },
        { state: 'cancelled', forwarded: false, messages: 1 },
      ],
      recipients: 7,
    });
    expect(counters).toEqual({ MT_TLMsg: 13, MT_Tlusr: 7, MT_Scs: 6, MT_WT: 4, MT_FL: 3, MO_Scs: 0, MO_WT: 0, MO_FL: 0 });
  });

  it('counts MO handed over and still waiting', () => {
    const none = { rows: [], recipients: 0 };
    expect(queryCounters(none, { received: 5, waiting: 2 })).toMatchObject({ MO_Scs: 3, MO_WT: 2, MO_FL: 0 });
    expect(queryCounters(none)).toMatchObject({ MO_Scs: 0, MO_WT: 0, MO_FL: 0 });
  });

  it('dates a Msg_Id in the latest year that puts it no more than a day ahead', () => {
    const msgId = formatMsgId({ month: 12, day: 31, hour: 23, minute: 59, second: 58, gatewayId: 1, sequence: 1 });
    const newYear = Date.UTC(2026, 0, 1, 0, 0, 0) - 8 * 3_600_000; // 2026-01-01 00:00 Beijing
    expect(msgIdSecond(msgId, newYear)).toBe(Date.UTC(2025, 11, 31, 23, 59, 58) - 8 * 3_600_000);
    expect(msgIdSecond(formatMsgId({ month: 1, day: 1, hour: 0, minute: 0, second: 5, gatewayId: 1, sequence: 1 }), newYear)).toBe(newYear + 5000);
    expect(msgIdSecond('0000000000000000', newYear)).toBeUndefined();
  });
});
