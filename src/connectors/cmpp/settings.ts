// Settings of a CMPP upstream connector (China Mobile ISMG): the one object, its defaults, and
// validation naming the field. Same vocabulary as the SMPP connector where the meaning is the same.
import type { CmppOutcome } from '../../protocols/cmpp/result.ts';
import type { ReportOutcome } from '../../protocols/cmpp/report-stat.ts';
import type { CmppVersion } from '../../protocols/cmpp/version.ts';
import { CMPP_MAX_RECIPIENTS } from '../../protocols/cmpp/pdu-table.ts';
import { ConnectorSettingsError, isRecord, read } from '../settings-error.ts';

export type RegisteredDeliverySetting = 'per-message' | 'always' | 'never';

export interface CmppConnectorSettings {
  /** ISMG host name or address. */
  host: string;
  /** ISMG port: 7890 for long connections (default). */
  port: number;
  tls: boolean;
  /** Layout spoken on every connection; the ISMG is configured for one. */
  version: CmppVersion;
  /** SP_Id (企业代码): CONNECT Source_Addr and SUBMIT Msg_src, 6 characters. */
  spId: string;
  /** Shared secret for the CONNECT authenticator. */
  secret: string;
  /** Close a connection whose CONNECT_RESP authenticator does not match the secret. */
  verifyAuthenticator: boolean;
  /** Service_Id (业务代码), ≤ 10 characters. */
  serviceId: string;
  /** The SP access number (接入号, e.g. 1069xxxx): the start of every Src_Id. */
  srcId: string;
  /** Extension appended to srcId when a message has no numeric sender of its own. */
  extension: string;
  /** Fee_UserType: 0 destination pays, 1 source, 2 SP (default), 3 feeTerminalId. */
  feeUserType: number;
  /** Fee_terminal_Id when feeUserType is 3. */
  feeTerminalId: string;
  /** FeeType: "01" free (default), "02" per message, "03" monthly. */
  feeType: string;
  /** FeeCode in fen, ASCII digits (≤ 6). */
  feeCode: string;
  /**
   * Registered_Delivery: always 1 (default: the platform needs every outcome for billing and statistics),
   * as each customer asked, or never. Without a report a message stays submitted until the receipt timeout.
   */
  registeredDelivery: RegisteredDeliverySetting;
  /** Encoding for text that is not ASCII: UCS2 (every handset) or GBK (fewer octets, Msg_Fmt 15). */
  chineseEncoding: 'ucs2' | 'gbk';
  /** Concatenation UDH reference size for long texts. */
  concat: 'udh8' | 'udh16';
  /** Dest_terminal_Id form: national ('13800138000', default for +86) or international digits ('8613800138000'). */
  recipientFormat: 'national' | 'international';
  /** Connections kept open to the ISMG. */
  connections: number;
  /** Unanswered requests per connection (the spec recommends 16). */
  window: number;
  /** SUBMITs per second across the connector; 0 = unlimited. */
  tps: number;
  /** T: time allowed for each response. */
  requestTimeoutMs: number;
  /** C: idle time before an ACTIVE_TEST; 0 disables. */
  activeTestIntervalMs: number;
  /** N: unanswered ACTIVE_TESTs before the connection is dropped. */
  activeTestMaxMissed: number;
  reconnectInitialMs: number;
  reconnectMaxMs: number;
  connectTimeoutMs: number;
  /** SUBMIT_RESP Result → outcome, over the default table (e.g. a vendor code that means throttled). */
  resultOverrides: Record<number, Exclude<CmppOutcome, 'ok'>>;
  /** Report Stat → outcome, over the default table: exact values and prefixes (e.g. "MK:" or "MK:0005"). */
  statOverrides: { exact: Record<string, ReportOutcome>; prefixes: Record<string, ReportOutcome> };
  /** How long the parts of a long MO may take to all arrive. */
  moReassemblyTimeoutMs: number;
  /**
   * Group send (群发), off (null) by default: concurrent messages whose SUBMITs differ only in the
   * recipient go out as one SUBMIT with up to `max` Dest_terminal_Ids, each waiting at most
   * `lingerMs` for companions. `tps` then counts destinations, as carriers do.
   */
  groupSend: CmppGroupSendSettings | null;
}

export interface CmppGroupSendSettings {
  /** Destinations per SUBMIT: 2..99 (DestUsr_tl < 100). */
  max: number;
  /** How long a message waits for others with the same SUBMIT before it goes. */
  lingerMs: number;
}

const DEFAULTS = {
  port: 7890,
  tls: false,
  version: '3.0',
  verifyAuthenticator: true,
  serviceId: '',
  extension: '',
  feeUserType: 2,
  feeTerminalId: '',
  feeType: '01',
  feeCode: '000000',
  registeredDelivery: 'always',
  chineseEncoding: 'ucs2',
  concat: 'udh8',
  recipientFormat: 'national',
  connections: 1,
  window: 16,
  tps: 0,
  requestTimeoutMs: 60_000,
  activeTestIntervalMs: 180_000,
  activeTestMaxMissed: 3,
  reconnectInitialMs: 1000,
  reconnectMaxMs: 30_000,
  connectTimeoutMs: 10_000,
  moReassemblyTimeoutMs: 120_000,
} as const;

/** A few milliseconds: enough for the messages a lane hands over together, short against a SUBMIT's round trip. */
const DEFAULT_LINGER_MS = 2;

const OUTCOMES = ['permanent', 'transient', 'throttled'] as const;
const REPORT_OUTCOMES = ['delivered', 'undelivered', 'expired', 'rejected', 'unknown'] as const;

/** A fixed-width CMPP text field: ASCII, at most `width` characters. */
function fixedText(input: Record<string, unknown>, field: string, width: number, fallback?: string, pattern?: RegExp, rule?: string): string {
  const value = read.string(input, field, fallback);
  if (!/^[\x20-\x7e]*$/.test(value)) throw new ConnectorSettingsError(field, 'must be printable ASCII');
  if (value.length > width) throw new ConnectorSettingsError(field, `must be at most ${width} characters (a fixed CMPP field)`);
  if (pattern && !pattern.test(value)) throw new ConnectorSettingsError(field, rule ?? `must match ${pattern}`);
  return value;
}

function resultOverrides(input: Record<string, unknown>): Record<number, Exclude<CmppOutcome, 'ok'>> {
  const value = input.resultOverrides ?? {};
  if (!isRecord(value)) throw new ConnectorSettingsError('resultOverrides', 'must be an object of Result → outcome');
  const out: Record<number, Exclude<CmppOutcome, 'ok'>> = {};
  for (const [key, outcome] of Object.entries(value)) {
    const code = Number(key);
    if (!Number.isInteger(code) || code <= 0 || code > 0xffffffff) throw new ConnectorSettingsError(`resultOverrides.${key}`, 'key must be a non-zero Result code');
    if (!OUTCOMES.includes(outcome as (typeof OUTCOMES)[number])) throw new ConnectorSettingsError(`resultOverrides.${key}`, `must be one of ${OUTCOMES.join(', ')}`);
    out[code] = outcome as Exclude<CmppOutcome, 'ok'>;
  }
  return out;
}

function outcomeMap(value: unknown, field: string): Record<string, ReportOutcome> {
  if (value === undefined) return {};
  if (!isRecord(value)) throw new ConnectorSettingsError(field, 'must be an object of Stat → outcome');
  for (const [key, outcome] of Object.entries(value)) {
    if (!REPORT_OUTCOMES.includes(outcome as ReportOutcome)) throw new ConnectorSettingsError(`${field}.${key}`, `must be one of ${REPORT_OUTCOMES.join(', ')}`);
  }
  return value as Record<string, ReportOutcome>;
}

function statOverrides(input: Record<string, unknown>): CmppConnectorSettings['statOverrides'] {
  const value = input.statOverrides ?? {};
  if (!isRecord(value)) throw new ConnectorSettingsError('statOverrides', 'must be an object with `exact` and/or `prefixes`');
  for (const key of Object.keys(value)) if (key !== 'exact' && key !== 'prefixes') throw new ConnectorSettingsError(`statOverrides.${key}`, 'only `exact` and `prefixes` are allowed');
  return { exact: outcomeMap(value.exact, 'statOverrides.exact'), prefixes: outcomeMap(value.prefixes, 'statOverrides.prefixes') };
}

/** Runs a reader on a nested object, naming the field with its parent (e.g. "groupSend.max"). */
function nested<T>(parent: string, readField: () => T): T {
  try {
    return readField();
  } catch (error) {
    if (!(error instanceof ConnectorSettingsError)) throw error;
    throw new ConnectorSettingsError(`${parent}.${error.field}`, error.message.slice(error.field.length + 2));
  }
}

function groupSend(input: Record<string, unknown>): CmppGroupSendSettings | null {
  const value = input.groupSend;
  if (value === undefined || value === null || value === false) return null;
  if (!isRecord(value)) throw new ConnectorSettingsError('groupSend', 'must be an object { max, lingerMs }, or null to send one recipient per SUBMIT');
  for (const key of Object.keys(value)) if (key !== 'max' && key !== 'lingerMs') throw new ConnectorSettingsError(`groupSend.${key}`, 'only `max` and `lingerMs` are allowed');
  return {
    max: nested('groupSend', () => read.integer(value, 'max', CMPP_MAX_RECIPIENTS, 2, CMPP_MAX_RECIPIENTS)),
    lingerMs: nested('groupSend', () => read.integer(value, 'lingerMs', DEFAULT_LINGER_MS, 1, 1000)),
  };
}

/** Validates raw settings (from config or the store) and fills in defaults. Throws ConnectorSettingsError. */
export function parseCmppSettings(raw: unknown): CmppConnectorSettings {
  if (!isRecord(raw)) throw new ConnectorSettingsError('settings', 'must be an object');
  const host = read.string(raw, 'host');
  if (host.trim() === '') throw new ConnectorSettingsError('host', 'must not be empty');
  const version = raw.version === 2 || raw.version === 3 ? `${raw.version}.0` : raw.version;
  const settings: CmppConnectorSettings = {
    host,
    port: read.integer(raw, 'port', DEFAULTS.port, 1, 65_535),
    tls: read.boolean(raw, 'tls', DEFAULTS.tls),
    version: read.oneOf({ version }, 'version', DEFAULTS.version, ['2.0', '3.0']),
    spId: fixedText(raw, 'spId', 6, undefined, /^.+$/, 'must not be empty'),
    secret: read.string(raw, 'secret'),
    verifyAuthenticator: read.boolean(raw, 'verifyAuthenticator', DEFAULTS.verifyAuthenticator),
    serviceId: fixedText(raw, 'serviceId', 10, DEFAULTS.serviceId),
    srcId: fixedText(raw, 'srcId', 21, undefined, /^\d+$/, 'must be the SP access number, digits only'),
    extension: fixedText(raw, 'extension', 20, DEFAULTS.extension, /^\d*$/, 'must be digits'),
    feeUserType: read.integer(raw, 'feeUserType', DEFAULTS.feeUserType, 0, 3),
    feeTerminalId: fixedText(raw, 'feeTerminalId', 21, DEFAULTS.feeTerminalId, /^\d*$/, 'must be digits'),
    feeType: fixedText(raw, 'feeType', 2, DEFAULTS.feeType, /^\d{2}$/, 'must be two digits, e.g. "01"'),
    feeCode: fixedText(raw, 'feeCode', 6, DEFAULTS.feeCode, /^\d{1,6}$/, 'must be 1–6 digits (fen)'),
    registeredDelivery: read.oneOf(raw, 'registeredDelivery', DEFAULTS.registeredDelivery, ['per-message', 'always', 'never']),
    chineseEncoding: read.oneOf(raw, 'chineseEncoding', DEFAULTS.chineseEncoding, ['ucs2', 'gbk']),
    concat: read.oneOf(raw, 'concat', DEFAULTS.concat, ['udh8', 'udh16']),
    recipientFormat: read.oneOf(raw, 'recipientFormat', DEFAULTS.recipientFormat, ['national', 'international']),
    connections: read.integer(raw, 'connections', DEFAULTS.connections, 1, 64),
    window: read.integer(raw, 'window', DEFAULTS.window, 1, 10_000),
    tps: read.integer(raw, 'tps', DEFAULTS.tps, 0, 1_000_000),
    requestTimeoutMs: read.integer(raw, 'requestTimeoutMs', DEFAULTS.requestTimeoutMs, 10, 600_000),
    activeTestIntervalMs: read.integer(raw, 'activeTestIntervalMs', DEFAULTS.activeTestIntervalMs, 0, 3_600_000),
    activeTestMaxMissed: read.integer(raw, 'activeTestMaxMissed', DEFAULTS.activeTestMaxMissed, 1, 100),
    reconnectInitialMs: read.integer(raw, 'reconnectInitialMs', DEFAULTS.reconnectInitialMs, 1, 600_000),
    reconnectMaxMs: read.integer(raw, 'reconnectMaxMs', DEFAULTS.reconnectMaxMs, 1, 3_600_000),
    connectTimeoutMs: read.integer(raw, 'connectTimeoutMs', DEFAULTS.connectTimeoutMs, 10, 600_000),
    resultOverrides: resultOverrides(raw),
    statOverrides: statOverrides(raw),
    moReassemblyTimeoutMs: read.integer(raw, 'moReassemblyTimeoutMs', DEFAULTS.moReassemblyTimeoutMs, 100, 86_400_000),
    groupSend: groupSend(raw),
  };
  if (settings.srcId.length + settings.extension.length > 21) throw new ConnectorSettingsError('extension', 'srcId and extension together must fit Src_Id (21 characters)');
  if (settings.feeUserType === 3 && settings.feeTerminalId === '') throw new ConnectorSettingsError('feeTerminalId', 'is required when feeUserType is 3');
  if (settings.reconnectMaxMs < settings.reconnectInitialMs) throw new ConnectorSettingsError('reconnectMaxMs', 'must be at least reconnectInitialMs');
  return settings;
}
