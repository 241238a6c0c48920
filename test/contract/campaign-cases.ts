// Store contract, campaigns: campaigns per account, staged recipients in order, one run per occurrence,
// exclusive run leases, conditional progress, and a run's messages found by state for pause and reports.
import { expect, it } from 'vitest';
import type { Campaign, CampaignRun } from '../../src/core/campaigns/campaign.ts';
import { T, message, type StoreContext } from './fixtures.ts';

function campaign(over: Partial<Campaign> = {}): Campaign {
  return {
    id: 'cmp-1', accountId: 'acme', name: '双十一', status: 'draft',
    content: { text: '${name}您好', category: 'marketing', priority: 'bulk', sender: '10690001' },
    audience: { kind: 'list' }, schedule: { kind: 'cron', expression: '0 9 * * *', timeZone: 'Asia/Shanghai' },
    sendWindow: { start: '09:00', end: '20:00', timeZone: 'Asia/Shanghai' }, nextRunAt: null, recipientCount: 0, createdAt: T, updatedAt: T,
    ...over,
  };
}

function run(over: Partial<CampaignRun> = {}): CampaignRun {
  return {
    id: 'run-1', campaignId: 'cmp-1', accountId: 'acme', dueAt: T, status: 'pending', total: null, processed: 0, accepted: 0, rejected: 0,
    rejections: {}, cursor: null, error: null, leaseOwner: null, leaseUntil: null, startedAt: null, finishedAt: null, updatedAt: T,
    ...over,
  };
}

export function campaignCases(ctx: StoreContext): void {
  it('campaigns: stored whole, read per account, listed newest first with a cursor, updated and deleted', async () => {
    const { campaigns } = ctx.store();
    const first = campaign();
    await campaigns.insert(first);
    await campaigns.insert(campaign({ id: 'cmp-2', createdAt: T + 1, updatedAt: T + 1 }));
    await campaigns.insert(campaign({ id: 'cmp-3', accountId: 'other', createdAt: T + 2 }));
    // Several groups and picked contacts, as the runner reads them back.
    const toContacts = campaign({ id: 'cmp-4', audience: { kind: 'contacts', groupIds: ['3', '7'], contactIds: Array.from({ length: 2000 }, (_, i) => String(i + 1)), dateField: 'birthday' } });
    await campaigns.insert(toContacts);
    expect(await campaigns.get('cmp-4', 'acme')).toEqual(toContacts);
    await campaigns.delete('cmp-4');
    expect(await campaigns.get('cmp-1')).toEqual(first);
    expect(await campaigns.get('cmp-1', 'acme')).toEqual(first);
    expect(await campaigns.get('cmp-1', 'other')).toBeNull();
    const page = await campaigns.list({ accountId: 'acme', limit: 1 });
    expect(page.items.map((c) => c.id)).toEqual(['cmp-2']);
    expect((await campaigns.list({ accountId: 'acme', limit: 1, cursor: page.nextCursor! })).items.map((c) => c.id)).toEqual(['cmp-1']);
    await campaigns.update({ ...first, status: 'active', nextRunAt: T + 60_000, sendWindow: null, updatedAt: T + 5 });
    expect(await campaigns.get('cmp-1')).toMatchObject({ status: 'active', nextRunAt: T + 60_000, sendWindow: null, createdAt: T, updatedAt: T + 5 });
    expect((await campaigns.due(T + 59_999, 10)).map((c) => c.id)).toEqual([]);
    expect((await campaigns.due(T + 60_000, 10)).map((c) => c.id)).toEqual(['cmp-1']);
    await campaigns.delete('cmp-1');
    expect(await campaigns.get('cmp-1')).toBeNull();
  });

  it('campaigns: staged recipients come back in order after a seq, with their params; truncation drops a failed upload', async () => {
    const { campaigns } = ctx.store();
    await campaigns.insert(campaign());
    const members = Array.from({ length: 1200 }, (_, i) => ({ number: `+86138${String(i).padStart(8, '0')}`, params: (i % 2 ? { name: `用户${i}` } : {}) as Record<string, string> }));
    await campaigns.addRecipients('cmp-1', 1, members);
    const page = await campaigns.recipients('cmp-1', 0, 3);
    expect(page).toEqual([
      { seq: 1, member: { number: '+8613800000000', params: {} } },
      { seq: 2, member: { number: '+8613800000001', params: { name: '用户1' } } },
      { seq: 3, member: { number: '+8613800000002', params: {} } },
    ]);
    expect((await campaigns.recipients('cmp-1', 1198, 10)).map((r) => r.seq)).toEqual([1199, 1200]);
    await campaigns.truncateRecipients('cmp-1', 1001);
    expect((await campaigns.recipients('cmp-1', 995, 10)).map((r) => r.seq)).toEqual([996, 997, 998, 999, 1000]);
  });

  it('campaigns: one run per occurrence, and of two owners only one leases a free run', async () => {
    const { campaigns } = ctx.store();
    expect(await campaigns.insertRun(run())).toBe(true);
    expect(await campaigns.insertRun(run({ id: 'run-dup' }))).toBe(false);
    const [a, b] = await Promise.all([campaigns.claimRuns(T + 1, 'node-a', T + 30_000, 5), campaigns.claimRuns(T + 1, 'node-b', T + 30_000, 5)]);
    expect(a.length + b.length).toBe(1);
    const claimed = [...a, ...b][0]!;
    expect(claimed).toMatchObject({ id: 'run-1', status: 'running', leaseUntil: T + 30_000, startedAt: T + 1 });
    expect(await campaigns.claimRuns(T + 2, 'node-c', T + 40_000, 5)).toEqual([]);
    // The lease ran out (its node died): another node takes the run over where it was.
    const taken = await campaigns.claimRuns(T + 30_001, 'node-c', T + 60_000, 5);
    expect(taken.map((r) => [r.id, r.leaseOwner, r.startedAt])).toEqual([['run-1', 'node-c', T + 1]]);
    expect(await campaigns.saveProgress({ ...taken[0]!, processed: 10, cursor: '10' }, claimed.leaseOwner!)).toBe(false);
    expect(await campaigns.saveProgress({ ...taken[0]!, processed: 10, accepted: 9, rejected: 1, rejections: { invalid_number: 1 }, cursor: '10' }, 'node-c')).toBe(true);
    expect(await campaigns.getRun('run-1')).toMatchObject({ processed: 10, accepted: 9, rejected: 1, rejections: { invalid_number: 1 }, cursor: '10' });
  });

  it('campaigns: a run paused elsewhere refuses progress; status changes only from the given states', async () => {
    const { campaigns } = ctx.store();
    await campaigns.insertRun(run());
    const [claimed] = await campaigns.claimRuns(T, 'node-a', T + 30_000, 1);
    expect(await campaigns.setRunStatus('run-1', 'paused', T + 1, ['pending', 'running'])).toBe(true);
    expect(await campaigns.saveProgress({ ...claimed!, processed: 5 }, 'node-a')).toBe(false);
    expect(await campaigns.setRunStatus('run-1', 'completed', T + 2, ['running'])).toBe(false);
    expect(await campaigns.setRunStatus('run-1', 'cancelled', T + 3, ['paused'])).toBe(true);
    expect(await campaigns.getRun('run-1')).toMatchObject({ status: 'cancelled', processed: 0, leaseOwner: null, leaseUntil: null, finishedAt: T + 3 });
    expect(await campaigns.claimRuns(T + 100_000, 'node-b', T + 130_000, 5)).toEqual([]);
    await campaigns.insertRun(run({ id: 'run-2', dueAt: T + 86_400_000 }));
    expect((await campaigns.listRuns('cmp-1', 10)).map((r) => r.id)).toEqual(['run-2', 'run-1']);
  });

  it('campaigns: a run\'s idle messages by state, its numbers already stored, and its tally', async () => {
    const { campaigns, messages } = ctx.store();
    const ofRun = (over: Parameters<typeof message>[0]) => message({ batchId: 'run-1', ...over });
    const stored = [
      ofRun({ recipient: '+8613800000001', state: 'queued' }),
      ofRun({ recipient: '+8613800000002', state: 'queued', inflightSince: T }),
      ofRun({ recipient: '+8613800000003', state: 'scheduled', scheduledAt: 9e12 }),
      ofRun({ recipient: '+8613800000004', state: 'scheduled', scheduledAt: T }),
      ofRun({ recipient: '+8613800000005', state: 'delivered', segments: 2 }),
      ofRun({ recipient: '+8613800000006', state: 'undelivered', errorCode: 'UNDELIV', cost: 700 }),
      message({ recipient: '+8613800000007', state: 'queued' }),
    ];
    await messages.insertMany(stored, []);
    expect((await campaigns.idleRunMessages('run-1', { states: ['queued'] }, 10)).map((m) => m.recipient)).toEqual(['+8613800000001']);
    expect((await campaigns.idleRunMessages('run-1', { states: ['scheduled'], scheduledAt: 9e12 }, 10)).map((m) => m.recipient)).toEqual(['+8613800000003']);
    expect((await campaigns.idleRunMessages('run-1', { states: ['queued', 'scheduled'] }, 10)).length).toBe(3);
    expect(await campaigns.numbersInRun('run-1', ['+8613800000001', '+8613800000007', '+8613800000009'])).toEqual(new Set(['+8613800000001']));
    expect(await campaigns.numbersInRun('run-1', [])).toEqual(new Set());
    const tally = (await campaigns.tally('run-1')).sort((a, b) => a.state.localeCompare(b.state));
    expect(tally).toEqual([
      { state: 'delivered', errorCode: null, count: 1, segments: 2, cost: 0 },
      { state: 'queued', errorCode: null, count: 2, segments: 2, cost: 0 },
      { state: 'scheduled', errorCode: null, count: 2, segments: 2, cost: 0 },
      { state: 'undelivered', errorCode: 'UNDELIV', count: 1, segments: 1, cost: 700 },
    ]);
  });
}
