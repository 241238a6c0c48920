// 1,000,000 contacts imported from one CSV upload through the API (parse, stage, one commit), with the
// platform's peak resident set sampled while the job runs. Target (issue 5): ≤ 20 s, RSS ≤ 500 MB.
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { once } from 'node:events';
import { startPlatformProcess } from '../platform-process.ts';

const API_KEY = 'bench-key-1';
const ROWS = Number(process.env.BENCH_CONTACT_ROWS ?? 1_000_000);

/** Writes the file through a stream, so the generator itself stays small. */
async function writeCsv(path: string): Promise<void> {
  const out = createWriteStream(path);
  out.write('姓名,手机号,生日,会员等级,标签\n');
  for (let i = 0; i < ROWS; i++) {
    const line = `用户${i},138${String(i).padStart(8, '0')},19${70 + (i % 30)}-${String((i % 12) + 1).padStart(2, '0')}-15,${i % 5},${i % 10 === 0 ? 'vip' : ''}\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

export async function contactsImportScenario(): Promise<Record<string, unknown>[]> {
  const dir = mkdtempSync(join(tmpdir(), 'kuaixin-bench-contacts-'));
  const file = join(dir, 'contacts.csv');
  await writeCsv(file);
  const platform = await startPlatformProcess({
    smpp: { enabled: false, host: '127.0.0.1', port: 0 },
    accounts: [{ id: 'bench', apiKeys: [API_KEY] }],
    // The platform insists on a default route; nothing is sent here.
    connectors: [{ id: 'nowhere', type: 'smpp', host: '127.0.0.1', port: 9, systemId: 'x', password: 'x', reconnectInitialMs: 60_000, reconnectMaxMs: 60_000 }],
    routes: [{ connectors: ['nowhere'] }],
  });
  try {
    const headers = { authorization: `Bearer ${API_KEY}` };
    let peakRss = platform.rssMb();
    const start = performance.now();
    const body = Readable.toWeb(createReadStream(file)) as ReadableStream;
    const response = await fetch(`${platform.url}/v1/contacts/imports`, { method: 'POST', headers: { ...headers, 'content-type': 'text/csv' }, body, duplex: 'half' } as RequestInit);
    if (response.status !== 202) throw new Error(`upload answered ${response.status}: ${await response.text()}`);
    const uploadSeconds = (performance.now() - start) / 1000;
    const { id } = (await response.json()) as { id: string };
    let job: { status: string; inserted: number; errors: number; message: string | null };
    for (;;) {
      peakRss = Math.max(peakRss, platform.rssMb());
      job = (await (await fetch(`${platform.url}/v1/contacts/imports/${id}`, { headers })).json()) as typeof job;
      if (job.status !== 'running') break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const seconds = (performance.now() - start) / 1000;
    if (job.status !== 'done') throw new Error(`import ${job.status}: ${job.message}`);
    return [{
      rows: ROWS, fileMb: Math.round(statSync(file).size / 1024 / 1024), inserted: job.inserted, errors: job.errors,
      seconds: Math.round(seconds * 10) / 10, uploadSeconds: Math.round(uploadSeconds * 10) / 10, rowsPerSecond: Math.round(ROWS / seconds), peakRssMb: peakRss,
    }];
  } finally {
    await platform.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
