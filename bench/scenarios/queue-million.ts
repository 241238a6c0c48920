// 1,000,000 messages queued behind a connector that is down: the platform must hold them (they live
// in the store, not in memory) with a small resident set.
import { postJson } from '../http-client.ts';
import { startPlatformProcess } from '../platform-process.ts';

const API_KEY = 'bench-key-1';
const MESSAGES = Number(process.env.BENCH_QUEUE_MESSAGES ?? 1_000_000);

export async function queueMillionScenario(): Promise<Record<string, unknown>[]> {
  const platform = await startPlatformProcess({
    smpp: { enabled: false, host: '127.0.0.1', port: 0 },
    accounts: [{ id: 'bench', apiKeys: [API_KEY] }],
    connectors: [{ id: 'down', type: 'smpp', host: '127.0.0.1', port: 9, systemId: 'x', password: 'x', reconnectInitialMs: 60_000, reconnectMaxMs: 60_000 }],
    routes: [{ connectors: ['down'] }],
  });
  try {
    const size = 5000;
    let next = 0;
    let accepted = 0;
    const start = performance.now();
    await Promise.all(
      Array.from({ length: 2 }, async () => {
        while (next < MESSAGES) {
          const first = next;
          next += size;
          const messages = Array.from({ length: size }, (_, i) => ({ to: `+86139${String((first + i) % 100_000_000).padStart(8, '0')}`, text: `Campaign message ${first + i}` }));
          const response = await postJson(`${platform.url}/v1/messages/batch`, { authorization: `Bearer ${API_KEY}` }, { messages, priority: 'bulk' });
          accepted += (response.json as { messages: Array<{ id?: string }> }).messages.filter((m) => m.id).length;
        }
      }),
    );
    const seconds = (performance.now() - start) / 1000;
    // Let the allocator settle after the burst before reading the resident set.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const summary = (await (await fetch(`${platform.url}/v1/stats/summary`, { headers: { authorization: `Bearer ${API_KEY}` } })).json()) as { states: Record<string, number> };
    return [{ queued: summary.states.queued ?? 0, accepted, msgPerSecond: Math.round(accepted / seconds), platformRssMb: platform.rssMb() }];
  } finally {
    await platform.stop();
  }
}
