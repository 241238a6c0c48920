// Billing for an account: GET /v1/balance, GET /v1/ledger, POST /v1/quote, GET /v1/statements/{yyyy-mm}
// and the CDR (话单) export GET /v1/cdr.csv, streamed page by page. Every query is scoped to one account.
import { Readable } from 'node:stream';
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../core/errors.ts';
import { MESSAGE_CATEGORIES } from '../../core/message.ts';
import type { ApiDeps } from '../deps.ts';
import { requireAccount } from '../principal.ts';
import { parseTime } from '../time.ts';
import { billingBook, ledgerView } from './billing-admin.ts';
import { cdrRows } from './cdr-csv.ts';

const AccountId = Type.Optional(Type.String({ minLength: 1, maxLength: 64 }));
const AccountQuery = Type.Object({ accountId: AccountId }, { additionalProperties: false });
const LedgerQuery = Type.Object(
  { accountId: AccountId, limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })), cursor: Type.Optional(Type.String({ maxLength: 200 })) },
  { additionalProperties: false },
);
const QuoteBody = Type.Object(
  {
    to: Type.Array(Type.String({ minLength: 1, maxLength: 32 }), { minItems: 1, maxItems: 10_000 }),
    text: Type.String({ minLength: 1, maxLength: 5000 }),
    category: Type.Optional(Type.Union(MESSAGE_CATEGORIES.map((c) => Type.Literal(c)))),
  },
  { additionalProperties: false },
);
const MonthParams = Type.Object({ month: Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$' }) }, { additionalProperties: false });
const StatementQuery = Type.Object({ accountId: AccountId, format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')])) }, { additionalProperties: false });
const CdrQuery = Type.Object(
  { accountId: AccountId, from: Type.Union([Type.String({ maxLength: 40 }), Type.Integer()]), to: Type.Union([Type.String({ maxLength: 40 }), Type.Integer()]) },
  { additionalProperties: false },
);

/** Statements follow the calendar month in China time (UTC+8), the business day of the platform's customers. */
const CHINA_OFFSET_MS = 8 * 3600_000;

function monthRange(month: string): { from: number; to: number } {
  const [y, m] = month.split('-').map(Number);
  return { from: Date.UTC(y, m - 1, 1) - CHINA_OFFSET_MS, to: Date.UTC(y, m, 1) - CHINA_OFFSET_MS };
}

export async function billingRoutes(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  const { store } = deps;
  const ownAccount = async (principal: Parameters<typeof requireAccount>[0], requested: string | undefined): Promise<string> => {
    const accountId = requireAccount(principal, requested);
    if (!(await store.accounts.get(accountId))) throw new AppError('not_found', `no account ${accountId}`, 'accountId');
    return accountId;
  };

  app.get<{ Querystring: Static<typeof AccountQuery> }>(
    '/v1/balance',
    { schema: { querystring: AccountQuery, tags: ['billing'], summary: 'Balance in li (1/10000 yuan), capture policy and the low-balance flag' } },
    async (request) => {
      const accountId = await ownAccount(request.principal, request.query.accountId);
      return { accountId, currency: 'CNY', unit: 'li', ...billingBook(deps).view(accountId) };
    },
  );

  app.get<{ Querystring: Static<typeof LedgerQuery> }>(
    '/v1/ledger',
    { schema: { querystring: LedgerQuery, tags: ['billing'], summary: 'Ledger entries, newest first (cursor paging)' } },
    async (request) => {
      const accountId = await ownAccount(request.principal, request.query.accountId);
      const page = await store.billing.ledger({ accountId, cursor: request.query.cursor, limit: request.query.limit ?? 50 });
      return { items: page.items.map(ledgerView), nextCursor: page.nextCursor };
    },
  );

  app.post<{ Querystring: Static<typeof AccountQuery>; Body: Static<typeof QuoteBody> }>(
    '/v1/quote',
    { schema: { querystring: AccountQuery, body: QuoteBody, tags: ['billing'], summary: 'What sending this text to these recipients would cost, before sending' } },
    async (request) => {
      const accountId = await ownAccount(request.principal, request.query.accountId);
      const book = billingBook(deps);
      const category = request.body.category ?? 'notification';
      let total = 0;
      const items = request.body.to.map((to, index) => {
        const e164 = to.includes('\u0000') ? null : deps.normalizeNumber(to);
        if (!e164) return { to, ok: false, error: { code: 'invalid_number', field: `to[${index}]` } };
        try {
          const charge = book.charge(accountId, request.body.text, e164, category);
          total += charge?.cost ?? 0;
          return { to, ok: true, normalized: e164, segments: charge?.segments ?? null, unitPrice: charge?.unitPrice ?? 0, cost: charge?.cost ?? 0 };
        } catch (error) {
          if (!(error instanceof AppError)) throw error;
          return { to, ok: false, normalized: e164, error: { code: error.code, message: error.message, field: `to[${index}]` } };
        }
      });
      const view = book.view(accountId);
      return { billed: view.billed, currency: 'CNY', unit: 'li', total, balance: view.balance, sufficient: !view.billed || view.balance >= total, items };
    },
  );

  app.get<{ Params: Static<typeof MonthParams>; Querystring: Static<typeof StatementQuery> }>(
    '/v1/statements/:month',
    { schema: { params: MonthParams, querystring: StatementQuery, tags: ['billing'], summary: 'Monthly statement (China time): opening, totals per entry kind, closing; ?format=csv to download' } },
    async (request, reply) => {
      const accountId = await ownAccount(request.principal, request.query.accountId);
      const { from, to } = monthRange(request.params.month);
      const totals = await store.billing.statement(accountId, from, to);
      const statement = { accountId, month: request.params.month, currency: 'CNY', unit: 'li', ...totals };
      if (request.query.format !== 'csv') return statement;
      const lines = [
        'account_id,month,line,amount_li,messages,entries',
        `${accountId},${statement.month},opening,${totals.opening},,`,
        ...totals.byKind.map((k) => `${accountId},${statement.month},${k.kind},${k.amount},${k.messages},${k.entries}`),
        `${accountId},${statement.month},closing,${totals.closing},,`,
      ];
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="statement-${accountId}-${statement.month}.csv"`)
        .send(`${lines.join('\r\n')}\r\n`);
    },
  );

  app.get<{ Querystring: Static<typeof CdrQuery> }>(
    '/v1/cdr.csv',
    { schema: { querystring: CdrQuery, tags: ['billing'], summary: 'CDR (话单) export of messages created in [from, to) as CSV, streamed' } },
    async (request, reply) => {
      const accountId = await ownAccount(request.principal, request.query.accountId);
      const from = parseTime(request.query.from, 'from')!;
      const to = parseTime(request.query.to, 'to')!;
      if (to <= from) throw new AppError('validation_failed', 'to must be after from', 'to');
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="cdr-${accountId}.csv"`)
        .send(Readable.from(cdrRows(store, deps, accountId, from, to)));
    },
  );
}
