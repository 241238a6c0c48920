// /v1/consents: an account records marketing consent grants and revocations (append-only evidence),
// lists them newest first with cursor paging, and reads one number's history and current status.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../core/errors.ts';
import type { ConsentRecord } from '../../store/types.ts';
import type { ApiDeps } from '../deps.ts';
import { requireAccount } from '../principal.ts';
import { iso, parseTime } from '../time.ts';

const AccountId = Type.Optional(Type.String({ minLength: 1, maxLength: 64 }));
const Time = Type.Union([Type.String({ maxLength: 40 }), Type.Integer({ minimum: 0 })]);
const ConsentBody = Type.Object(
  {
    number: Type.String({ minLength: 1, maxLength: 32 }),
    status: Type.Union([Type.Literal('granted'), Type.Literal('revoked')]),
    source: Type.String({ minLength: 1, maxLength: 40, pattern: '^[a-z0-9_-]+$' }),
    evidence: Type.Optional(Type.String({ maxLength: 2000 })),
    at: Type.Optional(Time),
    expiresAt: Type.Optional(Type.Union([Time, Type.Null()])),
  },
  { additionalProperties: false },
);
const ListQuery = Type.Object(
  { accountId: AccountId, number: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })), cursor: Type.Optional(Type.String({ maxLength: 200 })) },
  { additionalProperties: false },
);
const AccountQuery = Type.Object({ accountId: AccountId }, { additionalProperties: false });
const NumberParams = Type.Object({ number: Type.String({ minLength: 1, maxLength: 32 }) }, { additionalProperties: false });

function consentView(c: ConsentRecord) {
  return { id: c.id, number: c.number, status: c.status, source: c.source, evidence: c.evidence, at: iso(c.at), expiresAt: iso(c.expiresAt), createdAt: iso(c.createdAt) };
}

export async function consentRoutes(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  const { store } = deps;
  const ownAccount = async (principal: Parameters<typeof requireAccount>[0], requested: string | undefined): Promise<string> => {
    const accountId = requireAccount(principal, requested);
    if (!(await store.accounts.get(accountId))) throw new AppError('not_found', `no account ${accountId}`, 'accountId');
    return accountId;
  };
  const e164 = (input: string, field: string): string => {
    const number = input.includes('\u0000') ? null : deps.normalizeNumber(input);
    if (!number) throw new AppError('invalid_number', `${JSON.stringify(input)} is not a valid phone number`, field);
    return number;
  };

  app.post<{ Body: Static<typeof ConsentBody>; Querystring: Static<typeof AccountQuery> }>(
    '/v1/consents',
    { schema: { body: ConsentBody, querystring: AccountQuery, tags: ['consents'], summary: 'Record a consent grant or revocation for a number' } },
    async (request, reply) => {
      const accountId = await ownAccount(request.principal, request.query.accountId);
      const body = request.body;
      if (body.evidence?.includes('\u0000')) throw new AppError('validation_failed', 'evidence must not contain U+0000', 'evidence');
      const now = Date.now();
      const at = parseTime(body.at, 'at') ?? now;
      if (at > now + 60_000) throw new AppError('validation_failed', 'at must not be in the future', 'at');
      const expiresAt = parseTime(body.expiresAt, 'expiresAt') ?? null;
      if (expiresAt !== null && expiresAt <= at) throw new AppError('validation_failed', 'expiresAt must be after at', 'expiresAt');
      const record = await store.compliance.addConsent(
        { accountId, number: e164(body.number, 'number'), status: body.status, source: body.source, evidence: body.evidence ?? null, at, expiresAt: body.status === 'granted' ? expiresAt : null },
        now,
      );
      return reply.status(201).send(consentView(record));
    },
  );

  app.get<{ Querystring: Static<typeof ListQuery> }>(
    '/v1/consents',
    { schema: { querystring: ListQuery, tags: ['consents'], summary: "The account's consent records, newest first" } },
    async (request) => {
      const accountId = await ownAccount(request.principal, request.query.accountId);
      const number = request.query.number === undefined ? undefined : e164(request.query.number, 'number');
      const page = await store.compliance.listConsents({ accountId, number, cursor: request.query.cursor, limit: request.query.limit ?? 50 });
      return { items: page.items.map(consentView), nextCursor: page.nextCursor };
    },
  );

  app.get<{ Params: Static<typeof NumberParams>; Querystring: Static<typeof AccountQuery> }>(
    '/v1/consents/:number',
    { schema: { params: NumberParams, querystring: AccountQuery, tags: ['consents'], summary: "A number's current consent status and full history" } },
    async (request) => {
      const accountId = await ownAccount(request.principal, request.query.accountId);
      const number = e164(request.params.number, 'number');
      const history = await store.compliance.consentHistory(accountId, number);
      const latest = history[0];
      const current = latest && latest.status === 'granted' && (latest.expiresAt === null || latest.expiresAt > Date.now()) ? 'granted' : latest ? (latest.status === 'revoked' ? 'revoked' : 'expired') : 'none';
      return { number, current, history: history.map(consentView) };
    },
  );
}
