// Templates in a real browser (Chinese): submit a signature and a template (variables highlighted, rule
// check and live phone preview), approve both in the operator's review queue, save a phrase, then send
// with the template from the Send page and check the stored text is exactly 【签名】 + the rendered body;
// insert a phrase into a plain text; one label in English.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminToken, bearer } from '../support/api.ts';
import type { TestPlatform } from '../support/platform.ts';
import { choose, openConsole, signIn, type ConsoleSession } from './support/console-session.ts';

describe('console: signatures, templates, phrases, review, send with a template', () => {
  let session: ConsoleSession;
  let platform: TestPlatform;
  let page: Page;
  let admin: string;

  beforeAll(async () => {
    session = await openConsole();
    ({ platform, page } = session);
    admin = await adminToken(platform);
  }, 180_000);

  afterAll(() => session?.close());

  it('writes a template, gets it approved and sends with it', async () => {
    await page.goto(platform.httpUrl);
    await signIn(page);
    await expect.poll(() => page.getByTestId('page-title').innerText()).toBe('概览');

    // Signature: submitted (the demo account is picked), pending until the operator approves it.
    await page.getByTestId('nav-signatures').click();
    await expect.poll(() => page.getByTestId('page-title').innerText()).toBe('签名管理');
    await expect.poll(() => page.getByTestId('signatures-account').innerText()).toContain('demo');
    await page.getByTestId('signature-name').fill('快信测试');
    await page.getByTestId('signature-default').check();
    await page.getByTestId('signature-submit').click();
    await expect.poll(() => page.getByTestId('signature-row').allInnerTexts()).toEqual(['【快信测试】']);
    await page.getByTestId('nav-review').click();
    const signatureId = ((await (await platform.http.inject({ method: 'GET', url: '/v1/signatures?status=pending', headers: bearer(admin) })).json()) as { items: Array<{ id: string }> }).items[0].id;
    await page.getByTestId(`approve-${signatureId}`).click();
    await expect.poll(() => page.getByTestId(`approve-${signatureId}`).count()).toBe(0);

    // Template: a broken body lists its rules; the good one shows variables and the phone text.
    await page.getByTestId('nav-templates').click();
    await page.getByTestId('template-new').click();
    await page.getByTestId('template-name').fill('发货通知');
    await page.getByTestId('template-body').fill('【别家】您好${name}${order}');
    await expect.poll(async () => page.getByTestId('template-violations').locator('[data-rule]').evaluateAll((els) => els.map((e) => e.getAttribute('data-rule')))).toEqual(
      expect.arrayContaining(['body_has_brackets', 'adjacent_variables']),
    );
    await page.getByTestId('template-body').fill('您好${name}，您的订单${order}已发货。');
    await expect.poll(() => page.getByTestId('body-variable').allInnerTexts()).toEqual(['${name}', '${order}']);
    await expect.poll(() => page.getByTestId('template-violations').count()).toBe(0);
    await page.getByTestId('sample-name').fill('张三');
    await page.getByTestId('sample-order').fill('A1');
    await expect.poll(() => page.getByTestId('editor-preview-text').innerText()).toBe('【快信测试】您好张三，您的订单A1已发货。');
    expect(await page.getByTestId('editor-preview-segments').innerText()).toBe('1');
    await page.getByTestId('template-save').click();
    await expect.poll(() => page.getByTestId('template-code').count()).toBe(1);
    const code = await page.getByTestId('template-code').innerText();
    expect(code).toMatch(/^SMS_\d{6}$/);

    // The operator approves it from the queue.
    await page.getByTestId('nav-review').click();
    await page.getByTestId(`approve-${code}`).click();
    await expect.poll(() => page.getByTestId(`approve-${code}`).count()).toBe(0);

    // A phrase for later.
    await page.getByTestId('nav-phrases').click();
    await page.getByTestId('phrase-title').fill('祝福');
    await page.getByTestId('phrase-text').fill('祝您生活愉快！');
    await page.getByTestId('phrase-submit').click();
    await expect.poll(() => page.getByTestId('phrases-table').innerText()).toContain('祝您生活愉快！');

    // Send with the template: variables filled on the page, the preview is the phone's text.
    await page.getByTestId('nav-send').click();
    await expect.poll(() => page.getByTestId('send-account').innerText()).toContain('demo');
    await page.getByTestId('send-recipients').fill('+8613800138000');
    await page.getByTestId('send-use-template').click();
    await choose(page, 'send-template', code);
    await page.getByTestId('send-param-name').fill('李四');
    await page.getByTestId('send-param-order').fill('B2');
    await expect.poll(() => page.getByTestId('send-preview-text').innerText()).toBe('【快信测试】您好李四，您的订单B2已发货。');
    await page.getByTestId('send-submit').click();
    await expect.poll(() => page.getByTestId('result-link').count()).toBe(1);
    const id = await page.getByTestId('result-link').innerText();
    const detailHref = (await page.getByTestId('result-link').getAttribute('href'))!;
    const stored = (await platform.http.inject({ method: 'GET', url: `/v1/messages/${id}`, headers: bearer(admin) })).json() as { text: string; segments: number };
    expect(stored).toMatchObject({ text: '【快信测试】您好李四，您的订单B2已发货。', segments: 1 });

    // Plain text with a phrase inserted.
    await page.getByTestId('send-use-template').click();
    await page.getByTestId('send-text').fill('周末快乐，');
    await choose(page, 'send-phrase', '祝福');
    await expect.poll(() => page.getByTestId('send-text').inputValue()).toBe('周末快乐，祝您生活愉快！');

    // The message's detail names the template and the signature it was sent with.
    await page.evaluate((hash) => (window.location.hash = hash), new URL(detailHref, platform.httpUrl).hash);
    await page.getByTestId('message-detail').waitFor();
    await expect.poll(() => page.getByTestId('message-template').innerText()).toBe(code);
    expect(await page.getByTestId('message-signature').innerText()).toBe('【快信测试】');
    expect(await page.getByTestId('message-fields').innerText()).toContain('签名');

    // English labels.
    await page.getByTestId('language-switch').getByText('English').click();
    await expect.poll(() => page.getByTestId('nav-templates').innerText()).toBe('Templates');
    expect(await page.getByTestId('message-fields').innerText()).toContain('Signature');
    expect(await page.getByTestId('message-fields').innerText()).toContain('Template');
    expect(session.pageErrors).toEqual([]);
  }, 120_000);
});
