// `kuaixin backup` and `kuaixin restore`: the whole platform's data to and from one file, for the configured store.
import { loadConfig } from '../config/load-config.ts';
import { BackupError, detectBackupKind } from '../backup/backup-format.ts';
import { backupPostgres } from '../backup/pg-backup.ts';
import { restorePostgres } from '../backup/pg-restore.ts';
import { backupSqlite, restoreSqlite } from '../backup/sqlite-backup.ts';
import { sqlitePath, storeEngine } from '../store/open-store.ts';
import { parseOptions, RefusedError, required, runCommand, UsageError } from './cli-args.ts';

const COMMON_HELP = `options:
  -c, --config FILE   configuration file (YAML or JSON); KUAIXIN_CONFIG and DATABASE_URL
                      name the store as for kuaixin start
  -h, --help          this text

SQLite stores are backed up as a SQLite database file (the online backup API: consistent while
the platform writes). PostgreSQL stores are backed up in the portable format: gzip'd JSON lines,
one snapshot (REPEATABLE READ), a header naming the format and schema version. A SQLite backup
restores only into SQLite and a portable backup only into PostgreSQL; the other way is refused.
Exit codes: 0 done, 1 refused (bad or corrupt file, newer schema, data in the way, store in use
or unavailable), 2 usage error.
`;

const BACKUP_HELP = `usage: kuaixin backup --out FILE [--config FILE]

Writes all of the platform's data to FILE (via a temporary file, so FILE is complete or absent).
Safe while the platform runs.

  -o, --out FILE      where to write the backup
${COMMON_HELP}`;

const RESTORE_HELP = `usage: kuaixin restore --in FILE [--force] [--config FILE]

Replaces the configured store's data with the backup in FILE, all or nothing.
SQLite: refused while a platform has the database open (stop it first); the file is checked
(integrity, Kuaixin schema, known version) and renamed over the database. Older schema versions
are migrated when the platform next starts.
PostgreSQL: the schema is migrated, must be at the backup's schema version, and is filled in
one transaction (its tables locked meanwhile). Stop the platform first: it is not detected, and
a running platform would keep what it had cached.

  -i, --in FILE       the backup to restore
  -f, --force         replace data already in the store (otherwise refused)
${COMMON_HELP}`;

const COMMON = { config: { type: 'string', short: 'c' }, help: { type: 'boolean', short: 'h', default: false } } as const;

export function backupCommand(argv: string[]): Promise<number> {
  return runCommand('kuaixin backup', async () => {
    const values = parseOptions(argv, { ...COMMON, out: { type: 'string', short: 'o' } });
    if (values.help) return help(BACKUP_HELP);
    const out = required('--out', values.out);
    const { url, engine } = configuredStore(values.config);
    const result: { schemaVersion: number; rows?: number } = await refusing(() => (engine === 'sqlite' ? backupSqlite(sqlitePath(url), out) : backupPostgres(url, out)));
    const what = engine === 'sqlite' ? 'SQLite database file' : `portable backup, ${result.rows} rows`;
    process.stdout.write(`backed up to ${out} (${what}, schema version ${result.schemaVersion})\n`);
    return 0;
  });
}

export function restoreCommand(argv: string[]): Promise<number> {
  return runCommand('kuaixin restore', async () => {
    const values = parseOptions(argv, { ...COMMON, in: { type: 'string', short: 'i' }, force: { type: 'boolean', short: 'f', default: false } });
    if (values.help) return help(RESTORE_HELP);
    const file = required('--in', values.in);
    const { url, engine } = configuredStore(values.config);
    const result = await refusing(async () => {
      const kind = detectBackupKind(file);
      if (kind === 'sqlite' && engine !== 'sqlite') throw new BackupError(`${file} is a SQLite backup; it restores only into a SQLite store, not PostgreSQL`);
      if (kind === 'portable' && engine !== 'postgres') throw new BackupError(`${file} is a portable (PostgreSQL) backup; it restores only into a PostgreSQL store, not SQLite`);
      return engine === 'sqlite' ? restoreSqlite(file, sqlitePath(url), values.force) : restorePostgres(file, url, values.force);
    });
    process.stdout.write(`restored ${file} (schema version ${result.schemaVersion})\n`);
    return 0;
  });
}

function help(text: string): number {
  process.stdout.write(text);
  return 0;
}

function configuredStore(configFile: string | undefined): { url: string; engine: 'sqlite' | 'postgres' } {
  const url = loadConfig({ file: configFile }).database.url; // ConfigError → exit 2
  const engine = storeEngine(url);
  if (!engine) throw new UsageError(`unsupported store URL ${url}: use sqlite:<path> or postgres://…`);
  return { url, engine };
}

/** Backup problems and unreachable databases are refusals (exit 1), named; anything else is a bug. */
async function refusing<T>(body: () => Promise<T> | T): Promise<T> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof BackupError) throw new RefusedError(error.message);
    const code = (error as { code?: string }).code;
    if (typeof code === 'string') throw new RefusedError((error as Error).message);
    throw error;
  }
}
