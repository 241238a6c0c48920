// Tenants in a real browser (Chinese): an account owner adds a viewer, creates an API key (shown once) and
// reads the audit log; the viewer signs in, sees no send controls, is refused the send page and gets
// the forbidden message when trying a write, and changes their own password; one English check at the end.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminToken, bearer, createAccount } from '../support/api.ts';
import type { TestPlatform } from '../support/platform.ts';
import { choose, openConsole, signIn, type ConsoleSession } from './support/console-session.ts';

describe('console: users, API keys, audit log, roles', () => {
  let session: ConsoleSession;
  let platform: TestPlatform;
  let page: Page;
  let scheduledId: string;

  beforeAll(async () => {
    session = await openConsole();
    ({ platform, page } = session);
    const admin = await adminToken(platform);
    const key = await createAccount(platform, admin, { id: 'acme', name: '阿克米' });
    const owner = await platform.http.inject({ method: 'POST', url: '/v1/users?accountId=acme', headers: bearer(admin), payload: { username: 'boss', password: 'boss-pass-1', role: 'owner' } });
    expect(owner.statusCode, owner.body).toBe(201);
    // A message that waits (scheduled in an hour), so it can still be cancelled — by someone allowed to.
    const sent = await platform.http.inject({ method: 'POST', url: '/v1/messages', headers: bearer(key), payload: { to: ['13800138000'], text: '明天见', scheduleAt: new Date(Date.now() + 3_600_000).toISOString() } });
    expect(sent.statusCode, sent.body).toBe(202);
    scheduledId = (sent.json() as { messages: Array<{ id: string }> }).messages[0].id;
  }, 180_000);

  afterAll(() => session?.close());

  async function signInAs(username: string, password: string): Promise<void> {
    await page.goto(platform.httpUrl);
    await signIn(page, username, password);
    await expect.poll(() => page.getByTestId('current-user').count()).toBe(1);
  }

  it('an owner adds a viewer; the viewer can only read', async () => {
    await signInAs('boss', 'boss-pass-1');
    expect(await page.getByTestId('current-user').innerText()).toContain('所有者');

    // Users: add a viewer.
    await page.getByTestId('nav-users').click();
    await expect.poll(() => page.getByTestId('page-title').innerText()).toBe('用户管理');
    await page.getByTestId('user-row-boss').waitFor();
    await page.getByTestId('user-add').click();
    await page.getByTestId('user-add-username').fill('reader');
    await page.getByTestId('user-add-password').fill('reader-pass-1');
    await choose(page, 'user-add-role', '只读用户');
    await page.getByTestId('user-add-submit').click();
    await page.getByTestId('user-row-reader').waitFor();
    expect(await page.getByTestId('user-status-reader').innerText()).toContain('已启用');

    // API keys: the new key is shown once.
    await page.getByTestId('nav-api-keys').click();
    await page.getByTestId('key-create').click();
    await page.getByTestId('key-name').fill('报表系统');
    await page.getByTestId('key-create-submit').click();
    await expect.poll(() => page.getByTestId('new-api-key').innerText()).toMatch(/^kx_/);

    // Audit log: the user just added is there.
    await page.getByTestId('key-done').click();
    await page.getByTestId('new-api-key').waitFor({ state: 'hidden' });
    await expect.poll(() => page.locator('.ant-modal-wrap:visible').count()).toBe(0);
    await page.getByTestId('nav-audit').click();
    await page.getByTestId('audit-action').fill('POST /v1/users');
    await page.getByTestId('audit-actor').fill('boss');
    await page.getByTestId('audit-search').click();
    await expect.poll(() => page.getByTestId('audit-entry-action').allInnerTexts()).toEqual(['POST /v1/users']);

    // The viewer: no send entry, the send page refused, a write answered with the forbidden message.
    await page.getByTestId('logout').click();
    await signInAs('reader', 'reader-pass-1');
    expect(await page.getByTestId('current-user').innerText()).toContain('只读用户');
    expect(await page.getByTestId('nav-send').count()).toBe(0);
    expect(await page.getByTestId('nav-users').count()).toBe(0);
    await page.goto(`${platform.httpUrl}/#/send`);
    await page.getByTestId('forbidden').waitFor();
    expect(await page.getByTestId('send-submit').count()).toBe(0);
    expect(await page.getByTestId('forbidden').innerText()).toContain('当前角色无权进行此操作');
    await page.goto(`${platform.httpUrl}/#/messages/${scheduledId}`);
    await page.getByTestId('cancel-message').click();
    await page.locator('.ant-popconfirm .ant-btn-primary').click();
    await expect.poll(() => page.locator('.ant-message').innerText()).toContain('[read_only]');
    const still = await platform.http.inject({ method: 'GET', url: `/v1/messages/${scheduledId}`, headers: bearer(await adminToken(platform)) });
    expect((still.json() as { state: string }).state).toBe('scheduled');

    // Any user changes their own password from the header menu.
    await page.getByTestId('current-user').click();
    await page.getByTestId('change-password').click();
    await page.getByTestId('password-current').fill('reader-pass-1');
    await page.getByTestId('password-new').fill('reader-pass-2');
    await page.getByTestId('password-repeat').fill('reader-pass-2');
    await page.getByTestId('password-submit').click();
    await expect.poll(() => page.locator('.ant-message').innerText()).toContain('密码已修改');
    await page.getByTestId('logout').click();
    await signInAs('reader', 'reader-pass-2');

    // English.
    await page.goto(`${platform.httpUrl}/#/send`);
    await page.getByTestId('language-switch').getByText('English').click();
    await expect.poll(() => page.getByTestId('forbidden').innerText()).toContain('Your role does not allow this');

    expect(session.pageErrors).toEqual([]);
  }, 120_000);
});
