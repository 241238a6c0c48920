// A run's outcome from its messages' tally: how many went, arrived, failed (by reason) and are still open.
import type { RunTally } from '../../store/types.ts';
import { isFinal } from '../message.ts';
import type { FailureClassifier } from '../stats/failure-category.ts';

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
  /** Failed messages by category (invalid_number, powered_off, blacklist, …; the platform's failure table). */
  failures: Record<string, number>;
  /** Failed messages by raw reason (the upstream's status or our error code, else the state). */
  failureCodes: Record<string, number>;
  /** Charged for the run's messages, in li; refunds of failed ones are in the ledger. */
  cost: number;
  /** delivered / (delivered + failed), or null before anything is final. */
  deliveryRate: number | null;
}

/** States a message is in only after the carrier accepted it. */
const REACHED_CARRIER = new Set(['submitted', 'delivered', 'undelivered', 'expired']);

export function runReport(tally: RunTally[], classify: FailureClassifier): RunReport {
  const report: RunReport = { messages: 0, segments: 0, pending: 0, submitted: 0, delivered: 0, failed: 0, cancelled: 0, failures: {}, failureCodes: {}, cost: 0, deliveryRate: null };
  for (const row of tally) {
    report.messages += row.count;
    report.segments += row.segments;
    report.cost += row.cost;
    if (REACHED_CARRIER.has(row.state)) report.submitted += row.count;
    if (!isFinal(row.state)) report.pending += row.count;
    else if (row.state === 'delivered') report.delivered += row.count;
    else if (row.state === 'cancelled') report.cancelled += row.count;
    else {
      report.failed += row.count;
      const category = classify(row.state, row.errorCode) ?? 'unknown';
      report.failures[category] = (report.failures[category] ?? 0) + row.count;
      const code = row.errorCode ?? row.state;
      report.failureCodes[code] = (report.failureCodes[code] ?? 0) + row.count;
    }
  }
  const settled = report.delivered + report.failed;
  report.deliveryRate = settled === 0 ? null : report.delivered / settled;
  return report;
}
