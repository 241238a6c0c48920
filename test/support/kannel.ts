// Debian's Kannel (bearerbox + smsbox) as an independent SMPP client of the platform: a config in a
// temporary directory, free ports, and both boxes stopped with the test.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { pollUntil } from './api.ts';

const SEARCH = ['/usr/sbin', '/usr/bin', '/usr/local/sbin', '/usr/local/bin'];

export function kannelBinary(name: 'bearerbox' | 'smsbox'): string {
  const found = SEARCH.map((dir) => join(dir, name)).find((path) => existsSync(path));
  if (!found) throw new Error(`${name} not found in ${SEARCH.join(', ')}: install Debian's kannel package (apt-get install kannel)`);
  return found;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface KannelOptions {
  dir: string;
  smppPort: number;
  systemId: string;
  password: string;
  /** Where smsbox fetches the answer to an MO (sms-service get-url, Kannel escapes allowed). */
  moUrl: string;
}

export interface Kannel {
  /** Kannel's own sendsms URL with the test user's credentials; add to, text, dlr-url … */
  sendsmsUrl: string;
  /** Bearerbox's status page, listing the SMSC connection and its state. */
  status(): Promise<string>;
  stop(): Promise<void>;
}

export async function startKannel(options: KannelOptions): Promise<Kannel> {
  const [adminPort, boxPort, sendsmsPort] = [await freePort(), await freePort(), await freePort()];
  const config = join(options.dir, 'kannel.conf');
  writeFileSync(
    config,
    `group = core
admin-port = ${adminPort}
admin-password = kx-admin
smsbox-port = ${boxPort}
box-allow-ip = "127.0.0.1"
admin-allow-ip = "127.0.0.1"
log-file = "${join(options.dir, 'bearerbox.log')}"
log-level = 1
dlr-storage = internal

group = smsc
smsc = smpp
smsc-id = kuaixin
host = 127.0.0.1
port = ${options.smppPort}
transceiver-mode = true
smsc-username = ${options.systemId}
smsc-password = ${options.password}
system-type = ""
source-addr-ton = 0
source-addr-npi = 1
dest-addr-ton = 1
dest-addr-npi = 1
reconnect-delay = 1

group = smsbox
bearerbox-host = 127.0.0.1
sendsms-port = ${sendsmsPort}
log-file = "${join(options.dir, 'smsbox.log')}"
log-level = 1
# UCS-2 MO text reaches sms-service as UTF-8.
mo-recode = true

group = sendsms-user
username = tester
password = tester-pw

group = sms-service
keyword = default
get-url = "${options.moUrl}"
max-messages = 1
`,
  );
  const children: ChildProcess[] = [];
  const stop = async () => {
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
            setTimeout(() => child.kill('SIGKILL'), 5000).unref();
          }),
      ),
    );
  };
  try {
    children.push(spawn(kannelBinary('bearerbox'), [config], { stdio: 'ignore' }));
    const adminUrl = `http://127.0.0.1:${adminPort}/status.txt?password=kx-admin`;
    const status = async () => (await fetch(adminUrl).catch(() => null))?.text() ?? '';
    await pollUntil(status, (text) => /SMPP:.*\(online /.test(text), 'Kannel to bind to the platform', 20_000, 100);
    children.push(spawn(kannelBinary('smsbox'), [config], { stdio: 'ignore' }));
    const sendsmsUrl = `http://127.0.0.1:${sendsmsPort}/cgi-bin/sendsms?username=tester&password=tester-pw`;
    await pollUntil(async () => (await fetch(sendsmsUrl).catch(() => null))?.status ?? 0, (code) => code > 0, "Kannel's smsbox to listen", 20_000, 100);
    return { sendsmsUrl, status, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
