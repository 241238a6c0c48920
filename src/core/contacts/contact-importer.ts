// Runs contact imports in the background: parses the uploaded file row by row, stages valid rows in
// chunks and records per-row errors, then commits everything in one store transaction — or, when the
// file turns out to be broken or the user cancels, drops what was staged so nothing is half-imported.
// Each running job is leased by this process and the lease renewed while it lives; a job whose lease
// lapsed (its process died mid-import) is failed by the sweep that every process runs.
import { rm } from 'node:fs/promises';
import type { ContactImport, ContactRepository, ImportMode, ImportRowError, StagedContact } from '../../store/types.ts';
import { detectColumns, mapRow, type ColumnChoice, type ColumnMap } from './column-map.ts';
import { openRows, type ImportFormat } from './row-source.ts';

export interface ImportRequest {
  id: string;
  accountId: string;
  format: ImportFormat;
  mode: ImportMode;
  groupId: string | null;
  fileName: string | null;
  /** The uploaded file, removed when the job ends. */
  path: string;
  bytes: number;
  columns?: ColumnChoice;
}

export interface ImporterOptions {
  /** Rows per staging write (and per progress update). */
  chunk?: number;
  /** Files with more data rows fail as a whole. */
  maxRows?: number;
  now?: () => number;
  /** Told when a job ends in an unexpected error (the job itself is marked failed). */
  onError?: (error: unknown, jobId: string) => void;
  /** How long a job stays this process's without a renewal (renewed every third of it). */
  leaseMs?: number;
}

/** What a job whose process died says: its staged rows are gone and no contact was added. */
export const LAPSED_IMPORT_MESSAGE = 'the import stopped when the process running it ended (crash or restart); nothing was imported, upload the file again';

class Cancelled extends Error {}

export class ContactImporter {
  private readonly jobs = new Map<string, { cancelled: boolean; done: Promise<void> }>();
  private readonly chunk: number;
  private readonly maxRows: number;
  private readonly now: () => number;
  private readonly leaseMs: number;
  private renewal: NodeJS.Timeout | null = null;
  private sweeping: NodeJS.Timeout | null = null;

  constructor(
    private readonly repo: ContactRepository,
    private readonly normalize: (input: string) => string | null,
    private readonly options: ImporterOptions = {},
  ) {
    this.chunk = options.chunk ?? 5000;
    this.maxRows = options.maxRows ?? 2_000_000;
    this.now = options.now ?? Date.now;
    this.leaseMs = options.leaseMs ?? 60_000;
  }

  /**
   * Fails the jobs left running by a process that died (their lease lapsed); at start, then every
   * lease period. Resolves with the ids it failed.
   */
  async sweep(): Promise<string[]> {
    return this.repo.failLapsedImports(this.now(), LAPSED_IMPORT_MESSAGE);
  }

  /** Sweeps now and then periodically (another node may die with a job running). */
  async watch(): Promise<void> {
    await this.sweep();
    this.sweeping ??= setInterval(() => void this.sweep().catch((error: unknown) => this.options.onError?.(error, '')), this.leaseMs);
    this.sweeping.unref();
  }

  /** Renews the lease of this process's running jobs while there are any. */
  private keepLeases(): void {
    if (this.jobs.size === 0) {
      if (this.renewal) clearInterval(this.renewal);
      this.renewal = null;
      return;
    }
    this.renewal ??= setInterval(() => {
      void this.repo.renewImports([...this.jobs.keys()], this.now() + this.leaseMs).catch((error: unknown) => this.options.onError?.(error, ''));
    }, this.leaseMs / 3);
    this.renewal.unref();
  }

  /** Records the job and starts it; resolves with the job as stored, while the import runs on. */
  async start(request: ImportRequest): Promise<ContactImport> {
    const job: ContactImport = {
      id: request.id, accountId: request.accountId, status: 'running', phase: 'parsing', format: request.format, mode: request.mode,
      groupId: request.groupId, fileName: request.fileName, bytes: request.bytes, bytesRead: 0, total: 0, done: 0, inserted: 0, updated: 0,
      skipped: 0, errors: 0, columns: null, message: null, createdAt: this.now(), finishedAt: null,
    };
    await this.repo.createImport(job, this.now() + this.leaseMs);
    const state = { cancelled: false, done: Promise.resolve() };
    state.done = this.run(request, state).finally(() => {
      this.jobs.delete(request.id);
      this.keepLeases();
      return rm(request.path, { force: true });
    });
    this.jobs.set(request.id, state);
    this.keepLeases();
    return job;
  }

  /** Asks a running job to stop; it drops its staged rows at its next chunk. False when it is not running here. */
  cancel(id: string): boolean {
    const state = this.jobs.get(id);
    if (state) state.cancelled = true;
    return state !== undefined;
  }

  /** Cancels every running job and waits until each has dropped what it staged (shutdown). */
  async stop(): Promise<void> {
    if (this.sweeping) clearInterval(this.sweeping);
    this.sweeping = null;
    for (const state of this.jobs.values()) state.cancelled = true;
    await this.idle();
  }

  /** Resolves when every running job has ended (for shutdown and tests). */
  async idle(): Promise<void> {
    await Promise.all([...this.jobs.values()].map((j) => j.done));
  }

  private async run(request: ImportRequest, state: { cancelled: boolean }): Promise<void> {
    const { repo } = this;
    const id = request.id;
    try {
      const source = openRows(request.path, request.format);
      // E.164 digits fit a double exactly (at most 15): a million numbers cost far less than a million strings.
      const seen = new Set<number>();
      let map: ColumnMap | null = null;
      let staged: StagedContact[] = [];
      let errors: ImportRowError[] = [];
      let rows = 0;
      let errorCount = 0;
      const flush = async () => {
        if (state.cancelled) throw new Cancelled();
        await repo.stageRows(id, staged);
        await repo.addImportErrors(id, errors);
        errorCount += errors.length;
        staged = [];
        errors = [];
        await repo.updateImport(id, { total: rows, done: rows, errors: errorCount, bytesRead: source.bytesRead() });
      };
      for await (const batch of source.rows) {
        for (const row of batch) {
          if (map === null) {
            map = detectColumns(row.cells, (cell) => this.normalize(cell) !== null, request.columns);
            await repo.updateImport(id, { columns: JSON.stringify(map) });
            if (map.header) continue;
          }
          if (++rows > this.maxRows) throw new Error(`the file has more than ${this.maxRows} rows`);
          const candidate = mapRow(row.cells, map);
          const number = candidate.number === '' ? null : this.normalize(candidate.number);
          if (number === null) errors.push({ rowNo: row.rowNo, number: candidate.number, reason: candidate.number === '' ? 'missing_number' : 'invalid_number' });
          else if (seen.has(Number(number.slice(1)))) errors.push({ rowNo: row.rowNo, number: candidate.number, reason: 'duplicate_in_file' });
          else {
            seen.add(Number(number.slice(1)));
            staged.push({ rowNo: row.rowNo, number, name: candidate.name, fields: candidate.fields, tags: candidate.tags });
          }
          if (staged.length + errors.length >= this.chunk) await flush();
        }
      }
      await flush();
      if (map === null) throw new Error('the file has no rows');
      await repo.updateImport(id, { phase: 'committing', total: rows, bytesRead: request.bytes });
      if (state.cancelled) throw new Cancelled();
      await repo.commitImport(id, this.now());
    } catch (error) {
      const cancelled = error instanceof Cancelled;
      if (!cancelled) this.options.onError?.(error, id);
      const message = cancelled ? 'cancelled' : error instanceof Error ? error.message : String(error);
      await repo.abandonImport(id, cancelled ? 'cancelled' : 'failed', message.slice(0, 500), this.now()).catch((e: unknown) => this.options.onError?.(e, id));
    }
  }
}
