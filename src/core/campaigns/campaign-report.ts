// A run's outcome from its messages' tally: how many went, arrived, failed (by reason) and are still open.
import type { RunTally } from '../../store/types.ts';
import { isFinal } from '../message.ts';

export interface RunReport {
  messages: number;
  segments: number;
  /** Not final yet: scheduled, queued or submitted (waiting for a receipt). */
  pending: number;
  /** Accepted by the carrier (submitted, then delivered, undelivered or expired). */
  submitted: number;
  delivered: number;
  failed: number;
  cancelled: number;
  /** Failed messages by reason (error code, or the state when there is none). */
  failures: Record<string, number>;
  /** delivered / (delivered + failed), or null before anything is final. */
  deliveryRate: number | null;
}

/** States a message is in only after the carrier accepted it. */
const REACHED_CARRIER = new Set(['submitted', 'delivered', 'undelivered', 'expired']);

export function runReport(tally: RunTally[]): RunReport {
  const report: RunReport = { messages: 0, segments: 0, pending: 0, submitted: 0, delivered: 0, failed: 0, cancelled: 0, failures: {}, deliveryRate: null };
  for (const row of tally) {
    report.messages += row.count;
    report.segments += row.segments;
    if (REACHED_CARRIER.has(row.state)) report.submitted += row.count;
    if (!isFinal(row.state)) report.pending += row.count;
    else if (row.state === 'delivered') report.delivered += row.count;
    else if (row.state === 'cancelled') report.cancelled += row.count;
    else {
      report.failed += row.count;
      const reason = row.errorCode ?? row.state;
      report.failures[reason] = (report.failures[reason] ?? 0) + row.count;
    }
  }
  const settled = report.delivered + report.failed;
  report.deliveryRate = settled === 0 ? null : report.delivered / settled;
  return report;
}
