import { describe, expect, it } from 'vitest';
import { destinationOf, moEventOf, priorityOf, receiptEventOf, senderOf, sourceOf, submitBodies } from '../../../src/connectors/smgp/map.ts';
import { parseSmgpSettings } from '../../../src/connectors/smgp/settings.ts';
import { ConnectorSettingsError } from '../../../src/connectors/settings-error.ts';
import type { OutboundMessage } from '../../../src/core/connector.ts';
import { decodeSmgp } from '../../../src/protocols/smgp/codec.ts';
import type { SmgpPduOf } from '../../../src/protocols/smgp/pdu-types.ts';
import { DEFAULT_REPORT_STATUS_TABLE, reportStatusTable } from '../../../src/protocols/smgp/report-status.ts';
import { vector } from '../../support/vectors.ts';

const base = { host: 'smgw.example', port: 8890, clientId: 'SP000001', secret: 's', spNumber: '1065900001' };

function fieldOf(raw: unknown): string {
  try {
    parseSmgpSettings(raw);
  } catch (error) {
    expect(error).toBeInstanceOf(ConnectorSettingsError);
    return (error as ConnectorSettingsError).field;
  }
  throw new Error('settings were accepted');
}

describe('parseSmgpSettings', () => {
  it('fills in the defaults', () => {
    expect(parseSmgpSettings(base)).toMatchObject({
      tls: false,
      bindMode: 'transceiver',
      binds: 1,
      window: 16,
      tps: 0,
      extension: '',
      senderAs: 'extension',
      feeType: '00',
      recipientFormat: 'national',
      encodings: ['ascii', 'gbk', 'ucs2'],
      concat: 'udh8',
      clientVersion: 0x30,
      verifyServer: 'if-present',
      utcOffsetMinutes: 480,
      activeTestIntervalMs: 180_000,
      statusOverrides: {},
      reportStates: {},
    });
  });

  it('names the field of every bad setting', () => {
    expect(fieldOf(null)).toBe('settings');
    expect(fieldOf({ ...base, host: '' })).toBe('host');
    expect(fieldOf({ ...base, clientId: undefined })).toBe('clientId');
    expect(fieldOf({ ...base, clientId: 'NINE-CHAR' })).toBe('clientId');
    expect(fieldOf({ ...base, secret: 'x'.repeat(16) })).toBe('secret');
    expect(fieldOf({ ...base, spNumber: '10659-01' })).toBe('spNumber');
    expect(fieldOf({ ...base, extension: '1'.repeat(12) })).toBe('extension');
    expect(fieldOf({ ...base, port: 70000 })).toBe('port');
    expect(fieldOf({ ...base, encodings: ['gsm7'] })).toBe('encodings[0]');
    expect(fieldOf({ ...base, feeType: '04' })).toBe('feeType');
    expect(fieldOf({ ...base, serviceId: '服务' })).toBe('serviceId');
    expect(fieldOf({ ...base, statusOverrides: { 47: 'later' } })).toBe('statusOverrides.47');
    expect(fieldOf({ ...base, reportStates: { 'MK:0005': 'lost' } })).toBe('reportStates.MK:0005');
    expect(fieldOf({ ...base, bindMode: 'both' })).toBe('bindMode');
    expect(fieldOf({ ...base, reconnectInitialMs: 500, reconnectMaxMs: 100 })).toBe('reconnectMaxMs');
  });
});

describe('SMGP map', () => {
  const settings = parseSmgpSettings({ ...base, extension: '9' });

  it('sends from SP number + extension + the sender digits as a further extension', () => {
    expect(sourceOf('1234', settings)).toBe('106590000191234');
    expect(sourceOf(null, settings)).toBe('10659000019');
    expect(sourceOf('ACME', settings)).toBe('10659000019');
    expect(sourceOf('10659000015555', settings)).toBe('10659000015555');
    expect(sourceOf('1234', { ...settings, senderAs: 'ignore' })).toBe('10659000019');
  });

  it('writes +86 recipients nationally unless told otherwise, and reads handsets back to E.164', () => {
    expect(destinationOf('+8613301234567', 'national')).toBe('13301234567');
    expect(destinationOf('+8613301234567', 'international')).toBe('8613301234567');
    expect(destinationOf('+85291234567', 'national')).toBe('85291234567');
    expect(senderOf('13301234567')).toBe('+8613301234567');
    expect(senderOf('8613301234567')).toBe('+8613301234567');
    expect(senderOf('10086')).toBe('10086');
  });

  it('maps priorities onto SMGP 0–3', () => {
    expect([0, 1, 2].map((p) => priorityOf(p as OutboundMessage['priority']))).toEqual([2, 1, 0]);
  });

  it('builds Submit bodies with ValidTime in China time, and none once validity has passed', () => {
    const now = Date.UTC(2023, 10, 20, 12, 0, 0);
    const message: OutboundMessage = { id: 'm', sender: '1', recipient: '+8613301234567', text: 'hi', encoding: 'gsm7', segments: 1, wantReceipt: false, validUntil: now + 3_600_000, priority: 2 };
    const [body] = submitBodies(message, settings, 1, now);
    // A report is asked for even when the customer wanted none: the platform needs the outcome.
    expect(body).toMatchObject({ MsgType: 6, NeedReport: 1, Priority: 0, ValidTime: '231120210000032+', SrcTermID: '106590000191', DestTermID: ['13301234567'], MsgFormat: 0, TLVs: {} });
    expect(submitBodies({ ...message, validUntil: now - 1 }, settings, 1, now)[0].ValidTime).toBe('');
  });

  it('turns the T5 report into a ReceiptEvent keyed by the Submit MsgID', () => {
    const deliver = decodeSmgp(vector('smgp_deliver_report')) as SmgpPduOf<'Deliver'>;
    const result = receiptEventOf(deliver.MsgContent, 'ct1', DEFAULT_REPORT_STATUS_TABLE, 480, 0);
    expect(result).toEqual({
      ok: true,
      event: { connectorId: 'ct1', upstreamKeys: ['01006101161700012345'], state: 'delivered', rawStatus: 'DELIVRD', errorCode: null, doneAt: Date.UTC(2003, 0, 16, 9, 0) },
    });
    const edited = receiptEventOf(deliver.MsgContent, 'ct1', reportStatusTable({ DELIVRD: 'unknown' }), 480, 0);
    expect(edited.ok && edited.event.state).toBe('unknown');
    expect(receiptEventOf(Buffer.from('id:short'), 'ct1', DEFAULT_REPORT_STATUS_TABLE, 480, 0)).toMatchObject({ ok: false, reason: 'too_short' });
  });

  it('reports MO with the full SP number + extension as recipient', () => {
    expect(moEventOf({ source: '13301234567', destination: '10659000011234', text: '好', MsgFormat: 15, parts: 1 }, 'ct1', 5)).toEqual({
      connectorId: 'ct1',
      sender: '+8613301234567',
      recipient: '10659000011234',
      text: '好',
      encoding: 'ucs2',
      receivedAt: 5,
    });
  });
});
