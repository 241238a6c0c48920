// Restores a portable backup into PostgreSQL in one transaction: either every row is in or none is.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import pg from 'pg';
import { migratePostgres } from '../store/migrations/pg-migrator.ts';
import { BackupError, checkSchemaVersion, CURRENT_SCHEMA_VERSION, PORTABLE_FORMAT_NAME, PORTABLE_FORMAT_VERSION, type PortableHeader } from './backup-format.ts';
import { pgSchemaVersion } from './pg-backup.ts';
import { ident, schemaTables, type PgTable } from './pg-tables.ts';

/** Rows sent per INSERT; json_populate_recordset turns the batch into rows server-side, types and all. */
const BATCH_ROWS = 500;
/** Not restored: the target's own migrations already say the same thing (the versions must match). */
const MIGRATIONS_TABLE = 'schema_migrations';

export async function restorePostgres(file: string, url: string, force: boolean): Promise<{ schemaVersion: number; rows: number }> {
  const gunzip = createGunzip();
  const lines = createInterface({ input: createReadStream(file).pipe(gunzip), crlfDelay: Infinity })[Symbol.asyncIterator]();
  // A truncated or corrupt gzip stream errors here; readline alone would just end early.
  let streamError: Error | undefined;
  gunzip.on('error', (error) => (streamError = error));
  const next = async (): Promise<string | undefined> => {
    let result: IteratorResult<string>;
    try {
      result = await lines.next();
    } catch (error) {
      streamError ??= error as Error;
      result = { done: true, value: undefined };
    }
    if (streamError) throw new BackupError(`${file} is corrupt or truncated: ${streamError.message}`);
    return result.done ? undefined : result.value;
  };
  try {
    const header = parseHeader(await next(), file);
    checkSchemaVersion(header.schemaVersion, CURRENT_SCHEMA_VERSION, file);
    const pool = new pg.Pool({ connectionString: url, max: 1 });
    try {
      await migratePostgres(pool);
      const client = await pool.connect();
      try {
        checkSchemaVersion(header.schemaVersion, await pgSchemaVersion(client), file);
        await client.query('BEGIN');
        try {
          const rows = await restoreTables(client, header, next, file, force);
          await client.query('COMMIT');
          return { schemaVersion: header.schemaVersion, rows };
        } catch (error) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw error;
        }
      } finally {
        client.release();
      }
    } finally {
      await pool.end();
    }
  } finally {
    gunzip.destroy();
  }
}

/** The first line of a portable backup, checked for our format name and format version. */
export function parseHeader(line: string | undefined, file: string): PortableHeader {
  let header: Partial<PortableHeader>;
  try {
    header = JSON.parse(line ?? '') as Partial<PortableHeader>;
  } catch {
    throw new BackupError(`${file} is gzip'd but its first line is not a Kuaixin backup header`);
  }
  if (header?.format !== PORTABLE_FORMAT_NAME) throw new BackupError(`${file} is gzip'd but not a Kuaixin backup (no "${PORTABLE_FORMAT_NAME}" header)`);
  if (header.formatVersion !== PORTABLE_FORMAT_VERSION) {
    throw new BackupError(`${file} is in backup format ${header.formatVersion}; this kuaixin reads format ${PORTABLE_FORMAT_VERSION}`);
  }
  if (!Array.isArray(header.tables) || typeof header.schemaVersion !== 'number') throw new BackupError(`${file} has an incomplete header`);
  return header as PortableHeader;
}

async function restoreTables(client: pg.ClientBase, header: PortableHeader, next: () => Promise<string | undefined>, file: string, force: boolean): Promise<number> {
  const tables = (await schemaTables(client)).filter((t) => t.name !== MIGRATIONS_TABLE);
  const expected = header.tables.filter((t) => t !== MIGRATIONS_TABLE);
  const names = tables.map((t) => t.name);
  const missing = expected.filter((t) => !names.includes(t));
  const extra = names.filter((t) => !expected.includes(t));
  if (missing.length > 0 || extra.length > 0) {
    throw new BackupError(`${file} does not match the target schema (only in the backup: ${missing.join(', ') || '-'}; only in the database: ${extra.join(', ') || '-'})`);
  }
  // A platform writing meanwhile waits rather than interleaving with the restore.
  await client.query(`LOCK TABLE ${names.map(ident).join(', ')} IN ACCESS EXCLUSIVE MODE`);
  const occupied = [];
  for (const name of names) if ((await client.query(`SELECT 1 FROM ${ident(name)} LIMIT 1`)).rowCount) occupied.push(name);
  if (occupied.length > 0) {
    if (!force) throw new BackupError(`the database already holds data (${occupied.join(', ')}): use --force to replace it`);
    await client.query(`TRUNCATE ${names.map(ident).join(', ')}`);
  }
  const byName = new Map(tables.map((t) => [t.name, t]));
  let current: PgTable | undefined;
  let skipping = false;
  let batch: string[] = [];
  let count = 0;
  let total = 0;
  const flush = async () => {
    if (batch.length === 0 || !current) return;
    const name = ident(current.name);
    await client.query(`INSERT INTO ${name} OVERRIDING SYSTEM VALUE SELECT * FROM json_populate_recordset(NULL::${name}, $1::json)`, [`[${batch.join(',')}]`]);
    batch = [];
  };
  for (;;) {
    const line = await next();
    if (line === undefined) throw new BackupError(`${file} is truncated: it ends before its last line`);
    if (line.startsWith('{')) {
      if (!current && !skipping) throw new BackupError(`${file} is corrupt: a row before any table`);
      count++;
      if (skipping) continue;
      batch.push(line);
      if (batch.length >= BATCH_ROWS) await flush();
      continue;
    }
    let control: unknown[];
    try {
      control = JSON.parse(line) as unknown[];
    } catch {
      throw new BackupError(`${file} is corrupt: unreadable line after ${total + count} rows`);
    }
    if (control[0] === 'table') {
      const name = String(control[1]);
      skipping = name === MIGRATIONS_TABLE;
      current = skipping ? undefined : byName.get(name);
      if (!current && !skipping) throw new BackupError(`${file} names a table the target lacks: ${name}`);
      count = 0;
    } else if (control[0] === 'rows') {
      await flush();
      if (control[2] !== count) throw new BackupError(`${file} is corrupt: table ${String(control[1])} should have ${String(control[2])} rows, found ${count}`);
      for (const column of current?.identityColumns ?? []) {
        // The next generated id must not collide with a restored one.
        const table = ident(current!.name);
        await client.query(`SELECT setval(pg_get_serial_sequence($1, $2), max(${ident(column)})) FROM ${table} HAVING max(${ident(column)}) IS NOT NULL`, [table, column]);
      }
      if (!skipping) total += count;
      current = undefined;
      skipping = false;
    } else if (control[0] === 'end') {
      if ((await next()) !== undefined) throw new BackupError(`${file} is corrupt: data after its end`);
      return total;
    } else {
      throw new BackupError(`${file} is corrupt: unknown line ${line.slice(0, 40)}`);
    }
  }
}
