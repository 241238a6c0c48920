// /v1/phrases: an account's phrase library (常用语), short texts for quick insertion when composing.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import type { Phrase } from '../../store/types.ts';
import type { ApiDeps } from '../deps.ts';
import { requireAccount } from '../principal.ts';
import { iso } from '../time.ts';
import { AccountId, noNul, owned, Paging } from './review-access.ts';

const Title = Type.String({ maxLength: 100 });
const Text = Type.String({ minLength: 1, maxLength: 1000 });
const ListQuery = Type.Object({ ...Paging, accountId: AccountId }, { additionalProperties: false });
const AccountQuery = Type.Object({ accountId: AccountId }, { additionalProperties: false });
const CreateBody = Type.Object({ title: Type.Optional(Title), text: Text }, { additionalProperties: false });
const UpdateBody = Type.Object({ title: Type.Optional(Title), text: Type.Optional(Text) }, { additionalProperties: false });
const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

function phraseView(p: Phrase) {
  return { id: p.id, accountId: p.accountId, title: p.title, text: p.text, createdAt: iso(p.createdAt), updatedAt: iso(p.updatedAt) };
}

export async function phraseRoutes(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  const repo = deps.store.templates;

  app.get<{ Querystring: Static<typeof ListQuery> }>('/v1/phrases', { schema: { querystring: ListQuery, tags: ['templates'], summary: "An account's phrases, newest first" } }, async (request) => {
    const q = request.query;
    const page = await repo.listPhrases({ accountId: requireAccount(request.principal, q.accountId), cursor: q.cursor, limit: q.limit ?? 100 });
    return { items: page.items.map(phraseView), nextCursor: page.nextCursor };
  });

  app.post<{ Body: Static<typeof CreateBody>; Querystring: Static<typeof AccountQuery> }>(
    '/v1/phrases',
    { schema: { body: CreateBody, querystring: AccountQuery, tags: ['templates'], summary: 'Save a phrase' } },
    async (request, reply) => {
      const accountId = requireAccount(request.principal, request.query.accountId);
      if (!(await deps.store.accounts.get(accountId))) throw new AppError('not_found', `no account ${accountId}`, 'accountId');
      noNul({ title: request.body.title, text: request.body.text });
      const now = Date.now();
      const phrase = await repo.addPhrase({ id: newId(now), accountId, title: request.body.title ?? null, text: request.body.text, createdAt: now, updatedAt: now });
      return reply.status(201).send(phraseView(phrase));
    },
  );

  app.patch<{ Params: Static<typeof IdParams>; Body: Static<typeof UpdateBody> }>(
    '/v1/phrases/:id',
    { schema: { params: IdParams, body: UpdateBody, tags: ['templates'], summary: 'Edit a phrase' } },
    async (request) => {
      const current = owned(await repo.getPhrase(request.params.id), request.principal, 'phrase', request.params.id);
      noNul({ title: request.body.title, text: request.body.text });
      const next: Phrase = { ...current, title: request.body.title ?? current.title, text: request.body.text ?? current.text, updatedAt: Date.now() };
      await repo.savePhrase(next);
      return phraseView(next);
    },
  );

  app.delete<{ Params: Static<typeof IdParams> }>('/v1/phrases/:id', { schema: { params: IdParams, tags: ['templates'], summary: 'Delete a phrase' } }, async (request) => {
    const current = owned(await repo.getPhrase(request.params.id), request.principal, 'phrase', request.params.id);
    await repo.removePhrase(current.id);
    return { id: current.id, deleted: true };
  });
}
