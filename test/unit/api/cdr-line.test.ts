// One CDR line from a message and its parts: which part's raw status counts, the Msg_Ids in part order,
// the submit result, the signature of messages stored before it was recorded, and the formula guard.
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { CDR_COLUMNS, cdrLine, type CdrLookups } from '../../../src/api/routes/cdr-csv.ts';
import type { Message, MessagePart } from '../../../src/core/message.ts';
import { failureClassifier } from '../../../src/core/stats/failure-category.ts';
import { message, part } from '../../contract/fixtures.ts';

const lookups: CdrLookups = {
  carrier: (e164) => (e164 === '+8613800138000' ? { carrier: 'cmcc', source: 'override' } : e164.startsWith('+86') ? { carrier: 'cucc', source: 'segment' } : { carrier: null, source: null }),
  classify: failureClassifier(),
};

function cells(m: Message, parts: MessagePart[] = []): Record<string, string> {
  const [row] = parse(cdrLine(m, parts, lookups), { columns: [...CDR_COLUMNS] }) as Array<Record<string, string>>;
  return row;
}

describe('cdrLine', () => {
  it('takes the raw status of the first failed part, and lists every Msg_Id in part order', () => {
    const m = message({ state: 'undelivered', segments: 3, submittedAt: 5, errorCode: 'MK:0005:MK:0005' });
    const parts = [
      part(m, 1, 'ID-1', { state: 'delivered', rawStatus: 'DELIVRD' }),
      part(m, 2, 'ID-2', { state: 'undelivered', rawStatus: 'MK:0005' }),
      part(m, 3, 'ID-3', { state: 'delivered', rawStatus: 'DELIVRD' }),
    ];
    expect(cells(m, parts)).toMatchObject({ parts: '3', carrier_msg_id: 'ID-1 ID-2 ID-3', raw_status: 'MK:0005', submit_result: 'accepted', failure_category: 'powered_off', success: 'false' });
    expect(cells({ ...m, state: 'delivered', errorCode: null }, [parts[0]!, parts[2]!])).toMatchObject({ raw_status: 'DELIVRD', failure_category: '', success: 'true' });
  });

  it('a refusal at submit is the submit result; a message not yet sent has none', () => {
    expect(cells(message({ state: 'failed', errorCode: 'smpp:0x00000058' }))).toMatchObject({ submit_result: 'smpp:0x00000058', parts: '', carrier_msg_id: '', raw_status: '' });
    expect(cells(message({ state: 'queued' }))).toMatchObject({ submit_result: '', submitted_at: '', done_at: '' });
    expect(cells(message({ state: 'expired', errorCode: 'expired' }))).toMatchObject({ submit_result: '', failure_category: 'expired' });
  });

  it('country, carrier and the ported flag; province and city stay empty', () => {
    expect(cells(message({ recipient: '+8613800138000' }))).toMatchObject({ country: 'CN', carrier: 'cmcc', ported: 'true', province: '', city: '' });
    expect(cells(message({ recipient: '+8613000000001' }))).toMatchObject({ carrier: 'cucc', ported: 'false' });
    expect(cells(message({ recipient: '+33612345678' }))).toMatchObject({ country: 'FR', carrier: '', ported: '' });
  });

  it('charges: billed and kept, billed and refunded, not billed', () => {
    expect(cells(message({ cost: 1000, unitPrice: 500, segments: 2 }))).toMatchObject({ billable_segments: '2', charged: 'true', unit_price_li: '500', amount_li: '1000', currency: 'CNY', refunded: 'false', refunded_at: '' });
    const refunded = cells(message({ cost: 500, unitPrice: 500, refundedAt: Date.UTC(2026, 0, 2) }));
    expect(refunded).toMatchObject({ charged: 'false', refunded: 'true', refunded_at: '2026-01-02T00:00:00.000Z' });
    expect(cells(message())).toMatchObject({ billable_segments: '', charged: 'false', unit_price_li: '', amount_li: '', currency: '', refunded: 'false' });
  });

  it('the recorded signature and template; older messages by the 【…】 of their text', () => {
    expect(cells(message({ signature: '快信', templateCode: 'SMS_100001', text: '【快信】您的验证码是1234' }))).toMatchObject({ signature: '快信', template_code: 'SMS_100001' });
    expect(cells(message({ text: '【旧签名】您好' }))).toMatchObject({ signature: '旧签名', template_code: '' });
    expect(cells(message({ text: 'no signature' }))).toMatchObject({ signature: '' });
  });

  it('free text that a spreadsheet would run as a formula is defused; commas and quotes are quoted', () => {
    const row = cells(message({ text: '=HYPERLINK("x")', clientRef: '+1,2', tag: 'a"b' }));
    expect(row).toMatchObject({ text: `'=HYPERLINK("x")`, client_ref: `'+1,2`, tag: 'a"b' });
  });
});
