// A real platform for end-to-end tests: temporary SQLite file, ephemeral ports, quiet logs.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULTS, type Config } from '../../src/config/schema.ts';
import { startPlatform, type Platform } from '../../src/main.ts';
import { createLogger } from '../../src/observability/logger.ts';

export interface TestPlatform extends Platform {
  dir: string;
}

export async function startTestPlatform(overrides: Partial<Config> = {}): Promise<TestPlatform> {
  const dir = mkdtempSync(join(tmpdir(), 'kuaixin-test-'));
  const config: Config = {
    ...structuredClone(DEFAULTS),
    http: { host: '127.0.0.1', port: 0 },
    smpp: { enabled: true, host: '127.0.0.1', port: 0 },
    database: { url: `sqlite:${join(dir, 'kuaixin.db')}` },
    log: { level: 'silent' },
    admin: { username: 'admin', password: 'admin123' },
    ...overrides,
  };
  const platform = await startPlatform(config, createLogger(config.log.level));
  const stop = platform.stop.bind(platform);
  return Object.assign(platform, {
    dir,
    async stop() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  });
}
