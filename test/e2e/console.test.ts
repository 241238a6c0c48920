// The console in a real browser against the real platform (temporary SQLite, built-in simulator):
// a wrong password, sign in, dashboard counters and chart, send a Chinese text to two numbers,
// open a message's history, switch to English. E2E_BASE_URL (with E2E_USERNAME / E2E_PASSWORD)
// points it at a platform that is already running instead.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestPlatform } from '../support/platform.ts';
import { openConsole, signIn, type ConsoleSession } from './support/console-session.ts';

const USERNAME = process.env.E2E_USERNAME ?? 'admin';
const PASSWORD = process.env.E2E_PASSWORD ?? 'admin123';
// 80 Chinese characters: UCS-2, more than 70 units, so two parts of at most 67.
const CHINESE_TEXT = '您的验证码是一二三四五六，五分钟内有效，请勿泄露给他人。'.repeat(3).slice(0, 80);
const SCREENSHOT = '/tmp/console-dashboard.png';

describe('web console', () => {
  let session: ConsoleSession<TestPlatform | undefined>;
  let page: Page;

  beforeAll(async () => {
    session = await openConsole({ baseUrl: process.env.E2E_BASE_URL });
    page = session.page;
  }, 180_000);

  afterAll(() => session?.close());

  it('signs in, shows the dashboard, sends, shows history and switches language', async () => {
    await page.goto(session.baseUrl);
    await signIn(page, USERNAME, `${PASSWORD}-wrong`);
    await page.getByTestId('login-error').waitFor();
    await signIn(page, USERNAME, PASSWORD);

    // Dashboard: Chinese by default for a zh-CN browser, live counters, the chart drawn.
    await expect.poll(() => page.getByTestId('page-title').innerText()).toBe('概览');
    for (const counter of ['queued', 'submitted', 'delivered', 'failed', 'rate']) {
      await expect.poll(() => page.getByTestId(`stat-${counter}`).innerText()).toMatch(/\d/);
    }
    await page.locator('[data-testid="throughput-chart"] canvas').first().waitFor();
    await page.waitForTimeout(1_200); // let the chart's entry animation finish before the picture
    await page.screenshot({ path: SCREENSHOT, fullPage: true });

    // Send: two numbers, a Chinese text counted by the API's preview.
    await page.getByTestId('nav-send').click();
    await page.getByTestId('send-recipients').fill('+8613800138000\n+8613900139000');
    await expect.poll(() => page.getByTestId('recipient-count').innerText()).toContain('2');
    await page.getByTestId('send-text').fill(CHINESE_TEXT);
    await expect.poll(() => page.getByTestId('counter-encoding').innerText()).toBe('UCS-2');
    await expect.poll(() => page.getByTestId('counter-segments').innerText()).toBe('2');
    await page.getByTestId('send-submit').click();
    await expect.poll(() => page.getByTestId('result-link').count()).toBe(2);

    // Detail: the state history starts with the acceptance.
    await page.getByTestId('result-link').first().click();
    await page.getByTestId('message-detail').waitFor();
    await expect.poll(() => page.getByTestId('history-entry').count()).toBeGreaterThanOrEqual(1);
    expect(await page.getByTestId('history-entry').first().locator('[data-state]').getAttribute('data-state')).toBe('accepted');
    expect(await page.getByTestId('message-fields').innerText()).toContain(CHINESE_TEXT);

    // Language: English labels after the switch.
    expect(await page.getByTestId('page-title').innerText()).toBe('短信记录');
    await page.getByTestId('language-switch').getByText('English').click();
    await expect.poll(() => page.getByTestId('page-title').innerText()).toBe('Messages');
    expect(await page.getByTestId('nav-dashboard').innerText()).toBe('Dashboard');

    expect(session.pageErrors).toEqual([]);
  }, 120_000);
});
