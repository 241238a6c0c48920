// Aliyun Signature v1, Aliyun V3 (ACS3-HMAC-SHA256) and Tencent TC3-HMAC-SHA256: checked against Aliyun's published example and
// against canonical forms written out by hand here, plus tampered requests that must not verify.
import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { acs3CanonicalRequest, acs3Signature, aliyunPercentEncode, aliyunSignature, aliyunStringToSign, parseAcs3Authorization, parseTc3Authorization, sameSignature, tc3CanonicalRequest, tc3Signature, tc3StringToSign, type Tc3Request } from '../../../../src/core/auth/cloud-signatures.ts';

describe('Aliyun RPC Signature v1', () => {
  // The example request of Aliyun's SMS "HTTP protocol and signature" page (AccessKeyId testId, secret testSecret).
  const example = {
    AccessKeyId: 'testId', Action: 'SendSms', Format: 'XML', OutId: '123', PhoneNumbers: '15300000001', RegionId: 'cn-hangzhou',
    SignName: '阿里云短信测试专用', SignatureMethod: 'HMAC-SHA1', SignatureNonce: '45e25e9b-0a6f-4070-8c85-2956eda1b466', SignatureVersion: '1.0',
    TemplateCode: 'SMS_71390007', TemplateParam: '{"customer":"test"}', Timestamp: '2017-07-12T02:42:19Z', Version: '2017-05-25',
  };

  it('gives the signature Aliyun documents for its example request', () => {
    expect(aliyunSignature('testSecret', 'GET', example)).toBe('zJDF+Lrzhj/ThnlvIToysFRq6t4=');
  });

  it('canonicalises as documented: sorted names, RFC 3986 encoding, then the whole query encoded again', () => {
    const params = { b: 'x y*~', A: '1', Signature: 'ignored', c: "it's" };
    // Written out by hand: A < b < c by code unit; space → %20, * → %2A, ' → %27, ~ kept; then "&" and "=" and "%" encoded once more.
    expect(aliyunStringToSign('post', params)).toBe('POST&%2F&A%3D1%26b%3Dx%2520y%252A~%26c%3Dit%2527s');
    expect(aliyunPercentEncode("!'()*")).toBe('%21%27%28%29%2A');
    const expected = createHmac('sha1', 'k&').update('POST&%2F&A%3D1%26b%3Dx%2520y%252A~%26c%3Dit%2527s').digest('base64');
    expect(aliyunSignature('k', 'POST', params)).toBe(expected);
  });

  it('a tampered parameter, another method or another secret gives another signature', () => {
    const good = aliyunSignature('testSecret', 'GET', example);
    expect(aliyunSignature('testSecret', 'GET', { ...example, PhoneNumbers: '15300000002' })).not.toBe(good);
    expect(aliyunSignature('testSecret', 'POST', example)).not.toBe(good);
    expect(aliyunSignature('testSecret2', 'GET', example)).not.toBe(good);
    expect(sameSignature(good, good)).toBe(true);
    expect(sameSignature(good, good.slice(1))).toBe(false);
  });
});

describe('Tencent TC3-HMAC-SHA256', () => {
  const body = '{"PhoneNumberSet":["+8613800138000"],"SmsSdkAppId":"1400000000","TemplateId":"1","TemplateParamSet":["1234"]}';
  const request: Tc3Request = {
    method: 'POST', path: '/', query: '',
    headers: { 'Content-Type': 'application/json; charset=utf-8', Host: 'sms.tencentcloudapi.com', 'X-TC-Action': 'SendSms' },
    signedHeaders: ['content-type', 'host'], body, timestamp: 1_700_000_000, service: 'sms',
  };

  it('builds the canonical request and string to sign exactly as documented', () => {
    const payloadHash = createHash('sha256').update(body).digest('hex');
    const canonical = `POST\n/\n\ncontent-type:application/json; charset=utf-8\nhost:sms.tencentcloudapi.com\n\ncontent-type;host\n${payloadHash}`;
    expect(tc3CanonicalRequest(request)).toBe(canonical);
    // 1700000000 is 2023-11-14T22:13:20Z: the scope's date is the UTC date.
    const stringToSign = `TC3-HMAC-SHA256\n1700000000\n2023-11-14/sms/tc3_request\n${createHash('sha256').update(canonical).digest('hex')}`;
    expect(tc3StringToSign(request)).toBe(stringToSign);
    const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();
    const signing = hmac(hmac(hmac('TC3secret-key', '2023-11-14'), 'sms'), 'tc3_request');
    expect(tc3Signature('secret-key', request)).toBe(createHmac('sha256', signing).update(stringToSign).digest('hex'));
  });

  it('a tampered body, header or timestamp gives another signature', () => {
    const good = tc3Signature('secret-key', request);
    expect(tc3Signature('secret-key', { ...request, body: body.replace('1234', '9999') })).not.toBe(good);
    expect(tc3Signature('secret-key', { ...request, headers: { ...request.headers, Host: 'evil.example' } })).not.toBe(good);
    expect(tc3Signature('secret-key', { ...request, timestamp: request.timestamp + 1 })).not.toBe(good);
    expect(tc3Signature('other-key', request)).not.toBe(good);
  });

  it('parses the Authorization header and refuses other schemes', () => {
    expect(parseTc3Authorization('TC3-HMAC-SHA256 Credential=AKID/2023-11-14/sms/tc3_request, SignedHeaders=content-type;host, Signature=abc')).toEqual({
      secretId: 'AKID', date: '2023-11-14', service: 'sms', signedHeaders: ['content-type', 'host'], signature: 'abc',
    });
    expect(parseTc3Authorization('Bearer x')).toBeNull();
    expect(parseTc3Authorization('TC3-HMAC-SHA256 Credential=AKID/2023-11-14/sms, SignedHeaders=host, Signature=abc')).toBeNull();
  });
});

describe('Aliyun V3 (ACS3-HMAC-SHA256)', () => {
  const empty = createHash('sha256').update('').digest('hex');
  const request = {
    method: 'post',
    path: '/a%20b/',
    query: 'b=x+y*~&A=2&A=1&c=it%27s',
    headers: { Host: ' dysmsapi.aliyuncs.com ', 'x-acs-action': 'SendSms', 'x-acs-date': '2026-11-23T10:00:00Z', 'x-acs-content-sha256': empty },
    signedHeaders: ['x-acs-date', 'host', 'x-acs-content-sha256', 'x-acs-action'],
    payloadHash: empty,
  };

  it('canonicalises as described: encoded path, sorted encoded query, sorted trimmed header lines, names, body hash', () => {
    // Written out by hand: "+" in the query is a space (%20), "*" → %2A, "~" kept; A=1 before A=2; header names lower-case and sorted.
    expect(acs3CanonicalRequest(request)).toBe(
      ['POST', '/a%20b/', 'A=1&A=2&b=x%20y%2A~&c=it%27s', `host:dysmsapi.aliyuncs.com\nx-acs-action:SendSms\nx-acs-content-sha256:${empty}\nx-acs-date:2026-11-23T10:00:00Z\n`, 'host;x-acs-action;x-acs-content-sha256;x-acs-date', empty].join('\n'),
    );
  });

  it('signs hex HMAC-SHA256 keyed with the secret over the algorithm and the hashed canonical request', () => {
    const hashed = createHash('sha256').update(acs3CanonicalRequest(request)).digest('hex');
    expect(acs3Signature('secret', request)).toBe(createHmac('sha256', 'secret').update(`ACS3-HMAC-SHA256\n${hashed}`).digest('hex'));
    expect(acs3Signature('secret', { ...request, query: 'A=1' })).not.toBe(acs3Signature('secret', request));
    expect(acs3Signature('other', request)).not.toBe(acs3Signature('secret', request));
  });

  it('reads the Authorization header, and nothing that is not one', () => {
    expect(parseAcs3Authorization('ACS3-HMAC-SHA256 Credential=KX1,SignedHeaders=host;X-Acs-Date,Signature=ab12')).toEqual({ accessKeyId: 'KX1', signedHeaders: ['host', 'x-acs-date'], signature: 'ab12' });
    expect(parseAcs3Authorization('ACS3-HMAC-SHA256 Credential=KX1,SignedHeaders=host')).toBeNull();
    expect(parseAcs3Authorization('TC3-HMAC-SHA256 Credential=KX1,SignedHeaders=host,Signature=ab')).toBeNull();
    expect(parseAcs3Authorization(undefined)).toBeNull();
  });
});
