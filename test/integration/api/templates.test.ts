// Signatures, templates and phrases over HTTP: the review workflow, content rules at submission,
// sending with a template (only approved ones; params per recipient; missing params per recipient),
// signature enforcement of plain texts, tenant isolation, and a templated send through the simulator
// whose submitted text is exactly 【签名】 + the rendered body.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutboundMessage } from '../../../src/core/connector.ts';
import type { SimulatorConnector } from '../../../src/connectors/simulator/connector.ts';
import { adminToken, bearer, createAccount, expectError, pollUntil } from '../../support/api.ts';
import { startTestPlatform, type TestPlatform, type TestStoreKind } from '../../support/platform.ts';

let platform: TestPlatform;
let admin: string;
let acme: string;
let globex: string;
let plain: string;

type Item = { to: string; status: string; id?: string; segments?: number; error?: { code: string; message: string; field?: string; details?: Array<Record<string, unknown>> } };

const call = (method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, token: string, payload?: object) =>
  platform.http.inject({ method, url, headers: bearer(token), ...(payload ? { payload } : {}) });

async function ok<T>(method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, token: string, payload?: object, status = 200): Promise<T> {
  const res = await call(method, url, token, payload);
  expect(res.statusCode, res.body).toBe(status);
  return res.json() as T;
}

const textOf = async (token: string, id: string) => (await ok<{ text: string; category: string; segments: number }>('GET', `/v1/messages/${id}`, token));

describe.each(['sqlite', 'postgres'] as const)('on %s', (store: TestStoreKind) => {
  let signatureId: string;
  let verifyCode: string;
  let noticeCode: string;

  beforeAll(async () => {
    platform = await startTestPlatform({}, { store });
    admin = await adminToken(platform);
    acme = await createAccount(platform, admin, { id: 'acme' });
    globex = await createAccount(platform, admin, { id: 'globex' });
    plain = await createAccount(platform, admin, { id: 'plain' });
  });
  afterAll(() => platform?.stop());

  it('signatures: names are checked, submitted pending, reviewed only by the operator', async () => {
    expectError(await call('POST', '/v1/signatures', acme, { name: '【快信】' }), 400, 'signature_invalid', 'name');
    expectError(await call('POST', '/v1/signatures', acme, { name: '快' }), 400, 'signature_invalid', 'name');
    expectError(await call('POST', '/v1/signatures', acme, { name: '快信 科技' }), 400, 'signature_invalid', 'name');
    expectError(await call('POST', '/v1/signatures', acme, { name: '快信科技有限公司北京分公司' }), 400, 'signature_invalid', 'name');
    const created = await ok<{ id: string; status: string; display: string }>('POST', '/v1/signatures', acme, { name: '快信', isDefault: true }, 201);
    expect(created).toMatchObject({ status: 'pending', display: '【快信】' });
    signatureId = created.id;
    expectError(await call('POST', '/v1/signatures', acme, { name: '快信' }), 409, 'conflict', 'name');

    // The operator's queue spans accounts; an account cannot review.
    const queue = await ok<{ items: Array<{ id: string; accountId: string }> }>('GET', '/v1/signatures?status=pending', admin);
    expect(queue.items.map((s) => s.id)).toContain(signatureId);
    expectError(await call('POST', `/v1/signatures/${signatureId}/review`, acme, { decision: 'approve' }), 403, 'forbidden');
    expectError(await call('POST', `/v1/signatures/${signatureId}/review`, admin, { decision: 'reject' }), 400, 'validation_failed', 'reason');
    const rejected = await ok<{ status: string; reason: string }>('POST', `/v1/signatures/${signatureId}/review`, admin, { decision: 'reject', reason: '请上传营业执照' });
    expect(rejected).toMatchObject({ status: 'rejected', reason: '请上传营业执照' });
    // Renaming sends it back to review; approving makes it usable.
    expect(await ok('PATCH', `/v1/signatures/${signatureId}`, acme, { name: 'Kuaixin' })).toMatchObject({ status: 'pending', reason: null, name: 'Kuaixin' });
    expect(await ok('POST', `/v1/signatures/${signatureId}/review`, admin, { decision: 'approve' })).toMatchObject({ status: 'approved', isDefault: true });
  });

  it('templates: every broken content rule is reported with its code', async () => {
    const bad = expectError(await call('POST', '/v1/templates', acme, { name: 'v', category: 'verification', body: '【快信】您好${a}${b}，详见 http://x.cn/${a}' }), 400, 'template_invalid', 'body');
    const rules = ((bad as unknown as { details: Array<{ rule: string }> }).details ?? []).map((d) => d.rule);
    expect(rules).toEqual(expect.arrayContaining(['body_has_brackets', 'adjacent_variables', 'variable_in_link', 'verification_keyword_missing', 'verification_has_link']));
    const notice = expectError(await call('POST', '/v1/templates', acme, { name: 'n', category: 'notification', body: '您的订单已发货，拒收请回复R' }), 400, 'template_invalid');
    expect(notice.message).toMatch(/opt-out/);
    expectError(await call('POST', '/v1/templates', acme, { name: 'n', category: 'notification', body: '${a}，${b}' }), 400, 'template_invalid');
    const checked = await ok<{ violations: Array<{ rule: string }> }>('POST', '/v1/templates/check', acme, { category: 'verification', body: '您的验证码是${code}，5分钟内有效。' });
    expect(checked.violations).toEqual([]);
  });

  it('templates: pending until approved; sending with an unapproved template fails clearly', async () => {
    const verify = await ok<{ id: string; code: string; status: string; variables: string[] }>('POST', '/v1/templates', acme, { name: '登录验证', category: 'verification', body: '您的验证码是${code}，5分钟内有效。' }, 201);
    expect(verify).toMatchObject({ status: 'pending', variables: ['code'] });
    expect(verify.code).toMatch(/^SMS_\d{6}$/);
    expect(verify.id).toBe(verify.code);
    verifyCode = verify.code;
    const sent = await call('POST', '/v1/messages', acme, { to: '13800138000', templateId: verifyCode, params: { code: '1234' } });
    expectError(sent, 422, 'template_not_approved', 'templateId');
    expectError(await call('POST', '/v1/messages', acme, { to: '13800138000', templateId: 'SMS_999999', params: {} }), 404, 'not_found', 'templateId');

    const queue = await ok<{ items: Array<{ code: string }> }>('GET', '/v1/templates?status=pending', admin);
    expect(queue.items.map((t) => t.code)).toContain(verifyCode);
    expectError(await call('POST', `/v1/templates/${verifyCode}/review`, acme, { decision: 'approve' }), 403, 'forbidden');
    expect(await ok('POST', `/v1/templates/${verifyCode}/review`, admin, { decision: 'approve' })).toMatchObject({ status: 'approved' });

    const notice = await ok<{ code: string }>('POST', '/v1/templates', acme, { name: '发货', category: 'notification', body: '${name}您好，您的订单${order}已发货。' }, 201);
    noticeCode = notice.code;
    await ok('POST', `/v1/templates/${noticeCode}/review`, admin, { decision: 'approve' });
  });

  it('sending with a template: 【签名】 + body, template category, segments of the final text', async () => {
    const res = await ok<{ messages: Item[] }>('POST', '/v1/messages', acme, { to: '13800138000', templateId: verifyCode, params: { code: '4321' } }, 202);
    const m = await textOf(acme, res.messages[0].id!);
    expect(m).toMatchObject({ text: '【Kuaixin】您的验证码是4321，5分钟内有效。', category: 'verification', segments: 1 });
  });

  it('missing params fail per recipient, naming the variable; a batch renders each item from its own params', async () => {
    const res = await call('POST', '/v1/messages', acme, { to: ['13800138001', '13800138002'], templateId: noticeCode, params: [{ name: '张三', order: 'A1' }, { name: '李四' }] });
    expect(res.statusCode, res.body).toBe(202);
    const items = (res.json() as { messages: Item[] }).messages;
    expect(items[0].status).toBe('accepted');
    expect(items[1]).toMatchObject({ status: 'rejected', error: { code: 'missing_parameter', field: 'params[1]', details: [{ variable: 'order' }] } });
    expect(items[1].error!.message).toContain('${order}');
    expect((await textOf(acme, items[0].id!)).text).toBe('【Kuaixin】张三您好，您的订单A1已发货。');

    const batch = await ok<{ messages: Item[] }>('POST', '/v1/messages/batch', acme, {
      templateId: noticeCode,
      messages: [
        { to: '13800138003', params: { name: '王五', order: 'B2' } },
        { to: '13800138004', params: { name: '赵六' } },
        { to: '13800138005', params: { name: '钱七', order: 'C3' } },
      ],
    }, 202);
    expect(batch.messages.map((m) => m.status)).toEqual(['accepted', 'rejected', 'accepted']);
    expect(batch.messages[1].error).toMatchObject({ code: 'missing_parameter', field: 'messages[1].params' });
    expect((await textOf(acme, batch.messages[0].id!)).text).toBe('【Kuaixin】王五您好，您的订单B2已发货。');
    expect((await textOf(acme, batch.messages[2].id!)).text).toBe('【Kuaixin】钱七您好，您的订单C3已发货。');
  });

  it('a plain text with params is personalised per recipient, under the signature', async () => {
    const res = await call('POST', '/v1/messages', acme, { to: ['13800138011', '13800138012', '13800138013'], text: '${姓名}您好，积分${points}', params: [{ 姓名: '张三', points: '5' }, { 姓名: '李四' }, { 姓名: '【假】', points: '1' }] });
    expect(res.statusCode, res.body).toBe(202);
    const items = (res.json() as { messages: Item[] }).messages;
    expect(items.map((m) => m.status)).toEqual(['accepted', 'rejected', 'rejected']);
    expect(items[1].error).toMatchObject({ code: 'missing_parameter', field: 'params[1]', details: [{ variable: 'points' }] });
    expect(items[2].error).toMatchObject({ code: 'misplaced_brackets', field: 'params[2]' });
    expect((await textOf(acme, items[0].id!)).text).toBe('【Kuaixin】张三您好，积分5');
  });

  it('marketing gets the opt-out text once; the wording is set per account', async () => {
    const promo = await ok<{ code: string }>('POST', '/v1/templates', acme, { name: '促销', category: 'marketing', body: '会员${name}专享：春季新品8折。' }, 201);
    await ok('POST', `/v1/templates/${promo.code}/review`, admin, { decision: 'approve' });
    const a = await ok<{ messages: Item[] }>('POST', '/v1/messages', acme, { to: '13800138006', templateId: promo.code, params: { name: '张三' } }, 202);
    expect(await textOf(acme, a.messages[0].id!)).toMatchObject({ text: '【Kuaixin】会员张三专享：春季新品8折。拒收请回复R', category: 'marketing' });
    const b = await ok<{ messages: Item[] }>('POST', '/v1/messages', acme, { to: '13800138007', text: '新品上市，回TD退订', category: 'marketing' }, 202);
    expect((await textOf(acme, b.messages[0].id!)).text).toBe('【Kuaixin】新品上市，回TD退订');
    await ok('PUT', '/v1/templates/settings', acme, { optOutText: '退订回T' });
    const c = await ok<{ messages: Item[] }>('POST', '/v1/messages', acme, { to: '13800138008', text: '新品上市', category: 'marketing' }, 202);
    expect((await textOf(acme, c.messages[0].id!)).text).toBe('【Kuaixin】新品上市退订回T');
    await ok('PUT', '/v1/templates/settings', acme, { optOutText: '拒收请回复R' });
  });

  it('signature enforcement: default prefixed, unknown 【X】 refused, 【】 in the body refused; accounts without signatures unchanged', async () => {
    const prefixed = await ok<{ messages: Item[] }>('POST', '/v1/messages', acme, { to: '13800138010', text: '您好' }, 202);
    expect((await textOf(acme, prefixed.messages[0].id!)).text).toBe('【Kuaixin】您好');
    const kept = await ok<{ messages: Item[] }>('POST', '/v1/messages', acme, { to: '13800138010', text: '【Kuaixin】您好' }, 202);
    expect((await textOf(acme, kept.messages[0].id!)).text).toBe('【Kuaixin】您好');
    expectError(await call('POST', '/v1/messages', acme, { to: '13800138010', text: '【别家】您好' }), 422, 'signature_not_approved', 'text');
    expectError(await call('POST', '/v1/messages', acme, { to: '13800138010', text: '【Kuaixin】您好【别家】' }), 422, 'misplaced_brackets', 'text');
    expectError(await call('POST', '/v1/messages', acme, { to: '13800138010', text: '您好【别家】再见' }), 422, 'misplaced_brackets', 'text');
    const untouched = await ok<{ messages: Item[] }>('POST', '/v1/messages', plain, { to: '13800138010', text: '【随便】hello' }, 202);
    expect((await textOf(plain, untouched.messages[0].id!)).text).toBe('【随便】hello');
  });

  it('a pending signature cannot be named when sending', async () => {
    const pending = await ok<{ id: string }>('POST', '/v1/signatures', acme, { name: '快信二号' }, 201);
    expectError(await call('POST', '/v1/messages', acme, { to: '13800138011', templateId: verifyCode, params: { code: '1' }, signatureId: pending.id }), 422, 'signature_not_approved', 'signatureId');
    expectError(await call('POST', '/v1/messages', acme, { to: '13800138011', text: '【快信二号】hi' }), 422, 'signature_not_approved', 'text');
  });

  it('tenant isolation: another account neither sees nor uses the templates, signatures or phrases', async () => {
    expectError(await call('GET', `/v1/templates/${verifyCode}`, globex), 404, 'not_found');
    expectError(await call('PATCH', `/v1/templates/${verifyCode}`, globex, { name: 'x' }), 404, 'not_found');
    expectError(await call('DELETE', `/v1/templates/${verifyCode}`, globex), 404, 'not_found');
    expectError(await call('POST', `/v1/templates/${verifyCode}/preview`, globex, { params: { code: '1' } }), 404, 'not_found');
    expectError(await call('GET', `/v1/signatures/${signatureId}`, globex), 404, 'not_found');
    expectError(await call('GET', '/v1/templates?accountId=acme', globex), 403, 'forbidden');
    expectError(await call('GET', '/v1/signatures?accountId=acme', globex), 403, 'forbidden');
    expect((await ok<{ items: unknown[] }>('GET', '/v1/templates', globex)).items).toEqual([]);
    expect((await ok<{ items: unknown[] }>('GET', '/v1/signatures', globex)).items).toEqual([]);
    expectError(await call('POST', '/v1/messages', globex, { to: '13800138000', templateId: verifyCode, params: { code: '1' } }), 404, 'not_found', 'templateId');
    expectError(await call('POST', '/v1/messages', globex, { to: '13800138000', text: 'hello', signatureId }), 404, 'not_found', 'signatureId');
    expectError(await call('POST', `/v1/signatures/${signatureId}/review`, globex, { decision: 'approve' }), 403, 'forbidden');
  });

  it('preview: the exact phone text, encoding, segments and billable length (70 / 67)', async () => {
    const p = await ok<{ text: string; segments: number; billableLength: number; billableSegments: number; encoding: string; missing: string[] }>('POST', `/v1/templates/${verifyCode}/preview`, acme, { params: { code: '8888' } });
    expect(p).toMatchObject({ text: '【Kuaixin】您的验证码是8888，5分钟内有效。', encoding: 'ucs2', segments: 1, billableLength: 27, billableSegments: 1, missing: [] });
    // 【Kuaixin】 is 9 characters: 61 more make 70 (one message), 62 more make 71 (two).
    const at70 = await ok<{ billableLength: number; billableSegments: number; segments: number }>('POST', '/v1/templates/preview', acme, { category: 'notification', body: '通'.repeat(61) });
    expect(at70).toMatchObject({ billableLength: 70, billableSegments: 1, segments: 1 });
    const at71 = await ok<{ billableLength: number; billableSegments: number; segments: number }>('POST', '/v1/templates/preview', acme, { category: 'notification', body: '通'.repeat(62) });
    expect(at71).toMatchObject({ billableLength: 71, billableSegments: 2, segments: 2 });
    const missing = await ok<{ text: string; missing: string[] }>('POST', `/v1/templates/${noticeCode}/preview`, acme, { params: { name: '张三' } });
    expect(missing).toMatchObject({ text: '【Kuaixin】张三您好，您的订单${order}已发货。', missing: ['order'] });
  });

  it('phrases: CRUD per account, invisible to others', async () => {
    const p = await ok<{ id: string }>('POST', '/v1/phrases', acme, { title: '问候', text: '祝您生活愉快！' }, 201);
    expect(await ok('PATCH', `/v1/phrases/${p.id}`, acme, { text: '祝您周末愉快！' })).toMatchObject({ text: '祝您周末愉快！', title: '问候' });
    expect((await ok<{ items: Array<{ text: string }> }>('GET', '/v1/phrases', acme)).items.map((x) => x.text)).toEqual(['祝您周末愉快！']);
    expect((await ok<{ items: unknown[] }>('GET', '/v1/phrases', globex)).items).toEqual([]);
    expectError(await call('PATCH', `/v1/phrases/${p.id}`, globex, { text: 'x' }), 404, 'not_found');
    expectError(await call('DELETE', `/v1/phrases/${p.id}`, globex), 404, 'not_found');
    expect(await ok('DELETE', `/v1/phrases/${p.id}`, acme)).toMatchObject({ deleted: true });
  });

  it('end to end: the simulator is handed exactly 【签名】 + the rendered body', async () => {
    const sim = platform.gateway.connectors.get('simulator') as SimulatorConnector;
    await pollUntil(async () => sim.stats().state, (s) => s === 'up', 'the simulator to come up');
    const handed: OutboundMessage[] = [];
    const submit = sim.submit.bind(sim);
    sim.submit = (message) => {
      handed.push(message);
      return submit(message);
    };
    const res = await ok<{ messages: Item[] }>('POST', '/v1/messages', acme, { to: '13800138099', templateId: noticeCode, params: { name: '孙八', order: 'Z9' } }, 202);
    const id = res.messages[0].id!;
    // The seeded simulator delivers 95 %: what matters is what it was handed, not the receipt.
    const sent = await pollUntil(async () => handed.find((m) => m.id === id), (m) => m !== undefined, 'the templated message to reach the simulator');
    expect(sent?.text).toBe('【Kuaixin】孙八您好，您的订单Z9已发货。');
    sim.submit = submit;
  });
});
