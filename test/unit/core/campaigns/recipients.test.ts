// Reading recipient uploads (CSV with or without a header, TXT with mixed separators), filling
// ${variables}, and the run report's arithmetic.
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runReport } from '../../../../src/core/campaigns/campaign-report.ts';
import { failureClassifier } from '../../../../src/core/stats/failure-category.ts';
import { fillVariables, hasVariables } from '../../../../src/core/templates/text-variables.ts';
import { readUpload, type RawRecipient } from '../../../../src/core/campaigns/recipient-staging.ts';

async function read(text: string, format: 'csv' | 'txt'): Promise<RawRecipient[]> {
  const rows: RawRecipient[] = [];
  for await (const row of readUpload(Readable.from([Buffer.from(text)]), format)) rows.push(row);
  return rows;
}

describe('recipient uploads', () => {
  it('a CSV header names the number column; the other columns become variables', async () => {
    expect(await read('\uFEFF姓名,手机号,金额\n张三,13800000001,12\n"李, 四",13800000002,\n', 'csv')).toEqual([
      { line: 2, number: '13800000001', params: { 姓名: '张三', 金额: '12' } },
      { line: 3, number: '13800000002', params: { 姓名: '李, 四', 金额: '' } },
    ]);
  });

  it('a CSV without a header takes the first column as the number', async () => {
    expect(await read('13800000001,x\n13800000002\n', 'csv')).toEqual([
      { line: 1, number: '13800000001', params: {} },
      { line: 2, number: '13800000002', params: {} },
    ]);
  });

  it('TXT takes every number on every line, whatever separates them', async () => {
    const rows = await read('13800000001\r\n13800000002, 13800000003;13800000004\t13800000005 13800000006\n\n', 'txt');
    expect(rows.map((r) => [r.line, r.number])).toEqual([
      [1, '13800000001'], [2, '13800000002'], [2, '13800000003'], [2, '13800000004'], [2, '13800000005'], [2, '13800000006'],
    ]);
  });

  it('an unterminated quote is an error, not a silent partial list', async () => {
    await expect(read('mobile\n"13800000001\n', 'csv')).rejects.toThrow(/quote/i);
  });
});

describe('text variables', () => {
  it('fills each variable and names the one missing', () => {
    expect(hasVariables('Hi ${name}')).toBe(true);
    expect(hasVariables('Hi $name {x}')).toBe(false);
    expect(fillVariables('${姓名}您好，${amount}元，${姓名}', { 姓名: '张三', amount: '5' })).toEqual({ ok: true, text: '张三您好，5元，张三' });
    expect(fillVariables('${name}', { name: '' })).toEqual({ ok: true, text: '' });
    const missing = fillVariables('${name} ${code}', { name: 'a' });
    expect(missing.ok).toBe(false);
    if (!missing.ok) {
      expect(missing.error.code).toBe('missing_parameter');
      expect(missing.error.message).toMatch(/\$\{code\}/);
      expect(missing.error.details).toEqual([{ variable: 'code' }]);
    }
  });
});

describe('run report', () => {
  it('counts carrier-accepted, delivered, failed by category and code, pending and cost; rate over settled messages', () => {
    const report = runReport(
      [
        { state: 'delivered', errorCode: null, count: 90, segments: 180, cost: 9000 },
        { state: 'undelivered', errorCode: 'MK:0005', count: 6, segments: 12, cost: 600 },
        { state: 'rejected', errorCode: 'DB:0144', count: 4, segments: 4, cost: 400 },
        { state: 'submitted', errorCode: null, count: 10, segments: 10, cost: 1000 },
        { state: 'queued', errorCode: null, count: 5, segments: 5, cost: 500 },
        { state: 'cancelled', errorCode: null, count: 1, segments: 1, cost: 0 },
      ],
      failureClassifier(),
    );
    expect(report).toEqual({
      messages: 116, segments: 212, pending: 15, submitted: 106, delivered: 90, failed: 10, cancelled: 1, cost: 11_500,
      failures: { powered_off: 6, blacklist: 4 }, failureCodes: { 'MK:0005': 6, 'DB:0144': 4 }, deliveryRate: 0.9,
    });
    expect(runReport([], failureClassifier()).deliveryRate).toBeNull();
  });
});
