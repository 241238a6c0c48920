// One browser on the built console against a fresh test platform (or one already running), plus sign-in and Select helpers.
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { Config } from '../../../src/config/schema.ts';
import { startTestPlatform, type TestPlatform } from '../../support/platform.ts';
import { ensureConsoleBuilt } from './console-build.ts';

const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface ConsoleOptions {
  locale?: string;
  viewport?: { width: number; height: number };
  /** Playwright's default timeout for every page action. */
  timeoutMs?: number;
  /** Overrides for the test platform's config. */
  config?: Partial<Config>;
}

export interface ConsoleSession<P extends TestPlatform | undefined = TestPlatform> {
  /** The platform started for this session; undefined when `baseUrl` pointed at one already running. */
  platform: P;
  baseUrl: string;
  browser: Browser;
  page: Page;
  /** Uncaught errors thrown in the page; tests expect none. */
  pageErrors: string[];
  close(): Promise<void>;
}

/** With `baseUrl` (even undefined, e.g. from the environment) a given URL is used instead of starting a platform. */
export function openConsole(options: ConsoleOptions & { baseUrl: string | undefined }): Promise<ConsoleSession<TestPlatform | undefined>>;
export function openConsole(options?: ConsoleOptions): Promise<ConsoleSession>;
export async function openConsole(options: ConsoleOptions & { baseUrl?: string } = {}): Promise<ConsoleSession<TestPlatform | undefined>> {
  let platform: TestPlatform | undefined;
  let baseUrl = options.baseUrl;
  if (!baseUrl) {
    await ensureConsoleBuilt(REPO_ROOT);
    platform = await startTestPlatform(options.config);
    baseUrl = platform.httpUrl;
  }
  let browser: Browser | undefined;
  const close = async () => {
    try {
      await browser?.close();
    } finally {
      await platform?.stop();
    }
  };
  try {
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
    const context = await browser.newContext({ locale: options.locale ?? 'zh-CN', viewport: options.viewport ?? { width: 1440, height: 900 }, acceptDownloads: true });
    const page = await context.newPage();
    page.setDefaultTimeout(options.timeoutMs ?? 10_000);
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    return { platform, baseUrl, browser, page, pageErrors, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Fills and submits the login form the page is showing. */
export async function signIn(page: Page, username = 'admin', password = 'admin123'): Promise<void> {
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
}

/** Opens an antd Select by its test id and picks the first option of the open dropdown whose text contains `option`. */
export async function choose(page: Page, testId: string, option: string): Promise<void> {
  const dropdown = page.locator('.ant-select-dropdown:visible');
  const item = dropdown.locator('.ant-select-item-option', { hasText: option }).first();
  for (let attempt = 1; attempt <= 3; attempt++) {
    if ((await dropdown.count()) === 0) await page.getByTestId(testId).click();
    await item.click();
    // A click during the list's opening animation can be lost, leaving it open over what lies beneath:
    // wait for it to close, and choose again if it did not.
    const closed = await dropdown.first().waitFor({ state: 'hidden', timeout: 3_000 }).then(() => true, () => false);
    if (closed) return;
  }
  throw new Error(`could not choose "${option}" in the select ${testId}: its list stayed open`);
}
