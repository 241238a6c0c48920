// Aliyun/Tencent-shaped status reports: the callback slot round-trips, the notifier sends the cloud's
// shape instead of our webhook (final states only), and failures keep the carrier's code.
import { describe, expect, it } from 'vitest';
import { aliyunReport, beijingTime, callbackFormatKey, decodeCloudCallback, encodeCloudCallback, tencentReport } from '../../../src/core/cloud-report.ts';
import type { Message } from '../../../src/core/message.ts';
import { Notifier } from '../../../src/core/notifier.ts';
import type { Account, Store } from '../../../src/store/types.ts';

const account = { id: 'a1', callbackUrl: 'https://hooks.example/a1' } as Account;
const formats = new Map<string, string>();
const store = { accounts: { get: async (id: string) => (id === 'a1' ? account : null) }, settings: { get: async (key: string) => formats.get(key) ?? null } } as unknown as Store;
// 2026-01-02T03:04:05Z = 11:04:05 in Beijing.
const AT = Date.UTC(2026, 0, 2, 3, 4, 5);

function message(state: Message['state'], callbackUrl: string | null, error: [string, string] | null = null): Message {
  return {
    id: 'M1', accountId: 'a1', source: 'api', recipient: '+8613800138000', sender: null, text: 'x', encoding: 'ucs2', segments: 2, state, batchId: 'B1',
    errorCode: error?.[0] ?? null, errorMessage: error?.[1] ?? null, callbackUrl, wantReceipt: true, createdAt: AT - 1000, submittedAt: AT - 500, doneAt: AT, updatedAt: AT,
  } as unknown as Message;
}

describe('cloud callback slot', () => {
  it('round-trips template, an OutId with separators and a URL with a port', () => {
    const slot = { format: 'aliyun' as const, templateCode: 'SMS_000001', outId: 'a:b/c%', url: 'http://h.example:8080/r?x=1' };
    expect(decodeCloudCallback(encodeCloudCallback(slot))).toEqual(slot);
    expect(decodeCloudCallback(encodeCloudCallback({ ...slot, format: 'tencent', outId: null, url: null }))).toEqual({ ...slot, format: 'tencent', outId: null, url: null });
    expect(decodeCloudCallback('https://hooks.example/x')).toBeNull();
    expect(decodeCloudCallback('cloud:other:x::')).toBeNull();
  });

  it('prints Beijing time', () => {
    expect(beijingTime(AT)).toBe('2026-01-02 11:04:05');
  });
});

describe('report shapes', () => {
  const slot = { format: 'aliyun' as const, templateCode: 'SMS_000001', outId: 'o-1', url: null };

  it('Aliyun SmsReport: DELIVERED on success, the raw carrier code on failure', () => {
    expect(aliyunReport(message('delivered', null), slot, AT)).toEqual({
      phone_number: '13800138000', send_time: '2026-01-02 11:04:04', report_time: '2026-01-02 11:04:05', success: true,
      err_code: 'DELIVERED', err_msg: '用户接收成功', sms_size: '2', biz_id: 'B1', out_id: 'o-1',
    });
    expect(aliyunReport(message('undelivered', null, ['MK:0005', 'number does not exist']), slot, AT)).toMatchObject({ success: false, err_code: 'MK:0005', err_msg: 'number does not exist' });
  });

  it('Tencent status callback: SUCCESS/FAIL, national number, sid = the message id', () => {
    expect(tencentReport(message('delivered', null), AT)).toEqual({
      user_receive_time: '2026-01-02 11:04:05', nationcode: '86', mobile: '13800138000', report_status: 'SUCCESS', errmsg: 'DELIVRD', description: '用户短信送达成功', sid: 'M1',
    });
    expect(tencentReport(message('expired', null), AT)).toMatchObject({ report_status: 'FAIL', errmsg: 'EXPIRED' });
  });
});

describe('Notifier with a cloud callback slot', () => {
  const notifier = new Notifier(store, () => AT);

  it("sends the cloud's shape to the account's URL instead of our webhook, and only for final states", async () => {
    const aliyun = encodeCloudCallback({ format: 'aliyun', templateCode: 'SMS_000001', outId: null, url: null });
    const items = await notifier.statusItems(message('delivered', aliyun), () => null);
    expect(items.map((i) => [i.kind, i.target])).toEqual([['aliyun', 'https://hooks.example/a1']]);
    expect(items[0].payload).toMatchObject({ biz_id: 'B1', success: true });
    expect(await notifier.statusItems(message('submitted', aliyun), () => null)).toEqual([]);
  });

  it('a URL in the slot wins over the account URL', async () => {
    const tencent = encodeCloudCallback({ format: 'tencent', templateCode: 'SMS_000001', outId: null, url: 'https://tc.example/cb' });
    const items = await notifier.statusItems(message('undelivered', tencent), () => null);
    expect(items.map((i) => [i.kind, i.target])).toEqual([['tencent', 'https://tc.example/cb']]);
  });
});

describe('Notifier with an account callback format', () => {
  it("'aliyun' reports every message (native ones too) in Aliyun's shape; 'kuaixin' forces ours on cloud sends", async () => {
    formats.set(callbackFormatKey('a1'), 'aliyun');
    const native = await new Notifier(store, () => AT).statusItems({ ...message('delivered', null), clientRef: 'ref-9' }, () => null);
    expect(native.map((i) => i.kind)).toEqual(['aliyun']);
    expect(native[0].payload).toMatchObject({ out_id: 'ref-9', biz_id: 'B1', err_code: 'DELIVERED' });
    formats.set(callbackFormatKey('a1'), 'kuaixin');
    const tencent = encodeCloudCallback({ format: 'tencent', templateCode: 'SMS_000001', outId: null, url: null });
    const ours = await new Notifier(store, () => AT).statusItems(message('delivered', tencent), () => null);
    expect(ours.map((i) => [i.kind, i.target])).toEqual([['http', 'https://hooks.example/a1']]);
    expect(ours[0].payload).toMatchObject({ messageId: 'M1', state: 'delivered' });
    formats.clear();
  });
});

describe('replies (MO) in a cloud shape', () => {
  const mo = { id: 'MO1', sender: '+8613800138000', recipient: '106900001234', text: 'TD', receivedAt: AT };

  it("Aliyun SmsUp and Tencent reply callback items only when the account chose that shape", async () => {
    formats.set(callbackFormatKey('a1'), 'aliyun');
    const aliyun = await new Notifier(store, () => AT).moItems('a1', mo, null);
    expect(aliyun.map((i) => [i.kind, i.event, i.target])).toEqual([['aliyun', 'mo', 'https://hooks.example/a1']]);
    expect(aliyun[0].payload).toEqual({ phone_number: '13800138000', send_time: '2026-01-02 11:04:05', content: 'TD', sign_name: '', dest_code: '106900001234', sequence_id: 'MO1' });
    formats.set(callbackFormatKey('a1'), 'tencent');
    const tencent = await new Notifier(store, () => AT).moItems('a1', mo, null);
    expect(tencent[0].payload).toEqual({ extend: '', mobile: '13800138000', nationcode: '86', sign: '', text: 'TD', time: Math.floor(AT / 1000) });
    // With the extension code known (the digits after the account's number), both shapes carry it.
    expect((await new Notifier(store, () => AT).moItems('a1', mo, null, null, '1234'))[0].payload).toMatchObject({ extend: '1234' });
    formats.set(callbackFormatKey('a1'), 'aliyun');
    expect((await new Notifier(store, () => AT).moItems('a1', mo, null, null, '1234'))[0].payload).toMatchObject({ dest_code: '1234' });
    formats.set(callbackFormatKey('a1'), 'auto');
    expect((await new Notifier(store, () => AT).moItems('a1', mo, null)).map((i) => i.kind)).toEqual(['http']);
    formats.clear();
  });
});
