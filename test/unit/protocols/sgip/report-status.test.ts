import { describe, expect, it } from 'vitest';
import { DEFAULT_REPORT_STATUS_TABLE, normalizeReportStatus, rawReportStatus, reportStatusNormalizer } from '../../../../src/protocols/sgip/report-status.ts';

describe('SGIP report status', () => {
  it('keeps State and ErrorCode as a raw status text', () => {
    expect(rawReportStatus(0, 0)).toBe('DELIVRD');
    expect(rawReportStatus(1, 0)).toBe('ENROUTE');
    expect(rawReportStatus(2, 25)).toBe('ERR:25');
    expect(rawReportStatus(7, 3)).toBe('STATE:7:3');
  });

  it('normalises with the default table', () => {
    expect(normalizeReportStatus('DELIVRD')).toBe('delivered');
    expect(normalizeReportStatus('ENROUTE')).toBe('enroute');
    expect(normalizeReportStatus('ERR:25')).toBe('expired');
    expect(normalizeReportStatus('ERR:29')).toBe('rejected');
    expect(normalizeReportStatus('ERR:26')).toBe('undelivered');
    expect(normalizeReportStatus('ERR:99')).toBe('undelivered');
    expect(normalizeReportStatus(' undeliv ')).toBe('undelivered');
    expect(normalizeReportStatus('EXPIRED')).toBe('expired');
    expect(normalizeReportStatus('MK:0005')).toBe('undelivered');
    expect(normalizeReportStatus('MI:0013')).toBe('undelivered');
    expect(normalizeReportStatus('DB:0008')).toBe('rejected');
    expect(normalizeReportStatus('STATE:7:3')).toBe('unknown');
    expect(normalizeReportStatus('')).toBe('unknown');
  });

  it('takes an edited table: exact entries beat patterns, longer patterns beat shorter ones', () => {
    const normalize = reportStatusNormalizer({ ...DEFAULT_REPORT_STATUS_TABLE, 'ERR:26': 'expired', 'MK:00*': 'rejected', 'MK:0099': 'delivered' });
    expect(normalize('ERR:26')).toBe('expired');
    expect(normalize('MK:0005')).toBe('rejected');
    expect(normalize('MK:0099')).toBe('delivered');
    expect(normalize('MK:1005')).toBe('undelivered');
    expect(normalizeReportStatus('ERR:25', { 'ERR:*': 'rejected' })).toBe('rejected');
    expect(normalizeReportStatus('DELIVRD', { 'ERR:*': 'rejected' })).toBe('unknown');
  });
});
