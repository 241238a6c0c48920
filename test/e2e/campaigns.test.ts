// Campaigns in a real browser against the real platform: create one from an uploaded CSV whose
// columns fill the text's variables, watch its run reach 100 % and its report count the deliveries,
// pause is offered while messages may wait, and the page reads in English after the switch; and one
// sent to two overlapping contact groups plus a contact picked by search, each contact messaged once.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isFinal } from '../../src/core/message.ts';
import { adminToken, bearer, openMarketingHoursAllDay, pollUntil } from '../support/api.ts';
import type { TestPlatform } from '../support/platform.ts';
import { openConsole, signIn, type ConsoleSession } from './support/console-session.ts';

describe('campaigns in the console', () => {
  let session: ConsoleSession;
  let platform: TestPlatform;
  let page: Page;

  beforeAll(async () => {
    session = await openConsole({ timeoutMs: 15_000 });
    ({ platform, page } = session);
    await openMarketingHoursAllDay(platform, await adminToken(platform));
  }, 180_000);

  afterAll(() => session?.close());

  it('creates a personalised campaign from a CSV and follows it to delivery', async () => {
    const csv = join(mkdtempSync(join(tmpdir(), 'kuaixin-e2e-')), 'members.csv');
    writeFileSync(csv, '手机号,姓名\n13800138001,张三\n13800138002,李四\n13800138003,王五\n');

    await page.goto(platform.httpUrl);
    await signIn(page);
    await page.getByTestId('nav-campaigns').click();
    await expect.poll(() => page.getByTestId('page-title').innerText()).toBe('群发任务');

    await page.getByTestId('campaign-new').click();
    await page.getByTestId('campaign-name').fill('会员关怀');
    await page.getByTestId('campaign-text').fill('${姓名}您好，会员日全场八折，拒收请回复R');
    await page.locator('input[type=file]').setInputFiles(csv);
    await page.getByTestId('campaign-submit').click();

    // The detail page: the run goes to 100 %, and the report shows the rate the messages reached. The seeded
    // simulator delivers 95 %, so the expected rate is read from the store once all three are final.
    await page.getByTestId('campaign-runs').waitFor();
    await expect.poll(() => page.getByTestId('run-progress').first().getAttribute('data-percent'), { timeout: 30_000 }).toBe('100');
    const final = await pollUntil(async () => (await platform.store.messages.list({ limit: 10 })).items, (items) => items.length === 3 && items.every((m) => isFinal(m.state)), 'the three messages to be final', 30_000);
    const rate = ((final.filter((m) => m.state === 'delivered').length / 3) * 100).toFixed(1);
    await expect.poll(async () => page.getByTestId('run-report').innerText(), { timeout: 30_000 }).toMatch(new RegExp(`成功率\\s*${rate.replace('.', '\\.')}\\s*%`));
    expect(await page.getByTestId('campaign-pause').count()).toBe(1);

    const texts = await platform.store.messages.list({ limit: 10 });
    expect(texts.items.map((m) => m.text).sort()).toEqual(['张三您好，会员日全场八折，拒收请回复R', '李四您好，会员日全场八折，拒收请回复R', '王五您好，会员日全场八折，拒收请回复R'].sort());

    await page.getByTestId('language-switch').getByText('English').click();
    await expect.poll(() => page.getByTestId('page-title').innerText()).toBe('Campaigns');
    expect(session.pageErrors).toEqual([]);
  }, 120_000);

  /** Picks an option of a multiple select (its list stays open after a pick) and closes the list. */
  async function pick(testId: string, option: string, typed?: string): Promise<void> {
    const select = page.getByTestId(testId);
    await select.click();
    if (typed) await select.locator('input').fill(typed);
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option }).first().click();
    await select.locator('.ant-select-selection-item', { hasText: option }).waitFor();
    await page.keyboard.press('Escape');
    await page.locator('.ant-select-dropdown:visible').first().waitFor({ state: 'hidden' });
  }

  it('sends to two overlapping groups and a picked contact, each contact once', async () => {
    // The account the form offers first is the one the campaign is made for.
    const accounts = (await platform.http.inject({ method: 'GET', url: '/v1/accounts', headers: bearer(await adminToken(platform)) })).json() as { items: Array<{ id: string }> };
    const accountId = accounts.items[0]!.id;
    const contacts = [];
    for (const [number, name] of [['+8613900139001', '赵一'], ['+8613900139002', '钱二'], ['+8613900139003', '孙三'], ['+8613900139004', '李四喜']] as const) {
      contacts.push((await platform.store.contacts.insert({ accountId, number, name, fields: {}, tags: [] }, Date.now()))!);
    }
    const vip = (await platform.store.contacts.createGroup({ accountId, name: '老客户', kind: 'static', filter: null }, Date.now()))!;
    const fresh = (await platform.store.contacts.createGroup({ accountId, name: '新客户', kind: 'static', filter: null }, Date.now()))!;
    await platform.store.contacts.addMembers(accountId, vip.id, [contacts[0]!.id, contacts[1]!.id]);
    await platform.store.contacts.addMembers(accountId, fresh.id, [contacts[1]!.id, contacts[2]!.id]);

    await page.getByTestId('language-switch').getByText('中文').click();
    await page.getByTestId('nav-campaigns').click();
    await page.getByTestId('campaign-new').click();
    await page.getByTestId('campaign-name').fill('周末活动');
    await page.getByTestId('campaign-text').fill('${name}，周末见');
    await page.getByTestId('campaign-audience').getByText('通讯录').click();
    await pick('campaign-group', '老客户');
    await pick('campaign-group', '新客户');
    await pick('campaign-contacts', '李四喜', '李四');
    await page.getByTestId('campaign-submit').click();

    await page.getByTestId('campaign-runs').waitFor();
    await expect.poll(() => page.getByTestId('run-progress').first().getAttribute('data-percent'), { timeout: 30_000 }).toBe('100');
    // Marketing texts carry the opt-out text after the campaign's own.
    const sent = (await platform.store.messages.list({ limit: 50 })).items.filter((m) => m.text.includes('，周末见'));
    expect(sent.map((m) => m.text.split('，')[0]).sort()).toEqual(['孙三', '李四喜', '赵一', '钱二']);
    expect(session.pageErrors).toEqual([]);
  }, 120_000);
});
