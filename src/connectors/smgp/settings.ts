// Settings of an SMGP 3.0 (China Telecom) upstream connector: the one object, its defaults, and
// validation naming the field. Vocabulary follows the SMPP connector where the ideas are the same.
import type { SmgpTextFormat } from '../../protocols/smgp/message-format.ts';
import { REPORT_STATES, reportStatusTable, type ReportState } from '../../protocols/smgp/report-status.ts';
import type { SmgpStatusOutcome } from '../../protocols/smgp/status.ts';
import { ConnectorSettingsError, isRecord, read } from '../settings-error.ts';

export type SmgpBindMode = 'transmitter' | 'receiver' | 'transceiver';

export interface SmgpConnectorSettings {
  /** SMGW host name or address. */
  host: string;
  /** SMGW port (8890 for SP access). */
  port: number;
  tls: boolean;
  /** Login ClientID: the SP's service code (≤ 8 characters). */
  clientId: string;
  /** Shared secret agreed with the operator (≤ 15 characters). */
  secret: string;
  /** LoginMode: transmitter = 0 (MT only), receiver = 1 (MO and reports), transceiver = 2 (both). */
  bindMode: SmgpBindMode;
  /** Sessions to keep open; all use bindMode. */
  binds: number;
  /** Unanswered requests allowed per session (spec W = 16). */
  window: number;
  /** Submits per second across the whole connector; 0 = unlimited. */
  tps: number;
  /** SP access number: SrcTermID of every MT is this plus an extension code (扩展码). */
  spNumber: string;
  /** Extension code appended to spNumber for every message of this connector (may be ''). */
  extension: string;
  /**
   * What a message's sender means: 'extension' appends its digits to spNumber + extension (a
   * sender that already starts with spNumber is used whole); 'ignore' always sends from
   * spNumber + extension.
   */
  senderAs: 'extension' | 'ignore';
  /** ServiceID of each Submit (≤ 10). */
  serviceId: string;
  /** FeeType ('00' free, '01' per message, '02' monthly, '03' capped), FeeCode and FixedFee in fen. */
  feeType: string;
  feeCode: string;
  fixedFee: string;
  /** MsgSrc TLV: SP enterprise code (≤ 8), sent when not empty. */
  msgSrc: string;
  /** DestTermID form: 'national' sends +86 numbers without the country code, 'international' with it. */
  recipientFormat: 'national' | 'international';
  /** Text formats this SMGW accepts, cheapest tried first (ascii, gbk, ucs2). */
  encodings: SmgpTextFormat[];
  /** Long texts: UDH with an 8- or 16-bit reference (plus TP_udhi, PkTotal, PkNumber). */
  concat: 'udh8' | 'udh16';
  /** ClientVersion sent at login (0x30 = 3.0). */
  clientVersion: number;
  /** How the SMGW's AuthenticatorServer is checked (see SmgpClient). */
  verifyServer: 'strict' | 'if-present' | 'off';
  /** The SMGW's clock offset from UTC in minutes, for TimeStamp and ValidTime (+480 = China). */
  utcOffsetMinutes: number;
  requestTimeoutMs: number;
  /** Idle time before an Active_Test (spec C = 3 min); 0 disables keep-alive. */
  activeTestIntervalMs: number;
  reconnectInitialMs: number;
  reconnectMaxMs: number;
  connectTimeoutMs: number;
  /** Status → outcome, overriding the default table (e.g. a vendor code that means throttled). */
  statusOverrides: Record<number, Exclude<SmgpStatusOutcome, 'ok'>>;
  /** Report stat word (or 'PREFIX*') → state, added to the default table (e.g. { 'MK:0005': 'expired' }). */
  reportStates: Record<string, ReportState>;
  moReassemblyTimeoutMs: number;
}

const DEFAULTS = {
  tls: false,
  bindMode: 'transceiver',
  binds: 1,
  window: 16,
  tps: 0,
  extension: '',
  senderAs: 'extension',
  serviceId: '',
  feeType: '00',
  feeCode: '0',
  fixedFee: '0',
  msgSrc: '',
  recipientFormat: 'national',
  encodings: ['ascii', 'gbk', 'ucs2'],
  concat: 'udh8',
  clientVersion: 0x30,
  verifyServer: 'if-present',
  utcOffsetMinutes: 480,
  requestTimeoutMs: 30_000,
  activeTestIntervalMs: 180_000,
  reconnectInitialMs: 1000,
  reconnectMaxMs: 30_000,
  connectTimeoutMs: 10_000,
  moReassemblyTimeoutMs: 120_000,
} as const;

const FORMATS: readonly SmgpTextFormat[] = ['ascii', 'gbk', 'ucs2'];
const OUTCOMES = ['permanent', 'transient', 'throttled'] as const;

function fixedText(input: Record<string, unknown>, field: string, maxLength: number, fallback?: string): string {
  const value = read.string(input, field, fallback);
  // SMGP fields are Octet(n): at most n one-octet characters (smgp.md, conventions).
  if (value.length > maxLength) throw new ConnectorSettingsError(field, `must be at most ${maxLength} characters`);
  if (!/^[\x20-\x7e]*$/.test(value)) throw new ConnectorSettingsError(field, 'must be printable ASCII');
  return value;
}

function digits(input: Record<string, unknown>, field: string, maxLength: number, fallback?: string): string {
  const value = fixedText(input, field, maxLength, fallback);
  if (!/^\d*$/.test(value)) throw new ConnectorSettingsError(field, 'must be digits only');
  return value;
}

function encodings(input: Record<string, unknown>): SmgpTextFormat[] {
  const value = input.encodings ?? DEFAULTS.encodings;
  if (!Array.isArray(value) || value.length === 0) throw new ConnectorSettingsError('encodings', `must be a non-empty list of ${FORMATS.join(', ')}`);
  value.forEach((item, i) => {
    if (!FORMATS.includes(item as SmgpTextFormat)) throw new ConnectorSettingsError(`encodings[${i}]`, `must be one of ${FORMATS.join(', ')}`);
  });
  return [...value] as SmgpTextFormat[];
}

function statusOverrides(input: Record<string, unknown>): Record<number, Exclude<SmgpStatusOutcome, 'ok'>> {
  const value = input.statusOverrides ?? {};
  if (!isRecord(value)) throw new ConnectorSettingsError('statusOverrides', 'must be an object of Status → outcome');
  const out: Record<number, Exclude<SmgpStatusOutcome, 'ok'>> = {};
  for (const [key, outcome] of Object.entries(value)) {
    const code = Number(key);
    if (!Number.isInteger(code) || code <= 0 || code > 0xffffffff) throw new ConnectorSettingsError(`statusOverrides.${key}`, 'key must be a non-zero Status (decimal or 0x hex)');
    if (!OUTCOMES.includes(outcome as (typeof OUTCOMES)[number])) throw new ConnectorSettingsError(`statusOverrides.${key}`, `must be one of ${OUTCOMES.join(', ')}`);
    out[code] = outcome as Exclude<SmgpStatusOutcome, 'ok'>;
  }
  return out;
}

function reportStates(input: Record<string, unknown>): Record<string, ReportState> {
  const value = input.reportStates ?? {};
  if (!isRecord(value)) throw new ConnectorSettingsError('reportStates', 'must be an object of stat word → state');
  for (const [key, state] of Object.entries(value)) {
    if (key.trim() === '') throw new ConnectorSettingsError('reportStates', 'keys must be stat words, e.g. "MK:0005" or "DB:*"');
    if (!REPORT_STATES.includes(state as ReportState)) throw new ConnectorSettingsError(`reportStates.${key}`, `must be one of ${REPORT_STATES.join(', ')}`);
  }
  reportStatusTable(value as Record<string, ReportState>); // the same checks the table applies
  return { ...(value as Record<string, ReportState>) };
}

/** Validates raw settings (from config or the store) and fills in defaults. Throws ConnectorSettingsError. */
export function parseSmgpSettings(raw: unknown): SmgpConnectorSettings {
  if (!isRecord(raw)) throw new ConnectorSettingsError('settings', 'must be an object');
  const host = read.string(raw, 'host');
  if (host.trim() === '') throw new ConnectorSettingsError('host', 'must not be empty');
  const clientId = fixedText(raw, 'clientId', 8);
  if (clientId === '') throw new ConnectorSettingsError('clientId', 'must not be empty');
  const spNumber = digits(raw, 'spNumber', 21);
  if (spNumber === '') throw new ConnectorSettingsError('spNumber', 'must not be empty');
  const settings: SmgpConnectorSettings = {
    host,
    port: read.integer(raw, 'port', undefined, 1, 65_535),
    tls: read.boolean(raw, 'tls', DEFAULTS.tls),
    clientId,
    secret: fixedText(raw, 'secret', 15),
    bindMode: read.oneOf(raw, 'bindMode', DEFAULTS.bindMode, ['transmitter', 'receiver', 'transceiver']),
    binds: read.integer(raw, 'binds', DEFAULTS.binds, 1, 64),
    window: read.integer(raw, 'window', DEFAULTS.window, 1, 10_000),
    tps: read.integer(raw, 'tps', DEFAULTS.tps, 0, 1_000_000),
    spNumber,
    extension: digits(raw, 'extension', 21, DEFAULTS.extension),
    senderAs: read.oneOf(raw, 'senderAs', DEFAULTS.senderAs, ['extension', 'ignore']),
    serviceId: fixedText(raw, 'serviceId', 10, DEFAULTS.serviceId),
    feeType: read.oneOf(raw, 'feeType', DEFAULTS.feeType, ['00', '01', '02', '03']),
    feeCode: digits(raw, 'feeCode', 6, DEFAULTS.feeCode),
    fixedFee: digits(raw, 'fixedFee', 6, DEFAULTS.fixedFee),
    msgSrc: fixedText(raw, 'msgSrc', 8, DEFAULTS.msgSrc),
    recipientFormat: read.oneOf(raw, 'recipientFormat', DEFAULTS.recipientFormat, ['national', 'international']),
    encodings: encodings(raw),
    concat: read.oneOf(raw, 'concat', DEFAULTS.concat, ['udh8', 'udh16']),
    clientVersion: read.integer(raw, 'clientVersion', DEFAULTS.clientVersion, 0, 0xff),
    verifyServer: read.oneOf(raw, 'verifyServer', DEFAULTS.verifyServer, ['strict', 'if-present', 'off']),
    utcOffsetMinutes: read.integer(raw, 'utcOffsetMinutes', DEFAULTS.utcOffsetMinutes, -720, 840),
    requestTimeoutMs: read.integer(raw, 'requestTimeoutMs', DEFAULTS.requestTimeoutMs, 10, 600_000),
    activeTestIntervalMs: read.integer(raw, 'activeTestIntervalMs', DEFAULTS.activeTestIntervalMs, 0, 3_600_000),
    reconnectInitialMs: read.integer(raw, 'reconnectInitialMs', DEFAULTS.reconnectInitialMs, 1, 600_000),
    reconnectMaxMs: read.integer(raw, 'reconnectMaxMs', DEFAULTS.reconnectMaxMs, 1, 3_600_000),
    connectTimeoutMs: read.integer(raw, 'connectTimeoutMs', DEFAULTS.connectTimeoutMs, 10, 600_000),
    statusOverrides: statusOverrides(raw),
    reportStates: reportStates(raw),
    moReassemblyTimeoutMs: read.integer(raw, 'moReassemblyTimeoutMs', DEFAULTS.moReassemblyTimeoutMs, 100, 86_400_000),
  };
  if (settings.spNumber.length + settings.extension.length > 21) throw new ConnectorSettingsError('extension', 'spNumber + extension must fit SrcTermID (21 digits)');
  if (settings.reconnectMaxMs < settings.reconnectInitialMs) throw new ConnectorSettingsError('reconnectMaxMs', 'must be at least reconnectInitialMs');
  return settings;
}
