// The policy console pages in a real browser (Chinese, one check in English): a platform sensitive word
// found by the content check at its position, an account blacklist entry that refuses a send, and a
// carrier look-up whose answer a ported-number override and a segment row change; then an account owner who
// sees only its own word list (checked together with the platform's) and its own blacklists.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminToken, bearer } from '../support/api.ts';
import type { TestPlatform } from '../support/platform.ts';
import { choose, openConsole, signIn, type ConsoleSession } from './support/console-session.ts';

const CHECKED_TEXT = '您好，本店可代开发票，详询客服。';
const WORD = '代开发票';

describe('policy console pages', () => {
  let session: ConsoleSession;
  let platform: TestPlatform;
  let page: Page;
  const get = async (url: string) => (await platform.http.inject({ method: 'GET', url, headers: bearer(await adminToken(platform)) })).json();

  beforeAll(async () => {
    session = await openConsole({ viewport: { width: 1440, height: 1000 } });
    ({ platform, page } = session);
  }, 180_000);

  afterAll(() => session?.close());

  it('checks content against a new word, refuses a blacklisted number and follows a ported number', async () => {
    await page.goto(platform.httpUrl);
    await signIn(page);

    // Sensitive words: add a platform word, then the content check marks exactly its occurrence.
    await page.getByTestId('nav-sensitive-words').click();
    await expect.poll(() => page.getByTestId('page-title').innerText()).toBe('敏感词');
    const before = await page.getByTestId('words-platform-text').inputValue();
    await page.getByTestId('words-platform-text').fill(before ? `${before}\n${WORD}` : WORD);
    await page.getByTestId('words-platform-save').click();
    await expect.poll(async () => (await get('/v1/sensitive-words/platform')).words).toContain(WORD);
    await expect.poll(() => page.getByTestId('words-platform-version').innerText()).toMatch(/^版本 [1-9]/);

    await page.getByTestId('check-text').fill(CHECKED_TEXT);
    await page.getByTestId('check-run').click();
    await expect.poll(() => page.getByTestId('check-verdict').innerText()).toContain('会被拦截');
    const mark = page.getByTestId('check-mark');
    await expect.poll(() => mark.count()).toBe(1);
    const start = CHECKED_TEXT.indexOf(WORD);
    expect(await mark.getAttribute('data-start')).toBe(String(start));
    expect(await mark.getAttribute('data-end')).toBe(String(start + WORD.length));
    expect(await mark.innerText()).toBe(WORD);
    const matches = await page.getByTestId('check-matches').innerText();
    expect(matches).toContain(`${start}–${start + WORD.length}`);
    expect(matches).toContain('平台');

    // Blacklist: add a number to the demo account's list; sending to it is refused, naming the list.
    await page.getByTestId('nav-blacklist').click();
    await expect.poll(() => page.getByTestId('page-title').innerText()).toBe('黑名单');
    await page.getByTestId('blacklist-number').fill('13900139001');
    await page.getByTestId('blacklist-reason').fill('用户投诉');
    await page.getByTestId('blacklist-add').click();
    await expect.poll(() => page.getByTestId('blacklist-table').innerText()).toContain('+8613900139001');
    expect(await page.getByTestId('blacklist-table').innerText()).toContain('用户投诉');

    // Unsubscribes carry an optional signature; the admin-only platform list is a tab of its own.
    await page.getByTestId('blacklist-tab-unsubscribe').click();
    await page.getByTestId('blacklist-number').fill('13900139002');
    await page.getByTestId('blacklist-signature').fill('快信');
    await page.getByTestId('blacklist-reason').fill('回复TD');
    await page.getByTestId('blacklist-add').click();
    await expect.poll(() => page.getByTestId('blacklist-table').innerText()).toContain('+8613900139002');
    expect(await page.getByTestId('blacklist-table').innerText()).toContain('快信');
    expect(await page.getByTestId('blacklist-table').innerText()).not.toContain('+8613900139001');
    await page.getByTestId('blacklist-tab-platform').click();
    await page.getByTestId('blacklist-number').fill('13900139003');
    await page.getByTestId('blacklist-add').click();
    await expect.poll(() => page.getByTestId('blacklist-table').innerText()).toContain('+8613900139003');
    expect(await page.getByTestId('blacklist-table').innerText()).not.toContain('+8613900139002');
    expect((await get('/v1/blacklist/platform?list=platform')).items).toMatchObject([{ number: '+8613900139003', list: 'platform', accountId: null }]);

    await page.getByTestId('nav-send').click();
    await page.getByTestId('send-recipients').fill('13900139001');
    await page.getByTestId('send-text').fill('您的验证码是123456');
    await page.getByTestId('send-submit').click();
    await expect.poll(() => page.locator('.ant-message').innerText()).toContain('+8613900139001 is on the account blacklist');
    expect(await page.locator('.ant-message').innerText()).toContain('blacklisted');

    // Attribution: 13800138000 is China Mobile by segment; an override ports it to Unicom.
    await page.getByTestId('nav-numbers').click();
    await expect.poll(() => page.getByTestId('page-title').innerText()).toBe('号码归属');
    await page.getByTestId('lookup-number').fill('13800138000');
    await page.getByTestId('lookup-run').click();
    await expect.poll(() => page.getByTestId('lookup-carrier').innerText()).toBe('中国移动');
    expect(await page.getByTestId('lookup-ported').innerText()).toBe('否');
    expect(await page.getByTestId('lookup-segment').innerText()).toBe('138');
    expect(await page.getByTestId('lookup-result').innerText()).toContain('+8613800138000');

    await page.getByTestId('override-number').fill('13800138000');
    await choose(page, 'override-carrier', '中国联通');
    await page.getByTestId('override-note').fill('用户携号转网');
    await page.getByTestId('override-save').click();
    await expect.poll(() => page.getByTestId('overrides-table').innerText()).toContain('+8613800138000');
    expect((await get('/v1/carriers/overrides')).items).toMatchObject([{ number: '+8613800138000', carrier: 'cucc', origin: 'manual' }]);
    await page.getByTestId('lookup-run').click();
    await expect.poll(() => page.getByTestId('lookup-carrier').innerText()).toBe('中国联通');
    expect(await page.getByTestId('lookup-ported').innerText()).toContain('是');

    // Segment table: an operator row for 13900 makes its numbers China Telecom, and the version moves.
    const version = Number(await page.getByTestId('segments-version').innerText());
    await page.getByTestId('segments-csv').fill('13900,ctcc');
    await page.getByTestId('segments-save').click();
    await expect.poll(() => page.getByTestId('segments-version').innerText()).toBe(String(version + 1));
    await page.getByTestId('lookup-number').fill('13900139000');
    await page.getByTestId('lookup-run').click();
    await expect.poll(() => page.getByTestId('lookup-carrier').innerText()).toBe('中国电信');
    expect(await page.getByTestId('lookup-segment').innerText()).toBe('13900');

    await page.getByTestId('language-switch').getByText('English').click();
    await expect.poll(() => page.getByTestId('page-title').innerText()).toBe('Number attribution');
    expect(await page.getByTestId('lookup-carrier').innerText()).toBe('China Telecom');
    expect(await page.getByTestId('nav-blacklist').innerText()).toBe('Blacklists');
    expect(session.pageErrors).toEqual([]);
  }, 120_000);

  it('an account owner edits only its own word list and sees only its own blacklists', async () => {
    const created = await platform.http.inject({ method: 'POST', url: '/v1/users?accountId=demo', headers: bearer(await adminToken(platform)), payload: { username: 'keeper', password: 'keeper-pass-1', role: 'owner' } });
    expect(created.statusCode, created.body).toBe(201);
    await page.getByTestId('language-switch').getByText('中文').click();
    await page.getByTestId('logout').click();
    await signIn(page, 'keeper', 'keeper-pass-1');

    // Sensitive words: no platform list, no account picker; the check applies both lists.
    await page.getByTestId('nav-sensitive-words').click();
    await expect.poll(() => page.getByTestId('page-title').innerText()).toBe('敏感词');
    await page.getByTestId('words-account-text').fill('加微信');
    await page.getByTestId('words-account-save').click();
    await expect.poll(() => page.getByTestId('words-account-version').innerText()).toMatch(/^版本 1/);
    expect(await page.getByTestId('words-platform-text').count()).toBe(0);
    expect(await page.getByTestId('send-account').count()).toBe(0);
    expect((await get('/v1/sensitive-words/account?accountId=demo')).words).toEqual(['加微信']);

    const text = `${CHECKED_TEXT}加微信领取`;
    await page.getByTestId('check-text').fill(text);
    await page.getByTestId('check-run').click();
    await expect.poll(() => page.getByTestId('check-mark').count()).toBe(2);
    expect(await page.getByTestId('check-mark').nth(1).getAttribute('data-start')).toBe(String(text.indexOf('加微信')));
    const matches = await page.getByTestId('check-matches').innerText();
    expect(matches).toContain('平台');
    expect(matches).toContain('账户');

    // Blacklists: the account's own entry, no platform or carrier tabs.
    await page.getByTestId('nav-blacklist').click();
    await expect.poll(() => page.getByTestId('blacklist-table').innerText()).toContain('+8613900139001');
    expect(await page.getByTestId('blacklist-tab-platform').count()).toBe(0);
    expect(await page.getByTestId('blacklist-tab-carrier').count()).toBe(0);

    // Attribution: the look-up works, the admin tables are not offered.
    await page.getByTestId('nav-numbers').click();
    await page.getByTestId('lookup-number').fill('+8618612345678');
    await page.getByTestId('lookup-run').click();
    await expect.poll(() => page.getByTestId('lookup-carrier').innerText()).toBe('中国联通');
    expect(await page.getByTestId('overrides-table').count()).toBe(0);
    expect(await page.getByTestId('segments-table').count()).toBe(0);
    expect(session.pageErrors).toEqual([]);
  }, 60_000);
});
