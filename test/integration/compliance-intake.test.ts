// Compliance inside intake with real stores: a marketing message accepted at 23:00 Beijing is stored
// scheduled for 08:00, kept off the lane, released by housekeeping at 08:00 and then claimed by the
// lane (injected clocks, no sleeps); frequency counters survive a restart on the same SQLite file; the
// consent check reads the store once per request (and once for requests arriving together), and a
// withdrawal stops the next request.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULTS, type Config } from '../../src/config/schema.ts';
import { ComplianceBook } from '../../src/core/compliance/compliance-book.ts';
import { consentStage } from '../../src/core/compliance/consent-stage.ts';
import { FrequencyLimiter } from '../../src/core/compliance/frequency-limiter.ts';
import { sendingHoursStage } from '../../src/core/compliance/sending-hours-stage.ts';
import { Housekeeping } from '../../src/core/housekeeping.ts';
import { Intake, type LaneHandoff } from '../../src/core/intake.ts';
import { NumberNormalizer } from '../../src/core/numbers.ts';
import { policyStages } from '../../src/core/pipeline.ts';
import type { ReceiptProcessor } from '../../src/core/receipts.ts';
import { MtRouter } from '../../src/core/router.ts';
import { startPlatform } from '../../src/main.ts';
import { createLogger } from '../../src/observability/logger.ts';
import { openStore } from '../../src/store/open-store.ts';
import type { ComplianceRepository } from '../../src/store/types.ts';
import { adminToken, bearer, createAccount } from '../support/api.ts';
import type { TestPlatform } from '../support/platform.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'kuaixin-compliance-'));
  dirs.push(dir);
  return dir;
};

/** A Beijing wall-clock time as an instant. */
const bj = (y: number, mo: number, d: number, h: number, mi = 0) => Date.UTC(y, mo - 1, d, h - 8, mi);

describe('marketing outside sending hours', () => {
  it('is accepted at 23:00 Beijing as scheduled for 08:00, never handed to a lane early, and sent once due', async () => {
    const store = await openStore(`sqlite:${join(tempDir(), 'k.db')}`);
    await store.migrate();
    await store.accounts.upsert({ id: 'acme', name: 'acme', status: 'active', callbackUrl: null, callbackSecret: 's', tps: 0, createdAt: 0 });
    let now = bj(2026, 11, 23, 23, 0);
    const book = new ComplianceBook(store.compliance);
    await book.refresh(true);
    const router = new MtRouter();
    router.load([{ id: 'default', name: 'default', position: 0, filters: {}, strategy: 'static', connectors: [{ id: 'sim', weight: 1 }], isDefault: true, enabled: true }]);
    const reserved: string[] = [];
    const handoff: LaneHandoff = { reserve: (id) => (reserved.push(id), true), deliver: () => undefined, release: () => undefined };
    const intake = new Intake({
      store,
      router,
      numbers: new NumberNormalizer('CN'),
      measure: () => ({ encoding: 'ucs2', segments: 1 }),
      stages: policyStages({ frequency: new FrequencyLimiter(book).stage(), hours: sendingHoursStage(book) }),
      validitySeconds: 3600,
      maxSegments: 10,
      maxRecipients: 10,
      handoff,
      now: () => now,
    });
    const marketing = await intake.submit({ accountId: 'acme', source: 'api', recipients: ['13800138000'], text: '双十一 拒收请回复R', category: 'marketing' });
    const notice = await intake.submit({ accountId: 'acme', source: 'api', recipients: ['13800138000'], text: '您的订单已发货', category: 'notification' });
    const result = marketing.results[0]!;
    expect(result).toMatchObject({ ok: true, scheduledAt: bj(2026, 11, 24, 8, 0) });
    // Only the notification was handed to the lane.
    expect(reserved).toEqual(['sim']);
    expect(notice.results[0]).not.toHaveProperty('scheduledAt');
    const id = result.ok ? result.messageId : '';
    const stored = await store.messages.get(id);
    expect(stored).toMatchObject({ state: 'scheduled', scheduledAt: bj(2026, 11, 24, 8, 0), nextAttemptAt: bj(2026, 11, 24, 8, 0) });
    // Its validity (1 h) runs from the opening, not from 23:00.
    expect(stored!.validUntil).toBe(bj(2026, 11, 24, 9, 0));
    expect((await store.messages.events(id)).map((e) => e.state)).toEqual(['scheduled']);

    const queued = new Set<string>();
    const housekeeping = new Housekeeping({
      store,
      receipts: {} as ReceiptProcessor,
      receiptTimeoutMs: 3600_000,
      retentionMs: 86_400_000,
      onQueued: (ids) => ids.forEach((c) => queued.add(c)),
      notify: async () => [],
      onFinal: () => undefined,
      now: () => now,
    });
    now = bj(2026, 11, 24, 7, 59);
    expect(await housekeeping.releaseScheduled()).toBe(0);
    expect((await store.messages.claimDue('sim', 10, now)).map((m) => m.id)).not.toContain(id);
    now = bj(2026, 11, 24, 8, 0);
    expect(await housekeeping.releaseScheduled()).toBe(1);
    expect(queued).toEqual(new Set(['sim']));
    // What the lane does next: claim it for sending.
    expect((await store.messages.claimDue('sim', 10, now)).map((m) => m.id)).toContain(id);
    await intake.flush();
    await store.close();
  });
});

describe('frequency counters', () => {
  it('survive a restart of the platform on the same SQLite file', async () => {
    const dir = tempDir();
    const config: Config = {
      ...structuredClone(DEFAULTS),
      http: { host: '127.0.0.1', port: 0 },
      smpp: { enabled: false, host: '127.0.0.1', port: 0 },
      cmpp: { enabled: false, host: '127.0.0.1', port: 0 },
      database: { url: `sqlite:${join(dir, 'kuaixin.db')}`, thread: false },
      log: { level: 'silent' },
      admin: { username: 'admin', password: 'admin123' },
    };
    const start = async () => Object.assign(await startPlatform(config, createLogger('silent')), { dir, schema: null }) as TestPlatform;
    const sendCode = async (platform: TestPlatform, token: string) =>
      ((await platform.http.inject({ method: 'POST', url: '/v1/messages', headers: bearer(token), payload: { to: '13800138000', text: '验证码 1234', category: 'verification' } })).json() as { messages: Array<{ status: string; error?: { code: string } }> }).messages[0]!;

    const first = await start();
    const admin = await adminToken(first);
    const acme = await createAccount(first, admin, { id: 'acme' });
    expect((await sendCode(first, acme)).status).toBe('accepted');
    expect((await sendCode(first, acme)).error?.code).toBe('frequency_limited');
    await first.stop();

    const second = await start();
    try {
      // Within the same minute after the restart the number is still limited (1/min by default).
      expect((await sendCode(second, acme)).error?.code).toBe('frequency_limited');
    } finally {
      await second.stop();
    }
  });
});

describe('marketing consent', () => {
  it('is read once per request and once for requests arriving together, and a withdrawal stops the next request', async () => {
    const store = await openStore(`sqlite:${join(tempDir(), 'k.db')}`);
    await store.migrate();
    await store.accounts.upsert({ id: 'acme', name: 'acme', status: 'active', callbackUrl: null, callbackSecret: 's', tps: 0, createdAt: 0 });
    await store.compliance.putPolicy('acme', { frequencyRules: null, whitelist: [], sendingHours: null, requireMarketingConsent: true }, 1);
    const book = new ComplianceBook(store.compliance);
    await book.refresh(true);
    // The real repository, counting the reads the stage makes.
    const reads: number[] = [];
    const counted: ComplianceRepository = {
      ...store.compliance,
      currentConsent: (accountId, number) => (reads.push(1), store.compliance.currentConsent(accountId, number)),
      currentConsents: (accountId, numbers) => (reads.push(numbers.length), store.compliance.currentConsents(accountId, numbers)),
    };
    const router = new MtRouter();
    router.load([{ id: 'default', name: 'default', position: 0, filters: {}, strategy: 'static', connectors: [{ id: 'sim', weight: 1 }], isDefault: true, enabled: true }]);
    const intake = new Intake({
      store, router, numbers: new NumberNormalizer('CN'), measure: () => ({ encoding: 'ucs2', segments: 1 }),
      stages: policyStages({ consent: consentStage(book, counted) }), validitySeconds: 3600, maxSegments: 10, maxRecipients: 1000,
    });
    const numbers = Array.from({ length: 300 }, (_, i) => `+86138${String(i).padStart(8, '0')}`);
    for (const number of numbers.slice(0, 200)) await store.compliance.addConsent({ accountId: 'acme', number, status: 'granted', source: 'web_form', evidence: null, at: 1, expiresAt: null }, 1);
    await store.compliance.addConsent({ accountId: 'acme', number: numbers[0]!, status: 'revoked', source: 'sms_reply', evidence: null, at: 2, expiresAt: null }, 2);
    const outcome = (results: Array<{ ok: boolean }>) => results.map((r) => (r.ok ? 'ok' : 'refused'));

    const first = await intake.submit({ accountId: 'acme', source: 'campaign', recipients: numbers, text: '双十一', category: 'marketing' });
    expect(outcome(first.results)).toEqual(numbers.map((_n, i) => (i > 0 && i < 200 ? 'ok' : 'refused')));
    expect(reads).toEqual([300]);

    // Withdrawn between two requests (pages of a campaign): the next one honours it.
    await store.compliance.addConsent({ accountId: 'acme', number: numbers[1]!, status: 'revoked', source: 'api', evidence: null, at: 3, expiresAt: null }, 3);
    reads.length = 0;
    const second = await intake.submit({ accountId: 'acme', source: 'campaign', recipients: numbers.slice(1, 4), text: '双十一', category: 'marketing' });
    expect(outcome(second.results)).toEqual(['refused', 'ok', 'ok']);
    expect(reads).toEqual([3]);

    // A personalised page: one request per recipient, all at once, one read.
    reads.length = 0;
    const singles = await Promise.all(numbers.slice(100, 150).map((n) => intake.submit({ accountId: 'acme', source: 'campaign', recipients: [n], text: `${n}您好`, category: 'marketing' })));
    expect(singles.every((r) => r.results[0]!.ok)).toBe(true);
    expect(reads).toEqual([50]);

    // Not marketing, or an account without the switch: no read at all.
    reads.length = 0;
    await intake.submit({ accountId: 'acme', source: 'api', recipients: numbers.slice(250), text: '您的订单已发货', category: 'notification' });
    expect(reads).toEqual([]);
    await intake.flush();
    await store.close();
  });
});
