// Restores from the console are staged, not applied under a running platform: the upload is checked in full
// (format, version, integrity) and kept in <backup dir>/restore/; the next start applies it before the store is
// opened — nothing else has the database then — after a safety backup of the data it replaces. The outcome is
// kept in last-restore.json for the console, and audited by the caller once the store is open.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { sqlitePath } from '../store/open-store.ts';
import { BackupError, detectBackupKind, type BackupKind } from './backup-format.ts';
import { BackupFolder, type BackupSettings } from './backup-folder.ts';
import { restorePostgres } from './pg-restore.ts';
import { checkPortableBackup } from './portable-check.ts';
import { restoreSqlite, validateCopy } from './sqlite-backup.ts';

export interface StagedRestore {
  /** The name it was uploaded under (or the kept backup it came from). */
  fileName: string;
  kind: BackupKind;
  schemaVersion: number;
  size: number;
  /** When the backup itself was taken, if it says (portable backups do). */
  backupCreatedAt: string | null;
  stagedAt: string;
  stagedBy: string;
}

export interface RestoreOutcome {
  at: string;
  ok: boolean;
  fileName: string;
  stagedBy: string;
  schemaVersion: number;
  /** Why it was not applied (the data was left as it was). */
  error: string | null;
  /** The backup of the data it replaced, in the backup folder. */
  safetyBackup: string | null;
}

const restoreDir = (settings: BackupSettings) => join(settings.dir, 'restore');
const stagedFile = (settings: BackupSettings) => join(restoreDir(settings), 'staged.backup');
/** Written last when staging and removed first when applying or cancelling: its presence is what "staged" means. */
const stagedMeta = (settings: BackupSettings) => join(restoreDir(settings), 'staged.json');
const outcomeFile = (settings: BackupSettings) => join(restoreDir(settings), 'last-restore.json');

/** A fresh path for an upload in the restore folder (same file system, so staging is a rename). */
export function uploadPath(settings: BackupSettings, id: string): string {
  mkdirSync(restoreDir(settings), { recursive: true });
  return join(restoreDir(settings), `upload-${id}.tmp`);
}

/** Checks `path` in full as a backup for this store, naming what is wrong as `fileName`; resolves with what it is. */
export async function checkBackup(path: string, fileName: string, settings: BackupSettings): Promise<Pick<StagedRestore, 'kind' | 'schemaVersion' | 'backupCreatedAt'>> {
  let kind: BackupKind;
  try {
    kind = detectBackupKind(path);
  } catch (error) {
    // detectBackupKind names the path; the operator knows the file by its own name.
    throw new BackupError((error as Error).message.replace(path, fileName));
  }
  if (kind === 'sqlite' && settings.engine !== 'sqlite') throw new BackupError(`${fileName} is a SQLite backup; this platform's store is PostgreSQL, which restores only portable backups`);
  if (kind === 'portable' && settings.engine !== 'postgres') throw new BackupError(`${fileName} is a portable (PostgreSQL) backup; this platform's store is SQLite, which restores only SQLite backups`);
  if (kind === 'sqlite') return { kind, schemaVersion: validateCopy(path, fileName), backupCreatedAt: null };
  const { header } = await checkPortableBackup(path, fileName);
  return { kind, schemaVersion: header.schemaVersion, backupCreatedAt: header.createdAt ?? null };
}

/** Checks the file and makes it the staged restore (replacing one staged before); it is moved, not copied. */
export async function stageRestore(settings: BackupSettings, path: string, who: { fileName: string; stagedBy: string }): Promise<StagedRestore> {
  const checked = await checkBackup(path, who.fileName, settings);
  rmSync(stagedMeta(settings), { force: true });
  renameSync(path, stagedFile(settings));
  const staged: StagedRestore = { ...who, ...checked, size: statSync(stagedFile(settings)).size, stagedAt: new Date().toISOString() };
  writeJson(stagedMeta(settings), staged);
  return staged;
}

export function readStaged(settings: BackupSettings): StagedRestore | null {
  return readJson<StagedRestore>(stagedMeta(settings));
}

export function lastRestore(settings: BackupSettings): RestoreOutcome | null {
  return readJson<RestoreOutcome>(outcomeFile(settings));
}

/** Un-stages; resolves with what was staged (null: nothing was). */
export function cancelStaged(settings: BackupSettings): StagedRestore | null {
  const staged = readStaged(settings);
  rmSync(stagedMeta(settings), { force: true });
  rmSync(stagedFile(settings), { force: true });
  return staged;
}

/**
 * At start, before the store is opened: applies a staged restore, if any. The current data is backed up first
 * (a failed safety backup stops the restore). A refusal leaves the data as it was; either way the staged file is
 * removed, so a bad one does not block every start. Resolves with the outcome (null: nothing was staged).
 */
export async function applyStagedRestore(settings: BackupSettings, logger: Logger): Promise<RestoreOutcome | null> {
  const staged = readStaged(settings);
  if (!staged) return null;
  const file = stagedFile(settings);
  const outcome: RestoreOutcome = { at: new Date().toISOString(), ok: false, fileName: staged.fileName, stagedBy: staged.stagedBy, schemaVersion: staged.schemaVersion, error: null, safetyBackup: null };
  logger.warn({ file: staged.fileName, stagedBy: staged.stagedBy, stagedAt: staged.stagedAt }, 'applying the restore staged from the console');
  try {
    if (!existsSync(file)) throw new BackupError(`the staged file of ${staged.fileName} is missing from ${restoreDir(settings)}`);
    // Checked again: the file sat on disk, and this build may not be the one that staged it.
    await checkBackup(file, staged.fileName, settings);
    outcome.safetyBackup = await safetyBackup(settings);
    if (settings.engine === 'sqlite') restoreSqlite(file, sqlitePath(settings.url), true);
    else await restorePostgres(file, settings.url, true);
    outcome.ok = true;
    logger.warn({ file: staged.fileName, safetyBackup: outcome.safetyBackup }, 'restore applied');
  } catch (error) {
    outcome.error = (error as Error).message;
    logger.error({ file: staged.fileName, err: outcome.error }, 'the staged restore was not applied; the data is as it was');
  } finally {
    rmSync(stagedMeta(settings), { force: true });
    rmSync(file, { force: true });
    outcome.at = new Date().toISOString();
    writeJson(outcomeFile(settings), outcome);
  }
  return outcome;
}

/** A backup of what is about to be replaced; none when there is nothing yet (a fresh SQLite file). */
async function safetyBackup(settings: BackupSettings): Promise<string | null> {
  if (settings.engine === 'sqlite' && !existsSync(sqlitePath(settings.url))) return null;
  return (await new BackupFolder(settings).create('pre-restore')).name;
}

function readJson<T>(path: string): T | null {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch {
    return null;
  }
}

/** Via a temporary file, so a reader never sees half of it. */
function writeJson(path: string, value: unknown): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(`${path}.tmp`, `${JSON.stringify(value, null, 2)}\n`);
  renameSync(`${path}.tmp`, path);
}
