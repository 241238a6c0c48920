// /v1/templates: an account's message templates, checked against the content rules on submission,
// reviewed by the operator, previewed exactly as the phone shows them; addressed by their code (SMS_000123).
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../core/errors.ts';
import { MESSAGE_CATEGORIES, type MessageCategory } from '../../core/message.ts';
import { composeSettingsKey, parseComposeSettings } from '../../core/templates/template-book.ts';
import { previewTemplate } from '../../core/templates/template-preview.ts';
import { checkTemplate } from '../../core/templates/template-rules.ts';
import { variablesOf } from '../../core/templates/template-text.ts';
import type { Template } from '../../store/types.ts';
import type { ApiDeps } from '../deps.ts';
import type { Principal } from '../principal.ts';
import { requireAccount, requireAdmin } from '../principal.ts';
import { iso } from '../time.ts';
import { AccountId, listScope, noNul, owned, Paging, ReviewBody, ReviewStatusField, reviewOutcome } from './review-access.ts';

const Category = Type.Union(MESSAGE_CATEGORIES.map((c) => Type.Literal(c)));
const Body = Type.String({ minLength: 1, maxLength: 1000 });
const Params = Type.Record(Type.String({ maxLength: 32 }), Type.Union([Type.String({ maxLength: 500 }), Type.Number()]));
const ListQuery = Type.Object({ ...Paging, status: Type.Optional(ReviewStatusField), category: Type.Optional(Category), accountId: AccountId }, { additionalProperties: false });
const AccountQuery = Type.Object({ accountId: AccountId }, { additionalProperties: false });
const CreateBody = Type.Object({ name: Type.String({ minLength: 1, maxLength: 100 }), category: Category, body: Body, remark: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false });
const UpdateBody = Type.Partial(CreateBody, { additionalProperties: false });
const CheckBody = Type.Object({ category: Category, body: Body }, { additionalProperties: false });
const DraftPreviewBody = Type.Object({ category: Category, body: Body, params: Type.Optional(Params), signatureId: Type.Optional(Type.String({ maxLength: 64 })) }, { additionalProperties: false });
const PreviewBody = Type.Object({ params: Type.Optional(Params), signatureId: Type.Optional(Type.String({ maxLength: 64 })) }, { additionalProperties: false });
const SettingsBody = Type.Object({ optOutText: Type.String({ maxLength: 30 }) }, { additionalProperties: false });
const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

export function templateView(t: Template) {
  return {
    id: t.code,
    code: t.code,
    accountId: t.accountId,
    name: t.name,
    category: t.category,
    body: t.body,
    variables: variablesOf(t.body),
    status: t.status,
    reason: t.reason,
    remark: t.remark,
    createdAt: iso(t.createdAt),
    updatedAt: iso(t.updatedAt),
    reviewedAt: iso(t.reviewedAt),
  };
}

/** Every failed content rule at once, as a 400 the editor can list. */
function requireValid(category: MessageCategory, body: string): void {
  const violations = checkTemplate(category, body);
  if (violations.length > 0) {
    throw new AppError('template_invalid', violations.map((v) => v.message).join('; '), 'body', violations.map((v) => ({ rule: v.rule, message: v.message })));
  }
}

export async function templateRoutes(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  const { store } = deps;
  const repo = store.templates;
  const load = async (principal: Principal, code: string) => owned(await repo.getTemplate(code), principal, 'template', code);

  /** The phone's text for a body: under the chosen signature (any of the account's) or its approved default. */
  const preview = async (accountId: string, category: MessageCategory, body: string, params: Record<string, string | number> | undefined, signatureId: string | undefined) => {
    let signature: string | null = null;
    if (signatureId !== undefined) {
      const chosen = await repo.getSignature(signatureId);
      if (!chosen || chosen.accountId !== accountId) throw new AppError('not_found', `no signature ${signatureId}`, 'signatureId');
      signature = chosen.name;
    } else if (deps.templates) {
      signature = (await deps.templates.forAccount(accountId)).defaultSignature?.name ?? null;
    }
    const settings = parseComposeSettings(await store.settings.get(composeSettingsKey(accountId)));
    const result = previewTemplate({ category, body, signature, params, optOutText: settings.optOutText });
    const measured = deps.preview(result.text);
    return { ...result, signature, encoding: measured.encoding, segments: measured.segments };
  };

  app.get<{ Querystring: Static<typeof ListQuery> }>(
    '/v1/templates',
    { schema: { querystring: ListQuery, tags: ['templates'], summary: "An account's templates, newest first (admins without accountId: every account's, e.g. ?status=pending)" } },
    async (request) => {
      const q = request.query;
      const page = await repo.listTemplates({ accountId: listScope(request.principal, q.accountId), status: q.status, category: q.category, cursor: q.cursor, limit: q.limit ?? 50 });
      return { items: page.items.map(templateView), nextCursor: page.nextCursor };
    },
  );

  app.post<{ Body: Static<typeof CreateBody>; Querystring: Static<typeof AccountQuery> }>(
    '/v1/templates',
    { schema: { body: CreateBody, querystring: AccountQuery, tags: ['templates'], summary: 'Submit a template for review (checked against the content rules first)' } },
    async (request, reply) => {
      const accountId = requireAccount(request.principal, request.query.accountId);
      if (!(await store.accounts.get(accountId))) throw new AppError('not_found', `no account ${accountId}`, 'accountId');
      const { name, category, body, remark } = request.body;
      noNul({ name, body, remark });
      requireValid(category, body);
      const now = Date.now();
      const template = await repo.addTemplate({ accountId, name, category, body, status: 'pending', reason: null, remark: remark ?? null, createdAt: now, updatedAt: now, reviewedAt: null });
      return reply.status(201).send(templateView(template));
    },
  );

  app.post<{ Body: Static<typeof CheckBody> }>(
    '/v1/templates/check',
    { schema: { body: CheckBody, tags: ['templates'], summary: 'The content rules a body breaks (empty: none), without saving' } },
    async (request) => ({ violations: checkTemplate(request.body.category, request.body.body), variables: variablesOf(request.body.body) }),
  );

  app.post<{ Body: Static<typeof DraftPreviewBody>; Querystring: Static<typeof AccountQuery> }>(
    '/v1/templates/preview',
    { schema: { body: DraftPreviewBody, querystring: AccountQuery, tags: ['templates'], summary: 'Preview an unsaved body exactly as the phone shows it' } },
    async (request) => {
      const accountId = requireAccount(request.principal, request.query.accountId);
      const { category, body, params, signatureId } = request.body;
      return preview(accountId, category, body, params, signatureId);
    },
  );

  app.get<{ Querystring: Static<typeof AccountQuery> }>(
    '/v1/templates/settings',
    { schema: { querystring: AccountQuery, tags: ['templates'], summary: "The account's opt-out text appended to marketing messages" } },
    async (request) => parseComposeSettings(await store.settings.get(composeSettingsKey(requireAccount(request.principal, request.query.accountId)))),
  );

  app.put<{ Body: Static<typeof SettingsBody>; Querystring: Static<typeof AccountQuery> }>(
    '/v1/templates/settings',
    { schema: { body: SettingsBody, querystring: AccountQuery, tags: ['templates'], summary: 'Set the opt-out text marketing messages end with ("" = none appended)' } },
    async (request) => {
      const accountId = requireAccount(request.principal, request.query.accountId);
      noNul({ optOutText: request.body.optOutText });
      await store.settings.set(composeSettingsKey(accountId), JSON.stringify({ optOutText: request.body.optOutText }));
      deps.templates?.invalidate(accountId);
      return { optOutText: request.body.optOutText };
    },
  );

  app.get<{ Params: Static<typeof IdParams> }>('/v1/templates/:id', { schema: { params: IdParams, tags: ['templates'], summary: 'One template by code' } }, async (request) =>
    templateView(await load(request.principal, request.params.id)),
  );

  app.patch<{ Params: Static<typeof IdParams>; Body: Static<typeof UpdateBody> }>(
    '/v1/templates/:id',
    { schema: { params: IdParams, body: UpdateBody, tags: ['templates'], summary: 'Edit a template; a changed body or category goes back to review' } },
    async (request) => {
      const current = await load(request.principal, request.params.id);
      const { name, category, body, remark } = request.body;
      noNul({ name, body, remark });
      const next: Template = { ...current, name: name ?? current.name, category: category ?? current.category, body: body ?? current.body, remark: remark ?? current.remark, updatedAt: Date.now() };
      if (next.body !== current.body || next.category !== current.category) {
        requireValid(next.category, next.body);
        Object.assign(next, { status: 'pending', reason: null, reviewedAt: null });
      }
      await repo.saveTemplate(next);
      deps.templates?.invalidate(current.accountId);
      return templateView(next);
    },
  );

  app.delete<{ Params: Static<typeof IdParams> }>('/v1/templates/:id', { schema: { params: IdParams, tags: ['templates'], summary: 'Delete a template' } }, async (request) => {
    const current = await load(request.principal, request.params.id);
    await repo.removeTemplate(current.code);
    deps.templates?.invalidate(current.accountId);
    return { id: current.code, deleted: true };
  });

  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof ReviewBody> }>(
    '/v1/templates/:id/review',
    { schema: { params: IdParams, body: ReviewBody, tags: ['templates'], summary: 'Approve or reject a template (admin)' } },
    async (request) => {
      requireAdmin(request.principal);
      const current = await load(request.principal, request.params.id);
      noNul({ reason: request.body.reason });
      const now = Date.now();
      const next: Template = { ...current, ...reviewOutcome(request.body.decision, request.body.reason), reviewedAt: now, updatedAt: now };
      await repo.saveTemplate(next);
      deps.templates?.invalidate(current.accountId);
      return templateView(next);
    },
  );

  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof PreviewBody> }>(
    '/v1/templates/:id/preview',
    { schema: { params: IdParams, body: PreviewBody, tags: ['templates'], summary: 'The exact text the phone shows for these params, its encoding, segments and billable length' } },
    async (request) => {
      const t = await load(request.principal, request.params.id);
      return { code: t.code, ...(await preview(t.accountId, t.category, t.body, request.body.params, request.body.signatureId)) };
    },
  );
}
