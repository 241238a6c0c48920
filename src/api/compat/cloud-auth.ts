// Authenticates Aliyun- and Tencent-style requests with an account's cloud key (AccessKeyId/secret):
// the signature is recomputed, the timestamp must be fresh and an Aliyun nonce may not come back.
import { aliyunSignature, parseTc3Authorization, sameSignature, tc3Date, tc3Signature } from '../../core/auth/cloud-signatures.ts';
import type { Credential, Store } from '../../store/types.ts';

/** Aliyun: Timestamp within ±15 min, each SignatureNonce once within 15 min. Tencent: X-TC-Timestamp within ±5 min. */
export const ALIYUN_WINDOW_MS = 15 * 60_000;
export const TENCENT_WINDOW_MS = 5 * 60_000;

export type CloudAuth = { ok: true; accountId: string } | { ok: false; code: string; message: string };

/**
 * Nonces seen in the last window, per AccessKeyId. Held by this node only: with several nodes a
 * replay sent to another node within the window is not caught (the timestamp still bounds it).
 */
export class NonceCache {
  private readonly seen = new Map<string, number>();

  /**
   * At most `maxEntries` nonces are held (about 100 bytes each): past that the oldest are forgotten
   * early, so memory stays bounded at Aliyun's 5000 requests a second (a full window would be 4.5 million).
   */
  constructor(
    private readonly windowMs: number,
    private readonly maxEntries = 500_000,
  ) {}

  /** False when the nonce was already used within the window; else remembers it. */
  claim(key: string, now: number): boolean {
    this.sweep(now);
    if (this.seen.has(key)) return false;
    if (this.seen.size >= this.maxEntries) this.seen.delete(this.seen.keys().next().value as string);
    this.seen.set(key, now);
    return true;
  }

  private sweep(now: number): void {
    // Insertion order is time order: stop at the first entry still inside the window.
    for (const [key, at] of this.seen) {
      if (now - at < this.windowMs) break;
      this.seen.delete(key);
    }
  }
}

async function activeKey(store: Store, accessKeyId: string): Promise<Credential | null> {
  const credential = await store.credentials.findCloudKey(accessKeyId);
  if (!credential || credential.kind !== 'cloud_key') return null;
  const account = await store.accounts.get(credential.accountId);
  return account && account.status === 'active' ? credential : null;
}

/** Aliyun RPC Signature v1 over every parameter of the request (query and form body together). */
export async function authenticateAliyun(store: Store, nonces: NonceCache, method: string, params: Record<string, string>, now: number): Promise<CloudAuth> {
  for (const name of ['AccessKeyId', 'Signature', 'SignatureNonce', 'Timestamp']) {
    if (!params[name]) return { ok: false, code: 'MissingParameter', message: `The input parameter "${name}" that is mandatory for processing this request is not supplied.` };
  }
  if (params.SignatureMethod !== 'HMAC-SHA1' || params.SignatureVersion !== '1.0') {
    return { ok: false, code: 'InvalidParameter', message: 'SignatureMethod must be HMAC-SHA1 and SignatureVersion 1.0.' };
  }
  const at = Date.parse(params.Timestamp);
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(params.Timestamp) || Number.isNaN(at)) {
    return { ok: false, code: 'InvalidTimeStamp.Format', message: 'Specified time stamp or date value is not well formatted (yyyy-MM-ddTHH:mm:ssZ, UTC).' };
  }
  if (Math.abs(now - at) > ALIYUN_WINDOW_MS) return { ok: false, code: 'InvalidTimeStamp.Expired', message: 'Specified time stamp or date value is expired.' };
  const credential = await activeKey(store, params.AccessKeyId);
  if (!credential) return { ok: false, code: 'InvalidAccessKeyId.NotFound', message: 'Specified access key is not found.' };
  const expected = aliyunSignature(credential.secretHash, method, params);
  if (!sameSignature(expected, params.Signature)) {
    return { ok: false, code: 'SignatureDoesNotMatch', message: 'Specified signature is not matched with our calculation.' };
  }
  // Only a correctly signed request uses up its nonce: a forged one must not block the real one.
  if (!nonces.claim(`${params.AccessKeyId}\u0000${params.SignatureNonce}`, now)) {
    return { ok: false, code: 'SignatureNonceUsed', message: 'Specified signature nonce was used already.' };
  }
  return { ok: true, accountId: credential.accountId };
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
