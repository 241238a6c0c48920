import { describe, expect, it } from 'vitest';
import type { OutboundMessage } from '../../../src/core/connector.ts';
import { ConnectorSettingsError } from '../../../src/connectors/settings-error.ts';
import { moEventOf, receiptEventOf, sgipTime, spNumberFor, submitBodies, userNumberFor } from '../../../src/connectors/sgip/map.ts';
import { parseSgipSettings } from '../../../src/connectors/sgip/settings.ts';
import { normalizeReportStatus } from '../../../src/protocols/sgip/report-status.ts';

const base = { host: 'smg.example', loginName: 'sp', password: 'secret', nodeId: 3010012345, spNumber: '10655001' };

function fieldOf(raw: unknown): string {
  try {
    parseSgipSettings(raw);
  } catch (error) {
    expect(error).toBeInstanceOf(ConnectorSettingsError);
    return (error as ConnectorSettingsError).field;
  }
  throw new Error('settings were accepted');
}

describe('parseSgipSettings', () => {
  it('fills in defaults', () => {
    expect(parseSgipSettings(base)).toMatchObject({
      port: 8801,
      connections: 1,
      window: 16,
      tps: 0,
      idleTimeoutMs: 30_000,
      requestTimeoutMs: 30_000,
      encodings: ['ascii', 'ucs2', 'gbk'],
      chargeNumber: '000000000000000000000',
      feeType: 1,
      morelatetoMTFlag: 2,
      utcOffsetMinutes: 480,
      listen: null,
    });
    expect(parseSgipSettings({ ...base, listen: { port: 8801, loginName: 'smg', password: 'pw' } }).listen).toEqual({ host: '0.0.0.0', port: 8801, loginName: 'smg', password: 'pw', idleTimeoutMs: 60_000, maxConnections: 16 });
  });

  it('names the offending field', () => {
    expect(fieldOf({ ...base, host: '' })).toBe('host');
    expect(fieldOf({ ...base, nodeId: undefined })).toBe('nodeId');
    expect(fieldOf({ ...base, nodeId: 2 ** 32 })).toBe('nodeId');
    expect(fieldOf({ ...base, loginName: 'x'.repeat(17) })).toBe('loginName');
    expect(fieldOf({ ...base, password: undefined })).toBe('password');
    expect(fieldOf({ ...base, spNumber: 10655001 })).toBe('spNumber');
    expect(fieldOf({ ...base, spNumber: '1065abc' })).toBe('spNumber');
    expect(fieldOf({ ...base, spNumber: '' })).toBe('spNumber');
    expect(fieldOf({ ...base, extension: '1'.repeat(14) })).toBe('extension');
    expect(fieldOf({ ...base, corpId: '123456' })).toBe('corpId');
    expect(fieldOf({ ...base, serviceType: '服务' })).toBe('serviceType');
    expect(fieldOf({ ...base, encodings: ['gbk', 'utf8'] })).toBe('encodings[1]');
    expect(fieldOf({ ...base, statusOverrides: { 11: 'ok' } })).toBe('statusOverrides.11');
    expect(fieldOf({ ...base, reportStatuses: { 'ERR:26': 'gone' } })).toBe('reportStatuses.ERR:26');
    expect(fieldOf({ ...base, listen: { port: 8801, password: 'pw' } })).toBe('listen.loginName');
    expect(fieldOf({ ...base, listen: { port: 70000, loginName: 'smg', password: 'pw' } })).toBe('listen.port');
    expect(fieldOf({ ...base, listen: 'yes' })).toBe('listen');
    expect(fieldOf({ ...base, reconnectInitialMs: 500, reconnectMaxMs: 100 })).toBe('reconnectMaxMs');
  });
});

describe('SGIP mapping', () => {
  const settings = parseSgipSettings({ ...base, extension: '9', corpId: '12345', serviceType: 'NOTICE' });

  it('builds SPNumber from the sender: full number, extension code, or the default extension', () => {
    expect(spNumberFor('1065500123', settings)).toBe('1065500123');
    expect(spNumberFor('0123', settings)).toBe('106550010123');
    expect(spNumberFor(null, settings)).toBe('106550019');
    expect(spNumberFor('Kuaixin', settings)).toBe('106550019');
    expect(() => spNumberFor('1'.repeat(20), settings)).toThrow(/SPNumber/);
  });

  it('writes UserNumber with the 86 prefix and without +', () => {
    expect(userNumberFor('+8613012345678')).toBe('8613012345678');
    expect(userNumberFor('13012345678')).toBe('8613012345678');
    expect(userNumberFor('008613012345678')).toBe('8613012345678');
    expect(() => userNumberFor('+86 130')).toThrow(/UserNumber/);
  });

  it('writes ExpireTime as yymmddhhmmss + 032+ in Beijing time', () => {
    expect(sgipTime(Date.UTC(2023, 10, 20, 12, 32, 25), 480)).toBe('231120203225032+');
    expect(sgipTime(Date.UTC(2023, 10, 20, 12, 32, 25), -300)).toBe('231120073225020-');
  });

  it('turns a message into one Submit per part with the connector fields', () => {
    const now = Date.UTC(2023, 10, 20, 12, 0, 0);
    const message: OutboundMessage = { id: 'm1', sender: '01', recipient: '+8613012345678', text: '你好', encoding: 'ucs2', segments: 1, wantReceipt: true, validUntil: now + 3_600_000, priority: 0 };
    expect(submitBodies(message, settings, 7, now)).toEqual([
      {
        SPNumber: '1065500101',
        ChargeNumber: '000000000000000000000',
        UserNumber: ['8613012345678'],
        CorpId: '12345',
        ServiceType: 'NOTICE',
        FeeType: 1,
        FeeValue: '0',
        GivenValue: '0',
        AgentFlag: 0,
        MorelatetoMTFlag: 2,
        Priority: 2,
        ExpireTime: '231120210000032+',
        ReportFlag: 1,
        MessageType: 0,
        TP_udhi: 0,
        MessageCoding: 8,
        MessageContent: Buffer.from('4f60597d', 'hex'),
      },
    ]);
    const long = submitBodies({ ...message, text: 'x'.repeat(200), wantReceipt: false, validUntil: now - 1 }, settings, 7, now);
    // A report is asked for even when the customer wanted none: the platform needs the outcome.
    expect(long.map((b) => [b.TP_udhi, b.MessageCoding, b.ReportFlag, b.ExpireTime])).toEqual([[1, 0, 1, ''], [1, 0, 1, '']]);
  });

  it('turns a Report into a ReceiptEvent keyed by the Submit sequence number', () => {
    const report = { command: 'report', sequence: 1, SequenceNumber: { nodeId: 101001, timestamp: 1, counter: 1 }, SubmitSequenceNumber: { nodeId: 3010012345, timestamp: 1120203225, counter: 2 }, ReportType: 0, UserNumber: '8613012345678', State: 2, ErrorCode: 29, Reserve: '' } as const;
    expect(receiptEventOf(report, 'up1', normalizeReportStatus, 5)).toEqual({ connectorId: 'up1', upstreamKeys: ['3010012345-1120203225-2'], state: 'rejected', rawStatus: 'ERR:29', errorCode: '29', doneAt: 5 });
    expect(receiptEventOf({ ...report, State: 0, ErrorCode: 0 }, 'up1', normalizeReportStatus, 5)).toMatchObject({ state: 'delivered', rawStatus: 'DELIVRD', errorCode: null });
  });

  it('turns MO into an MoEvent with the full SP number as recipient and an E.164 sender', () => {
    expect(moEventOf({ source: '8613012345678', destination: '1065500123', text: 'TD', MessageCoding: 0, parts: 1 }, 'up1', 9)).toEqual({ connectorId: 'up1', sender: '+8613012345678', recipient: '1065500123', text: 'TD', encoding: 'ia5', receivedAt: 9 });
    expect(moEventOf({ source: '10086', destination: '10655001', text: '你好', MessageCoding: 15, parts: 1 }, 'up1', 9)).toMatchObject({ sender: '10086', encoding: 'ucs2' });
  });
});
