// Messages in over HTTP → the platform → CMPP connectors (3.0 and 2.0) → fake ISMGs → status reports
// back → messages delivered → webhooks; long Chinese text in UCS2 and GBK; a carrier failure (MK:0005) kept as
// its raw Stat and shown in the CDR with the ISMG's Msg_Id; MO from the ISMG; group sends over a connector
// with groupSend, each member correlated to its own report.
import { parse } from 'csv-parse/sync';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CmppFrameOf } from '../../../src/protocols/cmpp/dialect.ts';
import { nthMsgId } from '../../../src/protocols/cmpp/msg-id.ts';
import { FakeIsmg } from '../../../src/protocols/cmpp/testing/fake-ismg.ts';
import { decodeGbk } from '../../../src/protocols/encoding/gbk.ts';
import { decodeUcs2 } from '../../../src/protocols/encoding/ucs2.ts';
import { splitUserData } from '../../../src/protocols/encoding/udh.ts';
import { adminToken, bearer, expectError, pollUntil } from '../../support/api.ts';
import { startTestPlatform, type TestPlatform } from '../../support/platform.ts';

const API_KEY = 'key-acme-cmpp-1';
let platform: TestPlatform;
let ismg3: FakeIsmg;
let ismg2: FakeIsmg;
/** Reports every message MK:0005 (the handset is off / unreachable). */
let ismgFail: FakeIsmg;
/** Behind the connector that packs messages into group SUBMITs. */
let ismgGroup: FakeIsmg;
let hookServer: Server;
const hooks: Array<{ type: string; data: Record<string, unknown> }> = [];

beforeAll(async () => {
  hookServer = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      hooks.push(...(JSON.parse(Buffer.concat(chunks).toString('utf8')) as { events: typeof hooks }).events);
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => hookServer.listen(0, '127.0.0.1', resolve));
  const hookUrl = `http://127.0.0.1:${(hookServer.address() as AddressInfo).port}/hooks`;

  ismg3 = new FakeIsmg({ record: true, accounts: { '901234': 'secret' }, reports: { delayMs: 20 } });
  ismg2 = new FakeIsmg({ record: true, version: '2.0', accounts: { '901234': 'secret' }, reports: { delayMs: 20 } });
  ismgFail = new FakeIsmg({ accounts: { '901234': 'secret' }, reports: { delayMs: 20, outcomes: { 'MK:0005': 1 } } });
  ismgGroup = new FakeIsmg({ record: true, accounts: { '901234': 'secret' }, reports: { delayMs: 20 } });
  await Promise.all([ismg3.listen(), ismg2.listen(), ismgFail.listen(), ismgGroup.listen()]);
  const common = { type: 'cmpp' as const, host: '127.0.0.1', spId: '901234', secret: 'secret', srcId: '10690001', serviceId: 'MTEST', activeTestIntervalMs: 0 };
  platform = await startTestPlatform({
    accounts: [{ id: 'acme', apiKeys: [API_KEY], callbackUrl: hookUrl, moNumbers: ['1069000188'] }],
    connectors: [
      { id: 'cm3', ...common, port: ismg3.port, version: '3.0' },
      { id: 'cm2', ...common, port: ismg2.port, version: '2.0', chineseEncoding: 'gbk', connections: 2 },
      { id: 'cmfail', ...common, port: ismgFail.port, version: '3.0' },
      { id: 'cmgroup', ...common, port: ismgGroup.port, version: '3.0', groupSend: { max: 50, lingerMs: 5 } },
    ],
    routes: [{ connectors: ['cm2'], prefixes: ['+86139'] }, { connectors: ['cmfail'], prefixes: ['+86137'] }, { connectors: ['cmgroup'], prefixes: ['+86136'] }, { connectors: ['cm3'] }],
  });
  for (const id of ['cm3', 'cm2', 'cmfail', 'cmgroup']) await pollUntil(async () => platform.gateway.connectors.get(id)?.stats().state, (s) => s === 'up', `${id} to come up`);
});

afterAll(async () => {
  await platform?.stop();
  await Promise.all([ismg3?.close(), ismg2?.close(), ismgFail?.close(), ismgGroup?.close()]);
  await new Promise((resolve) => hookServer?.close(resolve));
});

async function sendAll(body: Record<string, unknown>): Promise<string[]> {
  const res = await platform.http.inject({ method: 'POST', url: '/v1/messages', headers: bearer(API_KEY), payload: body });
  expect(res.statusCode, res.body).toBe(202);
  return (res.json() as { messages: Array<{ id: string }> }).messages.map((m) => m.id);
}

async function send(body: Record<string, unknown>): Promise<string> {
  return (await sendAll(body))[0]!;
}

function untilState(id: string, state: string) {
  return pollUntil(async () => (await platform.store.messages.get(id))?.state, (s) => s === state, `message ${id} to be ${state}`);
}

function textOf(parts: CmppFrameOf<'submit'>[], decode: (payload: Buffer) => string): string {
  return decode(Buffer.concat(parts.map((p) => (p.TP_udhi ? splitUserData(p.Msg_Content).payload : p.Msg_Content))));
}

describe('platform with CMPP connectors', () => {
  it('a message sent over HTTP is submitted over CMPP 3.0, reported DELIVRD, and the webhook fires', async () => {
    const id = await send({ to: '13800138000', text: 'Your code is 123456', from: '55' });
    await untilState(id, 'delivered');
    const submit = ismg3.submits.find((s) => s.Msg_Content.toString() === 'Your code is 123456')!;
    expect(submit).toMatchObject({ Dest_terminal_Id: ['13800138000'], Src_Id: '1069000155', Registered_Delivery: 1, Msg_src: '901234', Service_Id: 'MTEST' });
    const parts = await platform.store.messages.parts(id);
    expect(parts).toMatchObject([{ connectorId: 'cm3', state: 'delivered' }]);
    expect(parts[0]!.upstreamId).toMatch(/^[0-9a-f]{16}$/);
    await pollUntil(async () => hooks.find((h) => h.type === 'status' && h.data.messageId === id), (h) => h !== undefined, 'the status webhook');
    expect(hooks.find((h) => h.data.messageId === id)!.data).toMatchObject({ state: 'delivered', recipient: '+8613800138000' });
    expect(platform.gateway.connectors.get('cm3')!.stats()).toMatchObject({ state: 'up', sessionsUp: 1 });
  });

  it('a long Chinese text arrives reassembled at the ISMG: UCS2 over 3.0, GBK over 2.0', async () => {
    const text = '【快信】尊敬的客户，您的订单已发货，预计三天内送达，请保持电话畅通。如有疑问请回复，我们将尽快为您处理。'.repeat(3);
    const viaUcs2 = await send({ to: '13800138001', text });
    const viaGbk = await send({ to: '13900139001', text });
    await Promise.all([untilState(viaUcs2, 'delivered'), untilState(viaGbk, 'delivered')]);
    const ucs2Parts = ismg3.submits.filter((s) => s.Dest_terminal_Id[0] === '13800138001');
    const gbkParts = ismg2.submits.filter((s) => s.Dest_terminal_Id[0] === '13900139001');
    expect(ucs2Parts.length).toBeGreaterThan(1);
    expect(gbkParts.length).toBeGreaterThan(1);
    // GBK takes two octets per Chinese character, like UCS2, but one per ASCII character: never more parts.
    expect(gbkParts.length).toBeLessThanOrEqual(ucs2Parts.length);
    expect(ucs2Parts.every((p) => p.Msg_Fmt === 8 && p.TP_udhi === 1)).toBe(true);
    expect(gbkParts.every((p) => p.Msg_Fmt === 15 && p.TP_udhi === 1)).toBe(true);
    expect(textOf(ucs2Parts, decodeUcs2)).toBe(text);
    expect(textOf(gbkParts, decodeGbk)).toBe(text);
    expect((await platform.store.messages.parts(viaGbk)).map((p) => p.state)).toEqual(gbkParts.map(() => 'delivered'));
  });

  it('the CDR shows the raw Stat of each report (DELIVRD, MK:0005) with the ISMG\'s Msg_Id', async () => {
    const from = Date.now();
    const delivered = await send({ to: '13800138005', text: 'CDR ok' });
    const failed = await send({ to: '13700137005', text: 'CDR off' });
    await Promise.all([untilState(delivered, 'delivered'), untilState(failed, 'undelivered')]);
    const [deliveredPart] = await platform.store.messages.parts(delivered);
    const [failedPart] = await platform.store.messages.parts(failed);
    expect(deliveredPart).toMatchObject({ state: 'delivered', rawStatus: 'DELIVRD' });
    expect(failedPart).toMatchObject({ state: 'undelivered', rawStatus: 'MK:0005' });
    const res = await platform.http.inject({ method: 'GET', url: `/v1/cdr.csv?from=${from}&to=${Date.now() + 1000}`, headers: bearer(API_KEY) });
    expect(res.statusCode, res.body).toBe(200);
    const rows = parse(res.body, { bom: true, columns: true }) as Array<Record<string, string>>;
    const ours = rows.filter((r) => r.message_id === delivered || r.message_id === failed);
    expect(ours.map((r) => [r.message_id, r.connector_id, r.carrier_msg_id, r.submit_result, r.raw_status, r.state, r.failure_category, r.success])).toEqual([
      [delivered, 'cm3', deliveredPart!.upstreamId, 'accepted', 'DELIVRD', 'delivered', '', 'true'],
      [failed, 'cmfail', failedPart!.upstreamId, 'accepted', 'MK:0005', 'undelivered', 'powered_off', 'false'],
    ]);
    expect(failedPart!.upstreamId).toMatch(/^[0-9a-f]{16}$/);
  });

  it('a connector with groupSend packs one text to 10 numbers into one SUBMIT; each member is delivered by its own report', async () => {
    const to = Array.from({ length: 10 }, (_, i) => `1360013600${i}`);
    const ids = await sendAll({ to, text: '【快信】您的验证码是 246810，5 分钟内有效。' });
    await Promise.all(ids.map((id) => untilState(id, 'delivered')));
    const groups = ismgGroup.submits.filter((s) => s.Dest_terminal_Id.includes(to[0]!));
    expect(groups).toHaveLength(1);
    expect([...groups[0]!.Dest_terminal_Id].sort()).toEqual(to);
    const parts = await Promise.all(ids.map(async (id) => (await platform.store.messages.parts(id))[0]!));
    expect(parts.every((p) => p.connectorId === 'cmgroup' && p.state === 'delivered' && p.rawStatus === 'DELIVRD')).toBe(true);
    const first = parts.map((p) => p.upstreamId!).sort()[0]!;
    expect(parts.map((p) => p.upstreamId).sort()).toEqual(to.map((_, i) => nthMsgId(first, i)).sort());
  });

  it('a long Chinese text (UCS2, 2 parts) group-sent to 3 numbers goes out as one SUBMIT per part and is delivered for all', async () => {
    const text = '【快信】尊敬的客户，您的订单已发货，预计三天内送达，请保持电话畅通。感谢您的支持。'.repeat(2);
    const to = ['13600136101', '13600136102', '13600136103'];
    const ids = await sendAll({ to, text });
    await Promise.all(ids.map((id) => untilState(id, 'delivered')));
    const groups = ismgGroup.submits.filter((s) => s.Dest_terminal_Id.includes(to[0]!));
    expect(groups.map((g) => [g.Pk_number, g.Pk_total, g.Dest_terminal_Id.length, g.Msg_Fmt])).toEqual([
      [1, 2, 3, 8],
      [2, 2, 3, 8],
    ]);
    expect(textOf(groups, decodeUcs2)).toBe(text);
    for (const id of ids) expect((await platform.store.messages.parts(id)).map((p) => p.state)).toEqual(['delivered', 'delivered']);
  });

  it('shows up in the admin API like any connector, its secret hidden', async () => {
    const res = await platform.http.inject({ method: 'GET', url: '/v1/connectors', headers: bearer(await adminToken(platform)) });
    expect(res.statusCode, res.body).toBe(200);
    const items = (res.json() as { items: Array<{ id: string; type: string; settings: Record<string, unknown>; status: Record<string, unknown> }> }).items;
    const cm2 = items.find((item) => item.id === 'cm2')!;
    expect(cm2).toMatchObject({ type: 'cmpp', status: { state: 'up', sessionsUp: 2, sessionsTotal: 2, window: 32 } });
    expect(cm2.settings.secret).not.toBe('secret');
    expect(items.find((item) => item.id === 'cmgroup')!.settings.groupSend).toEqual({ max: 50, lingerMs: 5 });
  });

  it('refuses a connector whose groupSend asks for more destinations than CMPP allows, naming the field', async () => {
    const admin = await adminToken(platform);
    const settings = { host: '127.0.0.1', spId: '901234', secret: 'secret', srcId: '10690001', groupSend: { max: 100, lingerMs: 5 } };
    const bad = await platform.http.inject({ method: 'POST', url: '/v1/connectors', headers: bearer(admin), payload: { id: 'cmgroup2', type: 'cmpp', settings } });
    expect(expectError(bad, 400, 'validation_failed', 'settings.groupSend.max').message).toMatch(/between 2 and 99/);
  });

  it('an MO from the ISMG reaches the account by its number, with the MO webhook', async () => {
    await ismg2.injectMo('901234', { from: '13900139000', to: '1069000188', text: '退订 TD' });
    const items = await pollUntil(
      async () => ((await platform.http.inject({ method: 'GET', url: '/v1/mo', headers: bearer(API_KEY) })).json() as { items: Array<Record<string, unknown>> }).items,
      (list) => list.length === 1,
      'the MO to be listed',
    );
    expect(items[0]).toMatchObject({ from: '+8613900139000', to: '1069000188', text: '退订 TD', connectorId: 'cm2' });
    await pollUntil(async () => hooks.find((h) => h.type === 'mo'), (h) => h !== undefined, 'the MO webhook');
  });
});
