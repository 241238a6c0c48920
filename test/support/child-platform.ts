// `kuaixin start` as a child process, for tests that kill it: SIGKILL needs a process of its own.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

/**
 * Starts the platform with a config file and resolves with its API URL once it printed it. The
 * database is passed as DATABASE_URL: the environment overrides the file, as in a deployment, and a
 * DATABASE_URL inherited from CI must not pick another one.
 */
export async function startChildPlatform(configFile: string, databaseUrl: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['bin/kuaixin.js', 'start', '--config', configFile], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, DATABASE_URL: databaseUrl },
  });
  const lines = createInterface({ input: child.stderr! });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('platform did not start within 30 s')), 30_000);
    lines.on('line', (line) => {
      const match = /console and API: (http:\/\/\S+)/.exec(line);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => reject(new Error(`platform exited with ${code} before starting`)));
  });
  return { child, url };
}
