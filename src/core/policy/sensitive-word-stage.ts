// The intake policy stage that refuses a text containing a word from the platform's or the account's list.
import { AppError } from '../errors.ts';
import type { Message } from '../message.ts';
import type { PolicyStage } from '../pipeline.ts';
import type { ListedMatch, SensitiveWordBook } from './sensitive-word-book.ts';

/** Enough for a client to find every word; a text full of them need not produce a huge answer. */
const MAX_REPORTED = 50;

export function sensitiveWordStage(book: SensitiveWordBook): PolicyStage {
  // One request sends one text to many recipients, and the stage runs per recipient: the last
  // answer is kept, so a 1,000-recipient request scans its text once.
  let last: { accountId: string; text: string; generation: number; matches: ListedMatch[] } | null = null;
  return {
    name: 'sensitive-words',
    check(message: Message): AppError | null {
      if (!last || last.accountId !== message.accountId || last.text !== message.text || last.generation !== book.generation) {
        last = { accountId: message.accountId, text: message.text, generation: book.generation, matches: book.check(message.accountId, message.text) };
      }
      return last.matches.length === 0 ? null : contentBlocked(last.matches);
    },
  };
}

export function contentBlocked(matches: ListedMatch[]): AppError {
  const words = [...new Set(matches.map((m) => m.word))];
  const details = matches.slice(0, MAX_REPORTED).map((m) => ({ word: m.word, start: m.start, end: m.end, list: m.list }));
  return new AppError('content_blocked', `the text contains blocked words: ${words.slice(0, 10).join(', ')}${words.length > 10 ? ', …' : ''}`, 'text', details);
}
