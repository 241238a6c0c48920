// Cloud keys in a real browser (Chinese): an account owner creates a cloud key (the secret shown once),
// the pair signs a real Aliyun-style request, and the callback shape is switched; one English check at the end.
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aliyunSignature } from '../../src/core/auth/cloud-signatures.ts';
import { adminToken, bearer, createAccount } from '../support/api.ts';
import type { TestPlatform } from '../support/platform.ts';
import { openConsole, signIn, type ConsoleSession } from './support/console-session.ts';

describe('console: cloud keys and callback format', () => {
  let session: ConsoleSession;
  let platform: TestPlatform;
  let page: Page;
  let key: string;

  beforeAll(async () => {
    session = await openConsole();
    ({ platform, page } = session);
    const admin = await adminToken(platform);
    key = await createAccount(platform, admin, { id: 'acme', name: '阿克米' });
    const owner = await platform.http.inject({ method: 'POST', url: '/v1/users?accountId=acme', headers: bearer(admin), payload: { username: 'boss', password: 'boss-pass-1', role: 'owner' } });
    expect(owner.statusCode, owner.body).toBe(201);
  }, 180_000);

  afterAll(() => session?.close());

  it('an owner creates a cloud key that signs Aliyun-style requests, and picks the callback shape', async () => {
    await page.goto(platform.httpUrl);
    await signIn(page, 'boss', 'boss-pass-1');
    await expect.poll(() => page.getByTestId('current-user').count()).toBe(1);

    await page.getByTestId('nav-api-keys').click();
    await page.getByTestId('cloud-key-create').click();
    await page.getByTestId('cloud-key-name').fill('阿里云SDK');
    await page.getByTestId('cloud-key-create-submit').click();
    await expect.poll(() => page.getByTestId('new-cloud-key-id').innerText()).toMatch(/^KX[0-9A-F]{20}$/);
    const accessKeyId = await page.getByTestId('new-cloud-key-id').innerText();
    const secret = await page.getByTestId('new-cloud-key-secret').innerText();
    expect(await page.getByText('请立即复制 AccessKeySecret').count()).toBe(1);
    await page.getByTestId('cloud-key-done').click();
    await expect.poll(() => page.getByTestId('cloud-keys-table').innerText()).toContain(accessKeyId);
    expect(await page.getByTestId('cloud-keys-table').innerText()).not.toContain(secret);

    // The pair shown once signs a real request.
    const params: Record<string, string> = {
      AccessKeyId: accessKeyId, Action: 'QuerySendDetails', PhoneNumber: '13800138000', SendDate: '20260101', PageSize: '10', CurrentPage: '1', Format: 'JSON',
      SignatureMethod: 'HMAC-SHA1', SignatureNonce: randomUUID(), SignatureVersion: '1.0', Timestamp: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'), Version: '2017-05-25',
    };
    params.Signature = aliyunSignature(secret, 'GET', params);
    const query = await platform.http.inject({ method: 'GET', url: `/aliyun/?${new URLSearchParams(params).toString()}` });
    expect(query.json()).toMatchObject({ Code: 'OK', TotalCount: '0' });

    // Callback shape: Aliyun's SmsReport for every message of the account.
    await expect.poll(() => page.getByTestId('callback-format').innerText()).toContain('按消息提交所用的接口');
    await page.getByTestId('callback-format').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '阿里云 SmsReport' }).click();
    await expect.poll(() => page.locator('.ant-message').innerText()).toContain('回执格式已保存');
    const saved = await platform.http.inject({ method: 'GET', url: '/v1/callback-format', headers: bearer(key) });
    expect(saved.json()).toEqual({ format: 'aliyun' });

    // English.
    await page.getByTestId('language-switch').getByText('English').click();
    await expect.poll(() => page.getByTestId('cloud-key-create').innerText()).toBe('New cloud key');

    expect(session.pageErrors).toEqual([]);
  }, 120_000);
});
