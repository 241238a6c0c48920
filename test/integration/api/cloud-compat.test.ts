// Aliyun- and Tencent-compatible endpoints against the real platform and simulator: signed requests,
// each API's error shapes, QuerySendDetails after delivery, cloud-shaped status reports, tenant isolation.
import { createHash, createHmac, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SimulatorConnector } from '../../../src/connectors/simulator/connector.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aliyunSignature, tc3Date, tc3Signature } from '../../../src/core/auth/cloud-signatures.ts';
import { adminToken, bearer, createAccount, pollUntil } from '../../support/api.ts';
import { startTestPlatform, type TestPlatform } from '../../support/platform.ts';

interface CloudKey {
  id: string;
  accessKeyId: string;
  accessKeySecret: string;
}

let platform: TestPlatform;
let reportServer: Server;
let reportBase: string;
/** Bodies POSTed to the report server, by path. */
const reports = new Map<string, unknown[]>();
let admin: string;
const keys: Record<string, string> = {};
const cloud: Record<string, CloudKey> = {};
let templateCode: string;

beforeAll(async () => {
  reportServer = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      const path = req.url ?? '';
      // Status reports come as arrays; a reply (MO) callback may be a single object.
      const parsed: unknown = JSON.parse(body);
      reports.set(path, [...(reports.get(path) ?? []), ...(Array.isArray(parsed) ? parsed : [parsed])]);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"code":0,"msg":"接收成功"}');
    });
  });
  await new Promise<void>((resolve) => reportServer.listen(0, '127.0.0.1', resolve));
  reportBase = `http://127.0.0.1:${(reportServer.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => reportServer?.close(resolve));
});

async function call(method: string, url: string, token: string, payload?: object) {
  return platform.http.inject({ method: method as 'GET', url, headers: bearer(token), payload });
}

/** A signed Aliyun RPC request (GET: parameters in the query; POST: as a form body). */
function aliyun(key: CloudKey, action: Record<string, string>, options: { method?: 'GET' | 'POST'; timestamp?: string; nonce?: string; tamper?: boolean; url?: string } = {}) {
  const method = options.method ?? 'GET';
  const params: Record<string, string> = {
    AccessKeyId: key.accessKeyId, Format: 'JSON', RegionId: 'cn-hangzhou', SignatureMethod: 'HMAC-SHA1', SignatureNonce: options.nonce ?? randomUUID(),
    SignatureVersion: '1.0', Timestamp: options.timestamp ?? new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'), Version: '2017-05-25', ...action,
  };
  params.Signature = aliyunSignature(key.accessKeySecret, method, params);
  if (options.tamper) params.PhoneNumbers = '13900139000';
  const encoded = new URLSearchParams(params).toString();
  if (method === 'GET') return platform.http.inject({ method, url: `/aliyun/?${encoded}` });
  return platform.http.inject({ method, url: options.url ?? '/aliyun/', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: encoded });
}

/** RFC 3986 percent-encoding (unreserved characters kept, space as %20), as Aliyun's V3 description asks. */
const rfc3986 = (value: string) => encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
const sha256Hex = (data: string) => createHash('sha256').update(data, 'utf8').digest('hex');

interface V3Options {
  method?: 'GET' | 'POST';
  date?: string;
  nonce?: string;
  url?: string;
  /** Changes the body after signing. */
  tamper?: boolean;
  /** Leaves this header out of SignedHeaders (it is still sent). */
  unsigned?: string;
}

/**
 * An Aliyun V3 request, signed here from Aliyun's description (not with the server's code): canonical
 * request = method, URI, sorted encoded query, "name:value" lines of the signed headers, their names,
 * hex SHA-256 of the body; signature = hex HMAC-SHA256(secret, "ACS3-HMAC-SHA256\n" + hex SHA-256 of it).
 */
function aliyunV3(key: CloudKey, action: string, params: Record<string, string>, options: V3Options = {}) {
  const method = options.method ?? 'POST';
  const url = options.url ?? '/';
  const encoded = Object.keys(params)
    .sort()
    .map((name) => `${rfc3986(name)}=${rfc3986(params[name])}`)
    .join('&');
  const query = method === 'GET' ? encoded : '';
  const body = method === 'POST' ? encoded : '';
  const headers: Record<string, string> = {
    host: 'dysmsapi.aliyuncs.com',
    'x-acs-action': action,
    'x-acs-version': '2017-05-25',
    'x-acs-date': options.date ?? new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    'x-acs-signature-nonce': options.nonce ?? randomUUID().replaceAll('-', ''),
    'x-acs-content-sha256': sha256Hex(body),
  };
  if (method === 'POST') headers['content-type'] = 'application/x-www-form-urlencoded';
  const signed = Object.keys(headers).filter((name) => name !== options.unsigned).sort();
  const canonical = [method, url, query, signed.map((name) => `${name}:${headers[name].trim()}\n`).join(''), signed.join(';'), headers['x-acs-content-sha256']].join('\n');
  const signature = createHmac('sha256', key.accessKeySecret).update(`ACS3-HMAC-SHA256\n${sha256Hex(canonical)}`).digest('hex');
  headers.authorization = `ACS3-HMAC-SHA256 Credential=${key.accessKeyId},SignedHeaders=${signed.join(';')},Signature=${signature}`;
  const payload = options.tamper ? body.replace('13800138', '13900139') : body;
  return platform.http.inject({ method, url: query ? `${url}?${query}` : url, headers, ...(method === 'POST' ? { payload } : {}) });
}

/** A Tencent SendSms signed with TC3-HMAC-SHA256. */
function tencent(key: CloudKey, body: object, options: { timestamp?: number; tamper?: boolean; action?: string; url?: string } = {}) {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const raw = JSON.stringify(body);
  const headers = { 'content-type': 'application/json; charset=utf-8', host: 'sms.tencentcloudapi.com' };
  // API 3.0 signs "/" as the URI whatever the path.
  const signature = tc3Signature(key.accessKeySecret, { method: 'POST', path: '/', query: '', headers, signedHeaders: ['content-type', 'host'], body: raw, timestamp, service: 'sms' });
  return platform.http.inject({
    method: 'POST',
    url: options.url ?? '/tencent/',
    headers: {
      ...headers,
      'x-tc-action': options.action ?? 'SendSms', 'x-tc-version': '2021-01-11', 'x-tc-region': 'ap-guangzhou', 'x-tc-timestamp': String(timestamp),
      authorization: `TC3-HMAC-SHA256 Credential=${key.accessKeyId}/${tc3Date(timestamp)}/sms/tc3_request, SignedHeaders=content-type;host, Signature=${signature}`,
    },
    payload: options.tamper ? raw.replace('1234', '9999') : raw,
  });
}

async function approvedSignature(account: string, name: string): Promise<void> {
  const created = await call('POST', '/v1/signatures', keys[account], { name });
  expect(created.statusCode, created.body).toBe(201);
  const review = await call('POST', `/v1/signatures/${(created.json() as { id: string }).id}/review`, admin, { decision: 'approve' });
  expect(review.statusCode, review.body).toBe(200);
}

async function approvedTemplate(account: string, body: string): Promise<string> {
  const created = await call('POST', '/v1/templates', keys[account], { name: 'login', category: 'verification', body });
  expect(created.statusCode, created.body).toBe(201);
  const code = (created.json() as { code: string }).code;
  expect((await call('POST', `/v1/templates/${code}/review`, admin, { decision: 'approve' })).statusCode).toBe(200);
  return code;
}

describe.each(['sqlite', 'postgres'] as const)('Aliyun- and Tencent-compatible APIs on %s', (store) => {
  beforeAll(async () => {
    reports.clear();
    platform = await startTestPlatform({}, { store });
    admin = await adminToken(platform);
    const sim = await call('POST', '/v1/connectors', admin, { id: 'simc', type: 'simulator', name: 'sim', settings: { receiptDelayMs: 30, outcomes: { delivered: 1 } } });
    expect(sim.statusCode, sim.body).toBe(201);
    for (const id of ['ali', 'tc', 'other']) keys[id] = await createAccount(platform, admin, { id, callbackUrl: `${reportBase}/${id}` });
    const route = await call('POST', '/v1/routes', admin, { id: 'to-simc', name: 'compat', position: 10, filters: { accounts: ['ali', 'tc', 'other'] }, connectors: ['simc'] });
    expect(route.statusCode, route.body).toBe(201);
    for (const id of ['ali', 'tc', 'other']) await approvedSignature(id, '快信');
    // Each account's own number for replies; 'other' holds a longer number inside ali's range.
    for (const [id, pattern] of [['ali', '1069001'], ['tc', '1069002'], ['other', '106900177']]) {
      const mo = await call('POST', '/v1/mo-routes', admin, { id: `${id}-mo`, pattern, accountId: id });
      expect(mo.statusCode, mo.body).toBe(201);
    }
    // A signature still waiting for review may not be used.
    expect((await call('POST', '/v1/signatures', keys.ali, { name: '待审' })).statusCode).toBe(201);
    templateCode = await approvedTemplate('ali', '${name}您好，验证码${code}，5分钟内有效。');
    await approvedTemplate('tc', '${name}您好，验证码${code}，5分钟内有效。');
    // Administrators create keys for an account; an owner creates its own.
    const byAdmin = await call('POST', '/v1/accounts/ali/cloud-keys', admin, { name: 'aliyun sdk' });
    expect(byAdmin.statusCode, byAdmin.body).toBe(201);
    cloud.ali = byAdmin.json() as CloudKey;
    for (const id of ['tc', 'other']) {
      const own = await call('POST', '/v1/cloud-keys', keys[id], {});
      expect(own.statusCode, own.body).toBe(201);
      cloud[id] = own.json() as CloudKey;
    }
    await pollUntil(async () => platform.gateway.connectors.get('simc')?.stats().state, (s) => s === 'up', 'simc to come up');
  });
  afterAll(() => platform?.stop());

  it('Aliyun SendSms: OK with a BizId, delivered, found by QuerySendDetails, reported as SmsReport', async () => {
    const res = await aliyun(cloud.ali, { Action: 'SendSms', PhoneNumbers: '13800138001', SignName: '快信', TemplateCode: templateCode, TemplateParam: '{"name":"张三","code":"1234"}', OutId: 'order-7' });
    expect(res.statusCode, res.body).toBe(200);
    const sent = res.json() as { Code: string; Message: string; BizId: string; RequestId: string };
    expect(sent).toMatchObject({ Code: 'OK', Message: 'OK' });
    expect(sent.BizId).toMatch(/^[0-9a-z]{26}$/);
    expect(sent.RequestId).toMatch(/^[0-9A-F-]{36}$/);

    const query = { Action: 'QuerySendDetails', PhoneNumber: '13800138001', BizId: sent.BizId, SendDate: shanghaiDay(), PageSize: '10', CurrentPage: '1' };
    const details = await pollUntil(
      async () => (await aliyun(cloud.ali, query)).json() as { Code: string; TotalCount: string; SmsSendDetailDTOs: { SmsSendDetailDTO: Array<Record<string, unknown>> } },
      (d) => d.SmsSendDetailDTOs?.SmsSendDetailDTO[0]?.SendStatus === 3,
      'the message to be delivered',
    );
    expect(details).toMatchObject({ Code: 'OK', TotalCount: '1' });
    expect(details.SmsSendDetailDTOs.SmsSendDetailDTO[0]).toMatchObject({
      PhoneNum: '13800138001', SendStatus: 3, ErrCode: 'DELIVERED', TemplateCode: templateCode, Content: '【快信】张三您好，验证码1234，5分钟内有效。', OutId: 'order-7',
    });
    expect(details.SmsSendDetailDTOs.SmsSendDetailDTO[0].ReceiveDate).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);

    const report = await pollUntil(async () => (reports.get('/ali') ?? []).find((r) => (r as { biz_id: string }).biz_id === sent.BizId), (r) => r !== undefined, 'the Aliyun-shaped report');
    expect(report).toMatchObject({ phone_number: '13800138001', success: true, err_code: 'DELIVERED', biz_id: sent.BizId, out_id: 'order-7', sms_size: '1' });
  });

  it('Aliyun SendBatchSms (form POST): numbers with their own signature and params share one BizId', async () => {
    const res = await aliyun(
      cloud.ali,
      { Action: 'SendBatchSms', PhoneNumberJson: '["13800138002","13800138003"]', SignNameJson: '["快信","快信"]', TemplateCode: templateCode, TemplateParamJson: '[{"name":"甲","code":"1"},{"name":"乙","code":"2"}]' },
      { method: 'POST' },
    );
    expect(res.statusCode, res.body).toBe(200);
    const { Code, BizId } = res.json() as { Code: string; BizId: string };
    expect(Code).toBe('OK');
    const found = (await aliyun(cloud.ali, { Action: 'QuerySendDetails', PhoneNumber: '13800138003', BizId, SendDate: shanghaiDay(), PageSize: '10', CurrentPage: '1' })).json() as {
      TotalCount: string; SmsSendDetailDTOs: { SmsSendDetailDTO: Array<{ Content: string }> };
    };
    expect(found.TotalCount).toBe('1');
    expect(found.SmsSendDetailDTOs.SmsSendDetailDTO[0].Content).toBe('【快信】乙您好，验证码2，5分钟内有效。');
  });

  it('the root answers both, as the clouds\' SDKs (which take a host, not a path) send their requests', async () => {
    const ali = await aliyun(cloud.ali, { Action: 'SendSms', PhoneNumbers: '13800138012', SignName: '快信', TemplateCode: templateCode, TemplateParam: '{"name":"a","code":"1"}' }, { method: 'POST', url: '/' });
    expect(ali.json()).toMatchObject({ Code: 'OK' });
    const code = ((await call('GET', '/v1/templates', keys.tc)).json() as { items: Array<{ code: string }> }).items[0].code;
    const tc = await tencent(cloud.tc, { PhoneNumberSet: ['+8613800138013'], SmsSdkAppId: '1400000000', SignName: '快信', TemplateId: code, TemplateParamSet: ['a', '1'] }, { url: '/' });
    expect(tc.json()).toMatchObject({ Response: { SendStatusSet: [{ Code: 'Ok' }] } });
  });

  it('Aliyun refusals: bad signature, stale timestamp, reused nonce, unknown key, template, signature, number', async () => {
    const send = { Action: 'SendSms', PhoneNumbers: '13800138004', SignName: '快信', TemplateCode: templateCode, TemplateParam: '{"name":"a","code":"1"}' };
    const tampered = await aliyun(cloud.ali, send, { tamper: true });
    expect(tampered.statusCode).toBe(400);
    expect(tampered.json()).toMatchObject({ Code: 'SignatureDoesNotMatch', Message: expect.any(String), RequestId: expect.any(String) });
    const stale = await aliyun(cloud.ali, send, { timestamp: new Date(Date.now() - 16 * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z') });
    expect(stale.json()).toMatchObject({ Code: 'InvalidTimeStamp.Expired' });
    const nonce = randomUUID();
    expect((await aliyun(cloud.ali, send, { nonce })).json()).toMatchObject({ Code: 'OK' });
    expect((await aliyun(cloud.ali, send, { nonce })).json()).toMatchObject({ Code: 'SignatureNonceUsed' });
    const unknown = await aliyun({ ...cloud.ali, accessKeyId: 'KXNOSUCHKEY' }, send);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ Code: 'InvalidAccessKeyId.NotFound' });

    expect((await aliyun(cloud.ali, { ...send, TemplateCode: 'SMS_999999' })).json()).toMatchObject({ Code: 'isv.SMS_TEMPLATE_ILLEGAL' });
    expect((await aliyun(cloud.ali, { ...send, SignName: '待审' })).json()).toMatchObject({ Code: 'isv.SMS_SIGNATURE_ILLEGAL' });
    expect((await aliyun(cloud.ali, { ...send, PhoneNumbers: '13800138004,12345' })).json()).toMatchObject({ Code: 'isv.MOBILE_NUMBER_ILLEGAL' });
    expect((await call('POST', '/v1/blacklist', keys.ali, { number: '13800138011' })).statusCode).toBe(201);
    expect((await aliyun(cloud.ali, { ...send, PhoneNumbers: '13800138011' })).json()).toMatchObject({ Code: 'isv.BLACK_KEY_CONTROL_LIMIT' });
    expect((await aliyun(cloud.ali, { ...send, TemplateParam: '{"name":"a"}' })).json()).toMatchObject({ Code: 'isv.TEMPLATE_MISSING_PARAMETERS' });
    expect((await aliyun(cloud.ali, { ...send, Action: 'SendCard' })).json()).toMatchObject({ Code: 'InvalidAction.NotFound' });
    const missing = await aliyun(cloud.ali, { Action: 'SendSms', PhoneNumbers: '13800138004', SignName: '快信' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toMatchObject({ Code: 'MissingParameter' });
    // Nothing of the refused requests was stored for that number but the one accepted send.
    const listed = (await call('GET', '/v1/messages?to=13800138004', keys.ali)).json() as { items: unknown[] };
    expect(listed.items).toHaveLength(1);
  });

  it('Aliyun V3 (ACS3-HMAC-SHA256): SendSms as a form POST to the root, then QuerySendDetails as a GET', async () => {
    const sent = await aliyunV3(cloud.ali, 'SendSms', { PhoneNumbers: '13800138020', SignName: '快信', TemplateCode: templateCode, TemplateParam: '{"name":"王 五","code":"2468"}', OutId: 'v3*order' });
    expect(sent.statusCode, sent.body).toBe(200);
    const { Code, BizId } = sent.json() as { Code: string; BizId: string };
    expect(Code).toBe('OK');
    const found = await aliyunV3(cloud.ali, 'QuerySendDetails', { PhoneNumber: '13800138020', BizId, SendDate: shanghaiDay(), PageSize: '10', CurrentPage: '1' }, { method: 'GET', url: '/aliyun/' });
    expect(found.statusCode, found.body).toBe(200);
    expect(found.json()).toMatchObject({ Code: 'OK', TotalCount: '1', SmsSendDetailDTOs: { SmsSendDetailDTO: [{ Content: '【快信】王 五您好，验证码2468，5分钟内有效。', OutId: 'v3*order' }] } });
  });

  it('Aliyun V3 refusals: altered body, stale date, replayed nonce, unsigned x-acs header, unknown key', async () => {
    const send = { PhoneNumbers: '13800138021', SignName: '快信', TemplateCode: templateCode, TemplateParam: '{"name":"a","code":"1"}' };
    const tampered = await aliyunV3(cloud.ali, 'SendSms', send, { tamper: true });
    expect(tampered.statusCode).toBe(400);
    expect(tampered.json()).toMatchObject({ Code: 'SignatureDoesNotMatch', Message: expect.any(String), RequestId: expect.any(String) });
    const stale = await aliyunV3(cloud.ali, 'SendSms', send, { date: new Date(Date.now() - 16 * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z') });
    expect(stale.statusCode).toBe(400);
    expect(stale.json()).toMatchObject({ Code: 'InvalidTimeStamp.Expired' });
    expect((await aliyunV3(cloud.ali, 'SendSms', send, { date: '2026-11-23 10:00:00' })).json()).toMatchObject({ Code: 'InvalidTimeStamp.Format' });
    const nonce = randomUUID();
    expect((await aliyunV3(cloud.ali, 'SendSms', send, { nonce })).json()).toMatchObject({ Code: 'OK' });
    const replay = await aliyunV3(cloud.ali, 'SendSms', send, { nonce });
    expect(replay.statusCode).toBe(400);
    expect(replay.json()).toMatchObject({ Code: 'SignatureNonceUsed' });
    // A nonce is used up for its key whichever signature version used it.
    const v1Nonce = randomUUID();
    expect((await aliyun(cloud.ali, { Action: 'SendSms', ...send, PhoneNumbers: '13800138022' }, { nonce: v1Nonce })).json()).toMatchObject({ Code: 'OK' });
    expect((await aliyunV3(cloud.ali, 'SendSms', send, { nonce: v1Nonce })).json()).toMatchObject({ Code: 'SignatureNonceUsed' });
    expect((await aliyunV3(cloud.ali, 'SendSms', send, { unsigned: 'x-acs-action' })).json()).toMatchObject({ Code: 'IncompleteSignature' });
    const unknown = await aliyunV3({ ...cloud.ali, accessKeyId: 'KXNOSUCHKEY' }, 'SendSms', send);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ Code: 'InvalidAccessKeyId.NotFound' });
    // Only the one accepted V3 send was stored for that number.
    expect(((await call('GET', '/v1/messages?to=13800138021', keys.ali)).json() as { items: unknown[] }).items).toHaveLength(1);
  });

  it('extension codes: the sender is the account number plus SmsUpExtendCode / ExtendCode, and a reply to it reaches the account', async () => {
    const simulator = platform.gateway.connectors.get('simc') as SimulatorConnector;
    const senderOf = async (account: string, id: string) => ((await call('GET', `/v1/messages/${id}`, keys[account])).json() as { from: string | null }).from;
    const received = async (account: string, to: string) => ((await call('GET', '/v1/mo', keys[account])).json() as { items: Array<{ from: string; to: string; text: string }> }).items.filter((m) => m.to === to);

    const ali = await aliyun(cloud.ali, { Action: 'SendSms', PhoneNumbers: '13800138030', SignName: '快信', TemplateCode: templateCode, TemplateParam: '{"name":"a","code":"1"}', SmsUpExtendCode: '12' });
    expect(ali.json()).toMatchObject({ Code: 'OK' });
    const aliMessage = ((await call('GET', '/v1/messages?to=13800138030', keys.ali)).json() as { items: Array<{ id: string }> }).items[0];
    expect(await senderOf('ali', aliMessage.id)).toBe('106900112');
    await simulator.injectMo('+8613800138030', '106900112', '收到');
    expect(await received('ali', '106900112')).toEqual([expect.objectContaining({ from: '+8613800138030', to: '106900112', text: '收到' })]);

    const code = ((await call('GET', '/v1/templates', keys.tc)).json() as { items: Array<{ code: string }> }).items[0].code;
    const tc = await tencent(cloud.tc, { PhoneNumberSet: ['+8613800138031'], SmsSdkAppId: '1400000000', SignName: '快信', TemplateId: code, TemplateParamSet: ['a', '1'], ExtendCode: '5' });
    const serialNo = ((tc.json() as { Response: { SendStatusSet: Array<{ SerialNo: string; Code: string }> } }).Response.SendStatusSet[0]);
    expect(serialNo.Code).toBe('Ok');
    expect(await senderOf('tc', serialNo.SerialNo)).toBe('10690025');
    await simulator.injectMo('+8613800138031', '10690025', '好');
    expect(await received('tc', '10690025')).toHaveLength(1);
    expect(await received('ali', '10690025')).toHaveLength(0);

    // Tencent's SenderId is the sender as it is, and a numeric one is extended by ExtendCode.
    const withId = await tencent(cloud.tc, { PhoneNumberSet: ['+8613800138032'], SmsSdkAppId: '1400000000', SignName: '快信', TemplateId: code, TemplateParamSet: ['a', '1'], SenderId: 'KXALERT' });
    expect(await senderOf('tc', (withId.json() as { Response: { SendStatusSet: Array<{ SerialNo: string }> } }).Response.SendStatusSet[0].SerialNo)).toBe('KXALERT');
  });

  it('extension codes are refused in each cloud\'s shape when not digits, too long, or answered to another account', async () => {
    const send = { Action: 'SendSms', PhoneNumbers: '13800138033', SignName: '快信', TemplateCode: templateCode, TemplateParam: '{"name":"a","code":"1"}' };
    for (const bad of ['1a', '1234567890123', '77']) {
      const res = await aliyun(cloud.ali, { ...send, SmsUpExtendCode: bad });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ Code: 'isv.INVALID_PARAMETERS', Message: expect.stringContaining('SmsUpExtendCode') });
    }
    // '77' would make 106900177, whose replies go to the account 'other'.
    expect(((await aliyun(cloud.ali, { ...send, SmsUpExtendCode: '77' })).json() as { Message: string }).Message).toContain('another account');
    const batch = await aliyun(cloud.ali, { Action: 'SendBatchSms', PhoneNumberJson: '["13800138033","13800138034"]', SignNameJson: '["快信","快信"]', TemplateCode: templateCode, SmsUpExtendCodeJson: '["1"]' }, { method: 'POST' });
    expect(batch.json()).toMatchObject({ Code: 'isv.INVALID_PARAMETERS' });
    const code = ((await call('GET', '/v1/templates', keys.tc)).json() as { items: Array<{ code: string }> }).items[0].code;
    const body = { PhoneNumberSet: ['+8613800138035'], SmsSdkAppId: '1400000000', SignName: '快信', TemplateId: code, TemplateParamSet: ['a', '1'] };
    for (const extra of [{ ExtendCode: '12x' }, { ExtendCode: '5', SenderId: 'KXALERT' }]) {
      const res = await tencent(cloud.tc, { ...body, ...extra });
      expect(res.json()).toMatchObject({ Response: { Error: { Code: 'InvalidParameterValue', Message: expect.stringContaining('ExtendCode') } } });
    }
    expect(((await call('GET', '/v1/messages?to=13800138033', keys.ali)).json() as { items: unknown[] }).items).toHaveLength(0);
  });

  it("tenant isolation: another account's key finds nothing under a BizId that is not its own", async () => {
    const sent = (await aliyun(cloud.ali, { Action: 'SendSms', PhoneNumbers: '13800138005', SignName: '快信', TemplateCode: templateCode, TemplateParam: '{"name":"a","code":"1"}' })).json() as { BizId: string };
    const query = { Action: 'QuerySendDetails', PhoneNumber: '13800138005', BizId: sent.BizId, SendDate: shanghaiDay(), PageSize: '10', CurrentPage: '1' };
    expect((await aliyun(cloud.ali, query)).json()).toMatchObject({ TotalCount: '1' });
    expect((await aliyun(cloud.other, query)).json()).toMatchObject({ Code: 'OK', TotalCount: '0', SmsSendDetailDTOs: { SmsSendDetailDTO: [] } });
    // Nor can it use the other account's template.
    expect((await aliyun(cloud.other, { Action: 'SendSms', PhoneNumbers: '13800138005', SignName: '快信', TemplateCode: templateCode, TemplateParam: '{"name":"a","code":"1"}' })).json()).toMatchObject({ Code: 'isv.SMS_TEMPLATE_ILLEGAL' });
  });

  it('Tencent SendSms: a status per number, numeric TemplateId, ordered params, Tencent-shaped report', async () => {
    const tcTemplate = (await call('GET', '/v1/templates', keys.tc)).json() as { items: Array<{ code: string }> };
    const numeric = String(Number(tcTemplate.items[0].code.slice(4)));
    expect((await call('POST', '/v1/blacklist', keys.tc, { number: '13800138010' })).statusCode).toBe(201);
    const res = await tencent(cloud.tc, { PhoneNumberSet: ['+8613800138006', '+86123', '+8613800138010'], SmsSdkAppId: '1400000000', SignName: '快信', TemplateId: numeric, TemplateParamSet: ['李四', '1234'], SessionContext: 'ctx-1' });
    expect(res.statusCode, res.body).toBe(200);
    const { Response } = res.json() as { Response: { SendStatusSet: Array<Record<string, unknown>>; RequestId: string } };
    expect(Response.RequestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(Response.SendStatusSet[0]).toMatchObject({ PhoneNumber: '+8613800138006', Fee: 1, SessionContext: 'ctx-1', Code: 'Ok', Message: 'send success', IsoCode: 'CN' });
    expect(Response.SendStatusSet[1]).toMatchObject({ PhoneNumber: '+86123', Code: 'InvalidParameterValue.IncorrectPhoneNumber', Fee: 0 });
    expect(Response.SendStatusSet[2]).toMatchObject({ PhoneNumber: '+8613800138010', Code: 'FailedOperation.PhoneNumberInBlacklist', SerialNo: '' });
    const serialNo = Response.SendStatusSet[0].SerialNo as string;
    const message = (await call('GET', `/v1/messages/${serialNo}`, keys.tc)).json() as { text: string };
    expect(message.text).toBe('【快信】李四您好，验证码1234，5分钟内有效。');
    const report = await pollUntil(async () => (reports.get('/tc') ?? []).find((r) => (r as { sid: string }).sid === serialNo), (r) => r !== undefined, 'the Tencent-shaped report');
    expect(report).toMatchObject({ nationcode: '86', mobile: '13800138006', report_status: 'SUCCESS', errmsg: 'DELIVRD', sid: serialNo });
  });

  it('Tencent refusals: tampered body, stale timestamp, unknown template or signature, wrong parameter count', async () => {
    const body = { PhoneNumberSet: ['+8613800138007'], SmsSdkAppId: '1400000000', SignName: '快信', TemplateId: 'SMS_999999', TemplateParamSet: ['a', '1234'] };
    const error = async (res: Awaited<ReturnType<typeof tencent>>) => {
      expect(res.statusCode).toBe(200);
      const json = res.json() as { Response: { Error: { Code: string; Message: string }; RequestId: string } };
      expect(json.Response.RequestId).toEqual(expect.any(String));
      return json.Response.Error.Code;
    };
    expect(await error(await tencent(cloud.tc, body, { tamper: true }))).toBe('AuthFailure.SignatureFailure');
    expect(await error(await tencent(cloud.tc, body, { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 }))).toBe('AuthFailure.SignatureExpire');
    expect(await error(await tencent({ ...cloud.tc, accessKeyId: 'KXNOSUCHKEY' }, body))).toBe('AuthFailure.SecretIdNotFound');
    expect(await error(await tencent(cloud.tc, body))).toBe('FailedOperation.TemplateIncorrectOrUnapproved');
    const code = ((await call('GET', '/v1/templates', keys.tc)).json() as { items: Array<{ code: string }> }).items[0].code;
    expect(await error(await tencent(cloud.tc, { ...body, TemplateId: code, SignName: '无此签名' }))).toBe('FailedOperation.SignatureIncorrectOrUnapproved');
    expect(await error(await tencent(cloud.tc, { ...body, TemplateId: code, TemplateParamSet: ['only one'] }))).toBe('FailedOperation.TemplateParamSetNotMatchApprovedTemplate');
    expect(await error(await tencent(cloud.tc, { ...body, TemplateId: code }, { action: 'PullSmsSendStatus' }))).toBe('InvalidAction');
    // Another account's key cannot send with this account's template.
    expect(await error(await tencent(cloud.other, { ...body, TemplateId: code }))).toBe('FailedOperation.TemplateIncorrectOrUnapproved');
  });

  it("an account's callback format applies to its native sends too (here Tencent's shape)", async () => {
    expect((await call('GET', '/v1/callback-format', keys.other)).json()).toEqual({ format: 'auto' });
    expect((await call('PUT', '/v1/callback-format', keys.other, { format: 'xml' })).statusCode).toBe(400);
    expect((await call('PUT', '/v1/callback-format', keys.other, { format: 'tencent' })).json()).toEqual({ format: 'tencent' });
    expect((await call('GET', '/v1/callback-format', keys.other)).json()).toEqual({ format: 'tencent' });
    const sent = await call('POST', '/v1/messages', keys.other, { to: '13800138009', text: '【快信】您好' });
    expect(sent.statusCode, sent.body).toBe(202);
    const id = (sent.json() as { messages: Array<{ id: string }> }).messages[0].id;
    const report = await pollUntil(async () => (reports.get('/other') ?? []).find((r) => (r as { sid: string }).sid === id), (r) => r !== undefined, 'the Tencent-shaped report of a native send');
    expect(report).toMatchObject({ mobile: '13800138009', report_status: 'SUCCESS', sid: id });
  });

  it('cloud keys: listed without the secret, owners only manage their own, a revoked key stops working', async () => {
    const listed = (await call('GET', '/v1/cloud-keys', keys.ali)).json() as { items: Array<Record<string, unknown>> };
    expect(listed.items).toHaveLength(1);
    expect(listed.items[0]).toMatchObject({ accessKeyId: cloud.ali.accessKeyId, name: 'aliyun sdk' });
    expect(listed.items[0]).not.toHaveProperty('accessKeySecret');
    expect(JSON.stringify(listed)).not.toContain(cloud.ali.accessKeySecret);
    expect((await call('DELETE', `/v1/cloud-keys/${cloud.ali.id}`, keys.other)).statusCode).toBe(404);
    expect((await call('POST', '/v1/accounts/ali/cloud-keys', keys.other, {})).statusCode).toBe(403);
    expect((await call('GET', '/v1/cloud-keys?accountId=ali', keys.other)).statusCode).toBe(403);
    const extra = (await call('POST', '/v1/cloud-keys', keys.other, { name: 'to revoke' })).json() as CloudKey;
    expect((await call('DELETE', `/v1/cloud-keys/${extra.id}`, keys.other)).statusCode).toBe(200);
    const refused = await aliyun(extra, { Action: 'QuerySendDetails', PhoneNumber: '13800138005', SendDate: shanghaiDay(), PageSize: '10', CurrentPage: '1' });
    expect(refused.json()).toMatchObject({ Code: 'InvalidAccessKeyId.NotFound' });
  });
});

/** Today as yyyyMMdd in Beijing time, as QuerySendDetails' SendDate. */
function shanghaiDay(): string {
  return new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10).replaceAll('-', '');
}
