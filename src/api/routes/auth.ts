// Console login and "who am I".
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { verifyPassword } from '../../core/auth/secrets.ts';
import { AppError } from '../../core/errors.ts';
import type { ApiDeps } from '../deps.ts';

const LoginBody = Type.Object({ username: Type.String({ minLength: 1, maxLength: 64 }), password: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false });

export async function authRoutes(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  app.post<{ Body: Static<typeof LoginBody> }>('/v1/auth/login', { schema: { body: LoginBody, tags: ['auth'], summary: 'Console login', security: [] } }, async (request) => {
    const user = await deps.store.users.get(request.body.username);
    // The same answer for an unknown user and a wrong password: names are not disclosed.
    if (!user || !(await verifyPassword(request.body.password, user.passwordHash))) throw new AppError('unauthorized', 'wrong username or password');
    const principal = { role: user.role, accountId: user.accountId, username: user.username };
    const { token, expiresAt } = deps.sessions.issue(principal);
    return { token, expiresAt: new Date(expiresAt).toISOString(), user: principal };
  });

  app.get('/v1/me', { schema: { tags: ['auth'], summary: 'The caller' } }, async (request) => {
    const { principal } = request;
    const account = principal.accountId ? await deps.store.accounts.get(principal.accountId) : null;
    return { username: principal.username, role: principal.role, accountId: principal.accountId, accountName: account?.name ?? null };
  });
}
