// CONNECT login: the Timestamp, both MD5 authenticators, and building / checking CONNECT and CONNECT_RESP.
import { createHash, timingSafeEqual } from 'node:crypto';
import { CmppConnectStatus } from './connect-status.ts';
import type { CmppPduInputOf, CmppPduOf } from './pdu-types.ts';
import { versionOctet, type CmppVersion } from './version.ts';

/** The shared secret as configured: text (UTF-8 octets) or raw octets. */
export type CmppSecret = string | Uint8Array;

/** China Standard Time, the clock ISMGs expect the Timestamp in; the MD5 works with any clock. */
export const BEIJING_UTC_OFFSET_MINUTES = 480;

const AUTHENTICATOR_LENGTH = 16;
const EMPTY_AUTHENTICATOR = Buffer.alloc(AUTHENTICATOR_LENGTH);

/** CONNECT Timestamp: the decimal number MMDDHHMMSS of `date` at the given UTC offset (cmpp.md 4). */
export function cmppTimestamp(date: Date = new Date(), utcOffsetMinutes = BEIJING_UTC_OFFSET_MINUTES): number {
  const d = new Date(date.getTime() + utcOffsetMinutes * 60_000);
  return (((d.getUTCMonth() + 1) * 100 + d.getUTCDate()) * 100 + d.getUTCHours()) * 10_000 + d.getUTCMinutes() * 100 + d.getUTCSeconds();
}

/** The Timestamp as hashed: exactly 10 digits, zero-padded, so January starts with '0' (cmpp.md 12, pitfall 8). */
export function timestampText(timestamp: number): string {
  return String(timestamp).padStart(10, '0');
}

function octetsOf(secret: CmppSecret): Buffer {
  return typeof secret === 'string' ? Buffer.from(secret, 'utf8') : Buffer.from(secret);
}

/** AuthenticatorSource = MD5(Source_Addr ‖ 9 × 0x00 ‖ secret ‖ timestamp text) (cmpp.md 4). */
export function sourceAuthenticator(sourceAddr: string, secret: CmppSecret, timestamp: number): Buffer {
  return createHash('md5')
    .update(Buffer.from(sourceAddr, 'latin1'))
    .update(Buffer.alloc(9))
    .update(octetsOf(secret))
    .update(timestampText(timestamp), 'latin1')
    .digest();
}

/**
 * AuthenticatorISMG = MD5(Status ‖ AuthenticatorSource ‖ secret), with Status in its wire width:
 * 1 octet in 2.0, 4 octets in 3.0 (cmpp.md 4.1).
 */
export function ismgAuthenticator(status: number, authenticatorSource: Uint8Array, secret: CmppSecret, version: CmppVersion): Buffer {
  const statusOctets = Buffer.alloc(version === '3.0' ? 4 : 1);
  if (version === '3.0') statusOctets.writeUInt32BE(status >>> 0);
  else statusOctets[0] = status;
  return createHash('md5').update(statusOctets).update(authenticatorSource).update(octetsOf(secret)).digest();
}

export interface ConnectRequestOptions {
  sourceAddr: string;
  secret: CmppSecret;
  version: CmppVersion;
  sequenceId: number;
  /** Default: now, Beijing time. */
  timestamp?: number;
}

/** The CONNECT an SP sends. */
export function connectRequest(options: ConnectRequestOptions): CmppPduInputOf<'connect'> {
  const timestamp = options.timestamp ?? cmppTimestamp();
  return {
    command: 'connect',
    Sequence_Id: options.sequenceId,
    Source_Addr: options.sourceAddr,
    AuthenticatorSource: sourceAuthenticator(options.sourceAddr, options.secret, timestamp),
    Version: versionOctet(options.version),
    Timestamp: timestamp,
  };
}

function sameOctets(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/** ISMG side: whether a CONNECT's AuthenticatorSource matches `secret` (all 16 octets compared). */
export function verifyConnect(connect: CmppPduOf<'connect'>, secret: CmppSecret): boolean {
  return sameOctets(connect.AuthenticatorSource, sourceAuthenticator(connect.Source_Addr, secret, connect.Timestamp));
}

export interface ConnectResponseOptions {
  secret: CmppSecret;
  /** The layout this connection uses; Version in the answer is this version's octet. */
  version: CmppVersion;
  /** Default 0 (ok). */
  status?: number;
}

/**
 * ISMG side: the CONNECT_RESP for a CONNECT. A refusal carries an all-zero AuthenticatorISMG
 * (cmpp.md 4.1); the caller closes the connection after sending it.
 */
export function connectResponse(connect: CmppPduOf<'connect'>, options: ConnectResponseOptions): CmppPduInputOf<'connect_resp'> {
  const status = options.status ?? CmppConnectStatus.OK;
  return {
    command: 'connect_resp',
    Sequence_Id: connect.Sequence_Id,
    Status: status,
    AuthenticatorISMG: status === CmppConnectStatus.OK ? ismgAuthenticator(status, connect.AuthenticatorSource, options.secret, options.version) : EMPTY_AUTHENTICATOR,
    Version: versionOctet(options.version),
  };
}

/**
 * SP side: whether a CONNECT_RESP proves the ISMG knows the secret. Both Status widths are tried,
 * since ISMGs differ (SMSGate always hashes 4 octets; cmpp.md 12, pitfall 2). Many clients skip
 * this check; a session may make it optional.
 */
export function verifyConnectResponse(response: CmppPduOf<'connect_resp'>, authenticatorSource: Uint8Array, secret: CmppSecret): boolean {
  const received = response.AuthenticatorISMG;
  return (
    sameOctets(received, ismgAuthenticator(response.Status, authenticatorSource, secret, '3.0')) ||
    sameOctets(received, ismgAuthenticator(response.Status, authenticatorSource, secret, '2.0'))
  );
}
