// Console login (with lock-out after repeated failures, and a throttle per client address across usernames), "who am I", and changing one's own password.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { accessOfRole, LOGIN_POLICY } from '../../core/auth/access.ts';
import { retryAfterSeconds } from '../../core/auth/login-throttle.ts';
import { hashPassword, verifyPassword } from '../../core/auth/secrets.ts';
import { AppError } from '../../core/errors.ts';
import type { AccessContext } from '../access-hook.ts';
import type { ApiDeps } from '../deps.ts';
import { PASSWORD } from './users.ts';

const LoginBody = Type.Object({ username: Type.String({ minLength: 1, maxLength: 64 }), password: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false });
const PasswordBody = Type.Object({ currentPassword: Type.String({ minLength: 1, maxLength: 200 }), newPassword: PASSWORD }, { additionalProperties: false });

export async function authRoutes(app: FastifyInstance, deps: ApiDeps, access: AccessContext): Promise<void> {
  const { store } = deps;

  app.post<{ Body: Static<typeof LoginBody> }>('/v1/auth/login', { schema: { body: LoginBody, tags: ['auth'], summary: 'Console login', security: [] } }, async (request, reply) => {
    const { username, password } = request.body;
    const now = Date.now();
    const note = (action: string, accountId: string | null, detail: Record<string, unknown> | null = null) =>
      access.audit.record({ actor: username, accountId, action, target: username, detail, ip: request.ip, at: now });
    // Before the user is looked up or a hash computed: a throttled address learns nothing and costs little.
    const wait = access.logins.waitMs(request.ip);
    if (wait > 0) {
      note('auth.login_throttled', null, { retryAfterSeconds: retryAfterSeconds(wait) });
      void reply.header('Retry-After', String(retryAfterSeconds(wait)));
      throw new AppError('rate_limited', `too many failed sign-ins from ${request.ip}: try again in ${retryAfterSeconds(wait)} s`);
    }
    const user = await store.users.get(username);
    const lockedUntil = user?.lockedUntil ?? 0;
    if (user && lockedUntil > now) {
      note('auth.login_refused_locked', user.accountId);
      throw new AppError('account_locked', `too many failed sign-ins: ${username} is locked until ${new Date(lockedUntil).toISOString()}`, 'username');
    }
    if (!user || !(await verifyPassword(password, user.passwordHash))) {
      access.logins.failed(request.ip);
      const after = user ? await store.users.loginFailed(username, now, LOGIN_POLICY.maxFailures, LOGIN_POLICY.lockMs) : null;
      note('auth.login_failed', user?.accountId ?? null, user ? null : { unknownUser: true });
      if (after && (after.lockedUntil ?? 0) > now) {
        note('auth.locked_out', after.accountId, { failures: LOGIN_POLICY.maxFailures, until: new Date(after.lockedUntil!).toISOString() });
        throw new AppError('account_locked', `too many failed sign-ins: ${username} is locked until ${new Date(after.lockedUntil!).toISOString()}`, 'username');
      }
      // The same answer for an unknown user and a wrong password: names are not disclosed.
      throw new AppError('unauthorized', 'wrong username or password');
    }
    if (user.disabled) {
      note('auth.login_refused_disabled', user.accountId);
      throw new AppError('user_disabled', `user ${username} is disabled`);
    }
    if ((user.failedLogins ?? 0) > 0 || user.lockedUntil) await store.users.clearFailures(username);
    note('auth.login', user.accountId);
    const { token, expiresAt } = deps.sessions.issue(user);
    const role = user.role === 'admin' ? 'admin' : 'account';
    return {
      token,
      expiresAt: new Date(expiresAt).toISOString(),
      user: { username: user.username, role, accountId: user.accountId, userRole: user.role, access: accessOfRole(user.role) },
    };
  });

  app.get('/v1/me', { schema: { tags: ['auth'], summary: 'The caller' } }, async (request) => {
    const { principal } = request;
    const account = principal.accountId ? await store.accounts.get(principal.accountId) : null;
    return {
      username: principal.username,
      role: principal.role,
      accountId: principal.accountId,
      accountName: account?.name ?? null,
      userRole: principal.userRole ?? null,
      access: principal.access,
    };
  });

  app.post<{ Body: Static<typeof PasswordBody> }>(
    '/v1/auth/password',
    { schema: { body: PasswordBody, tags: ['auth'], summary: 'Change your own password' }, config: { audit: false } },
    async (request) => {
      const { principal } = request;
      if (!principal.username) throw new AppError('forbidden', 'API keys have no password: sign in as a user');
      const user = await store.users.get(principal.username);
      if (!user || !(await verifyPassword(request.body.currentPassword, user.passwordHash))) {
        throw new AppError('validation_failed', 'the current password is wrong', 'currentPassword');
      }
      // Every other session of the user ends; this one goes on with the fresh token answered here.
      const now = Date.now();
      await store.users.upsert({ ...user, passwordHash: await hashPassword(request.body.newPassword), sessionsValidFrom: now });
      access.principals.clear();
      access.audit.record({ actor: principal.actor, accountId: user.accountId, action: 'auth.password_changed', target: user.username, detail: null, ip: request.ip, at: now });
      const { token, expiresAt } = deps.sessions.issue(user, now);
      return { changed: true, token, expiresAt: new Date(expiresAt).toISOString() };
    },
  );
}
