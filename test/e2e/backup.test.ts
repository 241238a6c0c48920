// Backup and restore in a real browser (Chinese, then English): the operator takes a backup, downloads it (a real
// file on disk, byte for byte the kept one), is told clearly why a bad upload is refused, stages the good one —
// the page says it is applied at the next start — and cancels it again.
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestPlatform } from '../support/platform.ts';
import { openConsole, signIn, type ConsoleSession } from './support/console-session.ts';

describe('console: backup and restore', () => {
  let session: ConsoleSession;
  let platform: TestPlatform;
  let page: Page;
  let scratch: string;

  beforeAll(async () => {
    session = await openConsole();
    ({ platform, page } = session);
    scratch = mkdtempSync(join(tmpdir(), 'kx-e2e-backup-'));
  }, 180_000);

  afterAll(async () => {
    await session?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('takes, downloads, refuses a bad upload, stages and cancels a restore', async () => {
    await page.goto(platform.httpUrl);
    await signIn(page);
    await page.getByTestId('nav-backup').click();
    await expect.poll(() => page.getByTestId('page-title').innerText()).toBe('备份与恢复');
    expect(await page.getByTestId('restore-warning').innerText()).toContain('下次启动');

    await page.getByTestId('backup-create').click();
    const row = page.locator('[data-testid^="backup-row-kuaixin-"]');
    await row.waitFor();
    const name = (await row.getAttribute('data-testid'))!.slice('backup-row-'.length);
    const kept = readFileSync(join(platform.dir, 'backups', name));

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(`backup-download-${name}`).click()]);
    expect(download.suggestedFilename()).toBe(name);
    const saved = join(scratch, name);
    await download.saveAs(saved);
    expect(readFileSync(saved).equals(kept)).toBe(true);

    const bad = join(scratch, 'notes.txt');
    writeFileSync(bad, 'not a backup at all');
    await page.locator('input[type=file]').setInputFiles(bad);
    await expect.poll(() => page.getByTestId('restore-error').innerText()).toContain('notes.txt is not a Kuaixin backup');
    expect(await page.getByTestId('restore-staged').count()).toBe(0);

    await page.locator('input[type=file]').setInputFiles(saved);
    await expect.poll(() => page.getByTestId('restore-staged').innerText()).toContain(`已暂存待恢复：${name}`);
    expect(await page.getByTestId('restore-staged').innerText()).toContain('重启 kuaixin');
    expect(await page.getByTestId('restore-error').count()).toBe(0);

    await page.getByTestId('restore-cancel').click();
    await expect.poll(() => page.getByTestId('restore-staged').count()).toBe(0);
    expect(session.pageErrors).toEqual([]);
  });

  it('in English the page says when a restore happens', async () => {
    await page.evaluate(() => localStorage.setItem('kuaixin.language', 'en'));
    await page.reload();
    await expect.poll(() => page.getByTestId('page-title').innerText()).toBe('Backup and restore');
    expect(await page.getByTestId('restore-warning').innerText()).toContain('applied when the platform next starts');
  });
});
