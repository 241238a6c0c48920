// HTTP in → platform → SGIP connector → fake SMG, which reports back over its connect-back to the
// connector's own server: delivered, webhook fired; long Chinese texts (GBK and UCS2) arrive whole at
// the SMG; MO to the SP number plus an account's extension code reaches that account. On each store.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SgipConnector } from '../../../src/connectors/sgip/connector.ts';
import { splitUserData } from '../../../src/protocols/encoding/udh.ts';
import { decodeSgipText } from '../../../src/protocols/sgip/message-coding.ts';
import type { SgipPduOf } from '../../../src/protocols/sgip/pdu-types.ts';
import { FakeSmg } from '../../../src/protocols/sgip/testing/fake-smg.ts';
import { adminToken, bearer, expectError, pollUntil } from '../../support/api.ts';
import { startTestPlatform, type TestPlatform } from '../../support/platform.ts';

const SP = { loginName: 'sp', password: 'sp_pass', nodeId: 3010012345, spNumber: '10655001', corpId: '12345', serviceType: 'NOTICE' };
const FINAL = ['delivered', 'undelivered', 'expired', 'rejected', 'failed', 'cancelled'];

interface Detail {
  state: string;
  connectorId: string | null;
  parts: Array<{ upstreamId: string; state: string }>;
}

/** The text the SMG would hand to the handset: the parts of one message in order, UDH removed. */
function rejoined(submits: Array<SgipPduOf<'submit'>>): string {
  const parts = submits.map((s) => (s.TP_udhi ? splitUserData(s.MessageContent) : { udh: undefined, payload: s.MessageContent }));
  parts.sort((a, b) => (a.udh?.concat?.seq ?? 1) - (b.udh?.concat?.seq ?? 1));
  expect(new Set(parts.map((p) => p.udh?.concat?.ref)).size).toBe(1);
  return decodeSgipText(Buffer.concat(parts.map((p) => p.payload)), submits[0]!.MessageCoding);
}

describe.each(['sqlite', 'postgres'] as const)('HTTP → platform → SGIP SMG → Report and MO back, on %s', (store) => {
  let ucs2Smg: FakeSmg;
  let gbkSmg: FakeSmg;
  let platform: TestPlatform;
  let hookServer: Server;
  const hooks: string[] = [];

  beforeAll(async () => {
    hookServer = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        hooks.push(Buffer.concat(chunks).toString('utf8'));
        res.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((resolve) => hookServer.listen(0, '127.0.0.1', resolve));
    const hookUrl = `http://127.0.0.1:${(hookServer.address() as AddressInfo).port}`;
    [ucs2Smg, gbkSmg] = [new FakeSmg({ record: true, accounts: { sp: 'sp_pass' }, reports: { delayMs: 20 } }), new FakeSmg({ record: true, accounts: { sp: 'sp_pass' }, reports: { delayMs: 20 } })];
    await Promise.all([ucs2Smg.listen(), gbkSmg.listen()]);
    const listen = { host: '127.0.0.1', port: 0, loginName: 'smg', password: 'smg_pass' };
    platform = await startTestPlatform(
      {
        demo: false,
        accounts: [
          { id: 'acme', apiKeys: ['key-acme-sgip'], callbackUrl: `${hookUrl}/acme`, moNumbers: ['1065500101'] },
          { id: 'beta', apiKeys: ['key-beta-sgip'], moNumbers: ['1065500102'] },
        ],
        connectors: [
          { id: 'unicom', type: 'sgip', host: '127.0.0.1', port: ucs2Smg.port, ...SP, encodings: ['ascii', 'ucs2'], listen },
          { id: 'unicom-gbk', type: 'sgip', host: '127.0.0.1', port: gbkSmg.port, ...SP, encodings: ['ascii', 'gbk'], listen },
        ],
        routes: [{ accounts: ['beta'], connectors: ['unicom-gbk'] }, { connectors: ['unicom'] }],
      },
      { store },
    );
    // Each SMG is told where its SP listens once the connector's server is up.
    for (const [id, smg] of [['unicom', ucs2Smg], ['unicom-gbk', gbkSmg]] as const) {
      const connector = platform.gateway.connectors.get(id) as SgipConnector;
      const port = await pollUntil(async () => connector.listenPort, (p) => p !== null, `${id} to listen`);
      smg.connectBackTo({ host: '127.0.0.1', port: port!, loginName: 'smg', loginPassword: 'smg_pass' });
      await pollUntil(async () => connector.stats().state, (s) => s === 'up', `${id} to come up`);
    }
  });

  afterAll(async () => {
    await platform?.stop();
    await Promise.all([ucs2Smg?.close(), gbkSmg?.close()]);
    await new Promise((resolve) => hookServer?.close(resolve));
  });

  async function send(key: string, body: Record<string, unknown>): Promise<string> {
    const res = await platform.http.inject({ method: 'POST', url: '/v1/messages', headers: bearer(key), payload: body });
    expect(res.statusCode, res.body).toBe(202);
    return (res.json() as { messages: Array<{ id: string }> }).messages[0]!.id;
  }

  async function untilFinal(key: string, id: string): Promise<Detail> {
    return pollUntil(
      async () => (await platform.http.inject({ method: 'GET', url: `/v1/messages/${id}`, headers: bearer(key) })).json() as Detail,
      (m) => FINAL.includes(m.state),
      `message ${id} to reach a final state`,
    );
  }

  it('delivers a message sent over HTTP, matched by the Report the SMG sends back, and fires the webhook', async () => {
    const id = await send('key-acme-sgip', { to: '13012345678', text: 'Your code is 4711', from: '01', clientRef: 'sgip-1' });
    const done = await untilFinal('key-acme-sgip', id);
    expect(done).toMatchObject({ state: 'delivered', connectorId: 'unicom' });
    expect(done.parts).toEqual([expect.objectContaining({ upstreamId: expect.stringMatching(/^3010012345-\d{10}-\d+$/), state: 'delivered' })]);
    const submit = ucs2Smg.submits.find((s) => s.MessageContent.toString() === 'Your code is 4711')!;
    // The account's extension code follows the SP number; the recipient carries 86.
    expect(submit).toMatchObject({ SPNumber: '1065500101', UserNumber: ['8613012345678'], MessageCoding: 0, ReportFlag: 1, CorpId: '12345' });
    const hook = await pollUntil(async () => hooks.find((h) => h.includes(id)), (h) => h !== undefined, 'the status webhook');
    const { events } = JSON.parse(hook!) as { events: Array<{ type: string; data: { messageId: string; state: string; clientRef: string } }> };
    expect(events).toContainEqual({ type: 'status', data: expect.objectContaining({ messageId: id, state: 'delivered', clientRef: 'sgip-1' }) });
  });

  it('sends a long Chinese text in UCS2 parts that the SMG joins back whole', async () => {
    const text = '尊敬的客户，您的订单已发货，预计三天内送达，请保持电话畅通。'.repeat(4);
    const before = ucs2Smg.submits.length;
    const id = await send('key-acme-sgip', { to: '13012345679', text });
    const done = await untilFinal('key-acme-sgip', id);
    expect(done.state).toBe('delivered');
    const parts = ucs2Smg.submits.slice(before).filter((s) => s.UserNumber[0] === '8613012345679');
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.every((p) => p.MessageCoding === 8 && p.TP_udhi === 1)).toBe(true);
    expect(rejoined(parts)).toBe(text);
    expect(done.parts).toHaveLength(parts.length);
  });

  it('sends a long Chinese text in GBK parts on the GBK connector that the SMG joins back whole', async () => {
    const text = '【快信】您好，您本月的账单已出，共计128元，请于25日前缴费，详询10010。'.repeat(4);
    const id = await send('key-beta-sgip', { to: '+8613112345678', text, from: '02' });
    const done = await untilFinal('key-beta-sgip', id);
    expect(done).toMatchObject({ state: 'delivered', connectorId: 'unicom-gbk' });
    const parts = gbkSmg.submits.filter((s) => s.UserNumber[0] === '8613112345678');
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.every((p) => p.MessageCoding === 15 && p.TP_udhi === 1 && p.SPNumber === '1065500102')).toBe(true);
    expect(rejoined(parts)).toBe(text);
  });

  it('routes MO by the SP number plus extension code to the account that owns the extension', async () => {
    await ucs2Smg.injectMo({ from: '8613012345678', to: '1065500101', text: 'TD' });
    await gbkSmg.injectMo({ from: '8613112345678', to: '1065500102', text: '收到，谢谢！这周五下午三点可以吗？'.repeat(6) });
    const mo = async (key: string) => ((await platform.http.inject({ method: 'GET', url: '/v1/mo', headers: bearer(key) })).json() as { items: Array<{ from: string; to: string; text: string; connectorId: string }> }).items;
    const acme = await pollUntil(() => mo('key-acme-sgip'), (items) => items.length === 1, 'acme to get its MO');
    expect(acme[0]).toMatchObject({ from: '+8613012345678', to: '1065500101', text: 'TD', connectorId: 'unicom' });
    const beta = await pollUntil(() => mo('key-beta-sgip'), (items) => items.length === 1, 'beta to get its long MO');
    expect(beta[0]).toMatchObject({ from: '+8613112345678', to: '1065500102', text: '收到，谢谢！这周五下午三点可以吗？'.repeat(6), connectorId: 'unicom-gbk' });
    expect((platform.gateway.connectors.get('unicom-gbk') as SgipConnector).stats().mo).toBe(1);
  });

  it('shows the SGIP connector to admins like any other, secrets hidden, and refuses bad settings by field', async () => {
    const admin = await adminToken(platform);
    const list = await platform.http.inject({ method: 'GET', url: '/v1/connectors', headers: bearer(admin) });
    const unicom = (list.json() as { items: Array<{ id: string; type: string; settings: Record<string, unknown>; status: Record<string, unknown> }> }).items.find((c) => c.id === 'unicom')!;
    expect(unicom).toMatchObject({ type: 'sgip', settings: { password: '••••••', listen: { password: '••••••', loginName: 'smg' } }, status: { state: 'up', sessionsTotal: 1 } });
    const bad = await platform.http.inject({ method: 'POST', url: '/v1/connectors', headers: bearer(admin), payload: { id: 'unicom2', type: 'sgip', settings: { host: '127.0.0.1', loginName: 'sp', password: 'pw', spNumber: '10655001', nodeId: -1 } } });
    expectError(bad, 400, 'validation_failed', 'settings.nodeId');
  });
});
