// Runs `kuaixin sim` (a fake carrier gateway) as its own process for benchmarks.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

export interface SimProcess {
  child: ChildProcess;
  port: number;
  /** Resident memory of the simulator process, from /proc. */
  rssMb(): number;
  stop(): Promise<void>;
}

/** Starts `kuaixin sim ARGS --port 0` and resolves once it printed the port it listens on. */
export async function startSimProcess(args: string[]): Promise<SimProcess> {
  const child = spawn(process.execPath, ['bin/kuaixin.js', 'sim', ...args, '--port', '0', '--stats-every', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`sim exited with ${code}`)));
    lines.on('line', (line) => {
      const record = JSON.parse(line) as { event?: string; port?: number };
      if (record.event === 'listening' && record.port) resolve(record.port);
    });
  });
  return {
    child,
    port,
    rssMb() {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
