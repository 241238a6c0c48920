// Who is calling: resolved from the Bearer token (an account API key or a console session token).
import { createHmac, timingSafeEqual } from 'node:crypto';
import { accessOfRole, accessOfScope, type Access } from '../core/auth/access.ts';
import { hashApiKey } from '../core/auth/secrets.ts';
import { AppError } from '../core/errors.ts';
import type { Store, UserRole } from '../store/types.ts';

export interface Principal {
  role: 'admin' | 'account';
  /** The account acted for; admins act for the account named by ?accountId, or none. */
  accountId: string | null;
  username: string | null;
  /** What the caller may do in its account: from the user's role or the API key's scope. */
  access: Access;
  /** Who it is in the audit log: the username, or "key:<credential id>". */
  actor: string;
  /** The console role of a user (absent for API keys). */
  userRole?: UserRole;
  /** The API key's credential id (absent for users). */
  keyId?: string;
  /** Set when an owner of a parent account acts for a sub-account: the caller's own account. */
  actingFrom?: string;
}

const SESSION_TTL_MS = 12 * 3600 * 1000;

/**
 * Console session tokens: "<base64url payload>.<HMAC>", so no session table is needed. The token
 * names the user only: role, account and whether the user is still enabled are read on use.
 */
export class SessionTokens {
  constructor(private readonly secret: string) {}

  issue(user: { username: string }, now = Date.now()): { token: string; expiresAt: number } {
    const expiresAt = now + SESSION_TTL_MS;
    const payload = Buffer.from(JSON.stringify({ username: user.username, iat: now, exp: expiresAt })).toString('base64url');
    return { token: `${payload}.${this.sign(payload)}`, expiresAt };
  }

  /** The username and issue time of a valid, unexpired token. */
  verify(token: string, now = Date.now()): { username: string; issuedAt: number } | null {
    const dot = token.indexOf('.');
    if (dot <= 0) return null;
    const payload = token.slice(0, dot);
    const given = Buffer.from(token.slice(dot + 1));
    const expected = Buffer.from(this.sign(payload));
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    try {
      const data = JSON.parse(Buffer.from(payload, 'base64url').toString()) as { username?: unknown; iat?: unknown; exp: number };
      if (data.exp < now || typeof data.username !== 'string') return null;
      return { username: data.username, issuedAt: typeof data.iat === 'number' ? data.iat : 0 };
    } catch {
      return null;
    }
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.secret).update(payload).digest('base64url');
  }
}

/**
 * Principals resolved in the last few seconds: spares a key (or user) lookup and an account lookup
 * per request. Short-lived, so a revoked key, a disabled user or a suspended account stops working
 * within that time on every node; edits through this node clear it at once.
 */
export class PrincipalCache {
  private readonly entries = new Map<string, { principal: Principal; at: number }>();

  constructor(
    private readonly ttlMs = 5000,
    private readonly maxEntries = 10_000,
  ) {}

  get(key: string, now = Date.now()): Principal | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (now - entry.at > this.ttlMs) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.principal;
  }

  set(key: string, principal: Principal, now = Date.now()): void {
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    this.entries.set(key, { principal, at: now });
  }

  clear(): void {
    this.entries.clear();
  }
}

async function activeAccount(store: Store, accountId: string | null): Promise<void> {
  if (accountId === null) return;
  const account = await store.accounts.get(accountId);
  if (!account || account.status !== 'active') throw new AppError('forbidden', `account ${accountId} is not active`);
}

async function userPrincipal(username: string, issuedAt: number, store: Store): Promise<Principal> {
  const user = await store.users.get(username);
  if (!user) throw new AppError('unauthorized', 'the session token is invalid or expired');
  if (issuedAt < (user.sessionsValidFrom ?? 0)) throw new AppError('unauthorized', 'the session ended: the password was changed');
  if (user.disabled) throw new AppError('user_disabled', `user ${username} is disabled`);
  await activeAccount(store, user.accountId);
  return {
    role: user.role === 'admin' ? 'admin' : 'account',
    accountId: user.accountId,
    username: user.username,
    access: accessOfRole(user.role),
    actor: user.username,
    userRole: user.role,
  };
}

export async function resolvePrincipal(authorization: string | undefined, store: Store, sessions: SessionTokens, cache?: PrincipalCache): Promise<Principal> {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  if (!match) throw new AppError('unauthorized', 'send Authorization: Bearer <API key or session token>');
  const token = match[1];
  if (token.includes('.')) {
    const session = sessions.verify(token);
    if (!session) throw new AppError('unauthorized', 'the session token is invalid or expired');
    // Keyed by the whole token: each session is checked against its own issue time.
    const key = `session:${token}`;
    const cached = cache?.get(key);
    if (cached) return cached;
    const principal = await userPrincipal(session.username, session.issuedAt, store);
    cache?.set(key, principal);
    return principal;
  }
  const cached = cache?.get(token);
  if (cached) return cached;
  const credential = await store.credentials.findApiKey(hashApiKey(token));
  if (!credential || credential.kind !== 'api_key') throw new AppError('unauthorized', 'unknown API key');
  await activeAccount(store, credential.accountId);
  const principal: Principal = {
    role: credential.scope === 'admin' ? 'admin' : 'account',
    accountId: credential.accountId,
    username: null,
    access: accessOfScope(credential.scope),
    actor: `key:${credential.id}`,
    keyId: credential.id,
  };
  cache?.set(token, principal);
  return principal;
}

/**
 * The account a request acts for: its own, or for admins the one named in ?accountId. A parent
 * account's owner acting for a sub-account has been given that account already (see app.ts).
 */
export function actingAccount(principal: Principal, requested: string | undefined): string | undefined {
  if (principal.role === 'admin') return requested ?? principal.accountId ?? undefined;
  if (requested && requested !== principal.accountId) throw new AppError('forbidden', 'an account key can only act for its own account', 'accountId');
  return principal.accountId ?? undefined;
}

export function requireAdmin(principal: Principal): void {
  if (principal.role !== 'admin') throw new AppError('forbidden', 'this needs an administrator');
}

export function requireAccount(principal: Principal, requested: string | undefined): string {
  const accountId = actingAccount(principal, requested);
  if (!accountId) throw new AppError('validation_failed', 'administrators must name the account with ?accountId=', 'accountId');
  return accountId;
}
