// The failure-category table in force: built-in defaults plus the admin's edits kept in the store's settings.
import type { Store } from '../../store/types.ts';
import { checkFailureTable, DEFAULT_FAILURE_TABLE, failureClassifier, type FailureCategoryTable, type FailureClassifier } from './failure-category.ts';

/** The settings key holding the admin's entries as JSON ({ "MK:0005": "invalid_number", … }). */
export const FAILURE_TABLE_SETTING = 'stats.failure_categories';

export class FailureTableBook {
  private edits: FailureCategoryTable = {};
  private raw: string | null = null;
  private compiled: FailureClassifier = failureClassifier();

  constructor(private readonly settings: Store['settings']) {}

  /** The admin's entries (upper-cased codes). */
  get overrides(): FailureCategoryTable {
    return this.edits;
  }

  /** Defaults with the admin's entries laid over them. */
  get table(): FailureCategoryTable {
    return { ...DEFAULT_FAILURE_TABLE, ...this.edits };
  }

  get classify(): FailureClassifier {
    return this.compiled;
  }

  /** Re-reads the stored entries (one settings read); recompiles only when they changed. */
  async refresh(): Promise<void> {
    const raw = await this.settings.get(FAILURE_TABLE_SETTING);
    if (raw === this.raw) return;
    this.raw = raw;
    let parsed: Record<string, unknown> = {};
    try {
      parsed = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    } catch {
      parsed = {};
    }
    this.apply(checkFailureTable(parsed));
  }

  /** Validates (RangeError naming the entry) and stores the admin's entries, replacing the previous ones. */
  async replace(entries: Record<string, unknown>): Promise<FailureCategoryTable> {
    const checked = checkFailureTable(entries);
    const raw = JSON.stringify(checked);
    await this.settings.set(FAILURE_TABLE_SETTING, raw);
    this.raw = raw;
    this.apply(checked);
    return checked;
  }

  private apply(edits: FailureCategoryTable): void {
    this.edits = edits;
    this.compiled = failureClassifier(this.table);
  }
}
