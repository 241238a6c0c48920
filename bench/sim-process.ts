// Runs `kuaixin sim` (any protocol) as its own process for benchmarks and follows its stats lines.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';

export interface SimProcess {
  child: ChildProcess;
  port: number;
  /** The counters of the latest stats line. */
  stats: Record<string, number>;
  /** Resolves once `done(stats)` holds, or after `timeoutMs`. */
  until(done: (stats: Record<string, number>) => boolean, timeoutMs: number): Promise<boolean>;
  rssMb(): number;
  /** Stops it and returns its final counters (its 'stopped' line, if it prints one). */
  stop(): Promise<Record<string, unknown>>;
}

/** A port nothing listens on right now, for a server that must be named before it starts. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export async function startSimProcess(args: string[]): Promise<SimProcess> {
  const child = spawn(process.execPath, ['bin/kuaixin.js', 'sim', '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  const waiters = new Set<() => void>();
  let stopped: Record<string, unknown> = {};
  const sim = {
    child,
    port: 0,
    stats: {} as Record<string, number>,
    until(done: (stats: Record<string, number>) => boolean, timeoutMs: number): Promise<boolean> {
      if (done(sim.stats)) return Promise.resolve(true);
      return new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          resolve(false);
        }, timeoutMs);
        const check = () => {
          if (!done(sim.stats)) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(true);
        };
        waiters.add(check);
      });
    },
    rssMb(): number {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
    },
    async stop(): Promise<Record<string, unknown>> {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      return stopped;
    },
  };
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`sim exited with ${code}`)));
    lines.on('line', (line) => {
      const record = JSON.parse(line) as Record<string, unknown>;
      if (record.event === 'listening') {
        sim.port = record.port as number;
        resolve();
      }
      if (record.event === 'stopped') stopped = record;
      if (record.event === 'stats') {
        sim.stats = record as Record<string, number>;
        for (const check of [...waiters]) check();
      }
    });
  });
  return sim;
}
