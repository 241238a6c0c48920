// `kuaixin start` as a child process, for tests that kill it: SIGKILL needs a process of its own.
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/**
 * Writes the crash tests' config to `dir`/kuaixin.json and returns its path: one account ("acme")
 * sending through one SMPP connector to the carrier at `carrierPort`. `options` adds the account's
 * SMPP login (and turns the SMPP server on).
 */
export function writeCrashConfig(dir: string, carrierPort: number, options: { apiKey: string; smpp?: { systemId: string; password: string } }): string {
  const file = join(dir, 'kuaixin.json');
  const { apiKey, smpp } = options;
  writeFileSync(
    file,
    JSON.stringify({
      http: { host: '127.0.0.1', port: 0 },
      smpp: { enabled: smpp !== undefined, host: '127.0.0.1', port: 0 },
      log: { level: 'warn' },
      admin: { username: 'admin', password: 'admin12345' },
      accounts: [{ id: 'acme', apiKeys: [apiKey], ...(smpp ? { smpp: [{ ...smpp, maxBinds: 2 }] } : {}) }],
      connectors: [{ id: 'up1', type: 'smpp', host: '127.0.0.1', port: carrierPort, systemId: 'gw', password: 'gw', window: 200 }],
      routes: [{ connectors: ['up1'] }],
    }),
  );
  return file;
}

/**
 * Starts the platform with a config file and resolves with its API URL (and SMPP port, when its SMPP
 * server is on) once it printed them. The database is passed as DATABASE_URL: the environment
 * overrides the file, as in a deployment, and a DATABASE_URL inherited from CI must not pick another one.
 */
export async function startChildPlatform(configFile: string, databaseUrl: string): Promise<{ child: ChildProcess; url: string; smppPort: number | null }> {
  const child = spawn(process.execPath, ['bin/kuaixin.js', 'start', '--config', configFile], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, DATABASE_URL: databaseUrl },
  });
  const lines = createInterface({ input: child.stderr! });
  let smppPort: number | null = null;
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('platform did not start within 30 s')), 30_000);
    let url: string | null = null;
    lines.on('line', (line) => {
      url ??= /console and API: (http:\/\/\S+)/.exec(line)?.[1] ?? null;
      const smpp = /SMPP server: +\S+:(\d+)/.exec(line);
      if (smpp) smppPort = Number(smpp[1]);
      // The banner ends with a blank line: by then every address it names has been read.
      if (url && line === '') {
        clearTimeout(timer);
        resolve(url);
      }
    });
    child.once('exit', (code) => reject(new Error(`platform exited with ${code} before starting`)));
  });
  return { child, url, smppPort };
}

/**
 * Sends batches of `batchSize` messages from 4 concurrent senders and SIGKILLs the platform once
 * `killAfter` messages were acknowledged. Resolves with the acknowledged ids, after the exit.
 */
export async function loadUntilKilled(
  platform: { child: ChildProcess; url: string },
  options: { apiKey: string; killAfter: number; batchSize: number; label: string },
): Promise<Set<string>> {
  const { apiKey, killAfter, batchSize, label } = options;
  const acknowledged = new Set<string>();
  const send = async (batch: number) => {
    const messages = Array.from({ length: batchSize }, (_, i) => ({ to: `+86138${String(batch * batchSize + i).padStart(8, '0')}`, text: `${label} ${batch}/${i}` }));
    const response = await fetch(`${platform.url}/v1/messages/batch`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ messages }),
    });
    if (response.status !== 202) return;
    const body = (await response.json()) as { messages: Array<{ id?: string }> };
    for (const m of body.messages) if (m.id) acknowledged.add(m.id);
  };
  const exited = new Promise<void>((resolve) => platform.child.once('exit', () => resolve()));
  let batch = 0;
  let killed = false;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (!killed) {
        await send(batch++).catch(() => undefined); // requests cut off by the kill were never acknowledged
        if (acknowledged.size >= killAfter && !killed) {
          killed = true;
          platform.child.kill('SIGKILL');
        }
      }
    }),
  );
  await exited;
  return acknowledged;
}
