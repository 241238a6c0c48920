// The CDR (话单) through the real platform on each store: messages sent by template and as plain text go
// through simulators (delivered, undelivered, refused at submit), then GET /v1/cdr.csv and
// GET /v1/records/sent.csv carry the domain.md §3.3 fields — template and signature, the carrier's Msg_Id
// per part, the raw receipt status, the refund of the failed one — and one account never sees another's.
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CDR_COLUMNS } from '../../../src/api/routes/cdr-csv.ts';
import { adminToken, bearer, createAccount, expectError, pollUntil } from '../../support/api.ts';
import { startTestPlatform, type TestPlatform, type TestStoreKind } from '../../support/platform.ts';

let platform: TestPlatform;
let admin: string;
let acme: string;
let globex: string;

type Row = Record<(typeof CDR_COLUMNS)[number], string>;
type Detail = { id: string; state: string; templateCode: string | null; signature: string | null; batchId: string | null; parts: Array<{ partNo: number; upstreamId: string; state: string; rawStatus: string | null }> };

const call = (method: 'GET' | 'POST', url: string, token: string, payload?: object) => platform.http.inject({ method, url, headers: bearer(token), ...(payload ? { payload } : {}) });

async function ok<T>(method: 'GET' | 'POST', url: string, token: string, payload?: object, status = 200): Promise<T> {
  const res = await call(method, url, token, payload);
  expect(res.statusCode, res.body).toBe(status);
  return res.json() as T;
}

/** Parses an export, checking its header is exactly the documented columns. */
function csvRows(body: string): Row[] {
  const [header] = parse(body, { bom: true, to_line: 1 }) as string[][];
  expect(header).toEqual([...CDR_COLUMNS]);
  return parse(body, { bom: true, columns: true }) as Row[];
}

async function sendOne(token: string, body: object): Promise<string> {
  const sent = await ok<{ messages: Array<{ id?: string; status: string }> }>('POST', '/v1/messages', token, body, 202);
  expect(sent.messages[0].status).toBe('accepted');
  return sent.messages[0].id!;
}

async function addConnector(id: string, settings: object, carrier: string, position: number): Promise<void> {
  await ok('POST', '/v1/connectors', admin, { id, type: 'simulator', name: id, settings: { receiptDelayMs: 20, ...settings } }, 201);
  await ok('POST', '/v1/routes', admin, { id: `to-${id}`, name: id, position, filters: { carriers: [carrier] }, connectors: [id] }, 201);
  await pollUntil(async () => platform.gateway.connectors.get(id)?.stats().state, (s) => s === 'up', `${id} to come up`);
}

/** 80 Chinese characters with the signature: two segments, sent as two PDUs by the simulator. */
const LONG_BODY = '通知'.repeat(37);

describe.each(['sqlite', 'postgres'] as const)('CDR export on %s', (store: TestStoreKind) => {
  const ids = { templated: '', long: '', failed: '', refused: '', other: '' };
  let templateCode = '';
  let from = 0;

  beforeAll(async () => {
    platform = await startTestPlatform({}, { store });
    admin = await adminToken(platform);
    acme = await createAccount(platform, admin, { id: 'acme' });
    globex = await createAccount(platform, admin, { id: 'globex' });
    await addConnector('sim-ok', { outcomes: { delivered: 1 } }, 'cmcc', 1);
    await addConnector('sim-bad', { outcomes: { undelivered: 1 } }, 'cucc', 2);
    await addConnector('sim-rej', { failEvery: 1 }, 'ctcc', 3);
    await ok('POST', '/v1/accounts/acme/ledger', admin, { kind: 'topup', amount: 100_000 }, 201);
    await ok('POST', '/v1/accounts/acme/prices', admin, { match: 'default', unitPrice: 500 }, 201);

    const signature = await ok<{ id: string }>('POST', '/v1/signatures', acme, { name: '快信', isDefault: true }, 201);
    await ok('POST', `/v1/signatures/${signature.id}/review`, admin, { decision: 'approve' });
    const template = await ok<{ code: string }>('POST', '/v1/templates', acme, { name: '登录验证', category: 'verification', body: '您的验证码是${code}，5分钟内有效。' }, 201);
    await ok('POST', `/v1/templates/${template.code}/review`, admin, { decision: 'approve' });
    templateCode = template.code;

    from = Date.now() - 1000;
    ids.templated = await sendOne(acme, { to: '13800138000', templateId: templateCode, params: { code: '1234' }, clientRef: 'order-1' });
    ids.long = await sendOne(acme, { to: '13800138001', text: LONG_BODY, tag: 'notice' });
    ids.failed = await sendOne(acme, { to: '13000000001', text: '您的订单已发货' });
    ids.refused = await sendOne(acme, { to: '13300000001', text: '您的订单已发货' });
    ids.other = await sendOne(globex, { to: '13800138009', text: 'globex only' });
    const finals: Record<string, string> = { templated: 'delivered', long: 'delivered', failed: 'undelivered', refused: 'failed', other: 'delivered' };
    for (const [name, id] of Object.entries(ids)) {
      const token = name === 'other' ? globex : acme;
      await pollUntil(async () => (await ok<Detail>('GET', `/v1/messages/${id}`, token)).state, (s) => s === finals[name], `${name} to be ${finals[name]}`);
    }
    // Refunds of failed messages follow the final state.
    await pollUntil(async () => (await platform.store.messages.get(ids.refused))?.refundedAt ?? null, (at) => at !== null, 'the refund of the refused message');
    await pollUntil(async () => (await platform.store.messages.get(ids.failed))?.refundedAt ?? null, (at) => at !== null, 'the refund of the undelivered message');
  });
  afterAll(() => platform?.stop());

  it('GET /v1/messages/:id names the template, the signature and each part\'s raw receipt status', async () => {
    const templated = await ok<Detail>('GET', `/v1/messages/${ids.templated}`, acme);
    expect(templated).toMatchObject({ templateCode, signature: '快信', batchId: null, text: '【快信】您的验证码是1234，5分钟内有效。' });
    expect(templated.parts).toEqual([expect.objectContaining({ partNo: 1, state: 'delivered', rawStatus: 'DELIVRD' })]);
    // A plain text under the account's default signature: no template, the signature still recorded.
    const failed = await ok<Detail>('GET', `/v1/messages/${ids.failed}`, acme);
    expect(failed).toMatchObject({ templateCode: null, signature: '快信', text: '【快信】您的订单已发货' });
    expect(failed.parts).toEqual([expect.objectContaining({ state: 'undelivered', rawStatus: 'UNDELIV' })]);
    expect((await ok<Detail>('GET', `/v1/messages/${ids.other}`, globex)).signature).toBeNull();
  });

  it('the CDR carries every field per message, with the upstream ids, raw stats and the refund', async () => {
    const res = await call('GET', `/v1/cdr.csv?from=${from}&to=${Date.now() + 1000}`, acme);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const rows = csvRows(res.body);
    // Oldest first; the other account's message is not there.
    expect(rows.map((r) => r.message_id)).toEqual([ids.templated, ids.long, ids.failed, ids.refused]);
    const [templated, long, failed, refused] = rows;

    const templatedParts = (await ok<Detail>('GET', `/v1/messages/${ids.templated}`, acme)).parts;
    expect(templated).toMatchObject({
      batch_id: '', client_ref: 'order-1', account_id: 'acme', recipient: '+8613800138000', country: 'CN', carrier: 'cmcc', ported: 'false',
      province: '', city: '', signature: '快信', template_code: templateCode, category: 'verification',
      text: '【快信】您的验证码是1234，5分钟内有效。', encoding: 'ucs2', segments: '1', billable_segments: '1', parts: '1',
      carrier_msg_id: templatedParts[0].upstreamId, connector_id: 'sim-ok', route_id: 'to-sim-ok', submit_result: 'accepted', raw_status: 'DELIVRD',
      state: 'delivered', failure_category: '', error_code: '', success: 'true', charged: 'true', unit_price_li: '500', amount_li: '500',
      currency: 'CNY', refunded: 'false', refunded_at: '',
    });
    for (const time of [templated.created_at, templated.submitted_at, templated.done_at]) expect(time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(Date.parse(templated.submitted_at)).toBeGreaterThanOrEqual(Date.parse(templated.created_at));

    // Two segments went out as two PDUs: both Msg_Ids, in part order.
    const longParts = (await ok<Detail>('GET', `/v1/messages/${ids.long}`, acme)).parts;
    expect(longParts).toHaveLength(2);
    expect(long).toMatchObject({
      tag: 'notice', signature: '快信', template_code: '', segments: '2', billable_segments: '2', parts: '2', amount_li: '1000',
      carrier_msg_id: `${longParts[0].upstreamId} ${longParts[1].upstreamId}`, raw_status: 'DELIVRD', success: 'true',
    });

    expect(failed).toMatchObject({
      recipient: '+8613000000001', carrier: 'cucc', connector_id: 'sim-bad', template_code: '', signature: '快信', parts: '1', submit_result: 'accepted',
      raw_status: 'UNDELIV', state: 'undelivered', failure_category: 'unknown', error_code: 'UNDELIV:001', error_message: 'receipt UNDELIV',
      success: 'false', charged: 'false', unit_price_li: '500', amount_li: '500', currency: 'CNY', refunded: 'true',
    });
    expect(failed.carrier_msg_id).not.toBe('');
    expect(Date.parse(failed.refunded_at)).toBeGreaterThanOrEqual(Date.parse(failed.done_at));

    // Refused at submit: no part, no receipt; the refusal is the submit result.
    expect(refused).toMatchObject({
      carrier: 'ctcc', connector_id: 'sim-rej', parts: '', carrier_msg_id: '', submitted_at: '', submit_result: 'simulator:rejected', raw_status: '',
      state: 'failed', failure_category: 'carrier_rejected', error_code: 'simulator:rejected', success: 'false', charged: 'false', refunded: 'true',
    });
  });

  it('the sent-records export has the same columns and values, newest first', async () => {
    const cdr = csvRows((await call('GET', `/v1/cdr.csv?from=${from}&to=${Date.now() + 1000}`, acme)).body);
    const res = await call('GET', '/v1/records/sent.csv', acme);
    expect(res.statusCode, res.body).toBe(200);
    const sent = csvRows(res.body);
    expect(sent.map((r) => r.message_id)).toEqual([ids.refused, ids.failed, ids.long, ids.templated]);
    expect([...sent].reverse()).toEqual(cdr);
    expect(csvRows((await call('GET', '/v1/records/sent.csv?state=undelivered', acme)).body).map((r) => [r.message_id, r.raw_status, r.refunded])).toEqual([[ids.failed, 'UNDELIV', 'true']]);
  });

  it('one account never exports another\'s messages; the operator names the account', async () => {
    const globexCdr = csvRows((await call('GET', `/v1/cdr.csv?from=${from}&to=${Date.now() + 1000}`, globex)).body);
    expect(globexCdr.map((r) => [r.message_id, r.account_id, r.signature, r.charged, r.currency])).toEqual([[ids.other, 'globex', '', 'false', '']]);
    expect(csvRows((await call('GET', '/v1/records/sent.csv', globex)).body).map((r) => r.message_id)).toEqual([ids.other]);
    expectError(await call('GET', `/v1/cdr.csv?accountId=acme&from=${from}&to=${Date.now()}`, globex), 403, 'forbidden', 'accountId');
    expectError(await call('GET', '/v1/records/sent.csv?accountId=acme', globex), 403, 'forbidden', 'accountId');
    const operator = csvRows((await call('GET', `/v1/cdr.csv?accountId=acme&from=${from}&to=${Date.now() + 1000}`, admin)).body);
    expect(operator.map((r) => r.message_id)).toEqual([ids.templated, ids.long, ids.failed, ids.refused]);
  });

  it('a campaign message records its run as the batch and the signature its text was sent under', async () => {
    // As the campaign runner hands a page to intake (campaign texts are plain texts, never templates).
    const [result] = (await platform.gateway.intake.submit({ accountId: 'acme', source: 'campaign', recipients: ['13800138002'], text: '周末活动通知', batchId: 'run-7', clientRef: 'camp-1' })).results;
    expect(result).toMatchObject({ ok: true });
    const [row] = csvRows((await call('GET', '/v1/records/sent.csv?clientRef=camp-1', acme)).body);
    expect(row).toMatchObject({ batch_id: 'run-7', client_ref: 'camp-1', signature: '快信', template_code: '', text: '【快信】周末活动通知' });
  });
});
