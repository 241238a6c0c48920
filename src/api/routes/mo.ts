// /v1/mo: received (mobile-originated) messages of the caller's account.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { ApiDeps } from '../deps.ts';
import { requireAccount } from '../principal.ts';
import { iso } from '../time.ts';

const Query = Type.Object(
  { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })), cursor: Type.Optional(Type.String({ maxLength: 200 })), accountId: Type.Optional(Type.String()) },
  { additionalProperties: false },
);

export async function moRoutes(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  app.get<{ Querystring: Static<typeof Query> }>('/v1/mo', { schema: { querystring: Query, tags: ['mo'], summary: 'Received messages' } }, async (request) => {
    const { principal } = request;
    const accountId = principal.role === 'admin' ? request.query.accountId : requireAccount(principal, request.query.accountId);
    const page = await deps.store.mo.list({ accountId, cursor: request.query.cursor, limit: request.query.limit ?? 50 });
    return {
      items: page.items.map((m) => ({ id: m.id, from: m.sender, to: m.recipient, text: m.text, receivedAt: iso(m.receivedAt), connectorId: m.connectorId, accountId: m.accountId })),
      nextCursor: page.nextCursor,
    };
  });
}
