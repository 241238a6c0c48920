// Statistics and records in a real browser against the real platform: messages through simulators
// with fixed outcomes, the rollup run, then the Statistics page (chart canvases drawn with data,
// table numbers equal to the API's, grouping by connector), the Received page (search, export)
// and the Messages page export, in Chinese, and one check in English.
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulatorConnector } from '../../src/connectors/simulator/connector.ts';
import { adminToken, bearer, createAccount, pollUntil } from '../support/api.ts';
import type { TestPlatform } from '../support/platform.ts';
import { openConsole, signIn, type ConsoleSession } from './support/console-session.ts';

const SCREENSHOT = '/tmp/console-statistics.png';

interface Summary { series: Array<{ key: string; totals: { submitted: number; delivered: number; failed: number } }>; totals: { submitted: number; delivered: number; failed: number } }

describe('statistics and records console', () => {
  let session: ConsoleSession;
  let platform: TestPlatform;
  let page: Page;
  let admin: string;
  const call = (method: 'GET' | 'POST', url: string, payload?: object) => platform.http.inject({ method, url, headers: bearer(admin), ...(payload ? { payload } : {}) });

  beforeAll(async () => {
    session = await openConsole({ config: { stats: { rollupIntervalSeconds: 0 } } });
    ({ platform, page } = session);
    admin = await adminToken(platform);
    const acme = await createAccount(platform, admin, { id: 'acme' });
    for (const [id, outcomes, carrier, position] of [['sim-ok', { delivered: 1 }, 'cmcc', 1], ['sim-bad', { undelivered: 1 }, 'cucc', 2]] as const) {
      expect((await call('POST', '/v1/connectors', { id, type: 'simulator', name: id, settings: { receiptDelayMs: 20, outcomes } })).statusCode).toBe(201);
      expect((await call('POST', '/v1/routes', { id: `to-${id}`, name: id, position, filters: { carriers: [carrier] }, connectors: [id] })).statusCode).toBe(201);
      await pollUntil(async () => platform.gateway.connectors.get(id)?.stats().state, (s) => s === 'up', `${id} up`);
    }
    expect((await call('POST', '/v1/mo-routes', { id: 'acme-mo', pattern: '1069888', accountId: 'acme' })).statusCode).toBe(201);
    const sent = await platform.http.inject({ method: 'POST', url: '/v1/messages', headers: bearer(acme), payload: { to: ['+8613800000001', '+8613800000002', '+8613800000003', '+8613000000001'], text: '统计测试' } });
    expect(sent.statusCode, sent.body).toBe(202);
    await pollUntil(
      async () => ((await call('GET', '/v1/messages?accountId=acme')).json() as { items: Array<{ state: string }> }).items,
      (items) => items.length === 4 && items.every((m) => m.state === 'delivered' || m.state === 'undelivered'),
      'messages final',
    );
    expect((await call('POST', '/v1/stats/rollup', {})).statusCode).toBe(200);
    const sim = platform.gateway.connectors.get('sim-ok') as SimulatorConnector;
    await sim.injectMo('+8613700000001', '10698881', '退订');
    await sim.injectMo('+8613700000002', '10698882', '你好，请回电');

    await page.goto(platform.httpUrl);
    await signIn(page);
    await page.getByTestId('nav-statistics').waitFor();
  }, 180_000);

  afterAll(() => session?.close());

  /** Pixels of one exact colour on a chart's canvas: bars and pie slices are drawn in solid series colours. */
  const colouredPixels = (testId: string, rgb: [number, number, number]) =>
    page.locator(`[data-testid="${testId}"] canvas`).first().evaluate((canvas: HTMLCanvasElement, [r, g, b]) => {
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      let n = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i] === r && data[i + 1] === g && data[i + 2] === b) n++;
      return n;
    }, rgb);

  it('the Statistics page draws its charts and its table shows the API\'s numbers, also grouped by connector', async () => {
    const total = (await call('GET', '/v1/stats/summary?period=day')).json() as Summary;
    expect(total.totals).toMatchObject({ submitted: 4, delivered: 3, failed: 1 });
    await page.getByTestId('nav-statistics').click();
    await expect.poll(() => page.getByTestId('page-title').innerText()).toBe('数据统计');
    await page.locator('[data-testid="stats-trend-chart"] canvas').first().waitFor();
    await expect.poll(() => page.getByTestId('stats-submitted-(none)').innerText()).toBe(String(total.totals.submitted));
    expect(await page.getByTestId('stats-delivered-(none)').innerText()).toBe('3');
    expect(await page.getByTestId('stats-failed-(none)').innerText()).toBe('1');
    expect(await page.getByTestId('stats-rate-(none)').innerText()).toBe('75.00%');
    // Nothing is in progress: the live counters say so next to the rollup's numbers.
    await expect.poll(() => page.getByTestId('stats-in-progress').innerText()).toMatch(/0.*0.*0/);
    // Delivered bars in green (#52c41a) once drawn.
    await expect.poll(() => colouredPixels('stats-group-chart', [0x52, 0xc4, 0x1a]), { timeout: 5000 }).toBeGreaterThan(50);

    await page.getByTestId('stats-group-by').click();
    await page.locator('.ant-select-dropdown .ant-select-item-option').getByText('通道', { exact: true }).click();
    const byConnector = (await call('GET', '/v1/stats/summary?period=day&groupBy=connector')).json() as Summary;
    for (const s of byConnector.series) {
      await expect.poll(() => page.getByTestId(`stats-submitted-${s.key}`).innerText()).toBe(String(s.totals.submitted));
      expect(await page.getByTestId(`stats-failed-${s.key}`).innerText()).toBe(String(s.totals.failed));
    }
    expect(byConnector.series.map((s) => s.key).sort()).toEqual(['sim-bad', 'sim-ok']);
    expect(await page.getByTestId('stats-total-submitted').innerText()).toBe('4');

    await page.getByTestId('stats-period-month').click();
    await expect.poll(() => page.getByTestId('stats-submitted-sim-ok').innerText()).toBe('3');
    await page.waitForTimeout(1_200); // let the charts' entry animation finish before the picture
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
  }, 60_000);

  it('the Received page lists and searches MO messages and exports them', async () => {
    await page.getByTestId('nav-received').click();
    await expect.poll(() => page.getByTestId('page-title').innerText()).toBe('接收记录');
    const rows = page.locator('[data-testid="received-table"] tbody tr.ant-table-row');
    await expect.poll(() => rows.count()).toBe(2);
    await page.getByTestId('received-keyword').fill('退订');
    await page.getByTestId('received-search').click();
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().innerText()).toContain('+8613700000001');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('received-export').click()]);
    expect(download.suggestedFilename()).toMatch(/^received-.*\.csv$/);
    const csv = parse(readFileSync((await download.path())!, 'utf8'), { bom: true, columns: true }) as Array<Record<string, string>>;
    expect(csv.map((r) => [r.from, r.text])).toEqual([['+8613700000001', '退订']]);
  }, 60_000);

  it('the Messages page exports what its filter shows; labels switch to English', async () => {
    await page.getByTestId('nav-messages').click();
    await page.getByTestId('messages-table').waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('messages-export').click()]);
    const csv = parse(readFileSync((await download.path())!, 'utf8'), { bom: true, columns: true }) as Array<Record<string, string>>;
    // The four sent above, and the opt-out confirmation the "退订" reply caused.
    expect(csv.filter((r) => r.text === '统计测试')).toHaveLength(4);
    expect(csv).toHaveLength(5);
    expect(csv.filter((r) => r.state === 'undelivered').map((r) => r.recipient)).toEqual(['+8613000000001']);

    await page.getByTestId('language-switch').getByText('English').click();
    await page.getByTestId('nav-statistics').click();
    await expect.poll(() => page.getByTestId('page-title').innerText()).toBe('Statistics');
    expect(await page.getByTestId('nav-received').innerText()).toBe('Received');
    expect(session.pageErrors).toEqual([]);
  }, 60_000);
});
