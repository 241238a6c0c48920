// Runs `kuaixin start` as its own process for benchmarks, with a config written to a temp dir.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/** The Node flags of package.json's start script (`node <flags> bin/kuaixin.js start`). */
const START_FLAGS: string[] = (() => {
  const start = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: { start: string } }).scripts.start;
  const flags = /^node((?: --\S+)*) bin\/kuaixin\.js start$/.exec(start);
  if (!flags) throw new Error(`package.json's start script is not "node [flags] bin/kuaixin.js start": ${start}`);
  return flags[1]!.split(' ').filter(Boolean);
})();

/** USER_HZ: 100 on every Linux this runs on. */
const CLOCK_TICKS_PER_SECOND = 100;

export interface PlatformProcess {
  child: ChildProcess;
  url: string;
  smppPort: number | null;
  /** The CMPP ingress port, when the config turns it on. */
  cmppPort: number | null;
  /** Resident memory of the platform process, from /proc. */
  rssMb(): number;
  /** CPU time (user + system, all threads) the platform process has used so far, from /proc. */
  cpuSeconds(): number;
  stop(): Promise<void>;
}

export async function startPlatformProcess(config: Record<string, unknown>): Promise<PlatformProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'kuaixin-bench-'));
  const file = join(dir, 'config.json');
  writeFileSync(
    file,
    JSON.stringify({
      http: { host: '127.0.0.1', port: 0 },
      smpp: { enabled: true, host: '127.0.0.1', port: 0 },
      // BENCH_STORE_THREAD=1: the store in its own thread (database.thread).
      database: { url: `sqlite:${join(dir, 'kuaixin.db')}`, ...(process.env.BENCH_STORE_THREAD === '1' ? { thread: true } : {}) },
      log: { level: 'warn' },
      admin: { username: 'admin', password: 'admin12345' },
      ...config,
    }),
  );
  // The environment overrides the config file: pin the database to the one written above.
  const env = { ...process.env, DATABASE_URL: `sqlite:${join(dir, 'kuaixin.db')}` };
  const flags = [
    // The platform runs as `npm start` runs it, with the same Node flags.
    ...START_FLAGS,
    ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_CPU_PROF] : []),
    // BENCH_PLATFORM_FLAGS: extra Node/V8 flags for the platform only, to try a setting (e.g. "--trace-gc").
    ...(process.env.BENCH_PLATFORM_FLAGS?.split(' ').filter(Boolean) ?? []),
  ];
  // BENCH_PLATFORM_STDOUT=1: the platform's stdout on ours (where --trace-gc writes).
  const stdout = process.env.BENCH_PLATFORM_STDOUT === '1' ? 'inherit' : 'ignore';
  const child = spawn(process.execPath, [...flags, 'bin/kuaixin.js', 'start', '--config', file], { stdio: ['ignore', stdout, 'pipe'], env });
  const lines = createInterface({ input: child.stderr! });
  let url = '';
  let smppPort: number | null = null;
  let cmppPort: number | null = null;
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`platform exited with ${code}`)));
    lines.on('line', (line) => {
      const api = /console and API: (http:\/\/\S+)/.exec(line);
      if (api) url = api[1];
      const smpp = /SMPP server:\s+\S+:(\d+)/.exec(line);
      if (smpp) smppPort = Number(smpp[1]);
      const cmpp = /CMPP server:\s+\S+:(\d+)/.exec(line);
      if (cmpp) cmppPort = Number(cmpp[1]);
      if (url && /^\s*$/.test(line)) resolve();
    });
  });
  return {
    child,
    url,
    smppPort,
    cmppPort,
    rssMb() {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
    },
    cpuSeconds() {
      // Fields 14 and 15 of /proc/<pid>/stat, after the parenthesised command name: utime and stime in clock ticks.
      const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
    },
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
