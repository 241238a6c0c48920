// Billing for the operator: top-ups and adjustments (POST /v1/accounts/{id}/ledger), price plans
// (/v1/accounts/{id}/prices) and the capture policy with the low-balance threshold (/v1/accounts/{id}/billing).
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { BillingBook } from '../../core/billing/billing-book.ts';
import { CARRIERS, isCarrier } from '../../core/carriers/carrier.ts';
import { AppError } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import { MESSAGE_CATEGORIES } from '../../core/message.ts';
import type { LedgerEntry, PriceRecord } from '../../store/types.ts';
import type { ApiDeps } from '../deps.ts';
import { requireAdmin } from '../principal.ts';
import { iso } from '../time.ts';

/** Money in li (1/10000 yuan): integers only, at most 10^12 li (100 million yuan) per entry. */
const MAX_LI = 1_000_000_000_000;
const Li = Type.Integer({ minimum: -MAX_LI, maximum: MAX_LI });
const AccountParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false });
const PriceParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }), priceId: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false });
const LedgerBody = Type.Object(
  { kind: Type.Union([Type.Literal('topup'), Type.Literal('adjustment')]), amount: Li, note: Type.Optional(Type.String({ maxLength: 200 })) },
  { additionalProperties: false },
);
const PriceBody = Type.Object(
  {
    match: Type.Union([Type.Literal('prefix'), Type.Literal('carrier'), Type.Literal('country'), Type.Literal('default')]),
    value: Type.Optional(Type.String({ maxLength: 32 })),
    category: Type.Optional(Type.Union([...MESSAGE_CATEGORIES.map((c) => Type.Literal(c)), Type.Null()])),
    unitPrice: Type.Integer({ minimum: 0, maximum: MAX_LI }),
  },
  { additionalProperties: false },
);
const SettingsBody = Type.Object(
  { policy: Type.Union([Type.Literal('delivery'), Type.Literal('submit')]), lowBalanceThreshold: Type.Integer({ minimum: 0, maximum: MAX_LI }) },
  { additionalProperties: false },
);

export function ledgerView(e: LedgerEntry) {
  return { id: e.id, accountId: e.accountId, at: iso(e.at), kind: e.kind, amount: e.amount, messages: e.messages, note: e.note, balanceAfter: e.balanceAfter };
}

export function priceView(p: PriceRecord) {
  return { id: p.id, match: p.match, value: p.value, category: p.category, unitPrice: p.unitPrice, createdAt: iso(p.createdAt) };
}

/** The match value as stored: prefixes in E.164 form, countries upper-case, nothing for the default. */
function matchValue(match: Static<typeof PriceBody>['match'], value: string | undefined): string {
  const v = (value ?? '').trim();
  if (match === 'default') return '';
  if (v === '') throw new AppError('validation_failed', `a ${match} price needs a value`, 'value');
  if (match === 'prefix' && !/^\+\d{1,15}$/.test(v)) throw new AppError('validation_failed', 'a prefix is + and digits, e.g. +86138', 'value');
  if (match === 'country' && !/^[A-Za-z]{2}$/.test(v)) throw new AppError('validation_failed', 'a country is an ISO 3166 alpha-2 code, e.g. CN', 'value');
  if (match === 'carrier' && !isCarrier(v)) throw new AppError('validation_failed', `a carrier is one of ${CARRIERS.join(', ')}`, 'value');
  return match === 'country' ? v.toUpperCase() : v;
}

export function billingBook(deps: ApiDeps): BillingBook {
  if (!deps.billing) throw new AppError('not_found', 'billing is not enabled on this platform');
  return deps.billing;
}

export async function billingAdminRoutes(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  const { store } = deps;
  const existing = async (id: string) => {
    if (!(await store.accounts.get(id))) throw new AppError('not_found', `no account ${id}`, 'id');
    return id;
  };

  app.post<{ Params: Static<typeof AccountParams>; Body: Static<typeof LedgerBody> }>(
    '/v1/accounts/:id/ledger',
    { schema: { params: AccountParams, body: LedgerBody, tags: ['billing'], summary: 'Top up (amount > 0) or adjust (amount ≠ 0) an account balance, in li (admin)' } },
    async (request, reply) => {
      requireAdmin(request.principal);
      const accountId = await existing(request.params.id);
      const { kind, amount, note } = request.body;
      if (kind === 'topup' && amount <= 0) throw new AppError('validation_failed', 'a top-up must be a positive amount of li', 'amount');
      if (amount === 0) throw new AppError('validation_failed', 'an adjustment must not be zero', 'amount');
      if (note?.includes('\u0000')) throw new AppError('validation_failed', 'note must not contain U+0000', 'note');
      const entry = await billingBook(deps).post(accountId, kind, amount, note ?? null);
      return reply.status(201).send(ledgerView(entry));
    },
  );

  app.get<{ Params: Static<typeof AccountParams> }>(
    '/v1/accounts/:id/prices',
    { schema: { params: AccountParams, tags: ['billing'], summary: "An account's prices per segment, in li (admin)" } },
    async (request) => {
      requireAdmin(request.principal);
      return { items: (await store.billing.prices(await existing(request.params.id))).map(priceView) };
    },
  );

  app.post<{ Params: Static<typeof AccountParams>; Body: Static<typeof PriceBody> }>(
    '/v1/accounts/:id/prices',
    { schema: { params: AccountParams, body: PriceBody, tags: ['billing'], summary: 'Set a price (replaces the one with the same match, value and category) (admin)' } },
    async (request, reply) => {
      requireAdmin(request.principal);
      const accountId = await existing(request.params.id);
      const { match, value, category, unitPrice } = request.body;
      const price = await store.billing.upsertPrice({ id: newId(), accountId, match, value: matchValue(match, value), category: category ?? null, unitPrice, createdAt: Date.now() });
      await billingBook(deps).refresh();
      return reply.status(201).send(priceView(price));
    },
  );

  app.delete<{ Params: Static<typeof PriceParams> }>(
    '/v1/accounts/:id/prices/:priceId',
    { schema: { params: PriceParams, tags: ['billing'], summary: 'Remove a price (admin)' } },
    async (request) => {
      requireAdmin(request.principal);
      if (!(await store.billing.deletePrice(request.params.id, request.params.priceId))) throw new AppError('not_found', `no price ${request.params.priceId}`, 'priceId');
      await billingBook(deps).refresh();
      return { deleted: true };
    },
  );

  app.put<{ Params: Static<typeof AccountParams>; Body: Static<typeof SettingsBody> }>(
    '/v1/accounts/:id/billing',
    { schema: { params: AccountParams, body: SettingsBody, tags: ['billing'], summary: 'Capture policy (on delivery or on submit) and low-balance threshold in li (admin)' } },
    async (request) => {
      requireAdmin(request.principal);
      const accountId = await existing(request.params.id);
      const account = await billingBook(deps).configure(accountId, request.body.policy, request.body.lowBalanceThreshold);
      return { accountId, policy: account.policy, lowBalanceThreshold: account.lowBalanceThreshold };
    },
  );
}
