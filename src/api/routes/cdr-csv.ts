// The CDR (话单) as CSV lines (domain.md §3.3, the fields the platform has), read a page at a time so an
// export of millions of messages never sits in memory.
import type { CdrRecord, Store } from '../../store/types.ts';
import { signatureOf } from '../../core/policy/blacklist-stage.ts';
import type { ApiDeps } from '../deps.ts';
import { iso } from '../time.ts';

const PAGE = 1000;

export const CDR_COLUMNS = [
  'message_id', 'client_ref', 'tag', 'recipient', 'carrier', 'sender', 'signature', 'category', 'text', 'encoding', 'segments',
  'billable_segments', 'connector_id', 'route_id', 'created_at', 'submitted_at', 'done_at', 'state', 'error_code', 'success',
  'charged', 'unit_price_li', 'amount_li', 'currency', 'refunded', 'refunded_at',
] as const;

/** RFC 4180 quoting; a leading = + - @ in free text is prefixed with ' so spreadsheets do not run it as a formula. */
function field(value: string | number | boolean | null, freeText = false): string {
  if (value === null) return '';
  let s = String(value);
  if (freeText && /^[=+\-@]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function line(record: CdrRecord, carrierOf: (e164: string) => string | null): string {
  const m = record.message;
  const billed = m.cost !== undefined && m.cost !== null;
  const refunded = record.refundedAt !== null;
  const billableSegments = billed && m.unitPrice ? Math.round(m.cost! / m.unitPrice) : null;
  return [
    field(m.id), field(m.clientRef, true), field(m.tag, true), field(m.recipient), field(carrierOf(m.recipient)), field(m.sender, true),
    field(signatureOf(m.text), true), field(m.category), field(m.text, true), field(m.encoding), field(m.segments), field(billableSegments),
    field(m.connectorId), field(m.routeId), field(iso(m.createdAt)), field(iso(m.submittedAt)), field(iso(m.doneAt)), field(m.state),
    field(m.errorCode, true), field(m.state === 'delivered'), field(billed && !refunded), field(billed ? m.unitPrice ?? 0 : null),
    field(billed ? m.cost! : null), field(billed ? 'CNY' : null), field(refunded), field(iso(record.refundedAt)),
  ].join(',');
}

export async function* cdrRows(store: Store, deps: ApiDeps, accountId: string, from: number, to: number): AsyncGenerator<string> {
  // The BOM makes spreadsheet programs read the Chinese text as UTF-8.
  yield `\uFEFF${CDR_COLUMNS.join(',')}\r\n`;
  const carrierOf = (e164: string) => deps.carriers.carrierOf(e164);
  let cursor: string | undefined;
  do {
    const page = await store.billing.cdr({ accountId, from, to, cursor, limit: PAGE });
    if (page.items.length > 0) yield `${page.items.map((r) => line(r, carrierOf)).join('\r\n')}\r\n`;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}
