// CMPP connector settings and mapping: Src_Id, SUBMIT fields, report → ReceiptEvent with the Stat table.
import { describe, expect, it } from 'vitest';
import { groupKeyOf, receiptEventOf, srcIdOf, submitBodies } from '../../../src/connectors/cmpp/map.ts';
import { parseCmppSettings } from '../../../src/connectors/cmpp/settings.ts';
import { mayBeOneDestination } from '../../../src/connectors/cmpp/submit-failure.ts';
import { ConnectorSettingsError } from '../../../src/connectors/settings-error.ts';
import { ResponseStatusError } from '../../../src/protocols/shared/framed-errors.ts';
import { ResponseTimeoutError } from '../../../src/protocols/shared/framed-session.ts';
import type { OutboundMessage } from '../../../src/core/connector.ts';
import type { CmppFrameOf } from '../../../src/protocols/cmpp/dialect.ts';
import { encodeCmppReport } from '../../../src/protocols/cmpp/report.ts';
import { statTable } from '../../../src/protocols/cmpp/report-stat.ts';

const base = { host: 'ismg', spId: '901234', secret: 's', srcId: '10690001' };
const NOW = Date.UTC(2025, 0, 1);

function message(overrides: Partial<OutboundMessage> = {}): OutboundMessage {
  return { id: 'm1', sender: null, recipient: '+8613800138000', text: 'hi', encoding: 'gsm7', segments: 1, wantReceipt: true, validUntil: NOW + 3_600_000, priority: 1, ...overrides };
}

describe('Src_Id', () => {
  it('keeps a sender that starts with the access number, appends a numeric extension, else the configured one', () => {
    const settings = { srcId: '10690001', extension: '77' };
    expect(srcIdOf('1069000155', settings)).toBe('1069000155');
    expect(srcIdOf('55', settings)).toBe('1069000155');
    expect(srcIdOf('+55', settings)).toBe('1069000155');
    expect(srcIdOf(null, settings)).toBe('1069000177');
    expect(srcIdOf('Kuaixin', settings)).toBe('1069000177');
  });
});

describe('SUBMIT bodies', () => {
  it('fills fees, service, Msg_src, validity in Beijing time, and the recipient in the configured form', () => {
    const settings = parseCmppSettings({ ...base, serviceId: 'MTEST', feeType: '02', feeCode: '10', recipientFormat: 'international' });
    const [body] = submitBodies(message({ priority: 0 }), settings, 1, NOW);
    expect(body).toMatchObject({
      Registered_Delivery: 1,
      Msg_level: 2,
      Service_Id: 'MTEST',
      Fee_UserType: 2,
      FeeType: '02',
      FeeCode: '10',
      Msg_src: '901234',
      Src_Id: '10690001',
      Dest_terminal_Id: ['8613800138000'],
      Pk_total: 1,
      Pk_number: 1,
      TP_udhi: 0,
      Msg_Fmt: 0,
    });
    expect(body!.ValId_Time).toBe('250101090000032+');
    expect(submitBodies(message({ validUntil: NOW - 1 }), settings, 1, NOW)[0]!.ValId_Time).toBe('');
  });

  it('Registered_Delivery is 1 by default, follows the message when set per-message, and can be never', () => {
    expect(submitBodies(message({ wantReceipt: false }), parseCmppSettings(base), 1, NOW)[0]!.Registered_Delivery).toBe(1);
    const perMessage = parseCmppSettings({ ...base, registeredDelivery: 'per-message' });
    expect(submitBodies(message({ wantReceipt: false }), perMessage, 1, NOW)[0]!.Registered_Delivery).toBe(0);
    expect(submitBodies(message(), perMessage, 1, NOW)[0]!.Registered_Delivery).toBe(1);
    expect(submitBodies(message(), parseCmppSettings({ ...base, registeredDelivery: 'never' }), 1, NOW)[0]!.Registered_Delivery).toBe(0);
  });

  it('Chinese text goes UCS2 by default and GBK when configured; a 16-bit reference when asked', () => {
    const text = '验证码123456，五分钟内有效。'.repeat(8);
    const ucs2 = submitBodies(message({ text }), parseCmppSettings(base), 0x1234, NOW);
    expect(ucs2.every((b) => b.Msg_Fmt === 8 && b.TP_udhi === 1)).toBe(true);
    expect(Buffer.from(ucs2[0]!.Msg_Content!).subarray(0, 6).toString('hex')).toBe(`050003${'34'}${ucs2.length.toString(16).padStart(2, '0')}01`);
    const gbk = submitBodies(message({ text }), parseCmppSettings({ ...base, chineseEncoding: 'gbk', concat: 'udh16' }), 0x1234, NOW);
    expect(gbk.every((b) => b.Msg_Fmt === 15)).toBe(true);
    expect(Buffer.from(gbk[0]!.Msg_Content!).subarray(0, 5).toString('hex')).toBe('0608041234');
  });
});

describe('reports', () => {
  const deliver = (stat: string, doneTime = '2501010930') =>
    ({
      command: 'deliver',
      Registered_Delivery: 1,
      Msg_Content: encodeCmppReport({ Msg_Id: 'ba520641e2400001', Stat: stat, Submit_time: '2501010929', Done_time: doneTime, Dest_terminal_Id: '13800138000', SMSC_sequence: 1 }, '3.0'),
    }) as unknown as CmppFrameOf<'deliver'>;

  it('looks up by Msg_Id, keeps the raw Stat, normalises it through the table, and reads Done_time as Beijing time', () => {
    const table = statTable({});
    expect(receiptEventOf(deliver('DELIVRD'), 'cm', table, 0)).toEqual({
      ok: true,
      event: { connectorId: 'cm', upstreamKeys: ['ba520641e2400001'], state: 'delivered', rawStatus: 'DELIVRD', errorCode: null, doneAt: Date.UTC(2025, 0, 1, 1, 30) },
    });
    expect(receiptEventOf(deliver('MK:0005', ''), 'cm', table, 42)).toMatchObject({ ok: true, event: { state: 'undelivered', rawStatus: 'MK:0005', errorCode: 'MK:0005', doneAt: 42 } });
    expect(receiptEventOf(deliver('DB:0101'), 'cm', table, 0)).toMatchObject({ event: { state: 'rejected' } });
  });

  it('honours the connector’s Stat overrides, and refuses an unreadable report', () => {
    const settings = parseCmppSettings({ ...base, statOverrides: { prefixes: { 'MK:0005': 'expired' }, exact: { UNKNOWN: 'undelivered' } } });
    const table = statTable(settings.statOverrides);
    expect(receiptEventOf(deliver('MK:0005'), 'cm', table, 0)).toMatchObject({ event: { state: 'expired' } });
    expect(receiptEventOf(deliver('MK:0001'), 'cm', table, 0)).toMatchObject({ event: { state: 'undelivered' } });
    expect(receiptEventOf(deliver('UNKNOWN'), 'cm', table, 0)).toMatchObject({ event: { state: 'undelivered' } });
    const broken = { command: 'deliver', Registered_Delivery: 1, Msg_Content: Buffer.alloc(30) } as unknown as CmppFrameOf<'deliver'>;
    expect(receiptEventOf(broken, 'cm', table, 0)).toMatchObject({ ok: false });
  });
});

describe('group send', () => {
  function settingsError(raw: Record<string, unknown>): ConnectorSettingsError {
    try {
      parseCmppSettings({ ...base, ...raw });
    } catch (error) {
      expect(error).toBeInstanceOf(ConnectorSettingsError);
      return error as ConnectorSettingsError;
    }
    throw new Error('settings were accepted');
  }

  it('is off by default, and takes { max, lingerMs } with defaults 99 and 2', () => {
    expect(parseCmppSettings(base).groupSend).toBeNull();
    expect(parseCmppSettings({ ...base, groupSend: null }).groupSend).toBeNull();
    expect(parseCmppSettings({ ...base, groupSend: {} }).groupSend).toEqual({ max: 99, lingerMs: 2 });
    expect(parseCmppSettings({ ...base, groupSend: { max: 10, lingerMs: 5 } }).groupSend).toEqual({ max: 10, lingerMs: 5 });
  });

  it('names the field and the rule of a bad groupSend', () => {
    expect(settingsError({ groupSend: 10 })).toMatchObject({ field: 'groupSend' });
    expect(settingsError({ groupSend: { max: 100 } })).toMatchObject({ field: 'groupSend.max', message: 'groupSend.max: must be between 2 and 99, got 100' });
    expect(settingsError({ groupSend: { max: 1 } }).field).toBe('groupSend.max');
    expect(settingsError({ groupSend: { lingerMs: 0 } }).field).toBe('groupSend.lingerMs');
    expect(settingsError({ groupSend: { lingerMs: 'soon' } }).message).toBe('groupSend.lingerMs: must be an integer');
    expect(settingsError({ groupSend: { size: 5 } }).field).toBe('groupSend.size');
  });

  it('keys messages by everything their SUBMIT carries but the recipient', () => {
    const settings = parseCmppSettings(base);
    const key = (overrides: Partial<OutboundMessage>) => groupKeyOf(message(overrides), settings, NOW);
    expect(key({ recipient: '+8613900139000', id: 'other' })).toBe(key({}));
    expect(key({ validUntil: NOW + 3_600_000 + 30 })).toBe(key({})); // ValId_Time has tenths of a second
    expect(key({ text: 'bye' })).not.toBe(key({}));
    expect(key({ sender: '55' })).not.toBe(key({}));
    expect(key({ wantReceipt: false })).toBe(key({})); // Registered_Delivery is 1 either way by default
    const perMessage = parseCmppSettings({ ...base, registeredDelivery: 'per-message' });
    expect(groupKeyOf(message({ wantReceipt: false }), perMessage, NOW)).not.toBe(groupKeyOf(message(), perMessage, NOW));
    expect(key({ priority: 0 })).not.toBe(key({}));
    expect(key({ validUntil: NOW + 7_200_000 })).not.toBe(key({}));
  });

  it('builds one body per part addressed to every destination, sharing one concatenation reference', () => {
    const settings = parseCmppSettings(base);
    const destinations = ['13800138000', '13800138001', '13800138002'];
    const bodies = submitBodies(message({ text: '尊敬的客户，您的订单已发货，预计三天内送达。'.repeat(4) }), settings, 7, NOW, destinations);
    expect(bodies).toHaveLength(2);
    expect(bodies.every((b) => b.Dest_terminal_Id === destinations && b.Msg_Content![3] === 7)).toBe(true);
  });

  it('resends members one by one only for a Result one destination can cause', () => {
    const status = (result: number) => new ResponseStatusError('submit', result, {});
    expect(mayBeOneDestination(status(13), {})).toBe(true);
    expect(mayBeOneDestination(status(9), {})).toBe(true);
    expect(mayBeOneDestination(status(105), {})).toBe(true);
    expect(mayBeOneDestination(status(105), { 105: 'throttled' })).toBe(false);
    expect(mayBeOneDestination(status(8), {})).toBe(false);
    expect(mayBeOneDestination(status(5), {})).toBe(false);
    expect(mayBeOneDestination(new ResponseTimeoutError(1, 1000), {})).toBe(false);
  });
});
