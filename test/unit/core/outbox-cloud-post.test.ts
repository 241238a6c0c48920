// The outbox dispatcher's cloud-shaped pushes against a real HTTP server: Aliyun and Tencent status
// reports as one JSON array per batch, Tencent replies as one object each, failures retried.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboxDispatcher } from '../../../src/core/outbox-dispatcher.ts';
import type { OutboxItem, Store } from '../../../src/store/types.ts';

let server: Server;
let base: string;
const bodies: Array<{ path: string; body: unknown }> = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      bodies.push({ path: req.url ?? '', body: JSON.parse(body) });
      res.writeHead(req.url === '/down' ? 500 : 200).end('{"result":0,"errmsg":"OK"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise((resolve) => server.close(resolve)));

function item(id: string, kind: OutboxItem['kind'], path: string, event: OutboxItem['event'], payload: Record<string, unknown>): OutboxItem {
  return { id, accountId: 'a1', kind, target: `${base}${path}`, event, payload, attempts: 0, nextAttemptAt: 0, createdAt: 0 };
}

describe('cloud-shaped pushes', () => {
  it('batches status reports into one array, posts Tencent replies one by one, retries a failing URL', async () => {
    const completed: string[] = [];
    const retried: string[] = [];
    const store = {
      outbox: { complete: async (ids: string[]) => void completed.push(...ids), retry: async (ids: string[]) => void retried.push(...ids) },
      accounts: { get: async () => null },
    } as unknown as Store;
    const dispatcher = new OutboxDispatcher({ store, smpp: { boundSystemIds: () => [], deliver: async () => undefined } });
    dispatcher.offer([
      item('s1', 'aliyun', '/ali', 'status', { biz_id: '1' }),
      item('s2', 'aliyun', '/ali', 'status', { biz_id: '2' }),
      item('t1', 'tencent', '/tc', 'status', { sid: 'a' }),
      item('r1', 'tencent', '/tc', 'mo', { text: 'x' }),
      item('r2', 'tencent', '/tc', 'mo', { text: 'y' }),
      item('d1', 'aliyun', '/down', 'status', { biz_id: '3' }),
    ]);
    await dispatcher.stop();
    const at = (path: string) => bodies.filter((b) => b.path === path).map((b) => b.body);
    expect(at('/ali')).toEqual([[{ biz_id: '1' }, { biz_id: '2' }]]);
    expect(at('/tc')).toEqual(expect.arrayContaining([[{ sid: 'a' }], { text: 'x' }, { text: 'y' }]));
    expect(at('/tc')).toHaveLength(3);
    expect(completed.sort()).toEqual(['r1', 'r2', 's1', 's2', 't1']);
    expect(retried).toEqual(['d1']);
  });
});
