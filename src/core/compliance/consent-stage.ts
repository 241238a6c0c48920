// The intake stage that refuses marketing to numbers without a current consent grant, for accounts
// that switched requireMarketingConsent on (domain.md §2.1: no commercial SMS without consent).
// Consent is read once per intake request for all its recipients, and requests arriving together
// (a personalised campaign page sends one per recipient) share that read. Nothing is kept past the
// request: a withdrawal recorded before a later request is what that request reads.
import type { ComplianceRepository, ConsentRecord } from '../../store/types.ts';
import { AppError } from '../errors.ts';
import type { Message } from '../message.ts';
import type { PolicyStage, StageContext } from '../pipeline.ts';
import type { ComplianceBook } from './compliance-book.ts';

const NAME = 'consent';

/** What prepare read for one request. */
interface RequestConsents {
  asked: Set<string>;
  found: Map<string, ConsentRecord>;
}

/** Lookups asked for within one turn of the event loop go to the store as one query per account. */
class ConsentBatcher {
  private readonly pending = new Map<string, { numbers: Set<string>; answer: Promise<Map<string, ConsentRecord>> }>();

  constructor(private readonly repository: ComplianceRepository) {}

  load(accountId: string, numbers: string[]): Promise<Map<string, ConsentRecord>> {
    let batch = this.pending.get(accountId);
    if (!batch) {
      const numbersOfBatch = new Set<string>();
      const answer = new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
        this.pending.delete(accountId);
        return this.repository.currentConsents(accountId, [...numbersOfBatch]);
      });
      batch = { numbers: numbersOfBatch, answer };
      this.pending.set(accountId, batch);
    }
    for (const number of numbers) batch.numbers.add(number);
    return batch.answer;
  }
}

function verdict(message: Message, current: ConsentRecord | null): AppError | null {
  if (current?.status === 'granted' && (current.expiresAt === null || current.expiresAt > message.createdAt)) return null;
  const why = current === null ? 'no consent on record' : current.status === 'revoked' ? 'consent was revoked' : 'consent has expired';
  return new AppError('no_consent', `${message.recipient} has not consented to marketing messages (${why})`);
}

export function consentStage(book: ComplianceBook, repository: ComplianceRepository): PolicyStage {
  const batcher = new ConsentBatcher(repository);
  const applies = (accountId: string, category: Message['category']) => category === 'marketing' && book.policyOf(accountId).requireMarketingConsent;
  return {
    name: NAME,
    prepare(batch, context: StageContext) {
      if (batch.recipients.length === 0 || !applies(batch.accountId, batch.category) || !context.lookups) return;
      return batcher.load(batch.accountId, batch.recipients).then((found) => {
        context.lookups!.set(NAME, { asked: new Set(batch.recipients), found } satisfies RequestConsents);
      });
    },
    check(message: Message, context?: StageContext) {
      if (!applies(message.accountId, message.category)) return null;
      const read = context?.lookups?.get(NAME) as RequestConsents | undefined;
      if (read?.asked.has(message.recipient)) return verdict(message, read.found.get(message.recipient) ?? null);
      // Not prepared (a caller outside intake): read it now, still shared with lookups arriving together.
      return batcher.load(message.accountId, [message.recipient]).then((found) => verdict(message, found.get(message.recipient) ?? null));
    },
  };
}
