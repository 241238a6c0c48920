// Cloud keys: the AccessKeyId/secret pairs the Aliyun- and Tencent-style APIs sign with. An account's
// owners list, create (the secret is shown once) and revoke them; administrators create them for any account.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { newAccessKeyId, newSecret } from '../../core/auth/secrets.ts';
import { AppError } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import type { Credential, Store } from '../../store/types.ts';
import type { ApiDeps } from '../deps.ts';
import { requireAccount, requireAdmin } from '../principal.ts';

const AccountQuery = Type.Object({ accountId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })) }, { additionalProperties: false });
const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const CreateBody = Type.Object({ name: Type.Optional(Type.String({ maxLength: 100 })) }, { additionalProperties: false });

/** A key as listed: its AccessKeyId and label, never the secret. */
function publicKey(c: Credential) {
  return { id: c.id, accountId: c.accountId, accessKeyId: c.identifier, name: c.name ?? null, createdAt: new Date(c.createdAt).toISOString() };
}

/** Stores a new pair and answers it with the secret, the only time the secret is shown. */
async function createKey(store: Store, accountId: string, name: string | undefined) {
  const now = Date.now();
  const accessKeyId = newAccessKeyId();
  const secret = newSecret(24);
  // Kept as it is, like a CMPP secret: HMAC signatures can only be checked with the secret itself.
  const credential: Credential = { id: newId(now), accountId, kind: 'cloud_key', identifier: accessKeyId, secretHash: secret, scope: 'account', maxBinds: 0, ipAllowlist: [], createdAt: now, name: name ?? null };
  await store.credentials.upsert(credential);
  return { ...publicKey(credential), accessKeySecret: secret };
}

export async function cloudKeyRoutes(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  const { store } = deps;
  const keysOf = async (accountId: string) => (await store.credentials.listForAccount(accountId)).filter((c) => c.kind === 'cloud_key');
  const tags = ['cloud-keys'];

  app.get<{ Querystring: Static<typeof AccountQuery> }>('/v1/cloud-keys', { schema: { querystring: AccountQuery, tags, summary: "The account's cloud keys (Aliyun/Tencent-style APIs)" } }, async (request) => ({
    items: (await keysOf(requireAccount(request.principal, request.query.accountId))).map(publicKey),
  }));

  app.post<{ Querystring: Static<typeof AccountQuery>; Body: Static<typeof CreateBody> }>(
    '/v1/cloud-keys',
    { schema: { querystring: AccountQuery, body: CreateBody, tags, summary: 'Create a cloud key (AccessKeyId + AccessKeySecret, the secret shown once)' } },
    async (request, reply) => reply.status(201).send(await createKey(store, requireAccount(request.principal, request.query.accountId), request.body.name)),
  );

  app.delete<{ Querystring: Static<typeof AccountQuery>; Params: Static<typeof IdParams> }>(
    '/v1/cloud-keys/:id',
    { schema: { querystring: AccountQuery, params: IdParams, tags, summary: 'Revoke a cloud key' } },
    async (request) => {
      const accountId = requireAccount(request.principal, request.query.accountId);
      const key = (await keysOf(accountId)).find((c) => c.id === request.params.id);
      if (!key) throw new AppError('not_found', `no cloud key ${request.params.id}`, 'id');
      await store.credentials.delete(key.id);
      return { id: key.id, revoked: true };
    },
  );

  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof CreateBody> }>(
    '/v1/accounts/:id/cloud-keys',
    { schema: { params: IdParams, body: CreateBody, tags: ['admin'], summary: 'Create a cloud key for an account (administrators)' } },
    async (request, reply) => {
      requireAdmin(request.principal);
      if (!(await store.accounts.get(request.params.id))) throw new AppError('not_found', `no account ${request.params.id}`, 'id');
      return reply.status(201).send(await createKey(store, request.params.id, request.body.name));
    },
  );
}
