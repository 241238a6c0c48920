// The intake stage that refuses marketing to numbers without a current consent grant, for accounts
// that switched requireMarketingConsent on (domain.md §2.1: no commercial SMS without consent).
import type { ComplianceRepository } from '../../store/types.ts';
import { AppError } from '../errors.ts';
import type { Message } from '../message.ts';
import type { PolicyStage } from '../pipeline.ts';
import type { ComplianceBook } from './compliance-book.ts';

export function consentStage(book: ComplianceBook, repository: ComplianceRepository): PolicyStage {
  return {
    name: 'consent',
    check(message: Message) {
      if (message.category !== 'marketing' || !book.policyOf(message.accountId).requireMarketingConsent) return null;
      // One indexed lookup per marketing message, only for accounts that asked for the check.
      return repository.currentConsent(message.accountId, message.recipient).then((current) => {
        if (current?.status === 'granted' && (current.expiresAt === null || current.expiresAt > message.createdAt)) return null;
        const why = current === null ? 'no consent on record' : current.status === 'revoked' ? 'consent was revoked' : 'consent has expired';
        return new AppError('no_consent', `${message.recipient} has not consented to marketing messages (${why})`);
      });
    },
  };
}
