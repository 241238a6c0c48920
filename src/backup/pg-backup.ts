// PostgreSQL backups in the portable format: gzip'd JSON lines. Line 1 is the PortableHeader; then, per table in
// dependency order, ["table", name], its rows as row_to_json objects and ["rows", name, count]; last ["end", total].
// Rows are read through a server-side cursor in one REPEATABLE READ snapshot, so memory stays flat and the file is
// consistent while the platform writes. Rows are never parsed in JS: BIGINTs keep every digit.
import { createWriteStream, renameSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { createGzip } from 'node:zlib';
import pg from 'pg';
import { CURRENT_SCHEMA_VERSION, PORTABLE_FORMAT_NAME, PORTABLE_FORMAT_VERSION, type PortableHeader } from './backup-format.ts';
import { ident, schemaTables } from './pg-tables.ts';

const FETCH_ROWS = 1000;

export async function backupPostgres(url: string, out: string): Promise<{ schemaVersion: number; rows: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const tmp = `${out}.${process.pid}.tmp`;
  const gzip = createGzip();
  const file = createWriteStream(tmp);
  const written = new Promise<void>((resolve, reject) => {
    file.on('finish', resolve).on('error', reject);
    gzip.on('error', reject);
  });
  gzip.pipe(file);
  const write = async (line: string) => {
    if (!gzip.write(`${line}\n`)) await once(gzip, 'drain');
  };
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const schemaVersion = await pgSchemaVersion(client);
    const tables = await schemaTables(client);
    const header: PortableHeader = {
      format: PORTABLE_FORMAT_NAME,
      formatVersion: PORTABLE_FORMAT_VERSION,
      source: 'postgres',
      schemaVersion,
      createdAt: new Date().toISOString(),
      tables: tables.map((t) => t.name),
    };
    await write(JSON.stringify(header));
    let total = 0;
    for (const { name } of tables) {
      await write(JSON.stringify(['table', name]));
      await client.query(`DECLARE kx_backup NO SCROLL CURSOR FOR SELECT row_to_json(t)::text AS line FROM ${ident(name)} t`);
      let count = 0;
      for (;;) {
        const { rows } = await client.query<{ line: string }>(`FETCH ${FETCH_ROWS} FROM kx_backup`);
        for (const row of rows) await write(row.line);
        count += rows.length;
        if (rows.length < FETCH_ROWS) break;
      }
      await client.query('CLOSE kx_backup');
      await write(JSON.stringify(['rows', name, count]));
      total += count;
    }
    await write(JSON.stringify(['end', total]));
    await client.query('COMMIT');
    gzip.end();
    await written;
    renameSync(tmp, out);
    return { schemaVersion, rows: total };
  } catch (error) {
    gzip.destroy();
    file.destroy();
    rmSync(tmp, { force: true });
    throw error;
  } finally {
    await client.end();
  }
}

/** The newest applied migration, or 0 if the schema was never migrated. */
export async function pgSchemaVersion(client: pg.ClientBase): Promise<number> {
  const { rows } = await client.query<{ exists: boolean }>("SELECT to_regclass('schema_migrations') IS NOT NULL AS exists");
  if (!rows[0].exists) return 0;
  const { rows: max } = await client.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_migrations');
  return max[0].v ?? 0;
}

export { CURRENT_SCHEMA_VERSION };
