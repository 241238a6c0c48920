// Console users of an account: list, add, change role, disable, reset password (owners of the account; admins for any).
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { hashPassword } from '../../core/auth/secrets.ts';
import { AppError } from '../../core/errors.ts';
import { USER_ROLES, type User } from '../../store/types.ts';
import type { AccessContext } from '../access-hook.ts';
import type { ApiDeps } from '../deps.ts';
import type { Principal } from '../principal.ts';
import { requireAccount } from '../principal.ts';

export const USERNAME = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.@-]+$' });
export const PASSWORD = Type.String({ minLength: 8, maxLength: 200 });
const Role = Type.Union(USER_ROLES.map((r) => Type.Literal(r)));
const AccountQuery = Type.Object({ accountId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })) }, { additionalProperties: false });
const UserParams = Type.Object({ username: USERNAME });
const CreateBody = Type.Object({ username: USERNAME, password: PASSWORD, role: Role }, { additionalProperties: false });
const UpdateBody = Type.Object({ role: Type.Optional(Role), disabled: Type.Optional(Type.Boolean()) }, { additionalProperties: false });
const ResetBody = Type.Object({ password: PASSWORD }, { additionalProperties: false });

type Query = Static<typeof AccountQuery>;

/** A user as the API shows it: never the password hash. */
export function publicUser(user: User, now = Date.now()) {
  return {
    username: user.username,
    accountId: user.accountId,
    role: user.role,
    disabled: user.disabled ?? false,
    locked: (user.lockedUntil ?? 0) > now,
    lockedUntil: user.lockedUntil ? new Date(user.lockedUntil).toISOString() : null,
    createdAt: new Date(user.createdAt).toISOString(),
  };
}

export async function userRoutes(app: FastifyInstance, deps: ApiDeps, access: AccessContext): Promise<void> {
  const { store } = deps;

  /** Whose users a request sees: the acting account, or for admins without ?accountId every user. */
  const scopeOf = (principal: Principal, query: Query): string | null =>
    principal.role === 'admin' && query.accountId === undefined ? null : requireAccount(principal, query.accountId);

  /** The user, if the caller may see it; a user of another account is "not found", never "forbidden". */
  const findUser = async (principal: Principal, query: Query, username: string): Promise<User> => {
    const user = await store.users.get(username);
    const scope = scopeOf(principal, query);
    if (!user || (scope !== null && user.accountId !== scope)) throw new AppError('not_found', `no user ${username}`, 'username');
    return user;
  };

  /** An account keeps at least one enabled owner, so nobody locks the account out of its own settings. */
  const keepsAnOwner = async (user: User, next: User): Promise<void> => {
    if (user.role !== 'owner' || user.disabled || (next.role === 'owner' && !next.disabled) || user.accountId === null) return;
    const owners = (await store.users.list(user.accountId)).filter((u) => u.role === 'owner' && !u.disabled);
    if (owners.length <= 1) throw new AppError('conflict', `${user.username} is the last owner of account ${user.accountId}`, 'role');
  };

  app.get<{ Querystring: Query }>('/v1/users', { schema: { querystring: AccountQuery, tags: ['users'], summary: 'Console users of the account' } }, async (request) => {
    const now = Date.now();
    return { items: (await store.users.list(scopeOf(request.principal, request.query))).map((u) => publicUser(u, now)) };
  });

  app.get<{ Querystring: Query; Params: Static<typeof UserParams> }>('/v1/users/:username', { schema: { querystring: AccountQuery, params: UserParams, tags: ['users'] } }, async (request) =>
    publicUser(await findUser(request.principal, request.query, request.params.username)),
  );

  app.post<{ Querystring: Query; Body: Static<typeof CreateBody> }>(
    '/v1/users',
    { schema: { querystring: AccountQuery, body: CreateBody, tags: ['users'], summary: 'Add a user to the account' } },
    async (request, reply) => {
      const { username, password, role } = request.body;
      const accountId = scopeOf(request.principal, request.query);
      if ((role === 'admin') !== (accountId === null)) {
        throw new AppError('validation_failed', accountId === null ? 'name the account with ?accountId= (only admins have none)' : 'an account user is an owner, operator or viewer', 'role');
      }
      if (await store.users.get(username)) throw new AppError('conflict', `user ${username} exists`, 'username');
      const user: User = { username, passwordHash: await hashPassword(password), accountId, role, createdAt: Date.now(), disabled: false };
      await store.users.upsert(user);
      return reply.status(201).send(publicUser(user));
    },
  );

  app.patch<{ Querystring: Query; Params: Static<typeof UserParams>; Body: Static<typeof UpdateBody> }>(
    '/v1/users/:username',
    { schema: { querystring: AccountQuery, params: UserParams, body: UpdateBody, tags: ['users'], summary: 'Change role, disable or enable' } },
    async (request) => {
      const user = await findUser(request.principal, request.query, request.params.username);
      const role = request.body.role ?? user.role;
      if ((role === 'admin') !== (user.accountId === null)) throw new AppError('validation_failed', 'admins have no account, account users are not admins', 'role');
      const next: User = { ...user, role, disabled: request.body.disabled ?? user.disabled ?? false };
      await keepsAnOwner(user, next);
      await store.users.upsert(next);
      access.principals.clear();
      return publicUser(next);
    },
  );

  app.post<{ Querystring: Query; Params: Static<typeof UserParams>; Body: Static<typeof ResetBody> }>(
    '/v1/users/:username/password',
    { schema: { querystring: AccountQuery, params: UserParams, body: ResetBody, tags: ['users'], summary: 'Set a new password (also unlocks)' }, config: { audit: false } },
    async (request) => {
      const user = await findUser(request.principal, request.query, request.params.username);
      // The user's open sessions end: whoever knew the old password is out.
      await store.users.upsert({ ...user, passwordHash: await hashPassword(request.body.password), sessionsValidFrom: Date.now() });
      await store.users.clearFailures(user.username);
      access.principals.clear();
      access.audit.record({ actor: request.principal.actor, accountId: user.accountId, action: 'user.password_reset', target: user.username, detail: null, ip: request.ip });
      return publicUser({ ...user, lockedUntil: null });
    },
  );
}
