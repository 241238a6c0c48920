// The intake policy stage that refuses a recipient on a blacklist, naming the list that matched.
import { AppError } from '../errors.ts';
import type { Message } from '../message.ts';
import type { PolicyStage, StageContext } from '../pipeline.ts';
import type { BlacklistBook } from './blacklist-book.ts';

/** The signature (签名) of a Chinese SMS: 【…】 at the start or the end of the text. */
export function signatureOf(text: string): string | null {
  const m = /^\s*【([^】]{1,20})】/u.exec(text) ?? /【([^】]{1,20})】\s*$/u.exec(text);
  return m ? m[1] : null;
}

export function blacklistStage(book: BlacklistBook): PolicyStage {
  return {
    name: 'blacklist',
    check(message: Message, context?: StageContext): AppError | null {
      const hits = book.check(message.accountId, message.recipient, signatureOf(message.text), context?.skipUnsubscribe === true);
      if (hits.length === 0) return null;
      const lists = [...new Set(hits.map((h) => h.list))];
      return new AppError(
        'blacklisted',
        `${message.recipient} is on the ${lists.join(', ')} blacklist${lists.length > 1 ? 's' : ''}`,
        undefined,
        hits.map((h) => ({ list: h.list, ...(h.signature ? { signature: h.signature } : {}) })),
      );
    },
  };
}
