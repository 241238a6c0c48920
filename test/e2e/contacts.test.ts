// The address book in a real browser: import a small CSV through the Import tab and watch the progress
// reach 100 %, see the contacts listed, create a static group from two of them, then check English labels.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminToken, createAccount } from '../support/api.ts';
import type { TestPlatform } from '../support/platform.ts';
import { openConsole, signIn, type ConsoleSession } from './support/console-session.ts';

const CSV = '姓名,手机号,生日,标签\n张三,13800138000,1990-05-20,vip\n李四,13900139000,1988-01-02,\n王五,13700137000,,vip\n坏号码,12345,,\n';

describe('address book console', () => {
  let session: ConsoleSession;
  let platform: TestPlatform;
  let page: Page;

  beforeAll(async () => {
    session = await openConsole();
    ({ platform, page } = session);
    await createAccount(platform, await adminToken(platform), { id: 'acme' });
  }, 180_000);

  afterAll(() => session?.close());

  it('imports a CSV with progress, lists the contacts, builds a group, speaks English on request', async () => {
    await page.goto(platform.httpUrl);
    await signIn(page);
    await page.getByTestId('nav-contacts').click();
    await expect.poll(() => page.getByTestId('page-title').innerText()).toBe('通讯录');

    // Import: preview of the file's first lines, then the job's progress polled to 100 %.
    await page.getByTestId('tab-import').click();
    await page.getByTestId('import-file').setInputFiles({ name: 'contacts.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });
    await expect.poll(() => page.getByTestId('import-preview').innerText()).toContain('13800138000');
    await page.getByTestId('import-start').click();
    await expect.poll(() => page.getByTestId('import-job').getAttribute('data-status'), { timeout: 20_000 }).toBe('done');
    expect(await page.getByTestId('import-progress').innerText()).toContain('100');
    expect(await page.getByTestId('import-summary').innerText()).toContain('新增 3');
    await page.getByTestId('import-errors').waitFor();

    // Contacts: the three valid rows, in E.164; search narrows them.
    await page.getByTestId('tab-contacts').click();
    await expect.poll(() => page.getByTestId('contact-number').allInnerTexts()).toEqual(['+8613700137000', '+8613900139000', '+8613800138000']);
    await page.getByTestId('contact-search').locator('input').fill('张');
    await page.getByTestId('contact-search').locator('input').press('Enter');
    await expect.poll(() => page.getByTestId('contact-number').allInnerTexts()).toEqual(['+8613800138000']);

    // Groups: a static group with two members picked by number.
    await page.getByTestId('tab-groups').click();
    await page.getByTestId('group-add').click();
    await page.getByTestId('group-name-input').fill('老客户');
    await page.getByTestId('group-numbers').fill('13800138000\n13900139000');
    await page.getByTestId('group-save').click();
    await expect.poll(() => page.getByTestId('group-name').allInnerTexts()).toEqual(['老客户']);
    await expect.poll(() => page.getByTestId('group-members').allInnerTexts()).toEqual(['2']);

    await page.getByTestId('language-switch').getByText('English').click();
    await expect.poll(() => page.getByTestId('page-title').innerText()).toBe('Address book');
    expect(await page.getByTestId('tab-groups').innerText()).toBe('Groups');
    expect(session.pageErrors).toEqual([]);
  }, 120_000);
});
