// Writes audit entries in batches: a mutating request costs an array push, not a database write.
import { newId } from '../ids.ts';
import type { AuditEntry, AuditRepository } from '../../store/types.ts';

export type AuditInput = Omit<AuditEntry, 'id' | 'at'> & { at?: number };

const MAX_TEXT = 500;

/** PostgreSQL text cannot hold U+0000, and a hostile client should not fill the log with megabytes. */
function clean(value: string | null): string | null {
  return value === null ? null : value.replace(/\u0000/g, '').slice(0, MAX_TEXT);
}

/** The detail as stored: without NUL escapes (JSONB refuses them) and small. */
function boundedDetail(detail: Record<string, unknown>): Record<string, unknown> {
  const text = JSON.stringify(detail).replace(/\\u0000/g, '');
  return text.length > 4000 ? { truncated: true } : (JSON.parse(text) as Record<string, unknown>);
}

export class AuditTrail {
  private buffer: AuditEntry[] = [];
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly repo: AuditRepository,
    private readonly options: { flushMs?: number; maxBatch?: number; onError?: (error: unknown) => void } = {},
  ) {}

  record(input: AuditInput): void {
    const at = input.at ?? Date.now();
    this.buffer.push({
      id: newId(at),
      at,
      actor: clean(input.actor) ?? 'anonymous',
      accountId: clean(input.accountId),
      action: clean(input.action) ?? '',
      target: clean(input.target),
      detail: input.detail === null ? null : boundedDetail(input.detail),
      ip: clean(input.ip),
    });
    if (this.buffer.length >= (this.options.maxBatch ?? 500)) void this.flush();
    else if (!this.timer) this.timer = setTimeout(() => void this.flush(), this.options.flushMs ?? 200);
  }

  /** Writes everything recorded so far; resolves when it is stored (listing calls this first). */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.buffer;
    this.buffer = [];
    // Batches are written one after another, so a reader that awaited flush() sees every earlier entry.
    this.flushing = this.flushing.then(async () => {
      if (batch.length === 0) return;
      try {
        await this.repo.append(batch);
      } catch (error) {
        this.options.onError?.(error);
      }
    });
    return this.flushing;
  }
}
