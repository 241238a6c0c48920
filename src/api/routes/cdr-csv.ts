// The CDR (话单) as CSV, one line per message with the fields of domain.md §3.3: used by the billing CDR
// (GET /v1/cdr.csv) and the sent-records export (GET /v1/records/sent.csv). Read a page at a time (the
// page's parts in one more query), so an export of millions of messages never sits in memory.
import type { CarrierAnswer } from '../../core/carriers/carrier-book.ts';
import type { Message, MessagePart, MessageState } from '../../core/message.ts';
import { countryOfNumber } from '../../core/numbers.ts';
import { signatureOf } from '../../core/policy/blacklist-stage.ts';
import type { FailureClassifier } from '../../core/stats/failure-category.ts';
import type { Page, Store } from '../../store/types.ts';
import { CSV_BOM, csvLine, type CsvCell } from '../csv-line.ts';
import type { ApiDeps } from '../deps.ts';
import { iso } from '../time.ts';

/** Messages read from the store per page while streaming. */
const PAGE = 1000;

/** The columns, in order. Names are stable: documented in docs/api.md ("CDR columns"); add, never rename. */
export const CDR_COLUMNS = [
  'message_id', 'batch_id', 'client_ref', 'tag', 'account_id',
  'recipient', 'country', 'carrier', 'ported', 'province', 'city',
  'sender', 'signature', 'template_code', 'category', 'text', 'encoding', 'segments', 'billable_segments',
  'parts', 'carrier_msg_id', 'connector_id', 'route_id',
  'created_at', 'submitted_at', 'submit_result', 'done_at', 'raw_status',
  'state', 'failure_category', 'error_code', 'error_message', 'success',
  'charged', 'unit_price_li', 'amount_li', 'currency', 'refunded', 'refunded_at',
] as const;
export type CdrColumn = (typeof CDR_COLUMNS)[number];

/** Columns a customer or carrier filled in: a spreadsheet must not run them as a formula. */
const FREE_TEXT = new Set(
  (['client_ref', 'tag', 'sender', 'signature', 'template_code', 'text', 'error_code', 'error_message', 'raw_status'] as CdrColumn[]).map((c) => CDR_COLUMNS.indexOf(c)),
);

/** Final states a message reaches when refused at submit (no receipt ever follows). */
const REFUSED_AT_SUBMIT: ReadonlySet<MessageState> = new Set(['failed', 'rejected']);

/** What a line needs beyond the message and its parts. */
export interface CdrLookups {
  carrier(e164: string): Pick<CarrierAnswer, 'carrier' | 'source'>;
  classify: FailureClassifier;
}

/** The lookups as this node has them; the failure table is re-read first so an admin's edit shows at once. */
export async function cdrLookups(deps: ApiDeps): Promise<CdrLookups> {
  await deps.failureTable.refresh();
  return { carrier: (e164) => deps.carriers.lookup(e164), classify: deps.failureTable.classify };
}

/** The receipt status that decided the message: the first part that failed, else the last settled one. */
function rawStatusOf(parts: MessagePart[]): string | null {
  const settled = parts.filter((p) => p.rawStatus);
  return (settled.find((p) => p.state !== 'delivered') ?? settled[settled.length - 1])?.rawStatus ?? null;
}

/** "accepted" once the upstream took it; the refusal's code when it was refused at submit; empty before. */
function submitResultOf(m: Message, parts: MessagePart[]): string | null {
  if (parts.length > 0 || m.submittedAt !== null) return 'accepted';
  return REFUSED_AT_SUBMIT.has(m.state) ? m.errorCode : null;
}

export function cdrLine(m: Message, parts: MessagePart[], lookups: CdrLookups): string {
  const billed = m.cost !== undefined && m.cost !== null;
  const refundedAt = m.refundedAt ?? null;
  const carrier = lookups.carrier(m.recipient);
  const cells: Record<CdrColumn, CsvCell | boolean> = {
    message_id: m.id,
    batch_id: m.batchId,
    client_ref: m.clientRef,
    tag: m.tag,
    account_id: m.accountId,
    recipient: m.recipient,
    country: countryOfNumber(m.recipient),
    carrier: carrier.carrier,
    // 携号转网: the carrier comes from a ported-number override, not the number's segment.
    ported: carrier.carrier === null ? null : carrier.source === 'override',
    // The segment table holds no regions yet (see docs/api.md): the columns stay, empty.
    province: null,
    city: null,
    sender: m.sender,
    // Recorded at intake; older messages (and texts sent with enforcement off) by the 【…】 their text carries.
    signature: m.signature ?? signatureOf(m.text),
    template_code: m.templateCode ?? null,
    category: m.category,
    text: m.text,
    encoding: m.encoding,
    segments: m.segments,
    billable_segments: billed && m.unitPrice ? Math.round(m.cost! / m.unitPrice) : null,
    parts: parts.length > 0 ? parts.length : null,
    // One upstream id per part, in part order (seq 1..parts): a long message sent as several PDUs has several.
    carrier_msg_id: parts.length > 0 ? parts.map((p) => p.upstreamId).join(' ') : null,
    connector_id: m.connectorId,
    route_id: m.routeId,
    created_at: iso(m.createdAt),
    submitted_at: iso(m.submittedAt),
    submit_result: submitResultOf(m, parts),
    done_at: iso(m.doneAt),
    raw_status: rawStatusOf(parts),
    state: m.state,
    failure_category: lookups.classify(m.state, m.errorCode),
    error_code: m.errorCode,
    error_message: m.errorMessage,
    success: m.state === 'delivered',
    charged: billed && refundedAt === null,
    unit_price_li: billed ? (m.unitPrice ?? 0) : null,
    amount_li: billed ? m.cost! : null,
    currency: billed ? 'CNY' : null,
    refunded: refundedAt !== null,
    refunded_at: iso(refundedAt),
  };
  return csvLine(
    CDR_COLUMNS.map((c) => {
      const value = cells[c];
      return typeof value === 'boolean' ? String(value) : value;
    }),
    FREE_TEXT,
  );
}

/** The lines of one page of messages, with their parts read in one query. */
async function pageText(store: Store, messages: Message[], lookups: CdrLookups): Promise<string> {
  const partsOf = new Map<string, MessagePart[]>();
  for (const part of await store.messages.partsOf(messages.map((m) => m.id))) {
    const list = partsOf.get(part.messageId);
    if (list) list.push(part);
    else partsOf.set(part.messageId, [part]);
  }
  return messages.map((m) => cdrLine(m, (partsOf.get(m.id) ?? []).sort((a, b) => a.partNo - b.partNo), lookups)).join('');
}

/**
 * The CSV (BOM, header, lines) of a keyset-paged message list, yielded a page at a time: memory stays at
 * one page. Stops after `max` lines.
 */
export async function* cdrCsv(
  store: Store,
  lookups: CdrLookups,
  read: (cursor: string | undefined, limit: number) => Promise<Page<Message>>,
  max = Number.POSITIVE_INFINITY,
): AsyncGenerator<string> {
  // The BOM makes spreadsheet programs read the Chinese text as UTF-8.
  yield CSV_BOM + csvLine([...CDR_COLUMNS]);
  let cursor: string | undefined;
  let left = max;
  while (left > 0) {
    const page = await read(cursor, Math.min(PAGE, left));
    if (page.items.length > 0) yield await pageText(store, page.items, lookups);
    left -= page.items.length;
    if (!page.nextCursor) return;
    cursor = page.nextCursor;
  }
}

/** The billing CDR of one account: messages created in [from, to), oldest first. */
export async function* cdrRows(store: Store, deps: ApiDeps, accountId: string, from: number, to: number): AsyncGenerator<string> {
  const lookups = await cdrLookups(deps);
  yield* cdrCsv(store, lookups, async (cursor, limit) => {
    const page = await store.billing.cdr({ accountId, from, to, cursor, limit });
    return { items: page.items.map((r) => r.message), nextCursor: page.nextCursor };
  });
}
