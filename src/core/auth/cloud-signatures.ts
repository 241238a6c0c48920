// Request signatures of the cloud SMS APIs we imitate: Aliyun RPC Signature v1 (HMAC-SHA1 over the
// canonicalised parameters), Aliyun V3 (ACS3-HMAC-SHA256 over a canonical request) and Tencent Cloud
// TC3-HMAC-SHA256. Pure functions: the API checks with them.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** RFC 3986 percent-encoding as Aliyun specifies it: only A-Z a-z 0-9 - _ . ~ stay as they are. */
export function aliyunPercentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * Aliyun's StringToSign: METHOD & encode("/") & encode(canonicalised query), where the canonicalised
 * query is every parameter but Signature, sorted by name, each name and value percent-encoded.
 */
export function aliyunStringToSign(method: string, params: Readonly<Record<string, string>>): string {
  const canonical = Object.keys(params)
    .filter((name) => name !== 'Signature')
    // Sorted by code unit, as the reference SDKs do (names are ASCII).
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((name) => `${aliyunPercentEncode(name)}=${aliyunPercentEncode(params[name])}`)
    .join('&');
  return `${method.toUpperCase()}&${aliyunPercentEncode('/')}&${aliyunPercentEncode(canonical)}`;
}

/** Base64 HMAC-SHA1 keyed with "<AccessKeySecret>&". */
export function aliyunSignature(secret: string, method: string, params: Readonly<Record<string, string>>): string {
  return createHmac('sha1', `${secret}&`).update(aliyunStringToSign(method, params), 'utf8').digest('base64');
}

export interface Acs3Request {
  method: string;
  /** The request path as sent, still percent-encoded ("/" for the SDKs' calls). */
  path: string;
  /** The raw query string without "?" ("" when none). */
  query: string;
  /** Header names (any case) → values, at least those in signedHeaders. */
  headers: Readonly<Record<string, string>>;
  signedHeaders: string[];
  /** Hex SHA-256 of the body as received. */
  payloadHash: string;
}

/** V3's CanonicalURI: each path segment decoded and percent-encoded again the RFC 3986 way, "/" kept. */
export function acs3CanonicalUri(path: string): string {
  if (path === '') return '/';
  return path
    .split('/')
    .map((segment) => {
      try {
        return aliyunPercentEncode(decodeURIComponent(segment));
      } catch {
        return segment; // a malformed escape stays as sent (and will not match a well-formed signature)
      }
    })
    .join('/');
}

/** V3's CanonicalQueryString: every pair encoded, sorted by name (then value), "name=value" joined by "&". */
export function acs3CanonicalQuery(query: string): string {
  const pairs = [...new URLSearchParams(query)].map(([name, value]) => [aliyunPercentEncode(name), aliyunPercentEncode(value)] as const);
  pairs.sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0));
  return pairs.map(([name, value]) => `${name}=${value}`).join('&');
}

/** V3's CanonicalRequest: method, URI, query, "name:value\n" per signed header, the header names, the payload hash. */
export function acs3CanonicalRequest(request: Acs3Request): string {
  const names = request.signedHeaders.map((h) => h.toLowerCase()).sort();
  const lower = new Map(Object.entries(request.headers).map(([k, v]) => [k.toLowerCase(), v]));
  const canonicalHeaders = names.map((name) => `${name}:${(lower.get(name) ?? '').trim()}\n`).join('');
  return [request.method.toUpperCase(), acs3CanonicalUri(request.path), acs3CanonicalQuery(request.query), canonicalHeaders, names.join(';'), request.payloadHash].join('\n');
}

/** Hex HMAC-SHA256, keyed with the AccessKeySecret itself, over "ACS3-HMAC-SHA256\n" + hex SHA-256 of the canonical request. */
export function acs3Signature(secret: string, request: Acs3Request): string {
  const stringToSign = `ACS3-HMAC-SHA256\n${createHash('sha256').update(acs3CanonicalRequest(request), 'utf8').digest('hex')}`;
  return createHmac('sha256', secret).update(stringToSign, 'utf8').digest('hex');
}

export interface Acs3Authorization {
  accessKeyId: string;
  signedHeaders: string[];
  signature: string;
}

/** "ACS3-HMAC-SHA256 Credential=<AccessKeyId>,SignedHeaders=a;b,Signature=<hex>" → its parts. */
export function parseAcs3Authorization(header: string | undefined): Acs3Authorization | null {
  if (!header?.startsWith('ACS3-HMAC-SHA256 ')) return null;
  const fields = new Map<string, string>();
  for (const part of header.slice('ACS3-HMAC-SHA256 '.length).split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const accessKeyId = fields.get('Credential');
  const signedHeaders = fields.get('SignedHeaders');
  const signature = fields.get('Signature');
  if (!accessKeyId || !signedHeaders || !signature) return null;
  return { accessKeyId, signedHeaders: signedHeaders.split(';').map((h) => h.trim().toLowerCase()), signature };
}

export interface Tc3Request {
  method: string;
  /** Path, "/" for the API. */
  path: string;
  /** The raw query string ("" for POST). */
  query: string;
  /** Header names (any case) → values, at least those in signedHeaders. */
  headers: Readonly<Record<string, string>>;
  signedHeaders: string[];
  body: Buffer | string;
  /** X-TC-Timestamp, seconds. */
  timestamp: number;
  /** The service in the credential scope, "sms". */
  service: string;
}

/** The UTC date (YYYY-MM-DD) of a Unix timestamp: the date part of TC3's credential scope. */
export function tc3Date(timestamp: number): string {
  return new Date(timestamp * 1000).toISOString().slice(0, 10);
}

/** TC3's CanonicalRequest: method, URI, query, canonical headers, signed headers, hex SHA-256 of the payload. */
export function tc3CanonicalRequest(request: Tc3Request): string {
  const names = request.signedHeaders.map((h) => h.toLowerCase()).sort();
  const lower = new Map(Object.entries(request.headers).map(([k, v]) => [k.toLowerCase(), v]));
  const canonicalHeaders = names.map((name) => `${name}:${(lower.get(name) ?? '').trim().toLowerCase()}\n`).join('');
  const payloadHash = createHash('sha256').update(request.body).digest('hex');
  return [request.method.toUpperCase(), request.path, request.query, canonicalHeaders, names.join(';'), payloadHash].join('\n');
}

export function tc3StringToSign(request: Tc3Request): string {
  const scope = `${tc3Date(request.timestamp)}/${request.service}/tc3_request`;
  const hashed = createHash('sha256').update(tc3CanonicalRequest(request)).digest('hex');
  return `TC3-HMAC-SHA256\n${request.timestamp}\n${scope}\n${hashed}`;
}

/** Hex signature: HMAC chain "TC3"+key → date → service → "tc3_request", then over the StringToSign. */
export function tc3Signature(secretKey: string, request: Tc3Request): string {
  const secretDate = createHmac('sha256', `TC3${secretKey}`).update(tc3Date(request.timestamp)).digest();
  const secretService = createHmac('sha256', secretDate).update(request.service).digest();
  const secretSigning = createHmac('sha256', secretService).update('tc3_request').digest();
  return createHmac('sha256', secretSigning).update(tc3StringToSign(request)).digest('hex');
}

export interface Tc3Authorization {
  secretId: string;
  date: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

/** "TC3-HMAC-SHA256 Credential=<id>/<date>/<service>/tc3_request, SignedHeaders=a;b, Signature=<hex>" → its parts. */
export function parseTc3Authorization(header: string | undefined): Tc3Authorization | null {
  if (!header?.startsWith('TC3-HMAC-SHA256 ')) return null;
  const fields = new Map<string, string>();
  for (const part of header.slice('TC3-HMAC-SHA256 '.length).split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const credential = fields.get('Credential')?.split('/');
  const signedHeaders = fields.get('SignedHeaders');
  const signature = fields.get('Signature');
  if (!credential || credential.length !== 4 || credential[3] !== 'tc3_request' || !signedHeaders || !signature) return null;
  return { secretId: credential[0], date: credential[1], service: credential[2], signedHeaders: signedHeaders.split(';'), signature };
}

/** Constant-time comparison of two signatures as text. */
export function sameSignature(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
