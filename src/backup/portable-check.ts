// Reads a whole portable (PostgreSQL) backup without applying it: header, format and schema version, every table's
// row count and the end line. What a restore would refuse half-way is refused here, before anything is staged.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { BackupError, checkSchemaVersion, CURRENT_SCHEMA_VERSION, type PortableHeader } from './backup-format.ts';
import { parseHeader } from './pg-restore.ts';

export interface PortableSummary {
  header: PortableHeader;
  rows: number;
}

/** `name` is how errors call the file (the name it was uploaded under). */
export async function checkPortableBackup(path: string, name: string): Promise<PortableSummary> {
  const gunzip = createGunzip();
  const input = createReadStream(path).pipe(gunzip);
  let streamError: Error | undefined;
  gunzip.on('error', (error) => (streamError = error));
  const lines = createInterface({ input, crlfDelay: Infinity });
  let header: PortableHeader | undefined;
  let table: string | undefined;
  let count = 0;
  let total = 0;
  let ended = false;
  try {
    for await (const line of lines) {
      if (ended) throw new BackupError(`${name} is corrupt: data after its end`);
      if (!header) {
        header = parseHeader(line, name);
        checkSchemaVersion(header.schemaVersion, CURRENT_SCHEMA_VERSION, name);
        continue;
      }
      if (line.startsWith('{')) {
        if (!table) throw new BackupError(`${name} is corrupt: a row before any table`);
        count++;
        continue;
      }
      let control: unknown[];
      try {
        control = JSON.parse(line) as unknown[];
      } catch {
        throw new BackupError(`${name} is corrupt: unreadable line after ${total + count} rows`);
      }
      if (control[0] === 'table') {
        table = String(control[1]);
        if (!header.tables.includes(table)) throw new BackupError(`${name} is corrupt: table ${table} is not in its header`);
        count = 0;
      } else if (control[0] === 'rows') {
        if (control[2] !== count) throw new BackupError(`${name} is corrupt: table ${String(control[1])} should have ${String(control[2])} rows, found ${count}`);
        total += count;
        table = undefined;
      } else if (control[0] === 'end') {
        ended = true;
      } else {
        throw new BackupError(`${name} is corrupt: unknown line ${line.slice(0, 40)}`);
      }
    }
  } catch (error) {
    if (error instanceof BackupError) throw error;
    streamError ??= error as Error;
  } finally {
    lines.close();
    gunzip.destroy();
  }
  if (streamError) throw new BackupError(`${name} is corrupt or truncated: ${streamError.message}`);
  if (!header) throw new BackupError(`${name} is gzip'd but empty: no Kuaixin backup header`);
  if (!ended) throw new BackupError(`${name} is truncated: it ends before its last line`);
  return { header, rows: total };
}
