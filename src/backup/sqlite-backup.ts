// SQLite backups are database files: written with SQLite's online backup API (a consistent snapshot while the
// platform writes), restored by validating a copy and renaming it over the database while holding its lock.
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join, basename } from 'node:path';
import Database from 'better-sqlite3';
import { BackupError, CURRENT_SCHEMA_VERSION } from './backup-format.ts';
import { MIGRATIONS } from '../store/migrations/migrations.ts';

/** Copies the live database at `dbPath` to `out` (via a temporary file, so `out` is never half-written). */
export async function backupSqlite(dbPath: string, out: string): Promise<{ schemaVersion: number }> {
  let db: Database.Database;
  try {
    db = new Database(dbPath, { fileMustExist: true });
  } catch (error) {
    throw new BackupError(`cannot open the SQLite database ${dbPath}: ${(error as Error).message}`);
  }
  const tmp = tempBeside(out);
  try {
    db.pragma('busy_timeout = 5000');
    const schemaVersion = kuaixinSchemaVersion(db, dbPath);
    await db.backup(tmp);
    // The copy keeps the WAL flag of the source; DELETE mode makes it one self-contained file.
    const copy = new Database(tmp);
    try {
      copy.pragma('journal_mode = DELETE');
    } finally {
      copy.close();
    }
    renameSync(tmp, out);
    return { schemaVersion };
  } catch (error) {
    rmSync(tmp, { force: true });
    throw error;
  } finally {
    db.close();
  }
}

/**
 * Replaces the database at `dbPath` with the backup at `file`. Refuses while another process has the database
 * open (a platform keeps a WAL connection, so an exclusive lock fails at once) and, without `force`, when it
 * holds data. Older schema versions are accepted: the platform migrates them when it starts.
 */
export function restoreSqlite(file: string, dbPath: string, force: boolean): { schemaVersion: number } {
  if (dbPath === ':memory:') throw new BackupError('the configured store is an in-memory SQLite database: there is nothing to restore into');
  mkdirSync(dirname(dbPath), { recursive: true });
  const tmp = tempBeside(dbPath);
  let target: Database.Database | undefined;
  try {
    copyFileSync(file, tmp);
    const schemaVersion = validateCopy(tmp, file);
    if (existsSync(dbPath)) {
      target = lockExclusively(dbPath);
      if (!force && holdsData(target)) throw new BackupError(`the database ${dbPath} already holds data: use --force to replace it`);
    }
    // Still holding the lock (DELETE mode, exclusive locking), so no platform can open the old file meanwhile.
    renameSync(tmp, dbPath);
    for (const suffix of ['-wal', '-shm', '-journal']) rmSync(dbPath + suffix, { force: true });
    return { schemaVersion };
  } catch (error) {
    rmSync(tmp, { force: true });
    throw error;
  } finally {
    target?.close();
  }
}

function tempBeside(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
}

/** The newest migration applied to `db`; refuses files that are not Kuaixin databases or are of a newer schema. */
function kuaixinSchemaVersion(db: Database.Database, name: string): number {
  const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get();
  if (!table) throw new BackupError(`${name} is a SQLite database but not a Kuaixin one (no schema_migrations table)`);
  const versions = (db.prepare('SELECT version FROM schema_migrations').all() as Array<{ version: number }>).map((r) => r.version);
  if (versions.length === 0) throw new BackupError(`${name} is a Kuaixin database with no migrations applied`);
  const known = new Set(MIGRATIONS.map((m) => m.version));
  const newest = Math.max(...versions);
  if (newest > CURRENT_SCHEMA_VERSION || versions.some((v) => !known.has(v))) {
    throw new BackupError(`${name} is of schema version ${newest}, newer than this kuaixin knows (${CURRENT_SCHEMA_VERSION}): upgrade kuaixin to restore it`);
  }
  return newest;
}

/**
 * Checks that `tmp` (a copy we own: it is switched to DELETE journal mode) is an intact Kuaixin database of a schema
 * version this build knows; `file` is the name errors give it. Resolves with that version.
 */
export function validateCopy(tmp: string, file: string): number {
  let db: Database.Database;
  try {
    db = new Database(tmp, { fileMustExist: true });
  } catch (error) {
    throw new BackupError(`${file} cannot be opened as a SQLite database: ${(error as Error).message}`);
  }
  try {
    let check: string;
    try {
      check = (db.pragma('quick_check', { simple: true }) as string) ?? 'no answer';
    } catch (error) {
      throw new BackupError(`${file} is corrupt or truncated: ${(error as Error).message}`);
    }
    if (check !== 'ok') throw new BackupError(`${file} is corrupt or truncated: ${check}`);
    const version = kuaixinSchemaVersion(db, file);
    db.pragma('journal_mode = DELETE');
    return version;
  } finally {
    db.close();
  }
}

/** Takes the database for this connection alone, failing at once (not after a timeout) if anyone has it open. */
function lockExclusively(dbPath: string): Database.Database {
  const db = new Database(dbPath, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 0');
    db.pragma('locking_mode = EXCLUSIVE');
    // Leaving WAL checkpoints and removes the -wal file, and needs every other connection gone.
    db.pragma('journal_mode = DELETE');
    db.exec('BEGIN EXCLUSIVE; COMMIT');
    return db;
  } catch (error) {
    db.close();
    if ((error as { code?: string }).code?.startsWith('SQLITE_BUSY')) {
      throw new BackupError(`the database ${dbPath} is in use (is a platform running on it?): stop it before restoring`);
    }
    throw new BackupError(`cannot open the database ${dbPath}: ${(error as Error).message}`);
  }
}

/** Whether any table other than schema_migrations has a row. */
function holdsData(db: Database.Database): boolean {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations'").pluck().all() as string[];
  return tables.some((t) => db.prepare(`SELECT 1 FROM "${t.replaceAll('"', '""')}" LIMIT 1`).get() !== undefined);
}
