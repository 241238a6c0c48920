// The intake stage that holds marketing messages outside the account's sending hours until the window
// opens (domain.md §2.6): never a refusal, the message is stored as scheduled.
import type { Message } from '../message.ts';
import type { PolicyStage } from '../pipeline.ts';
import type { ComplianceBook } from './compliance-book.ts';

export function sendingHoursStage(book: ComplianceBook): PolicyStage {
  return {
    name: 'sending-hours',
    check(message: Message): null {
      // Verification and notification go out at any hour.
      if (message.category !== 'marketing') return null;
      const due = message.nextAttemptAt;
      const opening = book.marketingOpening(message.accountId, due);
      if (opening === due) return null;
      // Deferring: intake sees state 'scheduled' and stores the message for housekeeping to release.
      message.state = 'scheduled';
      message.scheduledAt = opening;
      message.nextAttemptAt = opening;
      // The validity runs from when it may first go out, as for a message scheduled by the caller.
      message.validUntil += opening - due;
      return null;
    },
  };
}
