// /v1/sensitive-words (the platform's list for admins, each account's own list) and /v1/content/check.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../core/errors.ts';
import { foldWord } from '../../core/policy/text-fold.ts';
import type { StoredWordList, WordListOwner } from '../../store/types.ts';
import type { ApiDeps } from '../deps.ts';
import { actingAccount, requireAccount, requireAdmin } from '../principal.ts';
import { iso } from '../time.ts';

/** Limits that keep one list's matcher small enough to rebuild on every node within a poll. */
export const MAX_WORDS = 10_000;
export const MAX_WORD_LENGTH = 50;

const WordsBody = Type.Object(
  { words: Type.Array(Type.String({ minLength: 1, maxLength: MAX_WORD_LENGTH }), { maxItems: MAX_WORDS }) },
  { additionalProperties: false },
);
const AccountQuery = Type.Object({ accountId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })) }, { additionalProperties: false });
const CheckBody = Type.Object({ text: Type.String({ maxLength: 5000 }) }, { additionalProperties: false });

/**
 * Trims each word and drops repeats (first spelling kept). A word that is blank, only punctuation
 * or holds U+0000 is refused by index: the matcher would ignore it, and the client should know.
 */
export function cleanWords(words: string[]): string[] {
  const kept = new Map<string, string>();
  for (const [index, raw] of words.entries()) {
    const word = raw.trim();
    const field = `words[${index}]`;
    if (word.includes('\u0000')) throw new AppError('validation_failed', `${field} must not contain the NUL character (U+0000)`, field);
    const folded = foldWord(word, true);
    if (folded.length === 0) throw new AppError('validation_failed', `${field} must contain a letter, digit or ideograph, not only spaces or punctuation`, field);
    const key = String.fromCodePoint(...folded);
    if (!kept.has(key)) kept.set(key, word);
  }
  return [...kept.values()];
}

function listView(list: StoredWordList, owner: WordListOwner) {
  return {
    list: owner.kind,
    ...(owner.kind === 'account' ? { accountId: owner.accountId } : {}),
    version: list.version,
    words: list.words,
    updatedAt: iso(list.updatedAt),
  };
}

export async function sensitiveWordRoutes(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  const { store, sensitiveWords } = deps;

  const save = async (owner: WordListOwner, words: string[]) => {
    await store.sensitiveWords.replace(owner, cleanWords(words), Date.now());
    // This node applies the edit before answering; other nodes pick it up on their next poll.
    await sensitiveWords.refresh();
    return listView(await store.sensitiveWords.get(owner), owner);
  };

  /** The account a request acts on; an admin naming an account that does not exist gets a 404. */
  const accountOwner = async (principal: Parameters<typeof requireAccount>[0], requested: string | undefined): Promise<WordListOwner> => {
    const accountId = requireAccount(principal, requested);
    if (!(await store.accounts.get(accountId))) throw new AppError('not_found', `no account ${accountId}`, 'accountId');
    return { kind: 'account', accountId };
  };

  app.get('/v1/sensitive-words/platform', { schema: { tags: ['sensitive-words'], summary: "The platform's sensitive-word list (admin)" } }, async (request) => {
    requireAdmin(request.principal);
    const owner = { kind: 'platform' } as const;
    return listView(await store.sensitiveWords.get(owner), owner);
  });

  app.put<{ Body: Static<typeof WordsBody> }>(
    '/v1/sensitive-words/platform',
    { schema: { body: WordsBody, tags: ['sensitive-words'], summary: "Replace the platform's sensitive-word list (admin)" }, bodyLimit: 4 * 1024 * 1024 },
    async (request) => {
      requireAdmin(request.principal);
      return save({ kind: 'platform' }, request.body.words);
    },
  );

  app.get<{ Querystring: Static<typeof AccountQuery> }>(
    '/v1/sensitive-words/account',
    { schema: { querystring: AccountQuery, tags: ['sensitive-words'], summary: "An account's own sensitive-word list" } },
    async (request) => {
      const owner = await accountOwner(request.principal, request.query.accountId);
      return listView(await store.sensitiveWords.get(owner), owner);
    },
  );

  app.put<{ Body: Static<typeof WordsBody>; Querystring: Static<typeof AccountQuery> }>(
    '/v1/sensitive-words/account',
    { schema: { body: WordsBody, querystring: AccountQuery, tags: ['sensitive-words'], summary: "Replace an account's own sensitive-word list" }, bodyLimit: 4 * 1024 * 1024 },
    async (request) => save(await accountOwner(request.principal, request.query.accountId), request.body.words),
  );

  app.post<{ Body: Static<typeof CheckBody>; Querystring: Static<typeof AccountQuery> }>(
    '/v1/content/check',
    { schema: { body: CheckBody, querystring: AccountQuery, tags: ['sensitive-words'], summary: "Whether a text would be refused for the platform's or the account's words" }, config: { access: 'read', audit: false } },
    async (request) => {
      // An admin without ?accountId= checks against the platform list alone.
      const accountId = actingAccount(request.principal, request.query.accountId) ?? null;
      const matches = sensitiveWords.check(accountId, request.body.text);
      return { blocked: matches.length > 0, matches: matches.map((m) => ({ word: m.word, start: m.start, end: m.end, list: m.list })) };
    },
  );
}
