// Campaigns through the real platform on each store: create with recipients, run to delivery through
// the simulator, personalised texts, CSV upload with bad rows, pause / resume / cancel, recurring
// schedules, and one account never seeing another's campaigns.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CampaignControl, HELD_UNTIL } from '../../../src/core/campaigns/campaign-control.ts';
import { CampaignRunner } from '../../../src/core/campaigns/campaign-runner.ts';
import { listAudience } from '../../../src/core/campaigns/audience.ts';
import type { IntakePort } from '../../../src/core/intake-port.ts';
import { adminToken, bearer, createAccount, expectError, openMarketingHoursAllDay, pollUntil } from '../../support/api.ts';
import { startTestPlatform, type TestPlatform, type TestStoreKind } from '../../support/platform.ts';

interface CampaignBody {
  id: string;
  status: string;
  recipients: number;
  nextRunAt: string | null;
  runs: Array<{ id: string; status: string; total: number | null; processed: number; accepted: number; rejected: number; rejections: Record<string, number> }>;
}

let platform: TestPlatform;
let admin: string;
const keys: Record<string, string> = {};

async function api(account: string, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: unknown, headers: Record<string, string> = {}) {
  return platform.http.inject({ method, url, headers: { ...bearer(keys[account]!), ...headers }, payload: payload as never });
}

async function campaign(account: string, id: string): Promise<CampaignBody> {
  const res = await api(account, 'GET', `/v1/campaigns/${id}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as CampaignBody;
}

async function create(account: string, body: Record<string, unknown>): Promise<CampaignBody & { staging: { added: number; invalid: number; duplicates: number } | null }> {
  const res = await api(account, 'POST', '/v1/campaigns', body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

/** Messages of one account by state (the campaign's own, since each test uses its own account). */
async function states(account: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  let cursor: string | undefined;
  do {
    const res = await api(account, 'GET', `/v1/messages?limit=500${cursor ? `&cursor=${cursor}` : ''}`);
    const page = res.json() as { items: Array<{ state: string }>; nextCursor: string | null };
    for (const m of page.items) counts[m.state] = (counts[m.state] ?? 0) + 1;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return counts;
}

async function connector(id: string, settings: Record<string, unknown>, enabled = true): Promise<void> {
  const res = await platform.http.inject({ method: 'POST', url: '/v1/connectors', headers: bearer(admin), payload: { id, type: 'simulator', name: id, enabled, settings } });
  expect(res.statusCode, res.body).toBe(201);
}

async function route(id: string, accounts: string[], connectorId: string, position: number): Promise<void> {
  const res = await platform.http.inject({ method: 'POST', url: '/v1/routes', headers: bearer(admin), payload: { id, name: id, position, filters: { accounts }, connectors: [connectorId] } });
  expect(res.statusCode, res.body).toBe(201);
}

for (const store of ['sqlite', 'postgres'] as TestStoreKind[]) {
  describe(`campaigns on ${store}`, () => {
    beforeAll(async () => {
      platform = await startTestPlatform({}, { store });
      admin = await adminToken(platform);
      await openMarketingHoursAllDay(platform, admin);
      await connector('fast', { receiptDelayMs: 20, outcomes: { delivered: 1 } });
      // Disabled: messages routed here stay queued, so pause and cancel have something to hold.
      await connector('parked', { receiptDelayMs: 20, outcomes: { delivered: 1 } }, false);
      await connector('parked2', { receiptDelayMs: 20, outcomes: { delivered: 1 } }, false);
      await connector('parked3', { receiptDelayMs: 20, outcomes: { delivered: 1 } }, false);
      for (const id of ['shop', 'bank', 'pauser', 'canceller', 'weekly', 'resumer', 'groups', 'holder', 'multi']) keys[id] = await createAccount(platform, admin, { id });
      await route('shop-fast', ['shop', 'bank', 'weekly', 'resumer', 'groups', 'multi'], 'fast', 10);
      await route('parked', ['pauser'], 'parked', 20);
      await route('parked2', ['canceller'], 'parked2', 30);
      await route('parked3', ['holder'], 'parked3', 40);
      await pollUntil(async () => platform.gateway.connectors.get('fast')?.stats().state, (s) => s === 'up', 'the fast simulator to come up');
    }, 60_000);
    afterAll(() => platform?.stop());

    it('a started campaign sends to every staged number once and reports its delivery', async () => {
      const numbers = Array.from({ length: 300 }, (_, i) => `1380013${String(i).padStart(4, '0')}`);
      const created = await create('shop', { name: 'Double 11', text: '【快信】双十一全场五折，拒收请回复R', recipients: [...numbers, numbers[0], 'not-a-number'], start: true });
      expect(created.staging).toEqual({ added: 300, duplicates: 1, invalid: 1, errors: [{ line: 302, value: 'not-a-number', reason: 'not a valid phone number' }] });
      const done = await pollUntil(() => campaign('shop', created.id), (c) => c.status === 'completed', 'the campaign to complete', 30_000);
      expect(done.runs).toHaveLength(1);
      expect(done.runs[0]).toMatchObject({ status: 'completed', total: 300, processed: 300, accepted: 300, rejected: 0 });
      const report = await pollUntil(
        async () => (await api('shop', 'GET', `/v1/campaigns/${created.id}/runs/${done.runs[0]!.id}/report`)).json() as { report: { delivered: number; pending: number; messages: number; deliveryRate: number } },
        (r) => r.report.pending === 0,
        'every message to be final',
        30_000,
      );
      expect(report.report).toMatchObject({ messages: 300, delivered: 300, deliveryRate: 1 });
      const list = await api('shop', 'GET', '/v1/messages?limit=1');
      expect((list.json() as { items: Array<{ source: string; category: string; priority: string }> }).items[0]).toMatchObject({ source: 'campaign', category: 'marketing', priority: 'bulk' });
    });

    it('personalises each text from its row and rejects a row missing a variable', async () => {
      const created = await create('bank', { name: 'Statement', text: '${name}您好，本月账单${amount}元', category: 'notification' });
      const csv = 'mobile,name,amount\n13800000001,张三,120\n13800000002,李四,88\n13800000003,王五\n';
      const upload = await api('bank', 'POST', `/v1/campaigns/${created.id}/recipients`, csv, { 'content-type': 'text/csv' });
      expect(upload.statusCode, upload.body).toBe(200);
      expect(upload.json()).toMatchObject({ added: 3, invalid: 0 });
      expect((await api('bank', 'POST', `/v1/campaigns/${created.id}/start`)).statusCode).toBe(200);
      const done = await pollUntil(() => campaign('bank', created.id), (c) => c.status === 'completed', 'the campaign to complete', 30_000);
      expect(done.runs[0]).toMatchObject({ accepted: 2, rejected: 1, rejections: { missing_parameter: 1 } });
      const texts = ((await api('bank', 'GET', '/v1/messages?limit=10')).json() as { items: Array<{ to: string; text: string }> }).items.map((m) => `${m.to} ${m.text}`).sort();
      expect(texts).toEqual(['+8613800000001 张三您好，本月账单120元', '+8613800000002 李四您好，本月账单88元']);
    });

    it('pause holds the queued messages, resume lets them go, cancel stops what is left', async () => {
      const numbers = Array.from({ length: 50 }, (_, i) => `1390013${String(i).padStart(4, '0')}`);
      const created = await create('pauser', { name: 'Held', text: 'Sale', recipients: numbers, start: true });
      // Every number is handed to intake; the messages wait on the disabled connector.
      await pollUntil(() => campaign('pauser', created.id), (c) => c.status === 'completed', 'the run to hand every number to intake', 30_000);
      expectError(await api('pauser', 'POST', `/v1/campaigns/${created.id}/start`), 409, 'conflict', 'id');
      expect(await states('pauser')).toEqual({ queued: 50 });

      const paused = await api('pauser', 'POST', `/v1/campaigns/${created.id}/pause`);
      expect(paused.statusCode, paused.body).toBe(200);
      expect(await states('pauser')).toEqual({ scheduled: 50 });
      const enable = await platform.http.inject({ method: 'PUT', url: '/v1/connectors/parked', headers: bearer(admin), payload: { type: 'simulator', name: 'parked', enabled: true, settings: { receiptDelayMs: 20, outcomes: { delivered: 1 } } } });
      expect(enable.statusCode, enable.body).toBe(200);
      await pollUntil(async () => platform.gateway.connectors.get('parked')?.stats().state, (s) => s === 'up', 'parked to come up');
      await platform.campaigns.tick();
      expect(await states('pauser')).toEqual({ scheduled: 50 });

      const resumed = await api('pauser', 'POST', `/v1/campaigns/${created.id}/resume`);
      expect(resumed.json()).toMatchObject({ status: 'completed' });
      await pollUntil(() => states('pauser'), (s) => s.delivered === 50, 'the held messages to be delivered', 30_000);
    });

    it('a pause while a page goes to intake stops the run within one request and holds that request\'s messages too', async () => {
      const numbers = Array.from({ length: 1000 }, (_, i) => `+8613500${String(i).padStart(6, '0')}`);
      const created = await create('holder', { name: 'Mid-page', text: 'Sale', recipients: numbers });
      const now = Date.now();
      await platform.store.campaigns.update({ ...(await platform.store.campaigns.get(created.id))!, status: 'active', nextRunAt: null, updatedAt: now });
      // Leased to this test's runner, so the platform's scheduler leaves it alone until it is resumed.
      const run = { id: `run-${created.id}`, campaignId: created.id, accountId: 'holder', dueAt: now, status: 'running' as const, total: null, processed: 0, accepted: 0, rejected: 0, rejections: {}, cursor: null, error: null, leaseOwner: 'test-runner', leaseUntil: now + 600_000, startedAt: now, finishedAt: null, updatedAt: now };
      expect(await platform.store.campaigns.insertRun(run)).toBe(true);
      const control = new CampaignControl(platform.store);
      let requests = 0;
      // The real intake; the pause lands while the page's second request is on its way in.
      const intake: IntakePort = {
        submit: async (request) => {
          requests += 1;
          if (requests === 2) await control.pause((await platform.store.campaigns.get(created.id))!);
          return platform.gateway.intake.submit(request);
        },
      };
      const runner = new CampaignRunner({ store: platform.store, intake, normalize: (n) => n, audience: (c) => listAudience(platform.store, c), owner: 'test-runner', leaseMs: 600_000, pageSize: 200, now: Date.now, wait: async () => {} });
      await runner.execute(run);

      // Requests of one page (200): the first page and the request the pause overtook, both held.
      expect(requests).toBe(2);
      expect(await states('holder')).toEqual({ scheduled: 400 });
      expect(await platform.store.campaigns.idleRunMessages(run.id, { states: ['scheduled'], scheduledAt: HELD_UNTIL }, 1000)).toHaveLength(400);
      expect((await platform.store.campaigns.getRun(run.id))!.status).toBe('paused');

      // Resumed, the run starts again at its page and skips the 400 stored: everyone gets it once.
      expect((await api('holder', 'POST', `/v1/campaigns/${created.id}/resume`)).statusCode).toBe(200);
      await platform.campaigns.tick();
      const done = await pollUntil(() => campaign('holder', created.id), (c) => c.runs[0]?.status === 'completed', 'the resumed run to complete', 30_000);
      expect(done.runs[0]).toMatchObject({ processed: 1000, accepted: 1000 });
      const recipients = (await platform.store.campaigns.numbersInRun(run.id, numbers)).size;
      expect(recipients).toBe(1000);
      const report = (await api('holder', 'GET', `/v1/campaigns/${created.id}/runs/${run.id}/report`)).json() as { report: { messages: number } };
      expect(report.report.messages).toBe(1000);
    });

    it('cancelling a campaign cancels its messages not yet sent, and its future runs', async () => {
      const numbers = Array.from({ length: 40 }, (_, i) => `1370013${String(i).padStart(4, '0')}`);
      const created = await create('canceller', { name: 'Oops', text: 'Wrong price', recipients: numbers, start: true });
      await pollUntil(() => campaign('canceller', created.id), (c) => c.status === 'completed', 'the run to hand every number to intake', 30_000);
      const cancelled = await api('canceller', 'POST', `/v1/campaigns/${created.id}/cancel`);
      expect(cancelled.statusCode, cancelled.body).toBe(200);
      expect(cancelled.json()).toMatchObject({ status: 'cancelled', nextRunAt: null });
      expect(await states('canceller')).toEqual({ cancelled: 40 });
      expectError(await api('canceller', 'POST', `/v1/campaigns/${created.id}/resume`), 409, 'conflict', 'id');

      const later = await create('canceller', { name: 'Daily', text: 'x', recipients: ['13700000001'], schedule: { kind: 'cron', expression: '0 9 * * *' }, start: true });
      expect(Date.parse(later.nextRunAt!)).toBeGreaterThan(Date.now());
      expect((await api('canceller', 'POST', `/v1/campaigns/${later.id}/cancel`)).json()).toMatchObject({ status: 'cancelled', nextRunAt: null });
    });

    it('a run taken over after a crash skips what its last page already stored, so nobody gets it twice', async () => {
      const numbers = Array.from({ length: 100 }, (_, i) => `+8613600${String(i).padStart(6, '0')}`);
      const created = await create('resumer', { name: 'Crash', text: 'Once only', recipients: numbers });
      // The state a crashed node leaves: progress saved up to seq 40, then 41–50 stored but not yet saved.
      const now = Date.now();
      await platform.store.campaigns.update({ ...(await platform.store.campaigns.get(created.id))!, status: 'active', nextRunAt: null, updatedAt: now });
      const run = { id: `run-${created.id}`, campaignId: created.id, accountId: 'resumer', dueAt: now, status: 'running' as const, total: 100, processed: 40, accepted: 40, rejected: 0, rejections: {}, cursor: '40', error: null, leaseOwner: 'dead-node', leaseUntil: now - 1, startedAt: now, finishedAt: null, updatedAt: now };
      expect(await platform.store.campaigns.insertRun(run)).toBe(true);
      const stored = await platform.gateway.intake.submit({ accountId: 'resumer', source: 'campaign', recipients: numbers.slice(0, 50), text: 'Once only', batchId: run.id });
      expect(stored.results.every((r) => r.ok)).toBe(true);

      await platform.campaigns.tick();
      const done = await pollUntil(() => campaign('resumer', created.id), (c) => c.status === 'completed', 'the taken-over run to finish', 30_000);
      expect(done.runs[0]).toMatchObject({ status: 'completed', processed: 100, accepted: 100 });
      const report = (await api('resumer', 'GET', `/v1/campaigns/${created.id}/runs/${run.id}/report`)).json() as { report: { messages: number } };
      expect(report.report.messages).toBe(100);
    });

    it('takes a text upload larger than the JSON body limit as a stream, dropping repeats', async () => {
      const draft = await create('shop', { name: 'Big list', text: 'x' });
      const lines = Array.from({ length: 120_000 }, (_, i) => `139${String(i).padStart(8, '0')}`);
      const body = `${lines.join('\n')}\n${lines[0]}\nbad\n`;
      expect(body.length).toBeGreaterThan(1024 * 1024);
      const res = await api('shop', 'POST', `/v1/campaigns/${draft.id}/recipients`, body, { 'content-type': 'text/plain' });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ added: 120_000, duplicates: 1, invalid: 1 });
      expect((await campaign('shop', draft.id)).recipients).toBe(120_000);
    }, 60_000);

    it('sends to a contact group with each contact\'s fields, and a birthday trigger reaches only that day\'s contacts', async () => {
      const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', month: '2-digit', day: '2-digit' }).format(new Date()).replace('/', '-');
      // 李四's birthday (30 February) is never today.
      const ids: string[] = [];
      for (const [number, name, birthday] of [['13300000001', '张三', `1990-${today}`], ['13300000002', '李四', '1985-02-30'], ['13300000003', '王五', `2001-${today}`]] as const) {
        const res = await api('groups', 'POST', '/v1/contacts', { number, name, fields: { birthday } });
        expect(res.statusCode, res.body).toBe(201);
        ids.push((res.json() as { id: string }).id);
      }
      const group = (await api('groups', 'POST', '/v1/contact-groups', { name: 'VIP' })).json() as { id: string };
      expect((await api('groups', 'POST', `/v1/contact-groups/${group.id}/members`, { contactIds: ids })).statusCode).toBe(200);

      const all = await create('groups', { name: 'To the group', text: '${name}您好', category: 'notification', groupId: group.id, start: true });
      const sent = await pollUntil(() => campaign('groups', all.id), (c) => c.status === 'completed', 'the group campaign to complete', 30_000);
      expect(sent.runs[0]).toMatchObject({ total: 3, accepted: 3 });

      const birthdays = await create('groups', { name: 'Birthdays', text: '${name}，生日快乐！', category: 'notification', groupId: group.id, schedule: { kind: 'date-field', field: 'birthday', time: '09:00' }, start: true });
      expect(Date.parse(birthdays.nextRunAt!)).toBeGreaterThan(Date.now());
      // Bring today's 09:00 occurrence forward to now instead of waiting for it.
      const stored = (await platform.store.campaigns.get(birthdays.id))!;
      await platform.store.campaigns.update({ ...stored, nextRunAt: Date.now() });
      await platform.campaigns.tick();
      const ran = await pollUntil(() => campaign('groups', birthdays.id), (c) => c.runs[0]?.status === 'completed', 'the birthday run to complete', 30_000);
      expect(ran.status).toBe('active');
      expect(ran.runs[0]).toMatchObject({ total: null, accepted: 2 });
      const texts = ((await api('groups', 'GET', '/v1/messages?limit=50')).json() as { items: Array<{ text: string }> }).items.map((m) => m.text).sort();
      expect(texts).toEqual(['张三您好', '张三，生日快乐！', '李四您好', '王五您好', '王五，生日快乐！'].sort());
      expectError(await api('shop', 'POST', '/v1/campaigns', { name: 'x', text: 'x', groupId: group.id }), 404, 'not_found', 'groupId');
    });

    it('sends to several groups and picked contacts, each contact once however many of them it is in', async () => {
      const ids: Record<string, string> = {};
      for (const [number, name, level] of [['13200000001', '甲', 'gold'], ['13200000002', '乙', 'silver'], ['13200000003', '丙', 'gold'], ['13200000004', '丁', 'gold'], ['13200000005', '戊', 'none'], ['13200000006', '己', 'none']] as const) {
        const res = await api('multi', 'POST', '/v1/contacts', { number, name, fields: { level } });
        expect(res.statusCode, res.body).toBe(201);
        ids[name] = (res.json() as { id: string }).id;
      }
      const staticGroup = (await api('multi', 'POST', '/v1/contact-groups', { name: 'Early' })).json() as { id: string };
      expect((await api('multi', 'POST', `/v1/contact-groups/${staticGroup.id}/members`, { contactIds: [ids['甲'], ids['乙'], ids['丙']] })).statusCode).toBe(200);
      const gold = await api('multi', 'POST', '/v1/contact-groups', { name: 'Gold', filter: { match: 'all', conditions: [{ field: 'level', op: 'eq', value: 'gold' }] } });
      expect(gold.statusCode, gold.body).toBe(201);
      const dynamicGroup = gold.json() as { id: string };

      // 甲 and 丙 are in both groups, 甲 is picked as well; 己 is in nothing.
      const created = await create('multi', { name: 'Union', text: '${name}，您好', category: 'notification', groupIds: [staticGroup.id, dynamicGroup.id], contactIds: [ids['戊'], ids['甲']], start: true });
      const done = await pollUntil(() => campaign('multi', created.id), (c) => c.status === 'completed', 'the campaign to complete', 30_000);
      expect(done.runs[0]).toMatchObject({ total: 5, processed: 5, accepted: 5, rejected: 0 });
      const texts = ((await api('multi', 'GET', '/v1/messages?limit=50')).json() as { items: Array<{ to: string; text: string }> }).items.map((m) => `${m.to} ${m.text}`).sort();
      expect(texts).toEqual(['+8613200000001 甲，您好', '+8613200000002 乙，您好', '+8613200000003 丙，您好', '+8613200000004 丁，您好', '+8613200000005 戊，您好']);

      // Unknown ids, another account's group or contact, and malformed ids are refused naming the item.
      const theirs = (await api('groups', 'POST', '/v1/contact-groups', { name: 'Not yours' })).json() as { id: string };
      const theirContact = (await api('groups', 'POST', '/v1/contacts', { number: '13200000009' })).json() as { id: string };
      expectError(await api('multi', 'POST', '/v1/campaigns', { name: 'x', text: 'x', groupIds: [staticGroup.id, '999999'] }), 404, 'not_found', 'groupIds[1]');
      expectError(await api('multi', 'POST', '/v1/campaigns', { name: 'x', text: 'x', groupIds: [theirs.id] }), 404, 'not_found', 'groupIds[0]');
      expectError(await api('multi', 'POST', '/v1/campaigns', { name: 'x', text: 'x', contactIds: [ids['甲'], theirContact.id] }), 404, 'not_found', 'contactIds[1]');
      expectError(await api('multi', 'POST', '/v1/campaigns', { name: 'x', text: 'x', groupIds: ['abc'] }), 400, 'validation_failed');
      expectError(await api('multi', 'POST', '/v1/campaigns', { name: 'x', text: 'x', groupIds: [] }), 400, 'validation_failed');
      expectError(await api('multi', 'POST', '/v1/campaigns', { name: 'x', text: 'x', contactIds: [ids['甲']], recipients: ['13200000001'] }), 400, 'validation_failed', 'contactIds');
      expectError(await api('multi', 'POST', '/v1/campaigns', { name: 'x', text: 'x', groupId: staticGroup.id, groupIds: [staticGroup.id] }), 400, 'validation_failed', 'groupId');
      expectError(await api('multi', 'POST', '/v1/campaigns', { name: 'x', text: 'x', schedule: { kind: 'date-field', field: 'birthday', time: '09:00' } }), 400, 'validation_failed', 'schedule');
    });

    it('refuses bad schedules, windows and bodies with the field named', async () => {
      expectError(await api('shop', 'POST', '/v1/campaigns', { name: 'x', text: 'x', schedule: { kind: 'cron', expression: 'every day' } }), 400, 'validation_failed', 'schedule.expression');
      expectError(await api('shop', 'POST', '/v1/campaigns', { name: 'x', text: 'x', schedule: { kind: 'cron', expression: '0 9 * * *', timeZone: 'Mars/Olympus' } }), 400, 'validation_failed', 'schedule.timeZone');
      expectError(await api('shop', 'POST', '/v1/campaigns', { name: 'x', text: 'x', sendWindow: { start: '09:00', end: '09:00' } }), 400, 'validation_failed', 'sendWindow');
      const draft = await create('shop', { name: 'empty', text: 'x' });
      expectError(await api('shop', 'POST', `/v1/campaigns/${draft.id}/start`), 400, 'validation_failed', 'recipients');
      expectError(await api('shop', 'POST', `/v1/campaigns/${draft.id}/recipients`, { recipients: [{ number: '1' }] }), 400, 'validation_failed');
    });

    it('a recurring campaign starts one run per occurrence', async () => {
      const created = await create('weekly', { name: 'Weekly', text: 'Weekly news', recipients: ['13600000001'], schedule: { kind: 'cron', expression: '* * * * * *' }, start: true });
      const twice = await pollUntil(() => campaign('weekly', created.id), (c) => c.runs.filter((r) => r.status === 'completed').length >= 2, 'two runs to complete', 30_000);
      expect(new Set(twice.runs.map((r) => r.id)).size).toBe(twice.runs.length);
      expect((await api('weekly', 'POST', `/v1/campaigns/${created.id}/cancel`)).statusCode).toBe(200);
    });

    it('one account cannot see, change or report on another account\'s campaign', async () => {
      const mine = await create('shop', { name: 'Private', text: 'x', recipients: ['13500000001'] });
      expectError(await api('bank', 'GET', `/v1/campaigns/${mine.id}`), 404, 'not_found', 'id');
      expectError(await api('bank', 'POST', `/v1/campaigns/${mine.id}/start`), 404, 'not_found', 'id');
      expectError(await api('bank', 'POST', `/v1/campaigns/${mine.id}/recipients`, { recipients: ['13500000002'] }), 404, 'not_found', 'id');
      expectError(await api('bank', 'DELETE', `/v1/campaigns/${mine.id}`), 404, 'not_found', 'id');
      expectError(await api('bank', 'GET', `/v1/campaigns?accountId=shop`), 403, 'forbidden', 'accountId');
      const theirs = (await api('bank', 'GET', '/v1/campaigns')).json() as { items: Array<{ id: string }> };
      expect(theirs.items.map((c) => c.id)).not.toContain(mine.id);
    });
  });
}
