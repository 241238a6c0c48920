import { describe, expect, it } from 'vitest';
import { addressOf, priorityFlagOf, receiptLookupKeys } from '../../../src/connectors/smpp/map.ts';
import { parseSmppSettings } from '../../../src/connectors/smpp/settings.ts';
import { ConnectorSettingsError } from '../../../src/connectors/settings-error.ts';

const base = { host: 'smsc.example', port: 2775, systemId: 'kx', password: 'secret' };

function fieldOf(raw: unknown): string {
  try {
    parseSmppSettings(raw);
  } catch (error) {
    expect(error).toBeInstanceOf(ConnectorSettingsError);
    return (error as ConnectorSettingsError).field;
  }
  throw new Error('settings were accepted');
}

describe('parseSmppSettings', () => {
  it('fills in defaults', () => {
    expect(parseSmppSettings(base)).toMatchObject({ tls: false, bindMode: 'transceiver', binds: 1, window: 64, tps: 0, encodings: ['gsm7', 'ucs2'], concat: 'udh8', receiptIdFormat: 'auto', sourceTon: 'auto', statusOverrides: {} });
  });

  it('names the offending field', () => {
    expect(fieldOf({ ...base, port: 0 })).toBe('port');
    expect(fieldOf({ ...base, host: undefined })).toBe('host');
    expect(fieldOf({ ...base, password: 'much-too-long' })).toBe('password');
    expect(fieldOf({ ...base, bindMode: 'both' })).toBe('bindMode');
    expect(fieldOf({ ...base, encodings: ['gsm7', 'utf8'] })).toBe('encodings[1]');
    expect(fieldOf({ ...base, sourceTon: 9 })).toBe('sourceTon');
    expect(fieldOf({ ...base, statusOverrides: { '0x58': 'ok' } })).toBe('statusOverrides.0x58');
    expect(fieldOf({ ...base, tps: -1 })).toBe('tps');
  });

  it('reads status override keys in hex or decimal', () => {
    expect(parseSmppSettings({ ...base, statusOverrides: { '0x45': 'permanent', 1025: 'throttled' } }).statusOverrides).toEqual({ 0x45: 'permanent', 1025: 'throttled' });
  });
});

describe('SMPP mapping', () => {
  it('derives TON/NPI from the address', () => {
    expect(addressOf('+8613800138000', 'auto', 'auto')).toEqual({ ton: 1, npi: 1, addr: '8613800138000' });
    expect(addressOf('008613800138000', 'auto', 'auto')).toEqual({ ton: 1, npi: 1, addr: '8613800138000' });
    expect(addressOf('Kuaixin', 'auto', 'auto')).toEqual({ ton: 5, npi: 0, addr: 'Kuaixin' });
    expect(addressOf('10690001', 'auto', 'auto')).toEqual({ ton: 0, npi: 1, addr: '10690001' });
    expect(addressOf('+8613800138000', 2, 'auto')).toEqual({ ton: 2, npi: 1, addr: '8613800138000' });
  });

  it('maps priorities to priority_flag', () => {
    expect([priorityFlagOf(0), priorityFlagOf(1), priorityFlagOf(2)]).toEqual([2, 1, 0]);
  });

  it('turns a receipt id back into the submit id form', () => {
    // submit_sm_resp hex "1f4", receipt decimal "500".
    expect(receiptLookupKeys('500', 'hex-to-dec')).toEqual(['1f4']);
    expect(receiptLookupKeys('1F4', 'dec-to-hex')).toEqual(['500']);
    expect(receiptLookupKeys('00AB', 'as-is')).toEqual(['ab']);
    expect(receiptLookupKeys('500', 'auto')).toEqual(expect.arrayContaining(['500', '1f4']));
  });
});
