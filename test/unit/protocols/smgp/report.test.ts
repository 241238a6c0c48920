import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeSmgp } from '../../../../src/protocols/smgp/codec.ts';
import type { SmgpPduOf } from '../../../../src/protocols/smgp/pdu-types.ts';
import { REPORT_LENGTH, formatReport, parseReport, reportText } from '../../../../src/protocols/smgp/report.ts';
import { DEFAULT_REPORT_STATUS_TABLE, reportStateOf, reportStatusTable } from '../../../../src/protocols/smgp/report-status.ts';
import { vector } from '../../../support/vectors.ts';

const T5_CONTENT = () => (decodeSmgp(vector('smgp_deliver_report')) as SmgpPduOf<'Deliver'>).MsgContent;

describe('SMGP status report', () => {
  it('reads T5 by fixed offsets, the id as raw BCD octets', () => {
    const parsed = parseReport(T5_CONTENT());
    expect(parsed).toMatchObject({
      ok: true,
      report: { id: '01006101161700012345', sub: '001', dlvrd: '001', submitDate: '0301161700', doneDate: '0301161700', stat: 'DELIVRD', err: '000' },
    });
    expect(parsed.ok && parsed.report.text.equals(Buffer.alloc(20))).toBe(true);
  });

  it('writes T5 back byte for byte', () => {
    const parsed = parseReport(T5_CONTENT());
    if (!parsed.ok) throw new Error(parsed.detail);
    const written = formatReport(parsed.report);
    expect(written.length).toBe(REPORT_LENGTH);
    expect(written.equals(T5_CONTENT())).toBe(true);
  });

  it('accepts the capitalised labels some SMGWs write (smgp.md 13.1)', () => {
    const content = Buffer.from(T5_CONTENT());
    content.write('Submit date:', 32, 'latin1');
    content.write('Text:', 97, 'latin1');
    expect(parseReport(content)).toMatchObject({ ok: true, report: { stat: 'DELIVRD', submitDate: '0301161700' } });
  });

  it('accepts a report whose text field was trimmed, and refuses one cut before err', () => {
    expect(parseReport(T5_CONTENT().subarray(0, 100))).toMatchObject({ ok: true, report: { err: '000' } });
    expect(parseReport(T5_CONTENT().subarray(0, 102))).toMatchObject({ ok: true, report: { text: Buffer.alloc(0) } });
    expect(parseReport(T5_CONTENT().subarray(0, 95))).toMatchObject({ ok: false, reason: 'too_short' });
  });

  it('refuses a report with a label out of place', () => {
    const content = Buffer.from(T5_CONTENT());
    content.write('X', 76, 'latin1');
    expect(parseReport(content)).toMatchObject({ ok: false, reason: 'bad_label' });
  });

  it('never throws on any octets', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (octets) => {
        const result = parseReport(octets);
        expect(typeof result.ok).toBe('boolean');
      }),
    );
  });

  it('puts the original length and first 17 octets in the text field', () => {
    expect(reportText(Buffer.from('Hello')).toString('latin1')).toBe('005Hello' + '\0'.repeat(12));
    expect(reportText(Buffer.alloc(140, 0x41)).subarray(0, 3).toString()).toBe('140');
  });
});

describe('SMGP report states', () => {
  it('maps the spec words and the error-class prefixes', () => {
    expect(reportStateOf('DELIVRD')).toBe('delivered');
    expect(reportStateOf(' delivrd ')).toBe('delivered');
    expect(reportStateOf('EXPIRED')).toBe('expired');
    expect(reportStateOf('UNDELIV')).toBe('undelivered');
    expect(reportStateOf('DELETED')).toBe('undelivered');
    expect(reportStateOf('REJECTD')).toBe('rejected');
    expect(reportStateOf('UNKNOWN')).toBe('unknown');
    expect(reportStateOf('ACCEPTD')).toBe('enroute');
    expect(reportStateOf('MK:0005')).toBe('undelivered');
    expect(reportStateOf('MI:0013')).toBe('undelivered');
    expect(reportStateOf('DB:0008')).toBe('undelivered');
    expect(reportStateOf('IA:0051')).toBe('rejected');
    expect(reportStateOf('XYZ')).toBe('unknown');
  });

  it('takes an edited table: exact words and prefixes added or replaced', () => {
    const table = reportStatusTable({ 'MK:0005': 'expired', 'DB:*': 'rejected', 'NOROUTE': 'rejected', 'XX*': 'undelivered' });
    expect(reportStateOf('MK:0005', table)).toBe('expired');
    expect(reportStateOf('MK:0006', table)).toBe('undelivered');
    expect(reportStateOf('DB:0001', table)).toBe('rejected');
    expect(reportStateOf('noroute', table)).toBe('rejected');
    expect(reportStateOf('XX12', table)).toBe('undelivered');
    expect(DEFAULT_REPORT_STATUS_TABLE.exact.get('MK:0005')).toBeUndefined();
    expect(() => reportStatusTable({ DELIVRD: 'great' as never })).toThrow(/must be one of/);
  });
});
