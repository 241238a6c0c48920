// The node's folder of backups taken from the console: where it is, what is in it, taking one now (one at a
// time), and keeping only the newest few. Files are written via a temporary name, so a listed file is complete.
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Config } from '../config/schema.ts';
import { sqlitePath, storeEngine } from '../store/open-store.ts';
import { BackupError, type BackupKind } from './backup-format.ts';
import { backupPostgres } from './pg-backup.ts';
import { backupSqlite } from './sqlite-backup.ts';

export interface BackupSettings {
  /** Where backups (and the staged restore, in restore/) are kept. */
  dir: string;
  keep: number;
  maxUploadBytes: number;
  url: string;
  engine: 'sqlite' | 'postgres';
}

export const DEFAULT_KEEP = 10;
export const DEFAULT_MAX_UPLOAD_MB = 4096;

/** The settings config gives, defaulting the folder to "backups" beside the SQLite file (./data/backups for PostgreSQL). */
export function backupSettings(config: Config): BackupSettings {
  const url = config.database.url;
  const engine = storeEngine(url) ?? 'sqlite';
  const beside = engine === 'sqlite' && sqlitePath(url) !== ':memory:' ? dirname(sqlitePath(url)) : './data';
  return {
    dir: config.backup?.dir ?? join(beside, 'backups'),
    keep: config.backup?.keep ?? DEFAULT_KEEP,
    maxUploadBytes: (config.backup?.maxUploadMb ?? DEFAULT_MAX_UPLOAD_MB) * 1024 * 1024,
    url,
    engine,
  };
}

export interface BackupFile {
  name: string;
  size: number;
  createdAt: string;
  kind: BackupKind;
  /** 'manual': taken from the console or API; 'pre-restore': the data a staged restore replaced. */
  reason: 'manual' | 'pre-restore';
}

/** kuaixin-20261123-110700-123.sqlite, pre-restore-….jsonl.gz: the only names served, so no path can be smuggled in. */
const NAME = /^(kuaixin|pre-restore)-(\d{8}-\d{6}-\d{3})\.(sqlite|jsonl\.gz)$/;

export function isBackupName(name: string): boolean {
  return NAME.test(name);
}

export class BackupFolder {
  private running: Promise<unknown> = Promise.resolve();

  constructor(readonly settings: BackupSettings) {}

  /** Newest first. */
  list(): BackupFile[] {
    let names: string[];
    try {
      names = readdirSync(this.settings.dir);
    } catch {
      return [];
    }
    const files: BackupFile[] = [];
    for (const name of names) {
      const match = NAME.exec(name);
      if (!match) continue;
      const stat = statSync(join(this.settings.dir, name), { throwIfNoEntry: false });
      if (!stat?.isFile()) continue;
      files.push({ name, size: stat.size, createdAt: timeOf(match[2]).toISOString(), kind: match[3] === 'sqlite' ? 'sqlite' : 'portable', reason: match[1] === 'kuaixin' ? 'manual' : 'pre-restore' });
    }
    return files.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.name.localeCompare(a.name));
  }

  /** The file's path if it is one of ours and exists, else null. */
  pathOf(name: string): string | null {
    if (!NAME.test(name)) return null;
    const path = join(this.settings.dir, name);
    return statSync(path, { throwIfNoEntry: false })?.isFile() ? path : null;
  }

  /** Takes a backup now; one at a time per node (a second request waits for the first). Prunes past `keep`. */
  create(reason: BackupFile['reason'] = 'manual'): Promise<BackupFile> {
    const next = this.running.catch(() => undefined).then(() => this.write(reason));
    this.running = next;
    return next;
  }

  private async write(reason: BackupFile['reason']): Promise<BackupFile> {
    const { dir, engine, url } = this.settings;
    if (engine === 'sqlite' && sqlitePath(url) === ':memory:') throw new BackupError('the store is an in-memory SQLite database: there is nothing to back up to a file');
    mkdirSync(dir, { recursive: true });
    const name = `${reason === 'manual' ? 'kuaixin' : 'pre-restore'}-${stamp(new Date())}.${engine === 'sqlite' ? 'sqlite' : 'jsonl.gz'}`;
    const path = join(dir, name);
    if (engine === 'sqlite') await backupSqlite(sqlitePath(url), path);
    else await backupPostgres(url, path);
    this.prune();
    return this.list().find((f) => f.name === name)!;
  }

  /** Keeps the newest `keep` backups of each reason: pre-restore copies never push out the operator's own. */
  private prune(): void {
    const all = this.list();
    for (const reason of ['manual', 'pre-restore'] as const) {
      for (const old of all.filter((f) => f.reason === reason).slice(this.settings.keep)) rmSync(join(this.settings.dir, old.name), { force: true });
    }
  }
}

/** UTC, to the millisecond: names sort by time. Two backups in the same millisecond are impossible (one at a time). */
function stamp(date: Date): string {
  const iso = date.toISOString(); // 2026-11-23T11:07:00.123Z
  return `${iso.slice(0, 10).replaceAll('-', '')}-${iso.slice(11, 19).replaceAll(':', '')}-${iso.slice(20, 23)}`;
}

function timeOf(text: string): Date {
  const [d, t, ms] = text.split('-');
  return new Date(Date.UTC(Number(d.slice(0, 4)), Number(d.slice(4, 6)) - 1, Number(d.slice(6, 8)), Number(t.slice(0, 2)), Number(t.slice(2, 4)), Number(t.slice(4, 6)), Number(ms)));
}
