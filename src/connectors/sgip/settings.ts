// Settings of an SGIP upstream connector: the one object, its defaults, and validation naming the field.
import type { ResultOutcome } from '../../protocols/sgip/result-codes.ts';
import type { NormalizedReportStatus } from '../../protocols/sgip/report-status.ts';
import type { SgipTextEncoding } from '../../protocols/sgip/message-coding.ts';
import { ConnectorSettingsError, isRecord, read } from '../settings-error.ts';

/** The SP's own SGIP server, where the SMG connects back (Login Type 2) with Reports and MO (sgip.md §1). */
export interface SgipListenSettings {
  /** Address to listen on; '0.0.0.0' for every interface. */
  host: string;
  /** Port the SMG was told to connect to (commonly 8801; 0 picks a free one, for tests). */
  port: number;
  /** Login Name the SMG binds with. */
  loginName: string;
  /** Login Password the SMG binds with. */
  password: string;
  /** Unbind an SMG link idle this long (sgip.md §1: 60 s). */
  idleTimeoutMs: number;
  /** Most SMG links at once. */
  maxConnections: number;
}

export interface SgipConnectorSettings {
  /** SMG host name or address. */
  host: string;
  /** SMG port (8801 by default, sgip.md §1). */
  port: number;
  tls: boolean;
  /** Login Name the SMG gave us (≤ 16 characters). */
  loginName: string;
  /** Login Password (≤ 16 characters). */
  password: string;
  /** Our SP node id 3AAAAQQQQQ, the first part of every sequence number (sgip.md §2). */
  nodeId: number;
  /** SP access number shown to users, e.g. "10655001" (SPNumber, ≤ 21 digits). */
  spNumber: string;
  /** Extension code appended to spNumber when a message names no sender of its own (扩展码). */
  extension: string;
  /** Enterprise code CorpId (≤ 5 characters). */
  corpId: string;
  /** ServiceType (≤ 10 characters). */
  serviceType: string;
  /** ChargeNumber: 21 × '0' (default) = the SP pays; '' = the recipient pays; or a number with 86. */
  chargeNumber: string;
  /** FeeType 0–4 (sgip.md §11); default 1, free for the charged number. */
  feeType: number;
  /** FeeValue in fen (≤ 6 digits). */
  feeValue: string;
  /** GivenValue in fen (≤ 6 digits). */
  givenValue: string;
  /** AgentFlag: 0 should collect, 1 collected. */
  agentFlag: number;
  /** MorelatetoMTFlag: 2 = MT not caused by an MO (default). */
  morelatetoMTFlag: number;
  /** Text encodings the SMG accepts; the one sending the fewest parts is used, ties to the first. */
  encodings: SgipTextEncoding[];
  /** Number of SP → SMG links; each connects on demand and unbinds when idle. */
  connections: number;
  /** Unanswered Submits allowed per link (sgip.md §1: ≤ 32 recommended). */
  window: number;
  /** Submits per second across the connector; 0 = unlimited. */
  tps: number;
  /** Time allowed for each response (sgip.md §1: 30 s). */
  requestTimeoutMs: number;
  /** Unbind an SP → SMG link after this long without traffic; links are short-lived in SGIP. */
  idleTimeoutMs: number;
  connectTimeoutMs: number;
  /** First delay before retrying a link that failed to connect or bind; grows to reconnectMaxMs. */
  reconnectInitialMs: number;
  reconnectMaxMs: number;
  /** Minutes east of UTC for the sequence-number time and ExpireTime (Beijing +480). */
  utcOffsetMinutes: number;
  /** Result → outcome, overriding the default table (e.g. a vendor code meaning flow control). */
  statusOverrides: Record<number, Exclude<ResultOutcome, 'ok'>>;
  /** Raw report status (e.g. "ERR:26", "MK:*") → normalised state, on top of the default table. */
  reportStatuses: Record<string, NormalizedReportStatus>;
  /** How long the parts of a long MO may take to all arrive. */
  moReassemblyTimeoutMs: number;
  /** The listener for the SMG's connect-back; absent = no Reports and no MO. */
  listen: SgipListenSettings | null;
}

const DEFAULTS = {
  port: 8801,
  tls: false,
  extension: '',
  corpId: '',
  serviceType: '',
  chargeNumber: '0'.repeat(21),
  feeType: 1,
  feeValue: '0',
  givenValue: '0',
  agentFlag: 0,
  morelatetoMTFlag: 2,
  encodings: ['ascii', 'ucs2', 'gbk'],
  connections: 1,
  window: 16,
  tps: 0,
  requestTimeoutMs: 30_000,
  idleTimeoutMs: 30_000,
  connectTimeoutMs: 10_000,
  reconnectInitialMs: 1000,
  reconnectMaxMs: 30_000,
  utcOffsetMinutes: 480,
  moReassemblyTimeoutMs: 120_000,
  listenHost: '0.0.0.0',
  listenIdleTimeoutMs: 60_000,
  listenMaxConnections: 16,
} as const;

const ENCODINGS: readonly SgipTextEncoding[] = ['ascii', 'gbk', 'ucs2'];
const OUTCOMES = ['permanent', 'transient', 'throttled'] as const;
const STATES: readonly NormalizedReportStatus[] = ['delivered', 'undelivered', 'expired', 'rejected', 'unknown', 'enroute'];

/** A fixed-width text field of the protocol: Latin-1, at most `width` characters. */
function fixed(input: Record<string, unknown>, field: string, width: number, fallback?: string, path = field): string {
  let value: string;
  try {
    value = read.string(input, field, fallback);
  } catch (error) {
    throw new ConnectorSettingsError(path, (error as ConnectorSettingsError).message.slice(field.length + 2));
  }
  if (value.length > width) throw new ConnectorSettingsError(path, `must be at most ${width} characters`);
  if (/[^\x20-\x7e]/.test(value)) throw new ConnectorSettingsError(path, 'must be printable ASCII');
  return value;
}

function digits(input: Record<string, unknown>, field: string, width: number, fallback?: string): string {
  const value = fixed(input, field, width, fallback);
  if (!/^\d*$/.test(value)) throw new ConnectorSettingsError(field, 'must be digits only');
  return value;
}

function encodings(input: Record<string, unknown>): SgipTextEncoding[] {
  const value = input.encodings ?? DEFAULTS.encodings;
  if (!Array.isArray(value) || value.length === 0) throw new ConnectorSettingsError('encodings', `must be a non-empty list of ${ENCODINGS.join(', ')}`);
  value.forEach((item, i) => {
    if (!ENCODINGS.includes(item as SgipTextEncoding)) throw new ConnectorSettingsError(`encodings[${i}]`, `must be one of ${ENCODINGS.join(', ')}`);
  });
  return [...value] as SgipTextEncoding[];
}

function statusOverrides(input: Record<string, unknown>): Record<number, Exclude<ResultOutcome, 'ok'>> {
  const value = input.statusOverrides ?? {};
  if (!isRecord(value)) throw new ConnectorSettingsError('statusOverrides', 'must be an object of Result → outcome');
  const out: Record<number, Exclude<ResultOutcome, 'ok'>> = {};
  for (const [key, outcome] of Object.entries(value)) {
    const code = Number(key);
    if (!Number.isInteger(code) || code <= 0 || code > 255) throw new ConnectorSettingsError(`statusOverrides.${key}`, 'key must be a non-zero Result code (1–255)');
    if (!OUTCOMES.includes(outcome as (typeof OUTCOMES)[number])) throw new ConnectorSettingsError(`statusOverrides.${key}`, `must be one of ${OUTCOMES.join(', ')}`);
    out[code] = outcome as Exclude<ResultOutcome, 'ok'>;
  }
  return out;
}

function reportStatuses(input: Record<string, unknown>): Record<string, NormalizedReportStatus> {
  const value = input.reportStatuses ?? {};
  if (!isRecord(value)) throw new ConnectorSettingsError('reportStatuses', 'must be an object of raw status → state');
  const out: Record<string, NormalizedReportStatus> = {};
  for (const [key, state] of Object.entries(value)) {
    if (key.trim() === '') throw new ConnectorSettingsError('reportStatuses', 'keys must not be empty');
    if (!STATES.includes(state as NormalizedReportStatus)) throw new ConnectorSettingsError(`reportStatuses.${key}`, `must be one of ${STATES.join(', ')}`);
    out[key] = state as NormalizedReportStatus;
  }
  return out;
}

function listen(input: Record<string, unknown>): SgipListenSettings | null {
  const value = input.listen;
  if (value === undefined || value === null) return null;
  if (!isRecord(value)) throw new ConnectorSettingsError('listen', 'must be an object { host, port, loginName, password }');
  const prefixed = (run: () => unknown, field: string) => {
    try {
      return run();
    } catch (error) {
      if (!(error instanceof ConnectorSettingsError)) throw error;
      throw new ConnectorSettingsError(`listen.${field}`, error.message.slice(error.field.length + 2));
    }
  };
  const host = prefixed(() => read.string(value, 'host', DEFAULTS.listenHost), 'host') as string;
  if (host.trim() === '') throw new ConnectorSettingsError('listen.host', 'must not be empty');
  return {
    host,
    port: prefixed(() => read.integer(value, 'port', undefined, 0, 65_535), 'port') as number,
    loginName: fixed(value, 'loginName', 16, undefined, 'listen.loginName'),
    password: fixed(value, 'password', 16, undefined, 'listen.password'),
    idleTimeoutMs: prefixed(() => read.integer(value, 'idleTimeoutMs', DEFAULTS.listenIdleTimeoutMs, 0, 3_600_000), 'idleTimeoutMs') as number,
    maxConnections: prefixed(() => read.integer(value, 'maxConnections', DEFAULTS.listenMaxConnections, 1, 1000), 'maxConnections') as number,
  };
}

/** Validates raw settings (from config or the store) and fills in defaults. Throws ConnectorSettingsError. */
export function parseSgipSettings(raw: unknown): SgipConnectorSettings {
  if (!isRecord(raw)) throw new ConnectorSettingsError('settings', 'must be an object');
  const host = read.string(raw, 'host');
  if (host.trim() === '') throw new ConnectorSettingsError('host', 'must not be empty');
  const settings: SgipConnectorSettings = {
    host,
    port: read.integer(raw, 'port', DEFAULTS.port, 1, 65_535),
    tls: read.boolean(raw, 'tls', DEFAULTS.tls),
    loginName: fixed(raw, 'loginName', 16),
    password: fixed(raw, 'password', 16),
    nodeId: read.integer(raw, 'nodeId', undefined, 0, 0xffffffff),
    spNumber: digits(raw, 'spNumber', 21),
    extension: digits(raw, 'extension', 21, DEFAULTS.extension),
    corpId: fixed(raw, 'corpId', 5, DEFAULTS.corpId),
    serviceType: fixed(raw, 'serviceType', 10, DEFAULTS.serviceType),
    chargeNumber: digits(raw, 'chargeNumber', 21, DEFAULTS.chargeNumber),
    feeType: read.integer(raw, 'feeType', DEFAULTS.feeType, 0, 255),
    feeValue: digits(raw, 'feeValue', 6, DEFAULTS.feeValue),
    givenValue: digits(raw, 'givenValue', 6, DEFAULTS.givenValue),
    agentFlag: read.integer(raw, 'agentFlag', DEFAULTS.agentFlag, 0, 255),
    morelatetoMTFlag: read.integer(raw, 'morelatetoMTFlag', DEFAULTS.morelatetoMTFlag, 0, 255),
    encodings: encodings(raw),
    connections: read.integer(raw, 'connections', DEFAULTS.connections, 1, 64),
    window: read.integer(raw, 'window', DEFAULTS.window, 1, 10_000),
    tps: read.integer(raw, 'tps', DEFAULTS.tps, 0, 1_000_000),
    requestTimeoutMs: read.integer(raw, 'requestTimeoutMs', DEFAULTS.requestTimeoutMs, 10, 600_000),
    idleTimeoutMs: read.integer(raw, 'idleTimeoutMs', DEFAULTS.idleTimeoutMs, 0, 3_600_000),
    connectTimeoutMs: read.integer(raw, 'connectTimeoutMs', DEFAULTS.connectTimeoutMs, 10, 600_000),
    reconnectInitialMs: read.integer(raw, 'reconnectInitialMs', DEFAULTS.reconnectInitialMs, 1, 600_000),
    reconnectMaxMs: read.integer(raw, 'reconnectMaxMs', DEFAULTS.reconnectMaxMs, 1, 3_600_000),
    utcOffsetMinutes: read.integer(raw, 'utcOffsetMinutes', DEFAULTS.utcOffsetMinutes, -720, 840),
    statusOverrides: statusOverrides(raw),
    reportStatuses: reportStatuses(raw),
    moReassemblyTimeoutMs: read.integer(raw, 'moReassemblyTimeoutMs', DEFAULTS.moReassemblyTimeoutMs, 100, 86_400_000),
    listen: listen(raw),
  };
  if (settings.spNumber === '') throw new ConnectorSettingsError('spNumber', 'must not be empty');
  if (settings.spNumber.length + settings.extension.length > 21) throw new ConnectorSettingsError('extension', 'spNumber and extension together must be at most 21 digits');
  if (settings.reconnectMaxMs < settings.reconnectInitialMs) throw new ConnectorSettingsError('reconnectMaxMs', 'must be at least reconnectInitialMs');
  return settings;
}
