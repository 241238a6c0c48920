// Status reports of 60 (2.0) and 71 (3.0) octets, and Stat normalisation through the editable table.
import { describe, expect, it } from 'vitest';
import { decodeCmpp } from '../../../../src/protocols/cmpp/codec.ts';
import type { CmppPduOf } from '../../../../src/protocols/cmpp/pdu-types.ts';
import { DEFAULT_STAT_TABLE, statOutcome, statTable } from '../../../../src/protocols/cmpp/report-stat.ts';
import { decodeCmppReport, encodeCmppReport, reportOf } from '../../../../src/protocols/cmpp/report.ts';
import { PduDecodeError } from '../../../../src/protocols/shared/decode-error.ts';
import { vector } from '../../../support/vectors.ts';

const ascii = (value: string, width: number): string => Buffer.from(value, 'latin1').toString('hex').padEnd(width * 2, '0');
const REPORT_60 = Buffer.from(
  'ba520641e2400001' + ascii('UNDELIV', 7) + ascii('2311202032', 10) + ascii('2311202033', 10) + ascii('13800138000', 21) + '00000002',
  'hex',
);

describe('CMPP status report', () => {
  it('reads the 71-octet 3.0 report inside C6', () => {
    const deliver = decodeCmpp(vector('cmpp30_deliver_report'), '3.0') as CmppPduOf<'deliver'>;
    expect(reportOf(deliver)).toEqual({
      Msg_Id: 'ba520641e2400001',
      Stat: 'DELIVRD',
      Submit_time: '2311202032',
      Done_time: '2311202033',
      Dest_terminal_Id: '13800138000',
      SMSC_sequence: 1,
    });
  });

  it('reads a 60-octet 2.0 report, whatever the connection version', () => {
    expect(decodeCmppReport(REPORT_60)).toEqual({
      Msg_Id: 'ba520641e2400001',
      Stat: 'UNDELIV',
      Submit_time: '2311202032',
      Done_time: '2311202033',
      Dest_terminal_Id: '13800138000',
      SMSC_sequence: 2,
    });
    expect(decodeCmppReport(new Uint8Array(REPORT_60)).Stat).toBe('UNDELIV');
  });

  it('encodes both sizes byte for byte', () => {
    const report = decodeCmppReport(REPORT_60);
    expect(encodeCmppReport(report, '2.0').equals(REPORT_60)).toBe(true);
    const deliver = decodeCmpp(vector('cmpp30_deliver_report'), '3.0') as CmppPduOf<'deliver'>;
    expect(encodeCmppReport(reportOf(deliver)!, '3.0').equals(deliver.Msg_Content)).toBe(true);
    expect(encodeCmppReport({ Stat: 'DELIVRD' }, '3.0')).toHaveLength(71);
  });

  it('refuses any other length', () => {
    for (const length of [0, 59, 61, 70, 72]) {
      expect(() => decodeCmppReport(Buffer.alloc(length))).toThrow(PduDecodeError);
    }
  });

  it('an ordinary MO message has no report', () => {
    const mo = { Registered_Delivery: 0, Msg_Content: Buffer.from('TD') } as CmppPduOf<'deliver'>;
    expect(reportOf(mo)).toBeUndefined();
  });
});

describe('Stat normalisation', () => {
  it('maps the documented values', () => {
    const cases: Array<[string, string]> = [
      ['DELIVRD', 'delivered'],
      ['delivrd ', 'delivered'],
      ['EXPIRED', 'expired'],
      ['DELETED', 'undelivered'],
      ['UNDELIV', 'undelivered'],
      ['REJECTD', 'rejected'],
      ['UNKNOWN', 'unknown'],
      ['ACCEPTD', 'unknown'],
      ['MK:0001', 'undelivered'],
      ['MI:0024', 'undelivered'],
      ['MB:0010', 'undelivered'],
      ['DB:0141', 'rejected'],
      ['CB:0001', 'rejected'],
      ['IC:0151', 'undelivered'],
      ['XYZ', 'undelivered'],
    ];
    for (const [stat, outcome] of cases) expect(statOutcome(stat), stat).toBe(outcome);
  });

  it('takes an edited table: exact first, then the longest prefix, then the fallback', () => {
    const table = statTable({ prefixes: { 'mk:0005': 'expired' }, exact: { 'DB:0141': 'undelivered' }, otherwise: 'unknown' });
    expect(statOutcome('MK:0005', table)).toBe('expired');
    expect(statOutcome('MK:0001', table)).toBe('undelivered');
    expect(statOutcome('DB:0141', table)).toBe('undelivered');
    expect(statOutcome('DB:0142', table)).toBe('rejected');
    expect(statOutcome('XYZ', table)).toBe('unknown');
    expect(statOutcome('XYZ')).toBe('undelivered');
    expect(Object.isFrozen(DEFAULT_STAT_TABLE.exact)).toBe(true);
  });
});
