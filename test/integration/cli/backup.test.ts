// `kuaixin backup` while a real platform accepts messages, then `kuaixin restore` into a fresh store: the
// restored data must equal the snapshot the backup took. Bad files and data in the way are refused, naming why.
import { readFileSync, writeFileSync, mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminToken, bearer, createAccount } from '../../support/api.ts';
import { runCli } from '../../support/cli.ts';
import { createTestSchema, type TestSchema } from '../../support/pg-schema.ts';
import { startTestPlatform, type TestPlatform } from '../../support/platform.ts';

const TABLES = ['accounts', 'credentials', 'messages', 'message_parts', 'outbox'];

/** Row counts of a few tables and the message ids, from either kind of store. */
async function inspect(url: string): Promise<{ counts: Record<string, number>; messageIds: string[] }> {
  if (url.startsWith('sqlite:')) {
    const db = new Database(url.slice('sqlite:'.length), { readonly: true });
    try {
      const counts = Object.fromEntries(TABLES.map((t) => [t, (db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n]));
      return { counts, messageIds: db.prepare('SELECT id FROM messages ORDER BY id').pluck().all() as string[] };
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const counts: Record<string, number> = {};
    for (const t of TABLES) counts[t] = Number((await client.query(`SELECT count(*) AS n FROM ${t}`)).rows[0].n);
    const messageIds = (await client.query<{ id: string }>('SELECT id FROM messages ORDER BY id')).rows.map((r) => r.id);
    return { counts, messageIds };
  } finally {
    await client.end();
  }
}

async function rowsFrom(url: string, ids: string[]): Promise<unknown[]> {
  if (url.startsWith('sqlite:')) {
    const db = new Database(url.slice('sqlite:'.length), { readonly: true });
    try {
      return ids.map((id) => db.prepare('SELECT id, account_id, recipient, text FROM messages WHERE id = ?').get(id));
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query('SELECT id, account_id, recipient, text FROM messages WHERE id = ANY($1) ORDER BY id', [ids])).rows;
  } finally {
    await client.end();
  }
}

/** Row counts a portable backup states for each table. */
function portableCounts(file: string): Record<string, number> {
  const lines = gunzipSync(readFileSync(file)).toString('utf8').trim().split('\n');
  const counts: Record<string, number> = {};
  for (const line of lines) {
    if (!line.startsWith('[')) continue;
    const [kind, name, n] = JSON.parse(line) as [string, string, number];
    if (kind === 'rows') counts[name] = n;
  }
  return counts;
}

function pickCounts(counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(TABLES.map((t) => [t, counts[t]]));
}

describe.each(['sqlite', 'postgres'] as const)('kuaixin backup and restore on %s', { timeout: 120_000 }, (kind) => {
  let platform: TestPlatform;
  let dir: string;
  let sourceUrl: string;
  let freshUrl: string;
  let fresh: TestSchema | undefined;
  let apiKey: string;
  const backupFile = () => join(dir, kind === 'sqlite' ? 'kuaixin.backup.db' : 'kuaixin.backup.jsonl.gz');
  const cli = (args: string[], url: string) => runCli(args, { DATABASE_URL: url }, 60_000);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kuaixin-backup-'));
    platform = await startTestPlatform({}, { store: kind });
    sourceUrl = platform.config.database.url;
    apiKey = await createAccount(platform, await adminToken(platform), { id: 'acme' });
    if (kind === 'postgres') {
      fresh = await createTestSchema();
      freshUrl = fresh.url;
    } else {
      freshUrl = `sqlite:${join(dir, 'restored', 'kuaixin.db')}`;
    }
  });

  afterAll(async () => {
    await platform?.stop();
    await fresh?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('backs up while messages arrive and restores the same snapshot into a fresh store', async () => {
    let sending = true;
    let accepted = 0;
    const sender = (async () => {
      for (let batch = 0; sending; batch++) {
        const messages = Array.from({ length: 20 }, (_, i) => ({ to: `+86138${String(batch * 20 + i).padStart(8, '0')}`, text: `backup ${batch}/${i}` }));
        const res = await platform.http.inject({ method: 'POST', url: '/v1/messages/batch', headers: bearer(apiKey), payload: { messages } });
        if (res.statusCode === 202) accepted += messages.length;
      }
    })();
    while (accepted < 200) await new Promise((r) => setTimeout(r, 20));
    const backup = await cli(['backup', '--out', backupFile()], sourceUrl);
    const acceptedAtBackup = accepted;
    sending = false;
    await sender;
    expect(backup.code, backup.stderr).toBe(0);
    expect(backup.stdout).toContain(`backed up to ${backupFile()}`);

    const restore = await cli(['restore', '--in', backupFile()], freshUrl);
    expect(restore.code, restore.stderr).toBe(0);

    const restored = await inspect(freshUrl);
    const snapshot = kind === 'sqlite' ? (await inspect(`sqlite:${backupFile()}`)).counts : portableCounts(backupFile());
    for (const t of TABLES) expect(restored.counts[t], t).toBe(snapshot[t]);
    expect(restored.counts.accounts).toBeGreaterThanOrEqual(1);
    expect(restored.counts.messages).toBeGreaterThanOrEqual(200);
    expect(restored.counts.messages).toBeLessThanOrEqual(accepted);
    expect(acceptedAtBackup).toBeGreaterThanOrEqual(200);
    // A sample of rows, field by field, against the platform's own database.
    const ids = restored.messageIds.filter((_, i) => i % 13 === 0);
    expect(await rowsFrom(freshUrl, ids)).toEqual(await rowsFrom(sourceUrl, ids));
  });

  it('refuses to restore over existing data without --force, and replaces it with --force', async () => {
    const refused = await cli(['restore', '--in', backupFile()], freshUrl);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/already holds data.*: use --force/);
    const forced = await cli(['restore', '--in', backupFile(), '--force'], freshUrl);
    expect(forced.code, forced.stderr).toBe(0);
    expect((await inspect(freshUrl)).counts).toEqual(kind === 'sqlite' ? (await inspect(`sqlite:${backupFile()}`)).counts : pickCounts(portableCounts(backupFile())));
  });

  it('refuses truncated, corrupt, foreign and missing files, leaving the store as it was', async () => {
    const before = (await inspect(freshUrl)).counts;
    const whole = readFileSync(backupFile());
    const truncated = join(dir, 'truncated');
    writeFileSync(truncated, whole.subarray(0, Math.floor(whole.length / 2)));
    const garbage = join(dir, 'garbage');
    writeFileSync(garbage, 'not a backup at all\n');
    const foreignGzip = join(dir, 'foreign.gz');
    writeFileSync(foreignGzip, gzipSync('{"hello":"world"}\n'));
    const results = await Promise.all([
      cli(['restore', '--in', truncated, '--force'], freshUrl),
      cli(['restore', '--in', garbage, '--force'], freshUrl),
      cli(['restore', '--in', join(dir, 'absent'), '--force'], freshUrl),
    ]);
    expect(results.map((r) => r.code)).toEqual([1, 1, 1]);
    expect(results[0].stderr).toMatch(/corrupt or truncated|truncated|malformed/);
    expect(results[1].stderr).toContain('is not a Kuaixin backup');
    expect(results[2].stderr).toContain('no such file');
    const foreign = await cli(['restore', '--in', foreignGzip, '--force'], freshUrl);
    expect(foreign.code).toBe(1);
    expect(foreign.stderr).toContain(kind === 'postgres' ? 'not a Kuaixin backup' : 'portable (PostgreSQL) backup');
    expect((await inspect(freshUrl)).counts).toEqual(before);
  });

  if (kind === 'postgres') {
    it('refuses a backup of a newer schema version', async () => {
      const lines = gunzipSync(readFileSync(backupFile())).toString('utf8').split('\n');
      const header = JSON.parse(lines[0]) as { schemaVersion: number };
      lines[0] = JSON.stringify({ ...header, schemaVersion: header.schemaVersion + 1 });
      const newer = join(dir, 'newer.jsonl.gz');
      writeFileSync(newer, gzipSync(lines.join('\n')));
      const result = await cli(['restore', '--in', newer, '--force'], freshUrl);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('newer than this kuaixin knows');
    });

    it('refuses a backup cut at a line boundary (intact gzip, no end line), restoring nothing', async () => {
      const before = (await inspect(freshUrl)).counts;
      const lines = gunzipSync(readFileSync(backupFile())).toString('utf8').trim().split('\n');
      const cut = join(dir, 'cut.jsonl.gz');
      writeFileSync(cut, gzipSync(lines.slice(0, -3).join('\n') + '\n'));
      const result = await cli(['restore', '--in', cut, '--force'], freshUrl);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('is truncated');
      expect((await inspect(freshUrl)).counts).toEqual(before);
    });

    it('moves identity sequences past the restored ids, so the restored store can keep writing', async () => {
      const client = new pg.Client({ connectionString: freshUrl });
      await client.connect();
      try {
        const { rows } = await client.query<{ n: string; max: string | null }>('SELECT count(*) AS n, max(id) AS max FROM message_events');
        expect(Number(rows[0].n)).toBeGreaterThan(0);
        const inserted = await client.query<{ id: string }>("INSERT INTO message_events (message_id, at, state) VALUES ('m', 0, 'queued') RETURNING id");
        expect(Number(inserted.rows[0].id)).toBeGreaterThan(Number(rows[0].max));
      } finally {
        await client.end();
      }
    });
  } else {
    it('refuses to restore while a platform has the database open, and a SQLite backup into PostgreSQL', async () => {
      const busy = await cli(['restore', '--in', backupFile(), '--force'], sourceUrl);
      expect(busy.code).toBe(1);
      expect(busy.stderr).toContain('is in use');
      expect(existsSync(platform.config.database.url.slice('sqlite:'.length))).toBe(true);
      const schema = await createTestSchema();
      try {
        const cross = await cli(['restore', '--in', backupFile()], schema.url);
        expect(cross.code).toBe(1);
        expect(cross.stderr).toContain('restores only into a SQLite store');
      } finally {
        await schema.drop();
      }
    });
  }

  it('explains itself and names a missing option', async () => {
    const [help, missing] = await Promise.all([runCli(['backup', '--help']), runCli(['restore'])]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('usage: kuaixin backup --out FILE');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--in is required');
  });
});
