// Runs `node bin/kuaixin.js …` as a real process and collects its exit code and output.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
/** Settings a developer's shell might carry that would point the command elsewhere. */
const INHERITED = ['KUAIXIN_CONFIG', 'DATABASE_URL', 'KUAIXIN_API_KEY'];

/**
 * Asynchronous on purpose: a platform started in the test process must keep serving while the
 * command talks to it. Fails naming the command if it has not exited within `timeoutMs`.
 */
export function runCli(args: string[], env: Record<string, string> = {}, timeoutMs = 30_000): Promise<CliResult> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  for (const name of INHERITED) delete childEnv[name];
  Object.assign(childEnv, env);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/kuaixin.js', ...args], { cwd: repoRoot, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`kuaixin ${args.join(' ')} did not exit within ${timeoutMs} ms; stderr so far: ${stderr}`));
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
