// HTTP intake into a platform process with durable SQLite: the batch API at full speed, single
// requests at full speed, and single requests paced at half the batch rate (accept latency).
import { postJson } from '../http-client.ts';
import { LatencyRecorder } from '../latency.ts';
import { startPlatformProcess, type PlatformProcess } from '../platform-process.ts';

const API_KEY = 'bench-key-1';
const BATCH_MESSAGES = Number(process.env.BENCH_BATCH_MESSAGES ?? 200_000);
const SINGLE_REQUESTS = Number(process.env.BENCH_SINGLE_REQUESTS ?? 20_000);

function post(platform: PlatformProcess, path: string, body: unknown) {
  return postJson(`${platform.url}${path}`, { authorization: `Bearer ${API_KEY}` }, body);
}

function recipient(n: number): string {
  return `+86138${String(n % 100_000_000).padStart(8, '0')}`;
}

async function batchRun(platform: PlatformProcess): Promise<Record<string, unknown>> {
  const size = 1000;
  const concurrency = 4;
  let next = 0;
  let accepted = 0;
  const latency = new LatencyRecorder();
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < BATCH_MESSAGES) {
        const first = next;
        next += size;
        const messages = Array.from({ length: size }, (_, i) => ({ to: recipient(first + i), text: `Order ${first + i} has shipped` }));
        const at = performance.now();
        const response = await post(platform, '/v1/messages/batch', { messages, priority: 'bulk' });
        latency.record(performance.now() - at);
        accepted += (response.json as { messages: Array<{ id?: string }> }).messages.filter((m) => m.id).length;
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  return { mode: 'batch', batchSize: size, concurrency, messages: accepted, msgPerSecond: Math.round(accepted / seconds), requestP50Ms: latency.percentile(50), requestP99Ms: latency.percentile(99), platformRssMb: platform.rssMb() };
}

/** Single-message requests as fast as `concurrency` allows. */
async function singleRun(platform: PlatformProcess): Promise<Record<string, unknown>> {
  const concurrency = 64;
  const latency = new LatencyRecorder();
  let next = 0;
  let accepted = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < SINGLE_REQUESTS) {
        const n = next++;
        const at = performance.now();
        const response = await post(platform, '/v1/messages', { to: recipient(n), text: `Your code is ${100000 + (n % 900000)}`, priority: 'urgent' });
        latency.record(performance.now() - at);
        if (response.status === 202) accepted++;
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  return {
    mode: 'single',
    concurrency,
    messages: accepted,
    msgPerSecond: Math.round(accepted / seconds),
    acceptLatencyP50Ms: latency.percentile(50),
    acceptLatencyP99Ms: latency.percentile(99),
  };
}

/** Requests of 100 messages paced to `ratePerSecond` messages: how long a message waits for its acceptance at that load. */
async function pacedRun(platform: PlatformProcess, ratePerSecond: number): Promise<Record<string, unknown>> {
  const size = 100;
  const requests = Math.round((ratePerSecond * 10) / size); // ten seconds of load
  const latency = new LatencyRecorder();
  const start = performance.now();
  let accepted = 0;
  await Promise.all(
    Array.from({ length: requests }, async (_, r) => {
      const wait = start + ((r * size) / ratePerSecond) * 1000 - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const messages = Array.from({ length: size }, (_, i) => ({ to: recipient(r * size + i), text: `Your code is ${100000 + ((r * size + i) % 900000)}` }));
      const at = performance.now();
      const response = await post(platform, '/v1/messages/batch', { messages, priority: 'urgent' });
      latency.record(performance.now() - at);
      accepted += (response.json as { messages: Array<{ id?: string }> }).messages.filter((m) => m.id).length;
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  return { mode: `paced at ${ratePerSecond} msg/s in requests of ${size}`, messages: accepted, msgPerSecond: Math.round(accepted / seconds), acceptLatencyP50Ms: latency.percentile(50), acceptLatencyP99Ms: latency.percentile(99) };
}

export async function httpIntakeScenario(): Promise<Record<string, unknown>[]> {
  // The connector points nowhere, so accepted messages stay queued: this measures intake alone.
  const platform = await startPlatformProcess({
    smpp: { enabled: false, host: '127.0.0.1', port: 0 },
    accounts: [{ id: 'bench', apiKeys: [API_KEY] }],
    connectors: [{ id: 'nowhere', type: 'smpp', host: '127.0.0.1', port: 9, systemId: 'x', password: 'x', reconnectInitialMs: 60_000, reconnectMaxMs: 60_000 }],
    routes: [{ connectors: ['nowhere'] }],
  });
  try {
    const batch = await batchRun(platform);
    const single = await singleRun(platform);
    const paced = await pacedRun(platform, Math.max(100, Math.round((batch.msgPerSecond as number) / 2)));
    return [batch, single, paced];
  } finally {
    await platform.stop();
  }
}
