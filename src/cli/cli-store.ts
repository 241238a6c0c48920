// The store a command works on: the database the configuration names (same loader as `kuaixin start`), migrated.
import { loadConfig } from '../config/load-config.ts';
import { openStore } from '../store/open-store.ts';
import type { Store } from '../store/types.ts';
import { RefusedError } from './cli-args.ts';

/** Opens and migrates the configured store, runs `body` on it and closes it, whatever happens. */
export async function withConfiguredStore<T>(configFile: string | undefined, body: (store: Store) => Promise<T>): Promise<T> {
  const config = loadConfig({ file: configFile }); // ConfigError → exit 2
  let store: Store;
  try {
    store = await openStore(config.database.url);
    await store.migrate();
  } catch (error) {
    throw new RefusedError(`cannot open the store at ${redact(config.database.url)}: ${(error as Error).message}`);
  }
  try {
    return await body(store);
  } finally {
    await store.close();
  }
}

/** Hides a password in postgres://user:password@host/db. */
function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:••••@');
}
