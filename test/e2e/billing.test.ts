// The Billing page in a real browser: the operator picks an account, sets a price, tops up and sees
// the balance move; the quote tool prices a text; a send shows in the ledger; the statement and the
// CDR download as CSV; the page switches to English.
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CDR_COLUMNS } from '../../src/api/routes/cdr-csv.ts';
import { adminToken, bearer, createAccount } from '../support/api.ts';
import type { TestPlatform } from '../support/platform.ts';
import { openConsole, signIn, type ConsoleSession } from './support/console-session.ts';

describe('billing page', () => {
  let session: ConsoleSession;
  let platform: TestPlatform;
  let page: Page;
  let shopKey: string;

  beforeAll(async () => {
    session = await openConsole({ viewport: { width: 1440, height: 1000 } });
    ({ platform, page } = session);
    shopKey = await createAccount(platform, await adminToken(platform), { id: 'shop' });
  }, 180_000);

  afterAll(() => session?.close());

  const download = async (testId: string): Promise<string> => {
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
    return readFileSync((await file.path())!, 'utf8');
  };

  it('sets a price, tops up, quotes, shows the send in the ledger, downloads statement and CDR', async () => {
    await page.goto(platform.httpUrl);
    await signIn(page);
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
    expect(session.pageErrors).toEqual([]);
  }, 120_000);
});
