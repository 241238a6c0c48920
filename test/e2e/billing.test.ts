// The Billing page in a real browser: the operator picks an account, sets a price, tops up and sees
// the balance move; the quote tool prices a text; a send shows in the ledger; the statement and the
// CDR download as CSV; the page switches to English.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CDR_COLUMNS } from '../../src/api/routes/cdr-csv.ts';
import { adminToken, bearer, createAccount } from '../support/api.ts';
import { startTestPlatform, type TestPlatform } from '../support/platform.ts';
import { ensureConsoleBuilt } from './support/console-build.ts';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe('billing page', () => {
  let platform: TestPlatform;
  let browser: Browser;
  let page: Page;
  let shopKey: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    await ensureConsoleBuilt(REPO_ROOT);
    platform = await startTestPlatform();
    shopKey = await createAccount(platform, await adminToken(platform), { id: 'shop' });
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 1000 }, acceptDownloads: true });
    page = await context.newPage();
    page.setDefaultTimeout(10_000);
    page.on('pageerror', (error) => pageErrors.push(error.message));
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
  });

  const download = async (testId: string): Promise<string> => {
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
    return readFileSync((await file.path())!, 'utf8');
  };

  it('sets a price, tops up, quotes, shows the send in the ledger, downloads statement and CDR', async () => {
    await page.goto(platform.httpUrl);
    await page.getByTestId('login-username').fill('admin');
    await page.getByTestId('login-password').fill('admin123');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('nav-billing').click();
    await expect.poll(() => page.getByTestId('page-title').innerText()).toBe('计费');

    await page.getByTestId('billing-account').click();
    await page.locator('.ant-select-item-option[title="shop"]').click();
    await expect.poll(() => page.getByTestId('billing-balance').innerText()).toBe('¥0.0000');

    await page.getByTestId('price-unit').fill('400');
    await page.getByTestId('price-add').click();
    await expect.poll(() => page.getByTestId('price-table').innerText()).toContain('400 li');

    await page.getByTestId('topup-amount').fill('10');
    await page.getByTestId('topup-submit').click();
    await expect.poll(() => page.getByTestId('billing-balance').innerText()).toBe('¥10.0000');

    await page.getByTestId('quote-to').fill('13800138000 13900139000');
    await page.getByTestId('quote-text').fill('【快信】您的验证码是 123456');
    await page.getByTestId('quote-submit').click();
    await expect.poll(() => page.getByTestId('quote-total').innerText()).toContain('¥0.0800');

    const sent = await platform.http.inject({ method: 'POST', url: '/v1/messages', headers: bearer(shopKey), payload: { to: ['13800138000'], text: '【快信】您好' } });
    expect(sent.statusCode, sent.body).toBe(202);
    await expect.poll(() => page.getByTestId('billing-balance').innerText(), { timeout: 10_000 }).toBe('¥9.9600');
    await page.getByTestId('ledger-refresh').click();
    await expect.poll(() => page.getByTestId('ledger-table').innerText()).toContain('发送扣费');

    const statement = await download('statement-download');
    expect(statement).toMatch(/shop,\d{4}-\d{2},closing,99600/);
    const cdr = await download('cdr-download');
    expect(cdr.replace(/^\uFEFF/, '').split('\r\n')[0]).toBe(CDR_COLUMNS.join(','));
    expect(cdr).toContain('+8613800138000');

    await page.getByTestId('language-switch').getByText('English').click();
    await expect.poll(() => page.getByTestId('page-title').innerText()).toBe('Billing');
    expect(await page.getByTestId('ledger-table').innerText()).toContain('Sent (reserved)');
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
