// Shared by the signature, template and phrase routes: who may see a record, and the review body.
import { Type } from '@sinclair/typebox';
import { AppError } from '../../core/errors.ts';
import type { Principal } from '../principal.ts';
import { requireAccount } from '../principal.ts';

export const ReviewBody = Type.Object(
  {
    decision: Type.Union([Type.Literal('approve'), Type.Literal('reject')]),
    /** Required when rejecting: the submitter is told what to change. */
    reason: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
  },
  { additionalProperties: false },
);

export const ReviewStatusField = Type.Union([Type.Literal('pending'), Type.Literal('approved'), Type.Literal('rejected')]);
export const Paging = { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })), cursor: Type.Optional(Type.String({ maxLength: 200 })) };
export const AccountId = Type.Optional(Type.String({ minLength: 1, maxLength: 64 }));

/**
 * The record if the caller may see it; another account's record is "not found", never "forbidden",
 * so ids of other tenants cannot be probed.
 */
export function owned<T extends { accountId: string }>(record: T | null, principal: Principal, what: string, id: string): T {
  if (record && (principal.role === 'admin' || record.accountId === principal.accountId)) return record;
  throw new AppError('not_found', `no ${what} ${id}`, 'id');
}

/** Admins may list across accounts (review queues) by leaving accountId out; accounts see their own. */
export function listScope(principal: Principal, accountId: string | undefined): string | undefined {
  return principal.role === 'admin' ? accountId : requireAccount(principal, accountId);
}

/** Text fields stored in both databases: PostgreSQL cannot hold U+0000. */
export function noNul(fields: Record<string, string | undefined | null>): void {
  for (const [field, value] of Object.entries(fields)) {
    if (typeof value === 'string' && value.includes('\u0000')) throw new AppError('validation_failed', `${field} must not contain U+0000`, field);
  }
}

export function reviewOutcome(decision: 'approve' | 'reject', reason: string | undefined): { status: 'approved' | 'rejected'; reason: string | null } {
  if (decision === 'reject' && !reason) throw new AppError('validation_failed', 'a rejection needs a reason', 'reason');
  return decision === 'approve' ? { status: 'approved', reason: null } : { status: 'rejected', reason: reason! };
}
