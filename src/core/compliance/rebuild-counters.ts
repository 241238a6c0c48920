// Startup: replays the last day of stored intake into the frequency counters, in keyset pages, so a
// restart (on the same database) does not hand every recipient a fresh allowance.
import type { ComplianceRepository } from '../../store/types.ts';
import type { FrequencyLimiter } from './frequency-limiter.ts';

const PAGE = 10_000;

export async function rebuildFrequencyCounters(repository: ComplianceRepository, limiter: FrequencyLimiter, since: number): Promise<number> {
  let after: { at: number; id: string } | null = null;
  let total = 0;
  for (;;) {
    const rows = await repository.recentIntake(since, after, PAGE);
    total += limiter.rebuild(rows);
    if (rows.length < PAGE) return total;
    const last = rows[rows.length - 1]!;
    after = { at: last.createdAt, id: last.id };
  }
}
