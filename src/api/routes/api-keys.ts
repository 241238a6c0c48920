// API keys of an account: list, create with a scope (the key is shown once), revoke.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { hashApiKey, newSecret } from '../../core/auth/secrets.ts';
import { AppError } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import { API_KEY_SCOPES, type Credential } from '../../store/types.ts';
import type { AccessContext } from '../access-hook.ts';
import type { ApiDeps } from '../deps.ts';
import { requireAccount } from '../principal.ts';

const AccountQuery = Type.Object({ accountId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })) }, { additionalProperties: false });
const KeyParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const CreateBody = Type.Object(
  { name: Type.Optional(Type.String({ maxLength: 100 })), scope: Type.Union(API_KEY_SCOPES.map((s) => Type.Literal(s))) },
  { additionalProperties: false },
);

type Query = Static<typeof AccountQuery>;

/** A key as listed: what it may do and when it was made, never the key or its hash. */
function publicKey(c: Credential) {
  // Keys made before scopes existed ('account') have full access to their account.
  return { id: c.id, accountId: c.accountId, name: c.name ?? null, scope: c.scope === 'account' ? 'manage' : c.scope, createdAt: new Date(c.createdAt).toISOString() };
}

export async function apiKeyRoutes(app: FastifyInstance, deps: ApiDeps, access: AccessContext): Promise<void> {
  const { store } = deps;
  const keysOf = async (accountId: string) => (await store.credentials.listForAccount(accountId)).filter((c) => c.kind === 'api_key');

  const findKey = async (accountId: string, id: string): Promise<Credential> => {
    const key = (await keysOf(accountId)).find((c) => c.id === id);
    if (!key) throw new AppError('not_found', `no API key ${id}`, 'id');
    return key;
  };

  app.get<{ Querystring: Query }>('/v1/api-keys', { schema: { querystring: AccountQuery, tags: ['api-keys'], summary: "The account's API keys" } }, async (request) => ({
    items: (await keysOf(requireAccount(request.principal, request.query.accountId))).map(publicKey),
  }));

  app.get<{ Querystring: Query; Params: Static<typeof KeyParams> }>('/v1/api-keys/:id', { schema: { querystring: AccountQuery, params: KeyParams, tags: ['api-keys'] } }, async (request) =>
    publicKey(await findKey(requireAccount(request.principal, request.query.accountId), request.params.id)),
  );

  app.post<{ Querystring: Query; Body: Static<typeof CreateBody> }>(
    '/v1/api-keys',
    { schema: { querystring: AccountQuery, body: CreateBody, tags: ['api-keys'], summary: 'Create a key (shown once)' } },
    async (request, reply) => {
      const accountId = requireAccount(request.principal, request.query.accountId);
      const now = Date.now();
      const key = `kx_${newSecret(24)}`;
      const credential: Credential = {
        id: newId(now), accountId, kind: 'api_key', identifier: hashApiKey(key), secretHash: '', scope: request.body.scope,
        maxBinds: 0, ipAllowlist: [], createdAt: now, name: request.body.name ?? null,
      };
      await store.credentials.upsert(credential);
      return reply.status(201).send({ ...publicKey(credential), key });
    },
  );

  app.delete<{ Querystring: Query; Params: Static<typeof KeyParams> }>(
    '/v1/api-keys/:id',
    { schema: { querystring: AccountQuery, params: KeyParams, tags: ['api-keys'], summary: 'Revoke a key' } },
    async (request) => {
      const key = await findKey(requireAccount(request.principal, request.query.accountId), request.params.id);
      await store.credentials.delete(key.id);
      // This node stops accepting it at once; others within the principal cache's few seconds.
      access.principals.clear();
      return { id: key.id, revoked: true };
    },
  );
}
