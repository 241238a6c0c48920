// 发送/接收记录: sent-message export (CSV with the CDR columns, streamed page by page with the /v1/messages filters) and the
// received-message (MO) search with its CSV export. Each account sees only its own records.
import { Readable } from 'node:stream';
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { MessageState, MoMessage } from '../../core/message.ts';
import type { MessageFilter, MoFilter, Page } from '../../store/types.ts';
import { CSV_BOM, csvLine } from '../csv-line.ts';
import type { ApiDeps } from '../deps.ts';
import { requireAccount, type Principal } from '../principal.ts';
import { iso, parseTime } from '../time.ts';
import { cdrCsv, cdrLookups } from './cdr-csv.ts';

const STATES = ['scheduled', 'accepted', 'queued', 'submitted', 'delivered', 'undelivered', 'expired', 'rejected', 'failed', 'cancelled'] as const;
/** Rows read from the store per page while streaming an export. */
const EXPORT_PAGE = 1000;
/** An export stops after this many rows unless the caller asks for fewer. */
const EXPORT_MAX = 1_000_000;

const SentQuery = Type.Object(
  {
    state: Type.Optional(Type.Union(STATES.map((s) => Type.Literal(s)))),
    to: Type.Optional(Type.String({ maxLength: 32 })),
    clientRef: Type.Optional(Type.String({ maxLength: 64 })),
    createdFrom: Type.Optional(Type.String({ maxLength: 40 })),
    createdTo: Type.Optional(Type.String({ maxLength: 40 })),
    max: Type.Optional(Type.Integer({ minimum: 1, maximum: EXPORT_MAX })),
    accountId: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

const ReceivedFilters = {
  from: Type.Optional(Type.String({ maxLength: 32 })),
  keyword: Type.Optional(Type.String({ maxLength: 100 })),
  receivedFrom: Type.Optional(Type.String({ maxLength: 40 })),
  receivedTo: Type.Optional(Type.String({ maxLength: 40 })),
  accountId: Type.Optional(Type.String()),
};
const ReceivedQuery = Type.Object(
  { ...ReceivedFilters, limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })), cursor: Type.Optional(Type.String({ maxLength: 200 })) },
  { additionalProperties: false },
);
const ReceivedCsvQuery = Type.Object({ ...ReceivedFilters, max: Type.Optional(Type.Integer({ minimum: 1, maximum: EXPORT_MAX })) }, { additionalProperties: false });

const RECEIVED_HEADER = ['id', 'account', 'received_at', 'from', 'to', 'connector', 'text'];
const RECEIVED_FREE = new Set([6]);

/** Admins see every account's records unless they name one; an account key only its own. */
const scopeOf = (principal: Principal, requested: string | undefined): string | undefined =>
  principal.role === 'admin' ? requested : requireAccount(principal, requested);

/** Pages through a keyset-paged list and yields CSV text, one page at a time (memory stays at one page). */
async function* csvPages<T>(header: string[], read: (cursor: string | undefined, limit: number) => Promise<Page<T>>, line: (item: T) => string, max: number): AsyncGenerator<string> {
  yield CSV_BOM + csvLine(header);
  let cursor: string | undefined;
  let left = max;
  while (left > 0) {
    const page = await read(cursor, Math.min(EXPORT_PAGE, left));
    if (page.items.length > 0) yield page.items.map(line).join('');
    left -= page.items.length;
    if (!page.nextCursor) return;
    cursor = page.nextCursor;
  }
}

function sendCsv(reply: FastifyReply, name: string, body: AsyncGenerator<string>): FastifyReply {
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${name}-${new Date().toISOString().slice(0, 10)}.csv"`)
    .send(Readable.from(body));
}

export async function recordRoutes(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  const { store } = deps;
  const number = (input: string | undefined) => (input === undefined || input === '' ? undefined : (deps.normalizeNumber(input) ?? input));

  app.get<{ Querystring: Static<typeof SentQuery> }>(
    '/v1/records/sent.csv',
    { schema: { querystring: SentQuery, tags: ['records'], summary: 'Export sent messages as CSV with the CDR columns (the filters of GET /v1/messages), newest first' } },
    async (request, reply) => {
      const q = request.query;
      const base: Omit<MessageFilter, 'cursor' | 'limit'> = {
        accountId: scopeOf(request.principal, q.accountId),
        state: q.state as MessageState | undefined,
        recipient: number(q.to),
        clientRef: q.clientRef,
        createdFrom: parseTime(q.createdFrom, 'createdFrom'),
        createdTo: parseTime(q.createdTo, 'createdTo'),
      };
      // The same columns as the billing CDR (话单), so one reader handles both.
      const rows = cdrCsv(store, await cdrLookups(deps), (cursor, limit) => store.messages.list({ ...base, cursor, limit }), q.max ?? EXPORT_MAX);
      return sendCsv(reply, 'sent', rows);
    },
  );

  const receivedFilter = (principal: Principal, q: Static<typeof ReceivedCsvQuery>): Omit<MoFilter, 'cursor' | 'limit'> => ({
    accountId: scopeOf(principal, q.accountId),
    sender: number(q.from),
    keyword: q.keyword === '' ? undefined : q.keyword,
    receivedFrom: parseTime(q.receivedFrom, 'receivedFrom'),
    receivedTo: parseTime(q.receivedTo, 'receivedTo'),
  });
  const moView = (m: MoMessage) => ({ id: m.id, accountId: m.accountId, from: m.sender, to: m.recipient, text: m.text, receivedAt: iso(m.receivedAt), connectorId: m.connectorId });

  app.get<{ Querystring: Static<typeof ReceivedQuery> }>(
    '/v1/records/received',
    { schema: { querystring: ReceivedQuery, tags: ['records'], summary: 'Search received (MO) messages by number, time, keyword' } },
    async (request) => {
      const { limit, cursor, ...filters } = request.query;
      const page = await store.mo.list({ ...receivedFilter(request.principal, filters), cursor, limit: limit ?? 50 });
      return { items: page.items.map(moView), nextCursor: page.nextCursor };
    },
  );

  app.get<{ Querystring: Static<typeof ReceivedCsvQuery> }>(
    '/v1/records/received.csv',
    { schema: { querystring: ReceivedCsvQuery, tags: ['records'], summary: 'Export received (MO) messages as CSV, newest first' } },
    async (request, reply) => {
      const filter = receivedFilter(request.principal, request.query);
      const rows = csvPages(
        RECEIVED_HEADER,
        (cursor, limit) => store.mo.list({ ...filter, cursor, limit }),
        (m) => csvLine([m.id, m.accountId, iso(m.receivedAt), m.sender, m.recipient, m.connectorId, m.text], RECEIVED_FREE),
        request.query.max ?? EXPORT_MAX,
      );
      return sendCsv(reply, 'received', rows);
    },
  );
}
