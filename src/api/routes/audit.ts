// The audit log: who did what, newest first with cursor pages; an account sees its own, an admin everything.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AuditEntry } from '../../store/types.ts';
import type { AccessContext } from '../access-hook.ts';
import type { ApiDeps } from '../deps.ts';
import { requireAccount } from '../principal.ts';
import { parseTime } from '../time.ts';

const AuditQuery = Type.Object(
  {
    accountId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    action: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    actor: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    from: Type.Optional(Type.String({ description: 'ISO time or epoch ms, inclusive' })),
    to: Type.Optional(Type.String({ description: 'ISO time or epoch ms, exclusive' })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
  },
  { additionalProperties: false },
);

function publicEntry(e: AuditEntry) {
  return { ...e, at: new Date(e.at).toISOString() };
}

export async function auditRoutes(app: FastifyInstance, deps: ApiDeps, access: AccessContext): Promise<void> {
  app.get<{ Querystring: Static<typeof AuditQuery> }>('/v1/audit', { schema: { querystring: AuditQuery, tags: ['audit'], summary: 'Who did what' } }, async (request) => {
    const q = request.query;
    const accountId = request.principal.role === 'admin' && q.accountId === undefined ? undefined : requireAccount(request.principal, q.accountId);
    // Entries of requests a moment ago may still be in the batch: a reader sees them.
    await access.audit.flush();
    const page = await deps.store.audit.list({
      accountId,
      action: q.action,
      actor: q.actor,
      from: q.from === undefined ? undefined : parseTime(q.from, 'from'),
      to: q.to === undefined ? undefined : parseTime(q.to, 'to'),
      cursor: q.cursor,
      limit: q.limit ?? 50,
    });
    return { items: page.items.map(publicEntry), nextCursor: page.nextCursor };
  });
}
