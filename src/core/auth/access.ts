// Who may do what: access levels of roles and API-key scopes, what a request needs, and the lock-out policy.

/** Ordered: each level includes the ones before it. */
export const ACCESS_LEVELS = ['read', 'send', 'manage'] as const;
export type Access = (typeof ACCESS_LEVELS)[number];

/** Consecutive failed sign-ins that lock a user, and for how long. */
export const LOGIN_POLICY = { maxFailures: 5, lockMs: 15 * 60_000 } as const;

/** Console roles inside an account: owners manage, operators send, viewers read. Admins manage the platform. */
export function accessOfRole(role: string): Access {
  if (role === 'admin' || role === 'owner' || role === 'account') return 'manage';
  if (role === 'operator') return 'send';
  return 'read';
}

/** API-key scopes; 'account' (keys from before scopes existed) and 'admin' keep full access. */
export function accessOfScope(scope: string): Access {
  if (scope === 'read' || scope === 'send' || scope === 'manage') return scope;
  return 'manage';
}

export function allows(have: Access, need: Access): boolean {
  return ACCESS_LEVELS.indexOf(have) >= ACCESS_LEVELS.indexOf(need);
}

/** Areas where even reading needs 'manage': the account's users, keys (API and cloud) and audit log. */
const MANAGE_AREAS = /^\/v1\/(users|api-keys|cloud-keys|audit)(\/|$)|^\/v1\/accounts\/[^/]+\/sub-accounts(\/|$)/;
/** Writes any signed-in user may make about themselves. */
const SELF_SERVICE = /^\/v1\/auth\/password$/;

/**
 * What a request needs. A route may say so itself with `config: { access }` (e.g. a POST that only
 * computes something: 'read'); otherwise reads need 'read', writes 'send', and the account's users,
 * keys and audit log 'manage'.
 */
export function requiredAccess(method: string, path: string, declared?: Access): Access {
  if (MANAGE_AREAS.test(path)) return 'manage';
  if (declared) return declared;
  if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') return 'read';
  if (SELF_SERVICE.test(path)) return 'read';
  return 'send';
}
