// Checking a portable backup in full before it is staged: a good file passes with its header and row total;
// each kind of damage is refused naming the file and what is wrong.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { CURRENT_SCHEMA_VERSION } from '../../../src/backup/backup-format.ts';
import { checkPortableBackup } from '../../../src/backup/portable-check.ts';

const dir = mkdtempSync(join(tmpdir(), 'kx-portable-check-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const header = JSON.stringify({ format: 'kuaixin-backup', formatVersion: 1, source: 'postgres', schemaVersion: CURRENT_SCHEMA_VERSION, createdAt: '2026-11-23T00:00:00.000Z', tables: ['accounts', 'users'] });
const body = ['["table","accounts"]', '{"id":"a"}', '{"id":"b"}', '["rows","accounts",2]', '["table","users"]', '{"username":"u"}', '["rows","users",1]', '["end",3]'];
let n = 0;
function file(lines: string[], gzip = true): string {
  const path = join(dir, `f${++n}`);
  const text = `${lines.join('\n')}\n`;
  writeFileSync(path, gzip ? gzipSync(text) : text);
  return path;
}
const refusal = (lines: string[]) => checkPortableBackup(file(lines), 'b.gz').then(() => 'accepted', (error: Error) => error.message);

describe('checkPortableBackup', () => {
  it('accepts a whole backup and counts its rows', async () => {
    const summary = await checkPortableBackup(file([header, ...body]), 'b.gz');
    expect(summary).toMatchObject({ rows: 3, header: { schemaVersion: CURRENT_SCHEMA_VERSION, tables: ['accounts', 'users'] } });
  });

  it('refuses damage, naming it', async () => {
    expect(await refusal([header, ...body.slice(0, -1)])).toBe('b.gz is truncated: it ends before its last line');
    expect(await refusal([header, ...body, '{"id":"late"}'])).toBe('b.gz is corrupt: data after its end');
    expect(await refusal([header, '["table","accounts"]', '{"id":"a"}', '["rows","accounts",2]', '["end",1]'])).toBe('b.gz is corrupt: table accounts should have 2 rows, found 1');
    expect(await refusal([header, '{"id":"a"}'])).toBe('b.gz is corrupt: a row before any table');
    expect(await refusal([header, '["table","secrets"]'])).toBe('b.gz is corrupt: table secrets is not in its header');
    expect(await refusal(['{"format":"other"}'])).toContain('not a Kuaixin backup');
    expect(await refusal([])).toMatch(/b\.gz/);
    const gz = gzipSync(`${[header, ...body].join('\n')}\n`);
    writeFileSync(join(dir, 'cut'), gz.subarray(0, gz.length - 10));
    expect(await checkPortableBackup(join(dir, 'cut'), 'cut.gz').then(() => 'accepted', (e: Error) => e.message)).toMatch(/^cut\.gz is (corrupt or truncated|truncated)/);
  });
});
