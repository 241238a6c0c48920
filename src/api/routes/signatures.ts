// /v1/signatures: an account's signatures (签名), submitted for review, approved or rejected by the operator.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import { signatureProblem } from '../../core/templates/signature-rules.ts';
import type { Signature } from '../../store/types.ts';
import type { ApiDeps } from '../deps.ts';
import { requireAccount, requireAdmin } from '../principal.ts';
import { iso } from '../time.ts';
import { AccountId, listScope, noNul, owned, Paging, ReviewBody, ReviewStatusField, reviewOutcome } from './review-access.ts';

const Name = Type.String({ minLength: 1, maxLength: 40 });
const Remark = Type.String({ maxLength: 500 });
const ListQuery = Type.Object({ ...Paging, status: Type.Optional(ReviewStatusField), accountId: AccountId }, { additionalProperties: false });
const AccountQuery = Type.Object({ accountId: AccountId }, { additionalProperties: false });
const CreateBody = Type.Object({ name: Name, remark: Type.Optional(Remark), isDefault: Type.Optional(Type.Boolean()) }, { additionalProperties: false });
const UpdateBody = Type.Object({ name: Type.Optional(Name), remark: Type.Optional(Remark), isDefault: Type.Optional(Type.Boolean()) }, { additionalProperties: false });
const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

export function signatureView(s: Signature) {
  return {
    id: s.id,
    accountId: s.accountId,
    name: s.name,
    display: `【${s.name}】`,
    status: s.status,
    reason: s.reason,
    isDefault: s.isDefault,
    remark: s.remark,
    createdAt: iso(s.createdAt),
    updatedAt: iso(s.updatedAt),
    reviewedAt: iso(s.reviewedAt),
  };
}

export async function signatureRoutes(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  const repo = deps.store.templates;
  const checkedName = (name: string): string => {
    const problem = signatureProblem(name);
    if (problem) throw new AppError('signature_invalid', problem, 'name');
    return name;
  };
  const nameFree = async (accountId: string, name: string, except?: string) => {
    const page = await repo.listSignatures({ accountId, limit: 500 });
    if (page.items.some((s) => s.name === name && s.id !== except)) throw new AppError('conflict', `the account already has the signature 【${name}】`, 'name');
  };
  const load = async (principal: Parameters<typeof owned>[1], id: string) => owned(await repo.getSignature(id), principal, 'signature', id);

  app.get<{ Querystring: Static<typeof ListQuery> }>(
    '/v1/signatures',
    { schema: { querystring: ListQuery, tags: ['templates'], summary: "An account's signatures, newest first (admins without accountId: every account's, e.g. ?status=pending)" } },
    async (request) => {
      const q = request.query;
      const page = await repo.listSignatures({ accountId: listScope(request.principal, q.accountId), status: q.status, cursor: q.cursor, limit: q.limit ?? 50 });
      return { items: page.items.map(signatureView), nextCursor: page.nextCursor };
    },
  );

  app.post<{ Body: Static<typeof CreateBody>; Querystring: Static<typeof AccountQuery> }>(
    '/v1/signatures',
    { schema: { body: CreateBody, querystring: AccountQuery, tags: ['templates'], summary: 'Submit a signature for review (name without 【】)' } },
    async (request, reply) => {
      const accountId = requireAccount(request.principal, request.query.accountId);
      if (!(await deps.store.accounts.get(accountId))) throw new AppError('not_found', `no account ${accountId}`, 'accountId');
      const { remark, isDefault } = request.body;
      noNul({ remark });
      const name = checkedName(request.body.name);
      await nameFree(accountId, name);
      const now = Date.now();
      const signature: Signature = { id: newId(now), accountId, name, status: 'pending', reason: null, isDefault: false, remark: remark ?? null, createdAt: now, updatedAt: now, reviewedAt: null };
      await repo.addSignature(signature);
      if (isDefault) await repo.setDefaultSignature(accountId, signature.id);
      deps.templates?.invalidate(accountId);
      return reply.status(201).send(signatureView({ ...signature, isDefault: isDefault === true }));
    },
  );

  app.get<{ Params: Static<typeof IdParams> }>('/v1/signatures/:id', { schema: { params: IdParams, tags: ['templates'], summary: 'One signature' } }, async (request) =>
    signatureView(await load(request.principal, request.params.id)),
  );

  app.patch<{ Params: Static<typeof IdParams>; Body: Static<typeof UpdateBody> }>(
    '/v1/signatures/:id',
    { schema: { params: IdParams, body: UpdateBody, tags: ['templates'], summary: 'Rename (back to review), change the remark, or make it the default' } },
    async (request) => {
      const current = await load(request.principal, request.params.id);
      const { name, remark, isDefault } = request.body;
      noNul({ remark });
      const next: Signature = { ...current, updatedAt: Date.now() };
      if (name !== undefined && name !== current.name) {
        await nameFree(current.accountId, checkedName(name), current.id);
        // A new name is a new signature to the carriers: it is reviewed again.
        Object.assign(next, { name, status: 'pending', reason: null, reviewedAt: null });
      }
      if (remark !== undefined) next.remark = remark;
      if (isDefault !== undefined) next.isDefault = isDefault;
      await repo.saveSignature(next);
      if (isDefault === true) await repo.setDefaultSignature(current.accountId, current.id);
      deps.templates?.invalidate(current.accountId);
      return signatureView(next);
    },
  );

  app.delete<{ Params: Static<typeof IdParams> }>('/v1/signatures/:id', { schema: { params: IdParams, tags: ['templates'], summary: 'Delete a signature' } }, async (request) => {
    const current = await load(request.principal, request.params.id);
    await repo.removeSignature(current.id);
    deps.templates?.invalidate(current.accountId);
    return { id: current.id, deleted: true };
  });

  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof ReviewBody> }>(
    '/v1/signatures/:id/review',
    { schema: { params: IdParams, body: ReviewBody, tags: ['templates'], summary: 'Approve or reject a signature (admin)' } },
    async (request) => {
      requireAdmin(request.principal);
      const current = await load(request.principal, request.params.id);
      noNul({ reason: request.body.reason });
      const now = Date.now();
      const next: Signature = { ...current, ...reviewOutcome(request.body.decision, request.body.reason), reviewedAt: now, updatedAt: now };
      await repo.saveSignature(next);
      deps.templates?.invalidate(current.accountId);
      return signatureView(next);
    },
  );
}
