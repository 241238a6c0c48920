// What a backup file is: a SQLite database file (SQLite stores) or gzip'd JSON lines (PostgreSQL), told apart by magic bytes.
import { closeSync, openSync, readSync } from 'node:fs';
import { MIGRATIONS } from '../store/migrations/migrations.ts';

/** Version of the portable (PostgreSQL) format; bump when its lines change meaning. */
export const PORTABLE_FORMAT_VERSION = 1;
export const PORTABLE_FORMAT_NAME = 'kuaixin-backup';

/** The schema version this build creates: the newest migration. */
export const CURRENT_SCHEMA_VERSION = Math.max(...MIGRATIONS.map((m) => m.version));

/** First line of a portable backup. */
export interface PortableHeader {
  format: typeof PORTABLE_FORMAT_NAME;
  formatVersion: number;
  source: 'postgres';
  schemaVersion: number;
  createdAt: string;
  tables: string[];
}

/** A backup or restore the data does not allow (bad file, wrong kind, data in the way): exit code 1. */
export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupError';
  }
}

export type BackupKind = 'sqlite' | 'portable';

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

/** Which kind of backup `path` holds, judged from its first bytes; refuses anything else by name. */
export function detectBackupKind(path: string): BackupKind {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    throw new BackupError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
  const head = Buffer.alloc(16);
  let read: number;
  try {
    read = readSync(fd, head, 0, 16, 0);
  } finally {
    closeSync(fd);
  }
  if (read === 16 && head.equals(SQLITE_MAGIC)) return 'sqlite';
  if (read >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'portable';
  throw new BackupError(`${path} is not a Kuaixin backup (neither a SQLite database nor a gzip'd portable backup)${read === 0 ? ': the file is empty' : ''}`);
}

/** Refuses schema versions this build cannot restore: newer ones (upgrade kuaixin) and different ones (the tables differ). */
export function checkSchemaVersion(backupVersion: number, targetVersion: number, path: string): void {
  if (!Number.isInteger(backupVersion) || backupVersion < 1) throw new BackupError(`${path} names no valid schema version`);
  if (backupVersion > CURRENT_SCHEMA_VERSION) {
    throw new BackupError(`${path} is of schema version ${backupVersion}, newer than this kuaixin knows (${CURRENT_SCHEMA_VERSION}): upgrade kuaixin to restore it`);
  }
  if (backupVersion !== targetVersion) {
    throw new BackupError(`${path} is of schema version ${backupVersion} but the target database is at ${targetVersion}: restore with the kuaixin version that wrote the backup`);
  }
}
