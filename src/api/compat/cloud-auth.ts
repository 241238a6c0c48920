// Authenticates Aliyun- and Tencent-style requests with an account's cloud key (AccessKeyId/secret):
// the signature is recomputed, the timestamp must be fresh and an Aliyun nonce may not come back (on any
// node: nonces are kept in the shared store).
import { createHash } from 'node:crypto';
import { acs3Signature, aliyunSignature, parseAcs3Authorization, parseTc3Authorization, sameSignature, tc3Date, tc3Signature } from '../../core/auth/cloud-signatures.ts';
import type { Credential, Store } from '../../store/types.ts';

/** Aliyun (v1 Timestamp, V3 x-acs-date): within ±15 min, each SignatureNonce once within 15 min. Tencent: X-TC-Timestamp within ±5 min. */
export const ALIYUN_WINDOW_MS = 15 * 60_000;
export const TENCENT_WINDOW_MS = 5 * 60_000;

export type CloudAuth = { ok: true; accountId: string } | { ok: false; code: string; message: string };

/** The shared nonce ledger (the store): a nonce claimed on one node is refused on every other. */
export type NonceLedger = Pick<Store['credentials'], 'claimNonce'>;

/** A SignatureNonce we store: printable ASCII, bounded (SDKs send a UUID or 32 hex digits). */
const NONCE = /^[\x21-\x7e]{1,128}$/;

const missing = (name: string): CloudAuth => ({ ok: false, code: 'MissingParameter', message: `The input parameter "${name}" that is mandatory for processing this request is not supplied.` });
const badNonce: CloudAuth = { ok: false, code: 'InvalidParameter', message: 'SignatureNonce must be 1 to 128 printable ASCII characters.' };
const badTimestamp: CloudAuth = { ok: false, code: 'InvalidTimeStamp.Format', message: 'Specified time stamp or date value is not well formatted (yyyy-MM-ddTHH:mm:ssZ, UTC).' };
const expired: CloudAuth = { ok: false, code: 'InvalidTimeStamp.Expired', message: 'Specified time stamp or date value is expired.' };
const mismatch: CloudAuth = { ok: false, code: 'SignatureDoesNotMatch', message: 'Specified signature is not matched with our calculation.' };

/** Epoch ms of an Aliyun timestamp (yyyy-MM-ddTHH:mm:ssZ), or null when it is not one. */
function aliyunTime(value: string): number | null {
  const at = Date.parse(value);
  return /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(value) && !Number.isNaN(at) ? at : null;
}

/**
 * Uses up the nonce of a correctly signed request (a forged one must not block the real one). It is
 * kept until the request's timestamp leaves the window, after which the timestamp refuses a replay.
 */
async function claimNonce(nonces: NonceLedger, accessKeyId: string, nonce: string, at: number, now: number, accountId: string): Promise<CloudAuth> {
  if (!(await nonces.claimNonce(`${accessKeyId}/${nonce}`, at + ALIYUN_WINDOW_MS, now))) {
    return { ok: false, code: 'SignatureNonceUsed', message: 'Specified signature nonce was used already.' };
  }
  return { ok: true, accountId };
}

async function activeKey(store: Store, accessKeyId: string): Promise<Credential | null> {
  const credential = await store.credentials.findCloudKey(accessKeyId);
  if (!credential || credential.kind !== 'cloud_key') return null;
  const account = await store.accounts.get(credential.accountId);
  return account && account.status === 'active' ? credential : null;
}

/** Aliyun RPC Signature v1 over every parameter of the request (query and form body together). */
export async function authenticateAliyun(store: Store, method: string, params: Record<string, string>, now: number): Promise<CloudAuth> {
  for (const name of ['AccessKeyId', 'Signature', 'SignatureNonce', 'Timestamp']) if (!params[name]) return missing(name);
  if (params.SignatureMethod !== 'HMAC-SHA1' || params.SignatureVersion !== '1.0') {
    return { ok: false, code: 'InvalidParameter', message: 'SignatureMethod must be HMAC-SHA1 and SignatureVersion 1.0.' };
  }
  if (!NONCE.test(params.SignatureNonce)) return badNonce;
  const at = aliyunTime(params.Timestamp);
  if (at === null) return badTimestamp;
  if (Math.abs(now - at) > ALIYUN_WINDOW_MS) return expired;
  const credential = await activeKey(store, params.AccessKeyId);
  if (!credential) return { ok: false, code: 'InvalidAccessKeyId.NotFound', message: 'Specified access key is not found.' };
  if (!sameSignature(aliyunSignature(credential.secretHash, method, params), params.Signature)) return mismatch;
  return claimNonce(store.credentials, params.AccessKeyId, params.SignatureNonce, at, now, credential.accountId);
}

export interface AliyunV3RequestParts {
  method: string;
  /** The path as sent (percent-encoded), without the query. */
  path: string;
  query: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** True when the request carries a V3 (ACS3-HMAC-SHA256) Authorization header rather than v1 parameters. */
export function isAliyunV3(headers: Record<string, string | string[] | undefined>): boolean {
  const value = headers.authorization;
  return (Array.isArray(value) ? value[0] : value)?.startsWith('ACS3-HMAC-SHA256 ') === true;
}

/**
 * Aliyun V3: ACS3-HMAC-SHA256 over the canonical request (method, path, query, signed headers, body
 * hash), with x-acs-date in the same window as v1's Timestamp and x-acs-signature-nonce used once.
 */
export async function authenticateAliyunV3(store: Store, request: AliyunV3RequestParts, now: number): Promise<CloudAuth> {
  const header = (name: string) => {
    const value = request.headers[name];
    return Array.isArray(value) ? value.join(',') : value;
  };
  const auth = parseAcs3Authorization(header('authorization'));
  if (!auth) return { ok: false, code: 'IncompleteSignature', message: 'Authorization must be ACS3-HMAC-SHA256 Credential=<AccessKeyId>,SignedHeaders=<names>,Signature=<hex>.' };
  for (const name of ['x-acs-date', 'x-acs-signature-nonce', 'x-acs-content-sha256']) if (!header(name)) return missing(name);
  // Every x-acs-* header, the host and the content type must be signed: none of them may be altered on the way.
  const unsigned = Object.keys(request.headers).find((name) => (name.startsWith('x-acs-') || name === 'host' || name === 'content-type') && !auth.signedHeaders.includes(name));
  if (unsigned) return { ok: false, code: 'IncompleteSignature', message: `SignedHeaders must include ${unsigned}.` };
  const nonce = header('x-acs-signature-nonce')!;
  if (!NONCE.test(nonce)) return badNonce;
  const at = aliyunTime(header('x-acs-date')!);
  if (at === null) return badTimestamp;
  if (Math.abs(now - at) > ALIYUN_WINDOW_MS) return expired;
  const payloadHash = createHash('sha256').update(request.body).digest('hex');
  if (header('x-acs-content-sha256') !== payloadHash) return { ok: false, code: 'SignatureDoesNotMatch', message: 'x-acs-content-sha256 is not the SHA-256 of the request body.' };
  const credential = await activeKey(store, auth.accessKeyId);
  if (!credential) return { ok: false, code: 'InvalidAccessKeyId.NotFound', message: 'Specified access key is not found.' };
  const headers: Record<string, string> = {};
  for (const name of auth.signedHeaders) headers[name] = header(name) ?? '';
  const expected = acs3Signature(credential.secretHash, { method: request.method, path: request.path, query: request.query, headers, signedHeaders: auth.signedHeaders, payloadHash });
  if (!sameSignature(expected, auth.signature.toLowerCase())) return mismatch;
  return claimNonce(store.credentials, auth.accessKeyId, nonce, at, now, credential.accountId);
}

export interface TencentRequestParts {
  method: string;
  path: string;
  query: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** TC3-HMAC-SHA256 from the Authorization and X-TC-Timestamp headers. */
export async function authenticateTencent(store: Store, request: TencentRequestParts, now: number): Promise<CloudAuth> {
  const header = (name: string) => {
    const value = request.headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  const auth = parseTc3Authorization(header('authorization'));
  if (!auth) return { ok: false, code: 'AuthFailure.InvalidAuthorization', message: 'Authorization header must be TC3-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=….' };
  const timestamp = Number(header('x-tc-timestamp'));
  if (!Number.isInteger(timestamp) || timestamp <= 0) return { ok: false, code: 'AuthFailure.InvalidAuthorization', message: 'X-TC-Timestamp must be a Unix time in seconds.' };
  if (Math.abs(now - timestamp * 1000) > TENCENT_WINDOW_MS) return { ok: false, code: 'AuthFailure.SignatureExpire', message: 'Signature expired: X-TC-Timestamp is more than 5 minutes off the server time.' };
  if (auth.date !== tc3Date(timestamp) || auth.service !== 'sms') {
    return { ok: false, code: 'AuthFailure.SignatureFailure', message: 'The credential scope does not match the timestamp date or the sms service.' };
  }
  // The content type and host must be signed: otherwise the body could be re-labelled or the request replayed elsewhere.
  const signed = auth.signedHeaders.map((h) => h.toLowerCase());
  if (!signed.includes('content-type') || !signed.includes('host')) {
    return { ok: false, code: 'AuthFailure.SignatureFailure', message: 'SignedHeaders must include content-type and host.' };
  }
  const credential = await activeKey(store, auth.secretId);
  if (!credential) return { ok: false, code: 'AuthFailure.SecretIdNotFound', message: 'The SecretId is not found.' };
  const headers: Record<string, string> = {};
  for (const name of signed) headers[name] = header(name) ?? '';
  const expected = tc3Signature(credential.secretHash, { method: request.method, path: request.path, query: request.query, headers, signedHeaders: signed, body: request.body, timestamp, service: 'sms' });
  if (!sameSignature(expected, auth.signature)) return { ok: false, code: 'AuthFailure.SignatureFailure', message: 'The provided credentials could not be validated. Please check your signature is correct.' };
  return { ok: true, accountId: credential.accountId };
}
