// Access control for every /v1 request, in one place: acting for sub-accounts, role and scope checks, the audit trail.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { allows, requiredAccess, type Access } from '../core/auth/access.ts';
import type { AuditTrail } from '../core/auth/audit-trail.ts';
import type { LoginThrottle } from '../core/auth/login-throttle.ts';
import { AppError } from '../core/errors.ts';
import type { AccountTree } from './account-tree.ts';
import type { Principal, PrincipalCache } from './principal.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** What the route needs when the method alone would say otherwise (a POST that only computes: 'read'). */
    access?: Access;
    /** false: the route writes its own, more telling audit entries. */
    audit?: boolean;
  }
}

/** What the tenant routes share with the hooks. */
export interface AccessContext {
  tree: AccountTree;
  audit: AuditTrail;
  principals: PrincipalCache;
  /** Failed password checks per client address: console logins and Kannel's sendsms. */
  logins: LoginThrottle;
}

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

function requestedAccount(request: FastifyRequest): unknown {
  return (request.query as Record<string, unknown> | undefined)?.accountId;
}

/**
 * The principal the route sees. An account caller naming another account in ?accountId gets a 403
 * here, before any route runs, unless it is an owner of a parent of that account: then the request
 * acts for the sub-account as if made by it (routes need not know about sub-accounts).
 */
export async function authorize(request: FastifyRequest, principal: Principal, tree: AccountTree): Promise<Principal> {
  let acting = principal;
  const requested = requestedAccount(request);
  if (principal.role !== 'admin' && requested !== undefined && requested !== principal.accountId) {
    const child = typeof requested === 'string' ? requested : null;
    const mayAct = child !== null && principal.accountId !== null && principal.access === 'manage' && (await tree.isDescendant(child, principal.accountId));
    if (!mayAct) throw new AppError('forbidden', 'an account can only act for itself and, for its owners, its sub-accounts', 'accountId');
    acting = { ...principal, accountId: child, actingFrom: principal.accountId! };
  }
  const path = request.url.split('?')[0];
  const need = requiredAccess(request.method, path, request.routeOptions.config?.access);
  if (!allows(acting.access, need)) {
    if (need === 'manage') throw new AppError('insufficient_role', `${request.method} ${path} needs an account owner or a 'manage' key`);
    throw new AppError('read_only', `this ${acting.keyId ? 'API key' : 'user'} may only read: ${request.method} ${path} is refused`);
  }
  return acting;
}

/** One audit entry per mutating request that got past authentication, refused ones included. */
export function auditRequest(request: FastifyRequest, reply: FastifyReply, audit: AuditTrail): void {
  const principal = request.principal as Principal | null;
  if (!principal || READS.has(request.method) || request.routeOptions.config?.audit === false) return;
  const requested = requestedAccount(request);
  const accountId = principal.role === 'admin' ? (typeof requested === 'string' ? requested : principal.accountId) : principal.accountId;
  const params = (request.params ?? {}) as Record<string, unknown>;
  const target = Object.values(params).find((v) => typeof v === 'string') as string | undefined;
  audit.record({
    actor: principal.actor,
    accountId,
    action: `${request.method} ${request.routeOptions.url ?? request.url.split('?')[0]}`,
    target: target ?? null,
    detail: { status: reply.statusCode, ...(principal.actingFrom ? { actingFrom: principal.actingFrom } : {}) },
    ip: request.ip,
  });
}
