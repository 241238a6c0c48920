// Settings of an SMPP upstream connector: the one object, its defaults, and validation naming the field.
import type { TextEncoding } from '../../protocols/encoding/data-coding.ts';
import type { StatusOutcome } from '../../protocols/smpp/command-status.ts';
import type { ReceiptIdFormat } from '../../protocols/smpp/message-id.ts';
import { ConnectorSettingsError, isRecord, read } from '../settings-error.ts';

export type BindModeSetting = 'transmitter' | 'receiver' | 'transceiver';
export type ConcatSetting = 'udh8' | 'udh16' | 'sar' | 'payload';
/** A TON/NPI value, or 'auto' to derive it from the address (see map.ts addressOf). */
export type AddressFlag = number | 'auto';

export interface SmppConnectorSettings {
  /** SMSC host name or address. */
  host: string;
  /** SMSC port (commonly 2775, 3550 with TLS). */
  port: number;
  /** Connect with TLS (default options). */
  tls: boolean;
  /** system_id of our account at the SMSC (≤ 15 characters). */
  systemId: string;
  /** Password at the SMSC (≤ 8 characters). */
  password: string;
  /** system_type sent in the bind, often empty (≤ 12 characters). */
  systemType: string;
  /** How every bind is made; 'transmitter' binds receive no receipts or MO. */
  bindMode: BindModeSetting;
  /** Number of sessions (binds) to keep open; all use bindMode. */
  binds: number;
  /** Unanswered requests allowed per bind. */
  window: number;
  /** PDUs per second across the whole connector; 0 = unlimited. */
  tps: number;
  /** source_addr_ton for senders, or 'auto' (alphanumeric → 5, '+'/'00' international → 1, else 0). */
  sourceTon: AddressFlag;
  /** source_addr_npi for senders, or 'auto' (alphanumeric → 0, else 1). */
  sourceNpi: AddressFlag;
  /** dest_addr_ton for recipients, or 'auto' (as for sourceTon). */
  destTon: AddressFlag;
  /** dest_addr_npi for recipients, or 'auto'. */
  destNpi: AddressFlag;
  /** Alphabets this SMSC accepts, cheapest tried first; default ['gsm7', 'ucs2']. */
  encodings: TextEncoding[];
  /** How long texts are split: UDH with 8- or 16-bit reference, SAR TLVs, or one message_payload. */
  concat: ConcatSetting;
  /** How receipt ids relate to submit_sm_resp ids at this SMSC (see protocols/smpp/message-id). */
  receiptIdFormat: ReceiptIdFormat;
  /** Time allowed for each response before the request counts as timed out. */
  requestTimeoutMs: number;
  /** Idle time after which an enquire_link is sent; 0 disables keep-alive. */
  enquireLinkIntervalMs: number;
  /** First reconnect delay after a lost or refused bind; grows up to reconnectMaxMs. */
  reconnectInitialMs: number;
  /** Longest reconnect delay. */
  reconnectMaxMs: number;
  /** Time allowed for the TCP (and TLS) connect. */
  connectTimeoutMs: number;
  /** command_status → outcome, overriding the default table (e.g. a vendor code that means throttled). */
  statusOverrides: Record<number, Exclude<StatusOutcome, 'ok'>>;
  /** How long the parts of a long MO may take to all arrive before the partial message is dropped. */
  moReassemblyTimeoutMs: number;
}

const DEFAULTS = {
  tls: false,
  systemType: '',
  bindMode: 'transceiver',
  binds: 1,
  window: 64,
  tps: 0,
  encodings: ['gsm7', 'ucs2'],
  concat: 'udh8',
  receiptIdFormat: 'auto',
  requestTimeoutMs: 30_000,
  enquireLinkIntervalMs: 30_000,
  reconnectInitialMs: 1000,
  reconnectMaxMs: 30_000,
  connectTimeoutMs: 10_000,
  moReassemblyTimeoutMs: 120_000,
} as const;

const ENCODINGS: readonly TextEncoding[] = ['gsm7', 'ia5', 'latin1', 'ucs2'];
const OUTCOMES = ['permanent', 'transient', 'throttled'] as const;

function addressFlag(input: Record<string, unknown>, field: string, max: number): AddressFlag {
  const value = input[field] ?? 'auto';
  if (value === 'auto') return value;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= max) return value;
  throw new ConnectorSettingsError(field, `must be 'auto' or an integer 0–${max}`);
}

function encodings(input: Record<string, unknown>): TextEncoding[] {
  const value = input.encodings ?? DEFAULTS.encodings;
  if (!Array.isArray(value) || value.length === 0) throw new ConnectorSettingsError('encodings', `must be a non-empty list of ${ENCODINGS.join(', ')}`);
  value.forEach((item, i) => {
    if (!ENCODINGS.includes(item as TextEncoding)) throw new ConnectorSettingsError(`encodings[${i}]`, `must be one of ${ENCODINGS.join(', ')}`);
  });
  return [...value] as TextEncoding[];
}

/** Keys may be numbers or strings ("88", "0x58"); values one of the three outcomes. */
function statusOverrides(input: Record<string, unknown>): Record<number, Exclude<StatusOutcome, 'ok'>> {
  const value = input.statusOverrides ?? {};
  if (!isRecord(value)) throw new ConnectorSettingsError('statusOverrides', 'must be an object of command_status → outcome');
  const out: Record<number, Exclude<StatusOutcome, 'ok'>> = {};
  for (const [key, outcome] of Object.entries(value)) {
    const code = Number(key);
    if (!Number.isInteger(code) || code <= 0 || code > 0xffffffff) throw new ConnectorSettingsError(`statusOverrides.${key}`, 'key must be a non-zero command_status (decimal or 0x hex)');
    if (!OUTCOMES.includes(outcome as (typeof OUTCOMES)[number])) throw new ConnectorSettingsError(`statusOverrides.${key}`, `must be one of ${OUTCOMES.join(', ')}`);
    out[code] = outcome as Exclude<StatusOutcome, 'ok'>;
  }
  return out;
}

function cString(input: Record<string, unknown>, field: string, maxLength: number, fallback?: string): string {
  const value = read.string(input, field, fallback);
  // bind fields are C-Octet strings of fixed maximum size (3.4 §4.1.1).
  if (value.length > maxLength) throw new ConnectorSettingsError(field, `must be at most ${maxLength} characters`);
  return value;
}

/** Validates raw settings (from config or the store) and fills in defaults. Throws ConnectorSettingsError. */
export function parseSmppSettings(raw: unknown): SmppConnectorSettings {
  if (!isRecord(raw)) throw new ConnectorSettingsError('settings', 'must be an object');
  const host = read.string(raw, 'host');
  if (host.trim() === '') throw new ConnectorSettingsError('host', 'must not be empty');
  const settings: SmppConnectorSettings = {
    host,
    port: read.integer(raw, 'port', undefined, 1, 65_535),
    tls: read.boolean(raw, 'tls', DEFAULTS.tls),
    systemId: cString(raw, 'systemId', 15),
    password: cString(raw, 'password', 8),
    systemType: cString(raw, 'systemType', 12, DEFAULTS.systemType),
    bindMode: read.oneOf(raw, 'bindMode', DEFAULTS.bindMode, ['transmitter', 'receiver', 'transceiver']),
    binds: read.integer(raw, 'binds', DEFAULTS.binds, 1, 64),
    window: read.integer(raw, 'window', DEFAULTS.window, 1, 10_000),
    tps: read.integer(raw, 'tps', DEFAULTS.tps, 0, 1_000_000),
    sourceTon: addressFlag(raw, 'sourceTon', 6),
    sourceNpi: addressFlag(raw, 'sourceNpi', 18),
    destTon: addressFlag(raw, 'destTon', 6),
    destNpi: addressFlag(raw, 'destNpi', 18),
    encodings: encodings(raw),
    concat: read.oneOf(raw, 'concat', DEFAULTS.concat, ['udh8', 'udh16', 'sar', 'payload']),
    receiptIdFormat: read.oneOf(raw, 'receiptIdFormat', DEFAULTS.receiptIdFormat, ['auto', 'as-is', 'hex-to-dec', 'dec-to-hex']),
    requestTimeoutMs: read.integer(raw, 'requestTimeoutMs', DEFAULTS.requestTimeoutMs, 10, 600_000),
    enquireLinkIntervalMs: read.integer(raw, 'enquireLinkIntervalMs', DEFAULTS.enquireLinkIntervalMs, 0, 3_600_000),
    reconnectInitialMs: read.integer(raw, 'reconnectInitialMs', DEFAULTS.reconnectInitialMs, 1, 600_000),
    reconnectMaxMs: read.integer(raw, 'reconnectMaxMs', DEFAULTS.reconnectMaxMs, 1, 3_600_000),
    connectTimeoutMs: read.integer(raw, 'connectTimeoutMs', DEFAULTS.connectTimeoutMs, 10, 600_000),
    statusOverrides: statusOverrides(raw),
    moReassemblyTimeoutMs: read.integer(raw, 'moReassemblyTimeoutMs', DEFAULTS.moReassemblyTimeoutMs, 100, 86_400_000),
  };
  if (settings.reconnectMaxMs < settings.reconnectInitialMs) throw new ConnectorSettingsError('reconnectMaxMs', 'must be at least reconnectInitialMs');
  return settings;
}
