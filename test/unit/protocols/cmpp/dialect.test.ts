// The CMPP FramedDialect: hand-computed response bytes for refusals, statuses, headers, versions.
import { describe, expect, it } from 'vitest';
import { CMPP_RESULT_SYSTEM_ERROR, CmppDialect, type CmppFrame } from '../../../../src/protocols/cmpp/dialect.ts';
import { formatReportTime, parseReportTime } from '../../../../src/protocols/cmpp/report-time.ts';
import { e164OfTerminalId, terminalIdOf } from '../../../../src/protocols/cmpp/terminal-id.ts';
import { vector } from '../../../support/vectors.ts';

const hex = (text: string) => Buffer.from(text.replace(/\s+/g, ''), 'hex');

describe('CmppDialect', () => {
  it('decodes with `sequence` mirroring Sequence_Id, and reads the header of an unknown body', () => {
    const dialect = new CmppDialect('3.0');
    const pdu = dialect.decode(vector('cmpp30_submit_resp'));
    expect(pdu).toMatchObject({ command: 'submit_resp', Sequence_Id: 2, sequence: 2, Result: 0 });
    expect(dialect.decodeHeader(hex('0000000c 00000004 0000002a'))).toEqual({ command: 'submit', Sequence_Id: 42, sequence: 42 });
    expect(dialect.decodeHeader(hex('0000000c 00000003 0000002a'))).toBeNull();
    expect(dialect.isResponseId(0x80000004)).toBe(true);
    expect(dialect.isResponseId(0x00000004)).toBe(false);
    expect(dialect.responseOf('deliver')).toBe('deliver_resp');
    expect(dialect.responseOf('deliver_resp')).toBeNull();
    expect(dialect.responseOf('no_such')).toBeNull();
  });

  it('refuses a SUBMIT before login with Result 2: 24 octets in 3.0, 21 in 2.0', () => {
    const request = { command: 'submit', Sequence_Id: 7, sequence: 7 } as unknown as CmppFrame;
    for (const [version, bytes] of [
      ['3.0', '00000018 80000004 00000007 0000000000000000 00000002'],
      ['2.0', '00000015 80000004 00000007 0000000000000000 02'],
    ] as const) {
      const dialect = new CmppDialect(version);
      expect(dialect.encodeResponse(request, dialect.refusal('submit', 'not_logged_in')!).toString('hex')).toBe(hex(bytes).toString('hex'));
    }
  });

  it('answers a DELIVER with its own Msg_Id, also when refusing it', () => {
    const dialect = new CmppDialect('3.0');
    const deliver = { command: 'deliver', Sequence_Id: 5, sequence: 5, Msg_Id: 'ba521041e2400007' } as unknown as CmppFrame;
    // C7 is DELIVER_RESP Result 0 for this DELIVER.
    expect(dialect.encodeResponse(deliver, { Result: 0 }).equals(vector('cmpp30_deliver_resp'))).toBe(true);
    expect(dialect.encodeResponse(deliver, dialect.refusal('deliver', 'malformed')!).toString('hex')).toBe(hex('00000018 80000005 00000005 ba521041e2400007 00000001').toString('hex'));
  });

  it('refuses CONNECT with a Status, CANCEL with Success_Id 1, and leaves keep-alive and terminate to the session', () => {
    const dialect = new CmppDialect('2.0');
    expect(dialect.refusal('connect', 'malformed')).toEqual({ Status: 1 });
    expect(dialect.refusal('connect', 'already_logged_in')).toEqual({ Status: 5 });
    expect(dialect.refusal('cancel', 'no_handler')).toEqual({ Success_Id: 1 });
    expect(dialect.refusal('submit', 'internal')).toEqual({ Result: CMPP_RESULT_SYSTEM_ERROR });
    expect(dialect.refusal('active_test', 'malformed')).toBeNull();
    expect(dialect.refusal('terminate', 'malformed')).toBeNull();
    const connect = { command: 'connect', Sequence_Id: 1, sequence: 1 } as unknown as CmppFrame;
    // 2.0 CONNECT_RESP: 1-octet Status, 16 zero octets, Version 0x20.
    expect(dialect.encodeResponse(connect, { Status: 1, Version: 0x20 }).toString('hex')).toBe(hex(`0000001e 80000001 00000001 01 ${'00'.repeat(16)} 20`).toString('hex'));
  });

  it('takes the status of each response from its own field', () => {
    const dialect = new CmppDialect('3.0');
    expect(dialect.statusOf(dialect.decode(vector('cmpp30_connect_resp')))).toBe(0);
    expect(dialect.statusOf({ command: 'submit_resp', Result: 8 } as unknown as CmppFrame)).toBe(8);
    expect(dialect.statusOf({ command: 'cancel_resp', Success_Id: 1 } as unknown as CmppFrame)).toBe(1);
    expect(dialect.statusOf({ command: 'active_test_resp', Reserved: 9 } as unknown as CmppFrame)).toBe(0);
  });

  it('switches layout when told the version a CONNECT settled', () => {
    const dialect = new CmppDialect('3.0');
    expect(dialect.name).toBe('CMPP 3.0');
    dialect.setVersion('2.0');
    expect(dialect.name).toBe('CMPP 2.0');
    expect(dialect.decode(vector('cmpp20_submit'))).toMatchObject({ command: 'submit', Sequence_Id: 3, Dest_terminal_Id: ['13800138000'] });
    expect(dialect.encodeRequest('active_test', 9, {}).equals(vector('cmpp_active_test'))).toBe(true);
  });
});

describe('report times and terminal ids', () => {
  it('YYMMDDHHMM in Beijing time, both ways; garbage reads as undefined', () => {
    const at = Date.UTC(2023, 10, 20, 12, 32); // 20:32 in Beijing
    expect(formatReportTime(new Date(at))).toBe('2311202032');
    expect(parseReportTime('2311202032')).toBe(at);
    expect(parseReportTime('')).toBeUndefined();
    expect(parseReportTime('2302310000')).toBeUndefined(); // 31 February
    expect(parseReportTime('23112020xx')).toBeUndefined();
    expect(parseReportTime(' 2311202032\t')).toBe(at);
    expect(parseReportTime('231120203')).toBeUndefined();
    expect(parseReportTime('23112020321')).toBeUndefined();
    expect(parseReportTime('23-1202032')).toBeUndefined();
    expect(parseReportTime('2313202032')).toBeUndefined(); // month 13
  });

  it('Chinese numbers lose or regain +86; others pass as digits', () => {
    expect(terminalIdOf('+8613800138000')).toBe('13800138000');
    expect(terminalIdOf('+8613800138000', 'international')).toBe('8613800138000');
    expect(terminalIdOf('+447700900123')).toBe('447700900123');
    expect(e164OfTerminalId('13800138000')).toBe('+8613800138000');
    expect(e164OfTerminalId('8613800138000')).toBe('+8613800138000');
    expect(e164OfTerminalId('10086')).toBe('10086');
  });
});
