// The compliance console pages in a real browser (Chinese, one check in English): frequency rules
// with an account override, whitelist, sending hours, and a consent record searched with its history.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminToken, bearer } from '../support/api.ts';
import type { TestPlatform } from '../support/platform.ts';
import { choose, openConsole, signIn, type ConsoleSession } from './support/console-session.ts';

describe('compliance console', () => {
  let session: ConsoleSession;
  let platform: TestPlatform;
  let page: Page;
  const get = async (url: string) => (await platform.http.inject({ method: 'GET', url, headers: bearer(await adminToken(platform)) })).json();

  beforeAll(async () => {
    session = await openConsole({ viewport: { width: 1440, height: 1000 } });
    ({ platform, page } = session);
  }, 180_000);

  afterAll(() => session?.close());

  it('edits frequency rules, the whitelist and sending hours, and records consent', async () => {
    await page.goto(platform.httpUrl);
    await signIn(page);

    // Compliance settings for the demo account (the admin's account picker selects it).
    await page.getByTestId('nav-compliance').click();
    await expect.poll(() => page.getByTestId('page-title').innerText()).toBe('合规设置');
    await expect.poll(() => page.getByTestId('rules-table').locator('tbody tr').count()).toBe(3);
    expect(await page.getByTestId('rules-table').innerText()).toContain('验证码');

    await choose(page, 'rule-category', '营销');
    await choose(page, 'rule-window', '每 24 小时');
    await page.getByTestId('rule-limit').fill('3');
    await page.getByTestId('rule-save').click();
    await expect.poll(() => page.getByTestId('rules-table').locator('tbody tr').count()).toBe(4);
    expect(await page.getByTestId('rules-table').innerText()).toContain('本账户');
    expect((await get('/v1/compliance/frequency-rules?accountId=demo')).account).toEqual([{ category: 'marketing', window: 'day', limit: 3 }]);

    await page.getByTestId('whitelist-input').fill('13800138000');
    await page.getByTestId('whitelist-add').click();
    await expect.poll(() => page.getByTestId('whitelist').innerText()).toContain('+8613800138000');

    await page.getByTestId('hours-start').fill('09:00');
    await page.getByTestId('hours-end').fill('20:00');
    await page.getByTestId('hours-save').click();
    await expect.poll(() => page.getByTestId('hours-effective').innerText()).toContain('09:00–20:00 Asia/Shanghai');
    expect((await get('/v1/compliance/sending-hours?accountId=demo')).account).toEqual({ start: '09:00', end: '20:00', timeZone: 'Asia/Shanghai', days: null });

    // Consent records: add a grant, find it by number with its history.
    await page.getByTestId('nav-consents').click();
    await expect.poll(() => page.getByTestId('page-title').innerText()).toBe('授权记录');
    await page.getByTestId('consent-number').fill('13900139000');
    await page.getByTestId('consent-evidence').fill('官网注册勾选同意');
    await page.getByTestId('consent-submit').click();
    await expect.poll(() => page.getByTestId('consent-current').innerText()).toBe('已授权');
    expect(await page.getByTestId('consent-history').innerText()).toContain('官网注册勾选同意');
    await expect.poll(() => page.getByTestId('consent-recent').innerText()).toContain('+8613900139000');

    await page.getByTestId('language-switch').getByText('English').click();
    await expect.poll(() => page.getByTestId('page-title').innerText()).toBe('Consent records');
    expect(await page.getByTestId('consent-current').innerText()).toBe('granted');
    expect(session.pageErrors).toEqual([]);
  }, 120_000);
});
