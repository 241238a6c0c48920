// Our SMPP client → our fake SMSC in its own process, receipts on: msg/s and submit latency.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { SmppClient } from '../../src/protocols/smpp/client.ts';
import { LatencyRecorder } from '../latency.ts';

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 200_000);
const WINDOW = Number(process.env.BENCH_WINDOW ?? 256);

export async function smppLoopbackScenario(): Promise<Record<string, unknown>[]> {
  const sim = spawn(process.execPath, ['bin/kuaixin.js', 'sim', '--port', '0', '--receipt-delay', '0', '--stats-every', '0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const [line] = (await once(createInterface({ input: sim.stdout! }), 'line')) as [string];
    const { port } = JSON.parse(line) as { port: number };
    let receipts = 0;
    let allReceipts: () => void = () => undefined;
    const receiptsDone = new Promise<void>((resolve) => (allReceipts = resolve));
    const client = new SmppClient({
      host: '127.0.0.1',
      port,
      system_id: 'bench',
      password: 'bench',
      window: WINDOW,
      onDeliver: () => {
        if (++receipts === MESSAGES) allReceipts();
      },
    });
    await client.connect();
    const latency = new LatencyRecorder();
    const body = { source_addr: '10690001', dest_addr_ton: 1, dest_addr_npi: 1, destination_addr: '8613800138000', registered_delivery: 1, short_message: Buffer.from('Your code is 123456') };
    const start = performance.now();
    let submitted = 0;
    let failed = 0;
    while (submitted < MESSAGES) {
      if (client.busy) {
        await once(client, 'drain');
        continue;
      }
      submitted++;
      const sentAt = performance.now();
      client.submit(body).then(
        () => latency.record(performance.now() - sentAt),
        () => failed++,
      );
    }
    await receiptsDone;
    const seconds = (performance.now() - start) / 1000;
    await client.close();
    return [
      {
        messages: MESSAGES,
        window: WINDOW,
        failed,
        receiptsMatched: receipts,
        msgPerSecond: Math.round(MESSAGES / seconds),
        submitLatencyP50Ms: latency.percentile(50),
        submitLatencyP99Ms: latency.percentile(99),
        rssMb: Math.round(process.memoryUsage().rss / 2 ** 20),
      },
    ];
  } finally {
    sim.kill('SIGTERM');
  }
}
