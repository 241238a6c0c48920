// Sub-accounts (departments) of an account: created and listed by the account's owners or an admin.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { hashApiKey, newSecret } from '../../core/auth/secrets.ts';
import { AppError } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import type { Account } from '../../store/types.ts';
import type { AccessContext } from '../access-hook.ts';
import type { ApiDeps } from '../deps.ts';
import type { Principal } from '../principal.ts';

const ParentParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.-]+$' }) });
const CreateBody = Type.Object(
  {
    id: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.-]+$' }),
    name: Type.String({ minLength: 1, maxLength: 100 }),
    tps: Type.Optional(Type.Integer({ minimum: 0 })),
  },
  { additionalProperties: false },
);

function publicAccount({ callbackSecret: _secret, ...account }: Account) {
  return { ...account, parentId: account.parentId ?? null, createdAt: new Date(account.createdAt).toISOString() };
}

export async function subAccountRoutes(app: FastifyInstance, deps: ApiDeps, access: AccessContext): Promise<void> {
  const { store } = deps;

  /** The parent, if the caller is an admin, works in it, or owns an account above it; else "not found". */
  const parentFor = async (principal: Principal, id: string): Promise<Account> => {
    const own = principal.accountId;
    const allowed = principal.role === 'admin' || id === own || (own !== null && (await access.tree.isDescendant(id, own)));
    const account = allowed ? await store.accounts.get(id) : null;
    if (!account) throw new AppError('not_found', `no account ${id}`, 'id');
    return account;
  };

  app.get<{ Params: Static<typeof ParentParams> }>('/v1/accounts/:id/sub-accounts', { schema: { params: ParentParams, tags: ['accounts'], summary: 'Sub-accounts of an account' } }, async (request) => {
    const parent = await parentFor(request.principal, request.params.id);
    return { items: (await store.accounts.children(parent.id)).map(publicAccount) };
  });

  app.post<{ Params: Static<typeof ParentParams>; Body: Static<typeof CreateBody> }>(
    '/v1/accounts/:id/sub-accounts',
    { schema: { params: ParentParams, body: CreateBody, tags: ['accounts'], summary: 'Create a sub-account and its first API key (shown once)' } },
    async (request, reply) => {
      const parent = await parentFor(request.principal, request.params.id);
      const { id, name, tps } = request.body;
      if (await store.accounts.get(id)) throw new AppError('conflict', `account ${id} exists`, 'id');
      const now = Date.now();
      const account: Account = { id, name, status: 'active', callbackUrl: parent.callbackUrl, callbackSecret: newSecret(), tps: tps ?? parent.tps, createdAt: now, parentId: parent.id };
      await store.accounts.upsert(account);
      access.tree.invalidate();
      const apiKey = `kx_${newSecret(24)}`;
      await store.credentials.upsert({ id: newId(now), accountId: id, kind: 'api_key', identifier: hashApiKey(apiKey), secretHash: '', scope: 'manage', maxBinds: 0, ipAllowlist: [], createdAt: now, name: 'first key' });
      return reply.status(201).send({ account: publicAccount(account), apiKey });
    },
  );
}
