// An SP connects to the platform over CMPP (our CmppClient as the SP), submits, and gets status
// reports and MO back as DELIVER; the platform sends on through a CMPP connector to a fake ISMG.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CmppClient, type CmppClientOptions } from '../../../src/protocols/cmpp/client.ts';
import { CmppConnectStatus } from '../../../src/protocols/cmpp/connect-status.ts';
import type { CmppFrameOf } from '../../../src/protocols/cmpp/dialect.ts';
import { decodeCmppText } from '../../../src/protocols/cmpp/msg-fmt.ts';
import { nthMsgId } from '../../../src/protocols/cmpp/msg-id.ts';
import { decodeCmppReport, type CmppReport } from '../../../src/protocols/cmpp/report.ts';
import { CmppResult } from '../../../src/protocols/cmpp/result.ts';
import { cmppSubmitParts } from '../../../src/protocols/cmpp/submit-parts.ts';
import { FakeIsmg } from '../../../src/protocols/cmpp/testing/fake-ismg.ts';
import type { CmppVersion } from '../../../src/protocols/cmpp/version.ts';
import { ResponseStatusError } from '../../../src/protocols/shared/framed-errors.ts';
import { cmppMsgIdOf } from '../../../src/ingress/cmpp-msg-id.ts';
import { formatAbsolute } from '../../../src/protocols/smpp/smpp-time.ts';
import { pollUntil } from '../../support/api.ts';
import { startTestPlatform, type TestPlatform } from '../../support/platform.ts';

let ismg: FakeIsmg;
let platform: TestPlatform;
const clients: CmppClient[] = [];

beforeAll(async () => {
  ismg = new FakeIsmg({ record: true, accounts: { '900001': 'upstream' }, reports: { delayMs: 20 } });
  await ismg.listen();
  platform = await startTestPlatform({
    accounts: [
      { id: 'acme', cmpp: [{ spId: '901234', secret: 'acme-secret', maxConnections: 3 }], moNumbers: ['1069000188'] },
      { id: 'slow', tps: 1, cmpp: [{ spId: '905555', secret: 'slow-secret' }] },
    ],
    connectors: [{ id: 'cm', type: 'cmpp', host: '127.0.0.1', port: ismg.port, spId: '900001', secret: 'upstream', srcId: '1069', activeTestIntervalMs: 0 }],
    routes: [{ connectors: ['cm'] }],
  });
  await pollUntil(async () => platform.gateway.connectors.get('cm')?.stats().state, (s) => s === 'up', 'the CMPP connector to come up');
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await pollUntil(async () => platform.cmpp!.server.sessions.size, (n) => n === 0, 'the SP connections to close');
});

afterAll(async () => {
  await platform?.stop();
  await ismg?.close();
});

/** An SP of ours logged in to the platform's CMPP port, collecting what it is delivered. */
async function sp(options: Partial<CmppClientOptions> = {}): Promise<{ client: CmppClient; delivered: CmppFrameOf<'deliver'>[] }> {
  const delivered: CmppFrameOf<'deliver'>[] = [];
  const client = new CmppClient({ host: '127.0.0.1', port: platform.cmppPort!, spId: '901234', secret: 'acme-secret', reconnect: false, activeTestIntervalMs: 0, ...options });
  client.on('deliver', (pdu: CmppFrameOf<'deliver'>) => delivered.push(pdu));
  clients.push(client);
  await client.connect();
  return { client, delivered };
}

function reportFor(delivered: CmppFrameOf<'deliver'>[], msgId: string): CmppReport | undefined {
  return delivered.filter((d) => d.Registered_Delivery === 1).map((d) => decodeCmppReport(d.Msg_Content)).find((r) => r.Msg_Id === msgId);
}

const submitBody = (to: string, text: string, registered = 1) => ({ Registered_Delivery: registered, Src_Id: '1069000188', Dest_terminal_Id: [to], Msg_Fmt: 15, Msg_Content: Buffer.from(text) });

describe.each(['3.0', '2.0'] as CmppVersion[])('CMPP %s SP → platform → CMPP upstream → report back', (version) => {
  it('answers with our Msg_Id after commit and delivers the status report for it', async () => {
    const { client, delivered } = await sp({ version });
    const response = await client.submit({ ...submitBody('13800138000', 'Your code is 123456'), Msg_Fmt: 0 });
    expect(response.Result).toBe(0);
    const message = await pollUntil(
      async () => (await platform.store.messages.list({ accountId: 'acme', limit: 100 })).items.find((m) => cmppMsgIdOf(m.id) === response.Msg_Id),
      (m) => m !== undefined,
      'the message behind the Msg_Id',
    );
    expect(message).toMatchObject({ source: 'cmpp', sender: '1069000188', recipient: '+8613800138000', text: 'Your code is 123456', wantReceipt: true });
    const report = await pollUntil(async () => reportFor(delivered, response.Msg_Id), (r) => r !== undefined, 'the report DELIVER');
    expect(report).toMatchObject({ Stat: 'DELIVRD', Dest_terminal_Id: '13800138000' });
    const deliver = delivered.find((d) => d.Registered_Delivery === 1)!;
    expect(deliver.Msg_Content.length).toBe(version === '3.0' ? 71 : 60);
    expect(deliver).toMatchObject({ Dest_Id: '1069000188', Src_terminal_Id: '13800138000' });
    expect((await platform.store.messages.get(message!.id))?.state).toBe('delivered');
  });
});

describe('CMPP ingress', () => {
  it('joins a long message sent in UDH parts into one message; every part gets its Msg_Id', async () => {
    const { client, delivered } = await sp();
    const text = '尊敬的客户，您的订单已发货，预计三天内送达，请保持电话畅通，感谢您的支持。'.repeat(3);
    const parts = cmppSubmitParts(text, { Registered_Delivery: 1, Src_Id: '1069000188', Dest_terminal_Id: ['13900139000'] }, { encoding: 'ucs2', reference: 42 });
    expect(parts.length).toBeGreaterThan(1);
    const responses = await Promise.all(parts.map((part) => client.submit(part)));
    const msgId = responses[0]!.Msg_Id;
    expect(responses.every((r) => r.Msg_Id === msgId && r.Result === 0)).toBe(true);
    const submitted = await pollUntil(async () => ismg.submits.filter((s) => s.Dest_terminal_Id[0] === '13900139000'), (list) => list.length === parts.length, 'the parts at the upstream ISMG');
    expect(submitted.every((s) => s.Msg_Fmt === 8)).toBe(true);
    await pollUntil(async () => reportFor(delivered, msgId), (r) => r !== undefined, 'the report of the long message');
  });

  it('answers a group SUBMIT with one Msg_Id M; the report of destination i carries M + i and its Dest_terminal_Id', async () => {
    const { client, delivered } = await sp();
    const destinations = ['13800138010', '8613800138011', '13800138012'];
    const response = await client.submit({ ...submitBody('13800138010', 'group'), Dest_terminal_Id: destinations });
    expect(response.Result).toBe(0);
    const messages = await pollUntil(
      async () => (await platform.store.messages.list({ accountId: 'acme', limit: 100 })).items.filter((m) => m.text === 'group'),
      (list) => list.length === 3,
      'every message of the group SUBMIT',
    );
    // One message per recipient, each keeping its destination's Msg_Id (cmpp.md 5: M, M+1, …).
    const expected = ['+8613800138010', '+8613800138011', '+8613800138012'].map((recipient, i) => ({ recipient, clientRef: nthMsgId(response.Msg_Id, i) }));
    expect(messages.map((m) => ({ recipient: m.recipient, clientRef: m.clientRef })).sort((a, b) => a.recipient.localeCompare(b.recipient))).toEqual(expected);
    for (const [i, destination] of destinations.entries()) {
      const report = await pollUntil(async () => reportFor(delivered, nthMsgId(response.Msg_Id, i)), (r) => r !== undefined, `the report for destination ${i}`);
      expect(report).toMatchObject({ Stat: 'DELIVRD', Dest_terminal_Id: destination.replace(/^86/, '') });
    }
  });

  it('answers a group SUBMIT whose recipients intake all refuses with the refusal, and reports only the recipients it took', async () => {
    const { client, delivered } = await sp();
    await expect(client.submit({ ...submitBody('12345', 'nobody'), Dest_terminal_Id: ['12345', '67890'] })).rejects.toMatchObject({ status: CmppResult.BAD_DEST_TERMINAL_ID });
    const response = await client.submit({ ...submitBody('12345', 'half'), Dest_terminal_Id: ['12345', '13800138013'] });
    expect(response.Result).toBe(0);
    const report = await pollUntil(async () => reportFor(delivered, nthMsgId(response.Msg_Id, 1)), (r) => r !== undefined, 'the report of the recipient taken');
    expect(report!.Dest_terminal_Id).toBe('13800138013');
    expect(reportFor(delivered, response.Msg_Id)).toBeUndefined();
  });

  it('stores a clientRef that is only a label (idempotent: false) every time, where a key returns the first request', async () => {
    const label = { accountId: 'acme', source: 'cmpp' as const, recipients: ['13800138014'], text: 'label', clientRef: 'ba520641e2400042', idempotent: false, wantReceipt: false };
    const first = await platform.gateway.intake.submit(label);
    const second = await platform.gateway.intake.submit(label);
    expect(second.duplicate).toBe(false);
    expect(second.results[0]).toMatchObject({ ok: true });
    expect((second.results[0] as { messageId: string }).messageId).not.toBe((first.results[0] as { messageId: string }).messageId);
    const keyed = { ...label, clientRef: 'order-17', idempotent: undefined };
    const once = await platform.gateway.intake.submit(keyed);
    const again = await platform.gateway.intake.submit(keyed);
    expect(again.duplicate).toBe(true);
    expect(again.results.map((r) => (r as { messageId: string }).messageId)).toEqual(once.results.map((r) => (r as { messageId: string }).messageId));
  });

  it('cancels a message not yet submitted by its Msg_Id, also a group destination’s, and nothing else', async () => {
    const { client } = await sp();
    const inAnHour = formatAbsolute(new Date(Date.now() + 3_600_000), 32);
    const scheduled = await client.submit({ ...submitBody('13800138020', 'cancel me'), At_Time: inAnHour });
    const group = await client.submit({ ...submitBody('13800138021', 'cancel one of us'), Dest_terminal_Id: ['13800138021', '13800138022'], At_Time: inAnHour });
    const sent = await client.submit(submitBody('13800138023', 'too late to cancel'));
    await expect(client.request('cancel', { Msg_Id: scheduled.Msg_Id })).resolves.toMatchObject({ Success_Id: 0 });
    await expect(client.request('cancel', { Msg_Id: nthMsgId(group.Msg_Id, 1) })).resolves.toMatchObject({ Success_Id: 0 });
    const states = async (text: string) =>
      Object.fromEntries((await platform.store.messages.list({ accountId: 'acme', limit: 100 })).items.filter((m) => m.text === text).map((m) => [m.recipient, m.state]));
    expect(await states('cancel me')).toEqual({ '+8613800138020': 'cancelled' });
    expect(await states('cancel one of us')).toEqual({ '+8613800138021': 'scheduled', '+8613800138022': 'cancelled' });
    // Cancelled already, submitted, unknown, or another SP's: Success_Id 1.
    await expect(client.request('cancel', { Msg_Id: scheduled.Msg_Id })).rejects.toMatchObject({ status: 1 });
    await pollUntil(async () => (await states('too late to cancel'))['+8613800138023'], (state) => state === 'delivered', 'the sent message to be delivered');
    await expect(client.request('cancel', { Msg_Id: sent.Msg_Id })).rejects.toMatchObject({ status: 1 });
    await expect(client.request('cancel', { Msg_Id: 'ba520641e2400001' })).rejects.toMatchObject({ status: 1 });
    const other = await sp({ spId: '905555', secret: 'slow-secret' });
    await expect(other.client.request('cancel', { Msg_Id: group.Msg_Id })).rejects.toMatchObject({ status: 1 });
    expect(await states('cancel one of us')).toEqual({ '+8613800138021': 'scheduled', '+8613800138022': 'cancelled' });
  });

  it('answers QUERY with the counts of the SP’s messages of that Beijing day, in all or for one Service_Id', async () => {
    const { client } = await sp();
    const beijingToday = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10).replace(/-/g, '');
    const inAnHour = formatAbsolute(new Date(Date.now() + 3_600_000), 32);
    const sent = await client.submit({ ...submitBody('13800138030', 'query one'), Service_Id: 'QTEST' });
    const waiting = await client.submit({ ...submitBody('13800138031', 'query two'), Service_Id: 'QTEST', At_Time: inAnHour });
    await pollUntil(
      async () => (await platform.store.messages.list({ accountId: 'acme', limit: 100 })).items.find((m) => m.text === 'query one')?.state,
      (state) => state === 'delivered',
      'the sent message to be delivered',
    );
    const byService = { Time: beijingToday, Query_Type: 1, Query_Code: 'QTEST' };
    expect(await client.request('query', byService)).toMatchObject({ ...byService, MT_TLMsg: 2, MT_Tlusr: 2, MT_Scs: 1, MT_WT: 1, MT_FL: 0, MO_Scs: 0 });
    await client.request('cancel', { Msg_Id: waiting.Msg_Id });
    expect(await client.request('query', byService)).toMatchObject({ MT_TLMsg: 2, MT_Scs: 1, MT_WT: 0, MT_FL: 1 });
    const totals = (await client.request('query', { Time: beijingToday, Query_Type: 0 })) as unknown as { MT_TLMsg: number; MT_Scs: number };
    expect(totals.MT_TLMsg).toBeGreaterThan(2);
    expect(totals.MT_Scs).toBeGreaterThanOrEqual(1);
    expect(await client.request('query', { Time: '19990101', Query_Type: 0 })).toMatchObject({ MT_TLMsg: 0, MT_Tlusr: 0 });
    expect(await client.request('query', { Time: 'garbage', Query_Type: 0 })).toMatchObject({ Time: 'garbage', MT_TLMsg: 0 });
    expect(sent.Result).toBe(0);
  });

  it('refuses a wrong secret, an unknown SP_Id, and a connection beyond maxConnections', async () => {
    const wrong = new CmppClient({ host: '127.0.0.1', port: platform.cmppPort!, spId: '901234', secret: 'nope', reconnect: false });
    await expect(wrong.connect()).rejects.toMatchObject({ status: CmppConnectStatus.AUTH_FAILED });
    const unknown = new CmppClient({ host: '127.0.0.1', port: platform.cmppPort!, spId: '999999', secret: 'x', reconnect: false });
    await expect(unknown.connect()).rejects.toMatchObject({ status: CmppConnectStatus.BAD_SOURCE_ADDR });
    const open = platform.cmpp!.server.sessionsOf('901234').length;
    const extra = [];
    for (let i = open; i < 3; i++) extra.push(await sp());
    const beyond = new CmppClient({ host: '127.0.0.1', port: platform.cmppPort!, spId: '901234', secret: 'acme-secret', reconnect: false });
    await expect(beyond.connect()).rejects.toMatchObject({ status: CmppConnectStatus.OTHER_ERROR });
    await Promise.all(extra.map(({ client }) => client.close()));
  });

  it('answers SUBMITs beyond the account’s rate with Result 8, and a bad number with Result 13', async () => {
    const { client } = await sp({ spId: '905555', secret: 'slow-secret' });
    const results = await Promise.allSettled([1, 2, 3].map(() => client.submit(submitBody('13800138001', 'x', 0))));
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => (r.reason as ResponseStatusError).status);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((status) => status === CmppResult.FLOW_CONTROL)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await expect(client.submit(submitBody('12345', 'x', 0))).rejects.toMatchObject({ status: CmppResult.BAD_DEST_TERMINAL_ID });
  });

  it('queues reports while the SP is away and delivers them when it connects again', async () => {
    const first = await sp();
    const response = await first.client.submit(submitBody('13800138002', '离线测试'));
    await first.client.close();
    await pollUntil(
      async () => (await platform.store.messages.list({ accountId: 'acme', limit: 100 })).items.find((m) => cmppMsgIdOf(m.id) === response.Msg_Id)?.state,
      (state) => state === 'delivered',
      'the message to be delivered while the SP is away',
    );
    const again = await sp();
    const report = await pollUntil(async () => reportFor(again.delivered, response.Msg_Id), (r) => r !== undefined, 'the queued report');
    expect(report!.Stat).toBe('DELIVRD');
  });

  it('sends no report when Registered_Delivery is 0', async () => {
    const { client, delivered } = await sp();
    const silent = await client.submit(submitBody('13800138003', 'no report please', 0));
    const loud = await client.submit(submitBody('13800138003', 'report please', 1));
    await pollUntil(async () => reportFor(delivered, loud.Msg_Id), (r) => r !== undefined, 'the asked-for report');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(reportFor(delivered, silent.Msg_Id)).toBeUndefined();
  });

  it('delivers MO for the account’s number to the SP as DELIVER, and QUERY counts it as handed over', async () => {
    const { client, delivered } = await sp();
    const today = { Time: new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10).replace(/-/g, ''), Query_Type: 0 };
    const before = (await client.request('query', today)) as unknown as { MO_Scs: number; MO_WT: number };
    await ismg.injectMo('900001', { from: '13700137000', to: '1069000188', text: '查询余额' });
    const mo = await pollUntil(async () => delivered.find((d) => d.Registered_Delivery === 0), (d) => d !== undefined, 'the MO DELIVER');
    expect(mo).toMatchObject({ Src_terminal_Id: '13700137000', Dest_Id: '1069000188', Msg_Fmt: 8 });
    expect(decodeCmppText(mo!.Msg_Content, mo!.Msg_Fmt)).toBe('查询余额');
    // Once the SP answered the DELIVER, the MO leaves the outbox: handed over, none waiting.
    await pollUntil(() => client.request('query', today), (r) => (r as unknown as { MO_Scs: number }).MO_Scs === before.MO_Scs + 1, 'the MO counted as handed over');
    expect(await client.request('query', today)).toMatchObject({ MO_WT: before.MO_WT, MO_FL: 0 });
    // MO carry no Service_Id: a query for one counts none.
    expect(await client.request('query', { ...today, Query_Type: 1, Query_Code: 'QTEST' })).toMatchObject({ MO_Scs: 0, MO_WT: 0, MO_FL: 0 });
  });
});
