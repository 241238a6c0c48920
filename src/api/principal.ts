// Who is calling: resolved from the Bearer token (an account API key or a console session token).
import { createHmac, timingSafeEqual } from 'node:crypto';
import { hashApiKey } from '../core/auth/secrets.ts';
import { AppError } from '../core/errors.ts';
import type { Store } from '../store/types.ts';

export interface Principal {
  role: 'admin' | 'account';
  /** The account acted for; admins act for the account named by ?accountId, or none. */
  accountId: string | null;
  username: string | null;
}

const SESSION_TTL_MS = 12 * 3600 * 1000;

/** Console session tokens: "<base64url payload>.<HMAC>", so no session table is needed. */
export class SessionTokens {
  constructor(private readonly secret: string) {}

  issue(principal: Principal, now = Date.now()): { token: string; expiresAt: number } {
    const expiresAt = now + SESSION_TTL_MS;
    const payload = Buffer.from(JSON.stringify({ ...principal, exp: expiresAt })).toString('base64url');
    return { token: `${payload}.${this.sign(payload)}`, expiresAt };
  }

  verify(token: string, now = Date.now()): Principal | null {
    const dot = token.indexOf('.');
    if (dot <= 0) return null;
    const payload = token.slice(0, dot);
    const given = Buffer.from(token.slice(dot + 1));
    const expected = Buffer.from(this.sign(payload));
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    try {
      const data = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Principal & { exp: number };
      if (data.exp < now) return null;
      return { role: data.role, accountId: data.accountId, username: data.username };
    } catch {
      return null;
    }
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.secret).update(payload).digest('base64url');
  }
}

/**
 * API keys resolved in the last few seconds: spares a key lookup and an account lookup per request.
 * Short-lived, so a revoked key or a suspended account stops working within that time.
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
}

export async function resolvePrincipal(authorization: string | undefined, store: Store, sessions: SessionTokens, cache?: PrincipalCache): Promise<Principal> {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  if (!match) throw new AppError('unauthorized', 'send Authorization: Bearer <API key or session token>');
  const token = match[1];
  if (token.includes('.')) {
    const principal = sessions.verify(token);
    if (principal) return principal;
    throw new AppError('unauthorized', 'the session token is invalid or expired');
  }
  const cached = cache?.get(token);
  if (cached) return cached;
  const credential = await store.credentials.findApiKey(hashApiKey(token));
  if (!credential || credential.kind !== 'api_key') throw new AppError('unauthorized', 'unknown API key');
  const account = await store.accounts.get(credential.accountId);
  if (!account || account.status !== 'active') throw new AppError('forbidden', `account ${credential.accountId} is not active`);
  const principal: Principal = { role: credential.scope === 'admin' ? 'admin' : 'account', accountId: credential.accountId, username: null };
  cache?.set(token, principal);
  return principal;
}

/** The account a request acts for: its own, or for admins the one named in ?accountId. */
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
