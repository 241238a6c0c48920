import { describe, expect, it } from 'vitest';
import { authenticatorClient, authenticatorServer } from '../../../../src/protocols/smgp/authenticator.ts';
import { decodeSmgp } from '../../../../src/protocols/smgp/codec.ts';
import { MsgIdGenerator, formatMsgId, groupMemberId, isMsgId, msgIdFromOctets, msgIdToOctets, parseMsgId } from '../../../../src/protocols/smgp/msg-id.ts';
import type { SmgpPduOf } from '../../../../src/protocols/smgp/pdu-types.ts';
import { absoluteTime, loginTimestamp, msgIdTime, parseReportDate, recvTime, reportDate, timestampText } from '../../../../src/protocols/smgp/smgp-time.ts';
import { DEFAULT_SMGP_STATUS_OUTCOMES, SmgpStatus, smgpStatusName, smgpStatusOutcome } from '../../../../src/protocols/smgp/status.ts';
import { vector } from '../../../support/vectors.ts';

describe('SMGP MsgID', () => {
  it('splits the spec example into SMGW code, time and sequence', () => {
    expect(parseMsgId('01006101161700012345')).toEqual({ smgwCode: '010061', time: '01161700', sequence: '012345', bcd: true });
  });

  it('round-trips through the 10 wire octets', () => {
    const octets = Buffer.from('01006101161700012345', 'hex');
    expect(msgIdFromOctets(octets)).toBe('01006101161700012345');
    expect(msgIdToOctets('01006101161700012345').equals(octets)).toBe(true);
    expect(() => msgIdFromOctets(Buffer.alloc(9))).toThrow(RangeError);
    expect(() => msgIdToOctets('123')).toThrow(RangeError);
  });

  it('keeps an id with non-decimal nibbles as an opaque key', () => {
    expect(isMsgId('0a0b0c0d0e0f10111213')).toBe(true);
    expect(parseMsgId('0a0b0c0d0e0f10111213').bcd).toBe(false);
    expect(groupMemberId('0a0b0c0d0e0f10111213', 3)).toBe('0a0b0c0d0e0f10111213');
  });

  it('numbers group-send recipients by the sequence part only, wrapping at 999999', () => {
    expect(groupMemberId('01006101161700012345', 2)).toBe('01006101161700012347');
    expect(groupMemberId('01006101161700999999', 1)).toBe('01006101161700000000');
  });

  it('generates ids from the SMGW code, China time and a wrapping sequence', () => {
    const at = Date.UTC(2023, 0, 16, 9, 0, 30); // 17:00 in Beijing
    const generator = new MsgIdGenerator({ smgwCode: '010061', clock: () => at, start: 999_998 });
    expect(generator.next()).toBe('01006101161700999998');
    expect(generator.next(3)).toBe('01006101161700999999');
    expect(generator.next()).toBe('01006101161700000002');
    expect(() => new MsgIdGenerator({ smgwCode: '12' })).toThrow(RangeError);
    expect(() => formatMsgId({ smgwCode: '010061', time: '0116170', sequence: 1 })).toThrow(RangeError);
  });
});

describe('SMGP time fields (China Standard Time)', () => {
  const at = new Date(Date.UTC(2023, 2, 1, 8, 5, 9, 700)); // 2023-03-01 16:05:09.7 in Beijing

  it('formats each field in UTC+8 whatever the machine zone', () => {
    expect(loginTimestamp(at)).toBe(301160509);
    expect(timestampText(301000000)).toBe('0301000000');
    expect(msgIdTime(at)).toBe('03011605');
    expect(reportDate(at)).toBe('2303011605');
    expect(recvTime(at)).toBe('20230301160509');
    expect(absoluteTime(at)).toBe('230301160509732+');
  });

  it('reads report dates back, refusing impossible ones', () => {
    expect(parseReportDate('2303011605')?.toISOString()).toBe('2023-03-01T08:05:00.000Z');
    expect(parseReportDate('2302310000')).toBeUndefined();
    expect(parseReportDate('')).toBeUndefined();
    expect(parseReportDate('23030116xx')).toBeUndefined();
  });
});

describe('SMGP login authenticators', () => {
  it('reproduces T1 AuthenticatorClient from ClientID, secret and TimeStamp', () => {
    const login = decodeSmgp(vector('smgp_login')) as SmgpPduOf<'Login'>;
    expect(authenticatorClient('12345678', 'secret', login.TimeStamp).equals(login.AuthenticatorClient)).toBe(true);
    expect(authenticatorClient('12345678', 'secret', login.TimeStamp).toString('hex')).toBe('95898c46dedbcf393dcd4c2a861481e9');
  });

  it('reproduces T2 AuthenticatorServer from Status, AuthenticatorClient and secret', () => {
    const login = decodeSmgp(vector('smgp_login')) as SmgpPduOf<'Login'>;
    const resp = decodeSmgp(vector('smgp_login_resp')) as SmgpPduOf<'Login_Resp'>;
    expect(authenticatorServer(0, login.AuthenticatorClient, 'secret').equals(resp.AuthenticatorServer)).toBe(true);
  });

  it('changes with every input', () => {
    const base = authenticatorClient('12345678', 'secret', 301000000).toString('hex');
    expect(authenticatorClient('12345679', 'secret', 301000000).toString('hex')).not.toBe(base);
    expect(authenticatorClient('12345678', 'secreT', 301000000).toString('hex')).not.toBe(base);
    expect(authenticatorClient('12345678', 'secret', 301000001).toString('hex')).not.toBe(base);
  });
});

describe('SMGP Status', () => {
  it('names defined, vendor and reserved codes', () => {
    expect(smgpStatusName(21)).toBe('AUTHENTICATION_ERROR');
    expect(smgpStatusName(200)).toBe('STATUS_200 (vendor)');
    expect(smgpStatusName(5)).toBe('STATUS_5 (reserved)');
  });

  it('throttles on flow control, retries session and gateway faults, fails bad messages', () => {
    expect(smgpStatusOutcome(SmgpStatus.OK)).toBe('ok');
    expect(smgpStatusOutcome(SmgpStatus.SYSTEM_BUSY)).toBe('throttled');
    expect(smgpStatusOutcome(SmgpStatus.SP_DAILY_LIMIT_EXCEEDED)).toBe('throttled');
    expect(smgpStatusOutcome(SmgpStatus.TOO_MANY_CONNECTIONS)).toBe('transient');
    expect(smgpStatusOutcome(SmgpStatus.AUTHENTICATION_ERROR)).toBe('transient');
    expect(smgpStatusOutcome(SmgpStatus.ILLEGAL_DEST_TERM_ID)).toBe('permanent');
    expect(smgpStatusOutcome(SmgpStatus.ILLEGAL_MSG_LENGTH)).toBe('permanent');
    expect(smgpStatusOutcome(200)).toBe('transient');
  });

  it('lists every named code in the default table, and overrides win except over 0', () => {
    for (const code of Object.values(SmgpStatus)) expect(DEFAULT_SMGP_STATUS_OUTCOMES.has(code)).toBe(true);
    expect(smgpStatusOutcome(200, { 200: 'throttled' })).toBe('throttled');
    expect(smgpStatusOutcome(47, new Map([[47, 'transient' as const]]))).toBe('transient');
    expect(smgpStatusOutcome(0, { 0: 'permanent' })).toBe('ok');
  });
});
