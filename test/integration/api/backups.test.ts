// Backup and restore from the console API, end to end on SQLite and PostgreSQL: a backup is taken while the
// platform runs and downloaded (Bearer or one-time link); a restore is uploaded, checked in full, staged, and
// applied by the next start (after a safety backup) — or refused naming what is wrong. Both are audited.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CURRENT_SCHEMA_VERSION } from '../../../src/backup/backup-format.ts';
import { DEFAULTS, type Config } from '../../../src/config/schema.ts';
import { startPlatform, type Platform } from '../../../src/main.ts';
import { createLogger } from '../../../src/observability/logger.ts';
import { adminToken, bearer, createAccount, expectError } from '../../support/api.ts';
import { createTestSchema, type TestSchema } from '../../support/pg-schema.ts';
import type { TestPlatform } from '../../support/platform.ts';

interface Listing {
  items: Array<{ name: string; size: number; kind: string; reason: string }>;
  staged: { fileName: string; kind: string; schemaVersion: number; stagedBy: string } | null;
  lastRestore: { ok: boolean; fileName: string; error: string | null; safetyBackup: string | null } | null;
}

describe.each(['sqlite', 'postgres'] as const)('backup and restore from the console on %s', { timeout: 120_000 }, (kind) => {
  let dir: string;
  let schema: TestSchema | undefined;
  let config: Config;
  let platform: Platform;
  let admin: string;

  /** Starts (or restarts) the platform on the same data and backup folder. */
  async function start(): Promise<void> {
    platform = await startPlatform(config, createLogger('silent'));
    admin = await adminToken(platform as TestPlatform);
  }
  const call = (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) => platform.http.inject({ method, url, headers: bearer(admin), ...(payload ? { payload } : {}) });
  const upload = (body: Buffer, fileName: string) =>
    platform.http.inject({ method: 'POST', url: `/v1/admin/restore?fileName=${encodeURIComponent(fileName)}`, headers: { ...bearer(admin), 'content-type': 'application/octet-stream' }, payload: body });
  const listing = async () => (await call('GET', '/v1/admin/backups')).json() as Listing;
  const accountIds = async () => ((await call('GET', '/v1/accounts')).json() as { items: Array<{ id: string }> }).items.map((a) => a.id).filter((id) => id !== 'demo').sort();
  const auditActions = async (prefix: string) =>
    ((await call('GET', '/v1/audit?limit=100')).json() as { items: Array<{ action: string; target: string | null; detail: Record<string, unknown> | null }> }).items.filter((e) => e.action.startsWith(prefix));

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kx-backups-'));
    if (kind === 'postgres') schema = await createTestSchema();
    config = {
      ...structuredClone(DEFAULTS),
      http: { host: '127.0.0.1', port: 0 },
      smpp: { enabled: false, host: '127.0.0.1', port: 0 },
      cmpp: { enabled: false, host: '127.0.0.1', port: 0 },
      database: { url: schema ? schema.url : `sqlite:${join(dir, 'kuaixin.db')}` },
      log: { level: 'silent' },
      admin: { username: 'admin', password: 'admin123' },
      backup: { dir: join(dir, 'backups'), keep: 3 },
    };
    await start();
  });

  afterAll(async () => {
    await platform?.stop();
    await schema?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  let backupName: string;
  let backupBytes: Buffer;

  it('takes a backup while running, lists it and streams it with a Bearer token or a one-time link', async () => {
    await createAccount(platform as TestPlatform, admin, { id: 'before' });
    const taken = await call('POST', '/v1/admin/backups');
    expect(taken.statusCode, taken.body).toBe(201);
    const file = taken.json() as { name: string; size: number; kind: string };
    expect(file).toMatchObject({ kind: kind === 'sqlite' ? 'sqlite' : 'portable', reason: 'manual' });
    backupName = file.name;
    const onDisk = readFileSync(join(dir, 'backups', backupName));
    expect(file.size).toBe(onDisk.length);
    expect((await listing()).items.map((f) => f.name)).toEqual([backupName]);

    const download = await platform.http.inject({ method: 'GET', url: `/v1/admin/backups/${backupName}`, headers: bearer(admin) });
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-disposition']).toBe(`attachment; filename="${backupName}"`);
    backupBytes = download.rawPayload;
    expect(backupBytes.equals(onDisk)).toBe(true);

    const link = (await call('POST', `/v1/admin/backups/${backupName}/link`)).json() as { url: string };
    const viaLink = await platform.http.inject({ method: 'GET', url: link.url });
    expect(viaLink.statusCode).toBe(200);
    expect(viaLink.rawPayload.equals(onDisk)).toBe(true);
    expectError(await platform.http.inject({ method: 'GET', url: link.url }), 404, 'not_found', 'ticket');
    expectError(await call('GET', '/v1/admin/backups/..%2Fkuaixin.db'), 404, 'not_found', 'name');
    expect((await auditActions('backup.')).map((e) => e.action)).toEqual(['backup.downloaded', 'backup.downloaded', 'backup.created']);
  });

  it('refuses uploads that are not a backup for this store, naming the file and what is wrong', async () => {
    const garbage = expectError(await upload(Buffer.from('hello, not a backup'), 'notes.txt'), 422, 'backup_invalid', 'file');
    expect(garbage.message).toContain('notes.txt is not a Kuaixin backup');
    expect(expectError(await upload(Buffer.alloc(0), 'empty.bin'), 422, 'backup_invalid', 'file').message).toContain('empty.bin is empty');
    const truncated = expectError(await upload(backupBytes.subarray(0, Math.floor(backupBytes.length / 2)), 'half.backup'), 422, 'backup_invalid', 'file');
    expect(truncated.message).toMatch(/half\.backup is (corrupt|truncated)/);
    const newer = gzipSync(`${JSON.stringify({ format: 'kuaixin-backup', formatVersion: 1, source: 'postgres', schemaVersion: CURRENT_SCHEMA_VERSION + 1, createdAt: new Date().toISOString(), tables: [] })}\n["end",0]\n`);
    const wrongKind = expectError(await upload(newer, 'other.jsonl.gz'), 422, 'backup_invalid', 'file');
    if (kind === 'sqlite') expect(wrongKind.message).toContain('other.jsonl.gz is a portable (PostgreSQL) backup');
    else expect(wrongKind.message).toContain(`other.jsonl.gz is of schema version ${CURRENT_SCHEMA_VERSION + 1}, newer than this kuaixin knows`);
    const format2 = gzipSync(`${JSON.stringify({ format: 'kuaixin-backup', formatVersion: 2, source: 'postgres', schemaVersion: 1, tables: [] })}\n`);
    if (kind === 'postgres') expect(expectError(await upload(format2, 'f2.gz'), 422, 'backup_invalid', 'file').message).toContain('f2.gz is in backup format 2');
    expectError(await call('POST', '/v1/admin/restore', { file: 'x' }), 400, 'validation_failed', 'body');
    expect((await listing()).staged).toBeNull();
    expect((await auditActions('backup.restore_refused')).length).toBe(kind === 'sqlite' ? 4 : 5);
  });

  it('stages an uploaded backup without touching the data; cancelling un-stages it', async () => {
    await createAccount(platform as TestPlatform, admin, { id: 'after' });
    const staged = await upload(backupBytes, 'monday.backup');
    expect(staged.statusCode, staged.body).toBe(202);
    expect((staged.json() as { message: string }).message).toContain('applied when the platform next starts');
    expect((await listing()).staged).toMatchObject({ fileName: 'monday.backup', kind: kind === 'sqlite' ? 'sqlite' : 'portable', schemaVersion: CURRENT_SCHEMA_VERSION, stagedBy: 'admin' });
    expect(await accountIds()).toEqual(['after', 'before']);
    expect((await call('DELETE', '/v1/admin/restore')).statusCode).toBe(200);
    expect((await listing()).staged).toBeNull();
    expectError(await call('DELETE', '/v1/admin/restore'), 404, 'not_found');
  });

  it('the next start applies the staged restore after a safety backup, and audits it', async () => {
    const staged = await call('POST', `/v1/admin/backups/${backupName}/restore`);
    expect(staged.statusCode, staged.body).toBe(202);
    expect((await auditActions('backup.restore_staged')).map((e) => e.target)).toEqual([backupName, 'monday.backup']);
    await platform.stop();
    await start();
    expect(await accountIds()).toEqual(['before']);
    const after = await listing();
    expect(after.staged).toBeNull();
    expect(after.lastRestore).toMatchObject({ ok: true, fileName: backupName, error: null });
    const safety = after.items.find((f) => f.reason === 'pre-restore')!;
    expect(after.lastRestore!.safetyBackup).toBe(safety.name);
    const applied = await auditActions('backup.restore_applied');
    expect(applied).toHaveLength(1);
    expect(applied[0]).toMatchObject({ target: backupName, detail: { safetyBackup: safety.name } });
  });

  it('a staged file that went bad is not applied: the platform starts on its data and says why', async () => {
    await createAccount(platform as TestPlatform, admin, { id: 'later' });
    expect((await call('POST', `/v1/admin/backups/${backupName}/restore`)).statusCode).toBe(202);
    writeFileSync(join(dir, 'backups', 'restore', 'staged.backup'), 'damaged on disk');
    await platform.stop();
    await start();
    expect(await accountIds()).toEqual(['before', 'later']);
    const after = await listing();
    expect(after.staged).toBeNull();
    expect(after.lastRestore).toMatchObject({ ok: false, fileName: backupName });
    expect(after.lastRestore!.error).toContain(`${backupName} is not a Kuaixin backup`);
    expect((await auditActions('backup.restore_failed')).map((e) => e.target)).toEqual([backupName]);
  });
});
