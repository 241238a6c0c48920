// /v1/messages: send, send a batch, look up, list, cancel, and preview a text's encoding.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { AppError, ERROR_CATALOGUE } from '../../core/errors.ts';
import type { RecipientResult, SubmitRequest } from '../../core/intake-port.ts';
import { MESSAGE_CATEGORIES, type Message, type MessageState, type PriorityName } from '../../core/message.ts';
import { historyOf } from '../../core/message-history.ts';
import type { ApiDeps } from '../deps.ts';
import { requireAccount } from '../principal.ts';
import { iso, parseTime } from '../time.ts';
import { cancelMessage } from '../../core/message-cancel.ts';

const Time = Type.Union([Type.String(), Type.Integer({ minimum: 0 })]);
const PriorityField = Type.Union([Type.Literal('urgent'), Type.Literal('normal'), Type.Literal('bulk')]);
/** verification / notification / marketing (default notification): marketing waits for sending hours and carries the opt-out text. */
const CategoryField = Type.Union(MESSAGE_CATEGORIES.map((c) => Type.Literal(c)));
/** Values of a template's ${name} variables. */
const Params = Type.Record(Type.String({ maxLength: 32 }), Type.Union([Type.String({ maxLength: 500 }), Type.Number()]));
const TemplateId = Type.String({ minLength: 1, maxLength: 32 });
const SignatureId = Type.String({ minLength: 1, maxLength: 64 });
const STATES = ['scheduled', 'accepted', 'queued', 'submitted', 'delivered', 'undelivered', 'expired', 'rejected', 'failed', 'cancelled'] as const;

const SendBody = Type.Object(
  {
    to: Type.Union([Type.String({ minLength: 1, maxLength: 32 }), Type.Array(Type.String({ minLength: 1, maxLength: 32 }), { minItems: 1, maxItems: 1000 })]),
    /** The text; or templateId + params instead. */
    text: Type.Optional(Type.String({ minLength: 1, maxLength: 5000 })),
    templateId: Type.Optional(TemplateId),
    /** One object for every recipient, or an array with one object per recipient of `to`. */
    params: Type.Optional(Type.Union([Params, Type.Array(Params, { maxItems: 1000 })])),
    signatureId: Type.Optional(SignatureId),
    from: Type.Optional(Type.String({ minLength: 1, maxLength: 20 })),
    priority: Type.Optional(PriorityField),
    scheduleAt: Type.Optional(Time),
    validitySeconds: Type.Optional(Type.Integer({ minimum: 60, maximum: 7 * 86400 })),
    callbackUrl: Type.Optional(Type.String({ format: 'uri', maxLength: 2000 })),
    clientRef: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    tag: Type.Optional(Type.String({ maxLength: 64 })),
    category: Type.Optional(CategoryField),
    receipt: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

const BatchBody = Type.Object(
  {
    messages: Type.Array(
      Type.Object(
        {
          to: Type.String({ minLength: 1, maxLength: 32 }),
          text: Type.Optional(Type.String({ minLength: 1, maxLength: 5000 })),
          /** This recipient's values for the batch's template. */
          params: Type.Optional(Params),
          from: Type.Optional(Type.String({ minLength: 1, maxLength: 20 })),
          clientRef: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
          tag: Type.Optional(Type.String({ maxLength: 64 })),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 10_000 },
    ),
    /** A template every item is rendered from with its own params (items then carry no text). */
    templateId: Type.Optional(TemplateId),
    signatureId: Type.Optional(SignatureId),
    priority: Type.Optional(PriorityField),
    category: Type.Optional(CategoryField),
    scheduleAt: Type.Optional(Time),
    validitySeconds: Type.Optional(Type.Integer({ minimum: 60, maximum: 7 * 86400 })),
    callbackUrl: Type.Optional(Type.String({ format: 'uri', maxLength: 2000 })),
  },
  { additionalProperties: false },
);

const ListQuery = Type.Object(
  {
    state: Type.Optional(Type.Union(STATES.map((s) => Type.Literal(s)))),
    to: Type.Optional(Type.String({ maxLength: 32 })),
    clientRef: Type.Optional(Type.String({ maxLength: 64 })),
    createdFrom: Type.Optional(Type.String()),
    createdTo: Type.Optional(Type.String()),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    accountId: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

const AccountQuery = Type.Object({ accountId: Type.Optional(Type.String()) }, { additionalProperties: false });
const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const PreviewBody = Type.Object({ text: Type.String({ maxLength: 5000 }) }, { additionalProperties: false });

/** Refusals by policy, not bad input: blocked content, blacklists, unapproved signatures or templates, balance, frequency limits, consent. */
const POLICY_REFUSALS: ReadonlySet<string> = new Set(['content_blocked', 'blacklisted', 'signature_not_approved', 'template_not_approved', 'misplaced_brackets', 'insufficient_balance', 'no_price', 'frequency_limited', 'no_consent']);

/** A batch item's field for an error intake named on its one-recipient request. */
function itemField(field: string | undefined): string {
  return field === 'text' || field === 'params' ? field : 'to';
}

function itemOf(result: RecipientResult, scheduled: boolean) {
  if (!result.ok) return { to: result.recipient, status: 'rejected', error: result.error };
  // A message held for sending hours is scheduled even when the caller asked for "now".
  const waits = scheduled || result.scheduledAt !== undefined;
  return {
    to: result.recipient,
    id: result.messageId,
    normalized: result.normalized,
    segments: result.segments,
    encoding: result.encoding,
    status: waits ? 'scheduled' : 'accepted',
    ...(result.scheduledAt !== undefined ? { scheduledAt: iso(result.scheduledAt) } : {}),
  };
}

export function messageView(m: Message) {
  return {
    id: m.id,
    accountId: m.accountId,
    to: m.recipient,
    from: m.sender,
    text: m.text,
    state: m.state,
    segments: m.segments,
    encoding: m.encoding,
    priority: (['urgent', 'normal', 'bulk'] as const)[m.priority],
    connectorId: m.connectorId,
    errorCode: m.errorCode,
    errorMessage: m.errorMessage,
    clientRef: m.clientRef,
    tag: m.tag,
    category: m.category,
    source: m.source,
    batchId: m.batchId,
    templateCode: m.templateCode ?? null,
    signature: m.signature ?? null,
    attempts: m.attempts,
    createdAt: iso(m.createdAt),
    scheduledAt: iso(m.scheduledAt),
    submittedAt: iso(m.submittedAt),
    doneAt: iso(m.doneAt),
  };
}

export async function messageRoutes(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  const { gateway, store } = deps;

  app.post<{ Body: Static<typeof SendBody>; Querystring: Static<typeof AccountQuery> }>(
    '/v1/messages',
    { schema: { body: SendBody, querystring: AccountQuery, tags: ['messages'], summary: 'Send one text to one or many recipients' } },
    async (request, reply) => {
      const accountId = requireAccount(request.principal, request.query.accountId);
      const body = request.body;
      const idempotencyKey = request.headers['idempotency-key'];
      const clientRef = body.clientRef ?? (typeof idempotencyKey === 'string' ? idempotencyKey : undefined);
      const scheduleAt = parseTime(body.scheduleAt, 'scheduleAt');
      const submit: SubmitRequest = {
        accountId,
        source: 'api',
        recipients: Array.isArray(body.to) ? body.to : [body.to],
        text: body.text,
        templateId: body.templateId,
        params: body.params,
        signatureId: body.signatureId,
        sender: body.from,
        priority: body.priority as PriorityName | undefined,
        scheduleAt,
        validitySeconds: body.validitySeconds,
        callbackUrl: body.callbackUrl,
        clientRef,
        tag: body.tag,
        category: body.category,
        wantReceipt: body.receipt,
      };
      const response = await gateway.intake.submit(submit);
      const scheduled = scheduleAt !== undefined && scheduleAt > Date.now() + 1000;
      const messages = response.results.map((r) => itemOf(r, scheduled));
      if (messages.every((m) => m.status === 'rejected')) {
        const first = response.results.find((r) => !r.ok);
        const error = first && !first.ok ? first.error : { code: 'validation_failed' as const, message: 'no recipient accepted' };
        // A text refused for its content, or recipients all blacklisted, are policy refusals (422), not bad input.
        const policy = POLICY_REFUSALS.has(error.code);
        return reply.status(policy ? ERROR_CATALOGUE[error.code].status : 400).send({ error, messages });
      }
      return reply.status(202).send({ duplicate: response.duplicate, messages });
    },
  );

  app.post<{ Body: Static<typeof BatchBody>; Querystring: Static<typeof AccountQuery> }>(
    '/v1/messages/batch',
    { schema: { body: BatchBody, querystring: AccountQuery, tags: ['messages'], summary: 'Send different texts to different recipients (up to 10,000)' }, bodyLimit: 16 * 1024 * 1024 },
    async (request, reply) => {
      const accountId = requireAccount(request.principal, request.query.accountId);
      const { messages, priority, category, validitySeconds, callbackUrl, templateId, signatureId } = request.body;
      const scheduleAt = parseTime(request.body.scheduleAt, 'scheduleAt');
      const scheduled = scheduleAt !== undefined && scheduleAt > Date.now() + 1000;
      // Submitted together, the items share the intake's group commits.
      const results = await Promise.all(
        messages.map((item, index) =>
          gateway.intake
            .submit({ accountId, source: 'api', recipients: [item.to], text: item.text, templateId, params: item.params, signatureId, sender: item.from, clientRef: item.clientRef, tag: item.tag, category, priority: priority as PriorityName | undefined, scheduleAt, validitySeconds, callbackUrl })
            .then(
              (response) => {
                const item = itemOf(response.results[0], scheduled);
                // Intake names the recipient as to[0] of its one-recipient request; the caller sent messages[i].to.
                return item.status === 'rejected' && item.error ? { ...item, error: { ...item.error, field: `messages[${index}].${itemField(item.error.field)}` } } : item;
              },
              (error: unknown) => {
                if (!(error instanceof AppError)) throw error;
                return { to: item.to, status: 'rejected', error: { ...error.toJSON(), field: `messages[${index}].${error.field ?? 'text'}` } };
              },
            ),
        ),
      );
      return reply.status(202).send({ messages: results });
    },
  );

  app.post<{ Body: Static<typeof PreviewBody> }>('/v1/messages/preview', { schema: { body: PreviewBody, tags: ['messages'], summary: 'Encoding and segment count of a text' }, config: { access: 'read', audit: false } }, async (request) =>
    deps.preview(request.body.text),
  );

  app.get<{ Params: Static<typeof IdParams>; Querystring: Static<typeof AccountQuery> }>(
    '/v1/messages/:id',
    { schema: { params: IdParams, querystring: AccountQuery, tags: ['messages'], summary: 'A message with its state history' } },
    async (request) => {
      const principal = request.principal;
      const accountId = principal.role === 'admin' ? request.query.accountId : requireAccount(principal, request.query.accountId);
      const message = await store.messages.get(request.params.id, accountId);
      if (!message) throw new AppError('not_found', `no message ${request.params.id}`, 'id');
      const [stored, parts] = await Promise.all([store.messages.events(message.id), store.messages.parts(message.id)]);
      return {
        ...messageView(message),
        history: historyOf(message, stored, parts).map((e) => ({ at: iso(e.at), state: e.state, detail: e.detail })),
        parts: parts.map((p) => ({ partNo: p.partNo, upstreamId: p.upstreamId, state: p.state, errorCode: p.errorCode, rawStatus: p.rawStatus ?? null })),
      };
    },
  );

  app.get<{ Querystring: Static<typeof ListQuery> }>('/v1/messages', { schema: { querystring: ListQuery, tags: ['messages'], summary: 'Search messages (cursor paging)' } }, async (request) => {
    const q = request.query;
    const principal = request.principal;
    const accountId = principal.role === 'admin' ? q.accountId : requireAccount(principal, q.accountId);
    const page = await store.messages.list({
      accountId,
      state: q.state as MessageState | undefined,
      // Stored numbers are E.164: search for "13800138000" the way intake stored it.
      recipient: q.to === undefined ? undefined : (deps.normalizeNumber(q.to) ?? q.to),
      clientRef: q.clientRef,
      createdFrom: parseTime(q.createdFrom, 'createdFrom'),
      createdTo: parseTime(q.createdTo, 'createdTo'),
      cursor: q.cursor,
      limit: q.limit ?? 50,
    });
    return { items: page.items.map(messageView), nextCursor: page.nextCursor };
  });

  app.delete<{ Params: Static<typeof IdParams>; Querystring: Static<typeof AccountQuery> }>(
    '/v1/messages/:id',
    { schema: { params: IdParams, querystring: AccountQuery, tags: ['messages'], summary: 'Cancel a message that has not been submitted' } },
    async (request) => {
      const principal = request.principal;
      const accountId = principal.role === 'admin' ? request.query.accountId : requireAccount(principal, request.query.accountId);
      const message = await store.messages.get(request.params.id, accountId);
      if (!message) throw new AppError('not_found', `no message ${request.params.id}`, 'id');
      const outcome = await cancelMessage({ messages: store.messages, billing: deps.billing }, message, Date.now());
      if (!outcome.ok) throw new AppError('conflict', outcome.message, 'id');
      return { id: message.id, state: 'cancelled' };
    },
  );
}
