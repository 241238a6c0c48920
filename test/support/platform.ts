// A real platform for end-to-end tests: temporary SQLite file or fresh PostgreSQL schema, ephemeral ports, quiet logs.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULTS, type Config } from '../../src/config/schema.ts';
import { startPlatform, type Platform } from '../../src/main.ts';
import { createLogger } from '../../src/observability/logger.ts';
import { createTestSchema, type TestSchema } from './pg-schema.ts';

export type TestStoreKind = 'sqlite' | 'sqlite-thread' | 'postgres';

export interface TestPlatformOptions {
  /**
   * 'sqlite' (default): a file in a temporary directory; 'sqlite-thread': the same, with the store in its
   * own worker thread; 'postgres': a kx_e2e_* schema dropped on stop.
   */
  store?: TestStoreKind;
  /** Runs in this existing PostgreSQL schema instead (a second node, a restart); its owner drops it. */
  schema?: TestSchema;
}

export interface TestPlatform extends Platform {
  dir: string;
  /** The PostgreSQL schema the platform runs in (store 'postgres'). */
  schema: string | null;
}

export async function startTestPlatform(overrides: Partial<Config> = {}, options: TestPlatformOptions = {}): Promise<TestPlatform> {
  const dir = mkdtempSync(join(tmpdir(), 'kuaixin-test-'));
  let schema: TestSchema | null = options.schema ?? null;
  let ownSchema: TestSchema | null = null;
  const cleanUp = async () => {
    rmSync(dir, { recursive: true, force: true });
    await ownSchema?.drop();
  };
  try {
    if (!schema && options.store === 'postgres') schema = ownSchema = await createTestSchema();
    const config: Config = {
      ...structuredClone(DEFAULTS),
      http: { host: '127.0.0.1', port: 0 },
      smpp: { enabled: true, host: '127.0.0.1', port: 0 },
      cmpp: { enabled: true, host: '127.0.0.1', port: 0 },
      database: { url: schema ? schema.url : `sqlite:${join(dir, 'kuaixin.db')}`, thread: options.store === 'sqlite-thread' },
      log: { level: 'silent' },
      admin: { username: 'admin', password: 'admin123' },
      ...overrides,
    };
    const platform = await startPlatform(config, createLogger(config.log.level));
    const stop = platform.stop.bind(platform);
    return Object.assign(platform, {
      dir,
      schema: schema?.name ?? null,
      async stop() {
        try {
          await stop();
        } finally {
          await cleanUp();
        }
      },
    });
  } catch (error) {
    await cleanUp();
    throw error;
  }
}
