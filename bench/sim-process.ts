// Runs `kuaixin sim` (a fake carrier gateway) as its own process for benchmarks, reading its JSON log lines.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';

export interface SimProcess {
  child: ChildProcess;
  port: number;
  /** Every JSON line the simulator printed so far. */
  lines: Array<Record<string, unknown>>;
  rssMb(): number;
  /** Stops it and returns its final counters (the 'stopped' line). */
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
  const child = spawn(process.execPath, ['bin/kuaixin.js', 'sim', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines: Array<Record<string, unknown>> = [];
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`kuaixin sim exited with ${code}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const record = JSON.parse(line) as Record<string, unknown>;
      lines.push(record);
      if (record.event === 'listening') resolve(record.port as number);
    });
  });
  return {
    child,
    port,
    lines,
    rssMb() {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
    },
    async stop() {
      child.kill('SIGTERM');
      await exited;
      return [...lines].reverse().find((l) => l.event === 'stopped') ?? {};
    },
  };
}
