// /v1/blacklist/platform (admins: the platform and carrier lists) and /v1/blacklist (an account's own
// list and its unsubscribes). Every query names its owner, so one tenant never reads another's entries.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../core/errors.ts';
import type { BlacklistEntry, BlacklistScope } from '../../store/types.ts';
import type { ApiDeps } from '../deps.ts';
import { requireAccount, requireAdmin } from '../principal.ts';
import { iso } from '../time.ts';

const PlatformList = Type.Union([Type.Literal('platform'), Type.Literal('carrier')]);
const AccountList = Type.Union([Type.Literal('account'), Type.Literal('unsubscribe')]);
const Number_ = Type.String({ minLength: 1, maxLength: 32 });
const Reason = Type.String({ maxLength: 200 });
const Paging = { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })), cursor: Type.Optional(Type.String({ maxLength: 200 })) };
const AccountId = Type.Optional(Type.String({ minLength: 1, maxLength: 64 }));

const PlatformListQuery = Type.Object({ ...Paging, list: Type.Optional(PlatformList) }, { additionalProperties: false });
const PlatformBody = Type.Object({ number: Number_, reason: Type.Optional(Reason), list: Type.Optional(PlatformList) }, { additionalProperties: false });
const PlatformDelete = Type.Object({ number: Number_, list: Type.Optional(PlatformList) }, { additionalProperties: false });
const AccountListQuery = Type.Object({ ...Paging, list: Type.Optional(AccountList), accountId: AccountId }, { additionalProperties: false });
const AccountBody = Type.Object(
  { number: Number_, reason: Type.Optional(Reason), list: Type.Optional(AccountList), signature: Type.Optional(Type.String({ minLength: 1, maxLength: 20 })) },
  { additionalProperties: false },
);
const AccountQuery = Type.Object({ accountId: AccountId }, { additionalProperties: false });
const AccountDelete = Type.Object({ number: Number_, list: Type.Optional(AccountList), accountId: AccountId }, { additionalProperties: false });

function entryView(e: BlacklistEntry) {
  return { id: e.id, list: e.scope, accountId: e.accountId, signature: e.signature, number: e.number, reason: e.reason, createdAt: iso(e.createdAt) };
}

export async function blacklistRoutes(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  const { store } = deps;

  /** E.164 or a 400 naming the field: a list of unparseable numbers would never match anything. */
  const e164 = (input: string): string => {
    const number = input.includes('\u0000') ? null : deps.normalizeNumber(input);
    if (!number) throw new AppError('invalid_number', `${JSON.stringify(input)} is not a valid phone number`, 'number');
    return number;
  };
  // This node applies an edit before answering; other nodes pick it up on their next poll.
  const applied = async () => deps.blacklist?.refresh();
  const ownAccount = async (principal: Parameters<typeof requireAccount>[0], requested: string | undefined): Promise<string> => {
    const accountId = requireAccount(principal, requested);
    if (!(await store.accounts.get(accountId))) throw new AppError('not_found', `no account ${accountId}`, 'accountId');
    return accountId;
  };
  const add = async (scope: BlacklistScope, accountId: string | null, number: string, reason: string | undefined, signature: string | null) => {
    if (reason?.includes('\u0000') || signature?.includes('\u0000')) throw new AppError('validation_failed', 'reason and signature must not contain U+0000', reason?.includes('\u0000') ? 'reason' : 'signature');
    const entry = await store.blacklist.add({ scope, accountId, signature, number: e164(number), reason: reason ?? null }, Date.now());
    await applied();
    return entryView(entry);
  };

  app.get<{ Querystring: Static<typeof PlatformListQuery> }>(
    '/v1/blacklist/platform',
    { schema: { querystring: PlatformListQuery, tags: ['blacklist'], summary: 'Platform and carrier blacklist entries, newest first (admin)' } },
    async (request) => {
      requireAdmin(request.principal);
      const page = await store.blacklist.list({ accountId: null, scope: request.query.list, cursor: request.query.cursor, limit: request.query.limit ?? 50 });
      return { items: page.items.map(entryView), nextCursor: page.nextCursor };
    },
  );

  app.post<{ Body: Static<typeof PlatformBody> }>(
    '/v1/blacklist/platform',
    { schema: { body: PlatformBody, tags: ['blacklist'], summary: 'Add a number to the platform (or carrier) blacklist (admin)' } },
    async (request, reply) => {
      requireAdmin(request.principal);
      return reply.status(201).send(await add(request.body.list ?? 'platform', null, request.body.number, request.body.reason, null));
    },
  );

  app.delete<{ Querystring: Static<typeof PlatformDelete> }>(
    '/v1/blacklist/platform',
    { schema: { querystring: PlatformDelete, tags: ['blacklist'], summary: 'Remove a number from the platform (or carrier) blacklist (admin)' } },
    async (request) => {
      requireAdmin(request.principal);
      const removed = await store.blacklist.remove(request.query.list ?? 'platform', null, e164(request.query.number));
      await applied();
      return { removed };
    },
  );

  app.get<{ Querystring: Static<typeof AccountListQuery> }>(
    '/v1/blacklist',
    { schema: { querystring: AccountListQuery, tags: ['blacklist'], summary: "An account's own blacklist and unsubscribes, newest first" } },
    async (request) => {
      const accountId = await ownAccount(request.principal, request.query.accountId);
      const page = await store.blacklist.list({ accountId, scope: request.query.list, cursor: request.query.cursor, limit: request.query.limit ?? 50 });
      return { items: page.items.map(entryView), nextCursor: page.nextCursor };
    },
  );

  app.post<{ Body: Static<typeof AccountBody>; Querystring: Static<typeof AccountQuery> }>(
    '/v1/blacklist',
    { schema: { body: AccountBody, querystring: AccountQuery, tags: ['blacklist'], summary: "Add a number to the account's blacklist or unsubscribe list" } },
    async (request, reply) => {
      const accountId = await ownAccount(request.principal, request.query.accountId);
      const list = request.body.list ?? 'account';
      // A signature only narrows an unsubscribe; an account entry always covers the whole account.
      const signature = list === 'unsubscribe' ? (request.body.signature ?? null) : null;
      return reply.status(201).send(await add(list, accountId, request.body.number, request.body.reason, signature));
    },
  );

  app.delete<{ Querystring: Static<typeof AccountDelete> }>(
    '/v1/blacklist',
    { schema: { querystring: AccountDelete, tags: ['blacklist'], summary: "Remove a number from the account's blacklist or unsubscribe list" } },
    async (request) => {
      const accountId = await ownAccount(request.principal, request.query.accountId);
      const removed = await store.blacklist.remove(request.query.list ?? 'account', accountId, e164(request.query.number));
      await applied();
      return { removed };
    },
  );
}
