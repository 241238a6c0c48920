// Customers send over HTTP; the platform sends through SMGP connectors to a fake China Telecom SMGW,
// which answers with status reports and sends MO. Checks delivery, webhooks, long Chinese text in
// GBK and UCS2 arriving whole at the gateway, and MO routed by extension code to the sending account.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MsgFormat } from '../../../src/protocols/smgp/message-format.ts';
import { FakeSmgw } from '../../../src/protocols/smgp/testing/fake-smgw.ts';
import { bearer, pollUntil } from '../../support/api.ts';
import { startTestPlatform, type TestPlatform } from '../../support/platform.ts';

interface Hook {
  path: string;
  body: string;
}

const SP_NUMBER = '1065900001';

describe('HTTP in → platform → SMGP gateway → report back → webhook, and MO back by extension code', () => {
  let smgw: FakeSmgw;
  let platform: TestPlatform;
  let hookServer: Server;
  const hooks: Hook[] = [];

  beforeAll(async () => {
    hookServer = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        hooks.push({ path: req.url ?? '/', body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((resolve) => hookServer.listen(0, '127.0.0.1', resolve));
    const hookUrl = `http://127.0.0.1:${(hookServer.address() as AddressInfo).port}`;

    // Two SP accounts at the gateway, one per connector: an SMGW reports to the account that submitted.
    smgw = new FakeSmgw({ record: true, accounts: { SP000001: 'ct-secret', SP000002: 'ct-secret2' }, reports: { delayMs: 20 } });
    const { port } = await smgw.listen();
    const connector = { host: '127.0.0.1', port, clientId: 'SP000001', secret: 'ct-secret', spNumber: SP_NUMBER, serviceId: 'MTEST', verifyServer: 'strict', window: 32 };
    platform = await startTestPlatform({
      accounts: [
        // Each account sends from its own extension code and gets the MO sent back to it.
        { id: 'acme', apiKeys: ['key-acme-1'], callbackUrl: `${hookUrl}/acme`, moNumbers: [`${SP_NUMBER}1234`] },
        { id: 'beta', apiKeys: ['key-beta-1'], callbackUrl: `${hookUrl}/beta`, moNumbers: [`${SP_NUMBER}5678`] },
      ],
      connectors: [
        { id: 'ct-gbk', type: 'smgp', ...connector },
        { id: 'ct-ucs2', type: 'smgp', ...connector, clientId: 'SP000002', secret: 'ct-secret2', encodings: ['ascii', 'ucs2'] },
      ],
      routes: [
        { id: 'acme-ct', accounts: ['acme'], connectors: ['ct-gbk'] },
        { id: 'beta-ct', accounts: ['beta'], connectors: ['ct-ucs2'] },
        { connectors: ['ct-gbk'] },
      ],
    });
    await pollUntil(async () => ['ct-gbk', 'ct-ucs2'].map((id) => platform.gateway.connectors.get(id)?.stats().state), (s) => s.every((state) => state === 'up'), 'both SMGP connectors to log in');
  });

  afterAll(async () => {
    await platform?.stop();
    await smgw?.close();
    await new Promise((resolve) => hookServer?.close(resolve));
  });

  async function send(key: string, body: Record<string, unknown>): Promise<string> {
    const res = await platform.http.inject({ method: 'POST', url: '/v1/messages', headers: bearer(key), payload: body });
    expect(res.statusCode, res.body).toBe(202);
    return (res.json() as { messages: Array<{ id: string }> }).messages[0].id;
  }

  async function untilDelivered(key: string, id: string) {
    return pollUntil(
      async () => (await platform.http.inject({ method: 'GET', url: `/v1/messages/${id}`, headers: bearer(key) })).json() as { state: string; connectorId: string; parts: Array<{ upstreamId: string; state: string }> },
      (m) => ['delivered', 'undelivered', 'expired', 'rejected', 'failed'].includes(m.state),
      `message ${id} to reach a final state`,
    );
  }

  it('delivers a message sent over HTTP, from SP number + extension, and fires the status webhook', async () => {
    const id = await send('key-acme-1', { to: '+8613301234567', text: 'Your code is 4711', from: '1234', clientRef: 'ct-1' });
    const message = await untilDelivered('key-acme-1', id);
    expect(message).toMatchObject({ state: 'delivered', connectorId: 'ct-gbk' });
    expect(message.parts).toHaveLength(1);
    expect(message.parts[0].upstreamId).toMatch(/^010061\d{14}$/);
    const submit = smgw.submits.find((s) => s.MsgContent.toString() === 'Your code is 4711');
    expect(submit).toMatchObject({ SrcTermID: `${SP_NUMBER}1234`, DestTermID: ['13301234567'], NeedReport: 1, MsgFormat: MsgFormat.ASCII, ServiceID: 'MTEST' });
    const hook = await pollUntil(async () => hooks.find((h) => h.path === '/acme' && h.body.includes(id) && h.body.includes('delivered')), (h) => h !== undefined, 'the status webhook');
    const { events } = JSON.parse(hook!.body) as { events: Array<{ type: string; data: Record<string, unknown> }> };
    expect(events).toContainEqual({ type: 'status', data: expect.objectContaining({ messageId: id, state: 'delivered', clientRef: 'ct-1' }) });
  });

  it('a long Chinese text arrives whole at the gateway in GBK parts and in UCS2 parts, and is delivered', async () => {
    const text = '尊敬的客户：您的快递已到达小区门口的快递柜，取件码为八六四二，请在今天晚上九点之前取走，逾期将退回网点。如有疑问请致电客服热线，我们将竭诚为您服务，祝您生活愉快，谢谢配合！';
    expect(text.length).toBeGreaterThan(70);
    const gbk = await send('key-acme-1', { to: '+8613301234568', text, from: '1234' });
    const ucs2 = await send('key-beta-1', { to: '+8613301234569', text, from: '5678' });
    for (const [key, id] of [['key-acme-1', gbk], ['key-beta-1', ucs2]] as const) {
      const message = await untilDelivered(key, id);
      expect(message.state).toBe('delivered');
      expect(message.parts.length).toBeGreaterThan(1);
      expect(message.parts.every((p) => p.state === 'delivered')).toBe(true);
    }
    const arrived = smgw.messages.filter((m) => m.text === text);
    expect(arrived.map((m) => [m.MsgFormat, m.destination]).sort()).toEqual([
      [MsgFormat.UCS2, '13301234569'],
      [MsgFormat.GBK, '13301234568'],
    ].sort());
    expect(arrived.every((m) => m.parts > 1)).toBe(true);
  });

  it('routes MO to the account whose extension code the handset replied to', async () => {
    await smgw.injectMo('SP000001', { from: '13301234567', to: `${SP_NUMBER}1234`, text: '好的，收到' });
    await smgw.injectMo('SP000002', { from: '13301234569', to: `${SP_NUMBER}5678`, text: 'TD' });
    const list = (key: string) => async () => ((await platform.http.inject({ method: 'GET', url: '/v1/mo', headers: bearer(key) })).json() as { items: Array<{ from: string; to: string; text: string; connectorId: string }> }).items;
    const acme = await pollUntil(list('key-acme-1'), (items) => items.length > 0, 'acme to receive its MO');
    const beta = await pollUntil(list('key-beta-1'), (items) => items.length > 0, 'beta to receive its MO');
    expect(acme).toEqual([expect.objectContaining({ from: '+8613301234567', to: `${SP_NUMBER}1234`, text: '好的，收到' })]);
    expect(beta).toEqual([expect.objectContaining({ from: '+8613301234569', to: `${SP_NUMBER}5678`, text: 'TD' })]);
    expect(acme[0].connectorId).toBe('ct-gbk');
    expect(beta[0].connectorId).toBe('ct-ucs2');
    await pollUntil(async () => hooks.find((h) => h.path === '/acme' && h.body.includes('好的，收到')), (h) => h !== undefined, 'the MO webhook');
  });

  it('shows the SMGP connectors with their state and counters', async () => {
    const stats = platform.gateway.connectors.get('ct-gbk')!.stats();
    expect(stats).toMatchObject({ state: 'up', sessionsUp: 1, sessionsTotal: 1, window: 32 });
    expect(stats.submitted).toBeGreaterThanOrEqual(2);
  });
});
