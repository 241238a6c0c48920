// Opens the store a URL names: sqlite:<path> / sqlite::memory: (the default) or postgres(ql)://… ; migrates it.
import { PgStore } from './pg/pg-store.ts';
import { SqliteStore } from './sqlite/sqlite-store.ts';
import type { Store } from './types.ts';
import { WorkerStore } from './worker/worker-store.ts';

export const DEFAULT_STORE_URL = 'sqlite:./data/kuaixin.db';

export interface OpenStoreOptions {
  /** SQLite only: run the store in its own worker thread (config database.thread). */
  thread?: boolean;
  /** SQLite only: checkpoint the WAL from a thread of its own (the platform does). */
  checkpointInBackground?: boolean;
  onCheckpointError?: (message: string) => void;
}

export async function openStore(url: string, options: OpenStoreOptions = {}): Promise<Store> {
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    return PgStore.open({ connectionString: url });
  }
  if (url.startsWith('sqlite:')) {
    const path = sqlitePath(url);
    return options.thread ? WorkerStore.open(path) : SqliteStore.open(path, options);
  }
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1];
  throw new Error(
    `unsupported store URL scheme ${scheme ? `"${scheme}:"` : `in "${url}"`}: use sqlite:<path>, sqlite::memory: or postgres://user@host:port/db`,
  );
}

/** The file a sqlite: URL names (":memory:" for sqlite::memory:); `kuaixin backup` works on the file itself. */
export function sqlitePath(url: string): string {
  let path = url.slice('sqlite:'.length);
  // sqlite:///abs/path.db → /abs/path.db; sqlite://rel.db → rel.db
  if (path.startsWith('//')) path = path.slice(2);
  if (path === '') throw new Error(`store URL "${url}" names no database file (e.g. ${DEFAULT_STORE_URL} or sqlite::memory:)`);
  return path;
}

/** Which engine a store URL names, without opening it. */
export function storeEngine(url: string): 'sqlite' | 'postgres' | undefined {
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) return 'postgres';
  return url.startsWith('sqlite:') ? 'sqlite' : undefined;
}
