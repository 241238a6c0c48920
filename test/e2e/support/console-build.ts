// Builds the console (npm run build:web) when web/dist is missing or older than its sources.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function newestSource(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newestSource(join(path, name))));
}

export async function ensureConsoleBuilt(repoRoot: string): Promise<string> {
  const dist = join(repoRoot, 'web', 'dist');
  const built = join(dist, 'index.html');
  const sources = ['src', 'index.html', 'vite.config.ts'].map((name) => join(repoRoot, 'web', name));
  if (existsSync(built) && statSync(built).mtimeMs >= Math.max(...sources.map(newestSource))) return dist;

  await new Promise<void>((resolve, reject) => {
    const child = spawn('npm', ['run', 'build:web'], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'pipe'] });
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`npm run build:web exited with ${code}\n${errors}`))));
  });
  return dist;
}
