// MessageRepository on PostgreSQL: batches as one multi-row statement per table (unnest), exclusive claims with SKIP LOCKED.
import type pg from 'pg';
import { PENDING_STATES, type Message, type MessageEvent, type MessagePart, type MessageState, type PendingState } from '../../core/message.ts';
import { FINAL_STATES_SQL, UPDATE_SET_FIELDS, clampLimit, messageConditions, pageWhere, staleSubmittedSql, submittedOnSql, toPage } from '../query-parts.ts';
import { MESSAGE_COLUMNS, eventFromRow, messageFromRow, messageValues, partFromRow, type Row } from '../rows.ts';
import type { CreatedCountFilter, CreatedCounts, LedgerEntry, MessageFilter, MessageRepository, MessageUpdate, NewLedgerEntry, Page, PartLookup, PartMatch, SubmittedCursor } from '../types.ts';
import { pgWriteLedger } from './pg-billing.ts';
import { insertOutbox } from './pg-outbox.ts';
import { matchesNothing } from './pg-text.ts';
import { inTransaction, type Queryable } from './pg-transaction.ts';

/** The PostgreSQL array type of each messages column, for INSERT … SELECT FROM unnest(…). */
const MESSAGE_ARRAY_TYPES: Record<(typeof MESSAGE_COLUMNS)[number], string> = {
  id: 'text', account_id: 'text', source: 'text', client_ref: 'text', sender: 'text', recipient: 'text', text: 'text',
  encoding: 'text', segments: 'int4', priority: 'int2', state: 'text', connector_id: 'text', route_id: 'text', tag: 'text', category: 'text', batch_id: 'text',
  callback_url: 'text', want_receipt: 'bool', attempts: 'int4', next_attempt_at: 'int8', valid_until: 'int8',
  scheduled_at: 'int8', inflight_since: 'int8', error_code: 'text', error_message: 'text', created_at: 'int8',
  submitted_at: 'int8', done_at: 'int8', updated_at: 'int8', cost: 'int8', unit_price: 'int8', template_code: 'text', signature: 'text', carrier: 'text',
};

const INSERT_MESSAGES = `INSERT INTO messages (${MESSAGE_COLUMNS.join(', ')})
  SELECT * FROM unnest(${MESSAGE_COLUMNS.map((c, i) => `$${i + 1}::${MESSAGE_ARRAY_TYPES[c]}[]`).join(', ')})`;

/** WITH ORDINALITY keeps the identity ids in the order the events were given. */
const INSERT_EVENTS = `INSERT INTO message_events (message_id, at, state, detail)
  SELECT m, a, s, d FROM unnest($1::text[], $2::int8[], $3::text[], $4::text[]) WITH ORDINALITY AS e(m, a, s, d, n) ORDER BY n`;

const UPSERT_PARTS = `INSERT INTO message_parts (message_id, part_no, connector_id, upstream_key, upstream_id, state, error_code, raw_status)
  SELECT * FROM unnest($1::text[], $2::int4[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
  ON CONFLICT (message_id, part_no) DO UPDATE SET connector_id = excluded.connector_id, upstream_key = excluded.upstream_key,
    upstream_id = excluded.upstream_id, state = excluded.state, error_code = excluded.error_code, raw_status = excluded.raw_status`;

const SET_TYPES: Record<string, string> = {
  connector_id: 'text', route_id: 'text', attempts: 'int4', next_attempt_at: 'int8', inflight_since: 'int8',
  error_code: 'text', error_message: 'text', submitted_at: 'int8', done_at: 'int8', scheduled_at: 'int8',
};

/** One UPDATE … FROM unnest for a batch of updates to distinct messages; a flag per field says whether to set it. */
const UPDATE_MESSAGES = (() => {
  const cols = ['id text', 'state text', 'at int8', ...UPDATE_SET_FIELDS.flatMap(([, c]) => [`has_${c} bool`, `${c} ${SET_TYPES[c]}`])];
  const args = cols.map((c, i) => `$${i + 1}::${c.split(' ')[1]}[]`).join(', ');
  const names = cols.map((c) => c.split(' ')[0]).join(', ');
  const sets = UPDATE_SET_FIELDS.map(([, c]) => `${c} = CASE WHEN u.has_${c} THEN u.${c} ELSE m.${c} END`).join(', ');
  // only_from: NULL for an unconditional update, else the states (comma-separated) it may leave.
  const onlyFrom = `$${cols.length + 1}::text[]`;
  const onlyIdle = `$${cols.length + 2}::bool[]`;
  return `UPDATE messages m SET state = u.state, updated_at = u.at, ${sets}
    FROM unnest(${args}, ${onlyFrom}, ${onlyIdle}) AS u(${names}, only_from, only_idle)
    WHERE m.id = u.id AND (u.only_from IS NULL OR m.state = ANY(string_to_array(u.only_from, ',')))
      AND (NOT u.only_idle OR m.inflight_since IS NULL)
    RETURNING m.id`;
})();

const compareText = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);

/** Transposes rows into one array per column, the parameters of an unnest. */
function columns(rows: unknown[][], width: number): unknown[][] {
  const out: unknown[][] = Array.from({ length: width }, () => new Array(rows.length));
  rows.forEach((row, r) => row.forEach((v, c) => (out[c][r] = v)));
  return out;
}

export class PgMessageRepository implements MessageRepository {
  constructor(private readonly pool: pg.Pool) {}

  private async rows(sql: string, params: unknown[] = [], db: Queryable = this.pool): Promise<Row[]> {
    return (await db.query(sql, params)).rows as Row[];
  }

  async insertMany(messages: Message[], events: MessageEvent[], ledger: NewLedgerEntry[] = []): Promise<LedgerEntry[]> {
    if (messages.length === 0 && events.length === 0 && ledger.length === 0) return [];
    return inTransaction(this.pool, async (c) => {
      if (messages.length) await c.query(INSERT_MESSAGES, columns(messages.map((m) => messageValues(m, (b) => b)), MESSAGE_COLUMNS.length));
      await this.insertEvents(c, events);
      // The reservations of this batch commit with its messages: a crash keeps both or neither.
      return ledger.length ? pgWriteLedger(c, ledger) : [];
    });
  }

  private async insertEvents(c: Queryable, events: MessageEvent[]): Promise<void> {
    if (events.length === 0) return;
    await c.query(INSERT_EVENTS, columns(events.map((e) => [e.messageId, e.at, e.state, e.detail]), 4));
  }

  async get(id: string, accountId?: string): Promise<Message | null> {
    if (matchesNothing(id)) return null;
    const [row] = await this.rows('SELECT * FROM messages WHERE id = $1', [id]);
    if (!row || (accountId !== undefined && row.account_id !== accountId)) return null;
    return messageFromRow(row);
  }

  async findByClientRef(accountId: string, clientRef: string, since: number): Promise<Message[]> {
    if (matchesNothing(accountId, clientRef)) return [];
    const rows = await this.rows(
      'SELECT * FROM messages WHERE account_id = $1 AND client_ref = $2 AND created_at >= $3 ORDER BY created_at, id',
      [accountId, clientRef, since],
    );
    return rows.map(messageFromRow);
  }

  async list(filter: MessageFilter): Promise<Page<Message>> {
    const limit = clampLimit(filter.limit);
    if (matchesNothing(...messageConditions(filter).map(([, value]) => value))) return { items: [], nextCursor: null };
    const where = pageWhere(messageConditions(filter), filter.cursor, 'created_at', (n) => `$${n}`);
    const sql = `SELECT * FROM messages ${where.sql} ORDER BY created_at DESC, id DESC LIMIT $${where.params.length + 1}`;
    const rows = (await this.rows(sql, [...where.params, limit + 1])).map(messageFromRow);
    return toPage(rows, limit, (m) => ({ at: m.createdAt, id: m.id }));
  }

  async events(messageId: string): Promise<MessageEvent[]> {
    return (await this.rows('SELECT * FROM message_events WHERE message_id = $1 ORDER BY at, id', [messageId])).map(eventFromRow);
  }

  async parts(messageId: string): Promise<MessagePart[]> {
    return (await this.rows('SELECT * FROM message_parts WHERE message_id = $1 ORDER BY part_no', [messageId])).map(partFromRow);
  }

  async partsOf(messageIds: string[]): Promise<MessagePart[]> {
    if (messageIds.length === 0) return [];
    return (await this.rows('SELECT * FROM message_parts WHERE message_id = ANY($1::text[]) ORDER BY message_id, part_no', [messageIds])).map(partFromRow);
  }

  async claimDue(connectorId: string, limit: number, now: number): Promise<Message[]> {
    if (limit <= 0) return [];
    // SKIP LOCKED: rows another node is claiming right now are passed over, never claimed twice.
    const rows = await this.rows(
      `WITH claimed AS (
         UPDATE messages SET inflight_since = $3, updated_at = $3 WHERE id IN (
           SELECT id FROM messages
           WHERE connector_id = $1 AND state = 'queued' AND inflight_since IS NULL AND next_attempt_at <= $3
           ORDER BY priority, next_attempt_at, id LIMIT $2
           FOR UPDATE SKIP LOCKED)
         RETURNING *)
       SELECT * FROM claimed ORDER BY priority, next_attempt_at, id`,
      [connectorId, limit, now],
    );
    return rows.map(messageFromRow);
  }

  async applyUpdates(updates: MessageUpdate[]): Promise<string[]> {
    if (updates.length === 0) return [];
    // UPDATE … FROM applies one source row per target: split into rounds in which each message appears once, in order.
    const rounds: MessageUpdate[][] = [];
    const seen = new Map<string, number>();
    for (const u of updates) {
      const round = seen.get(u.id) ?? 0;
      seen.set(u.id, round + 1);
      (rounds[round] ??= []).push(u);
    }
    // Rows are locked in the order given: by id, so concurrent batches (another node, the receipt
    // processor) take their locks in one order and never deadlock on each other.
    for (const round of rounds) round.sort((x, y) => compareText(x.id, y.id));
    return inTransaction(this.pool, async (c) => {
      const applied: MessageUpdate[] = [];
      const skipped: string[] = [];
      for (const round of rounds) {
        const rows = round.map((u) => [
          u.id, u.state, u.at,
          ...UPDATE_SET_FIELDS.flatMap(([field]) => {
            const value = u.set?.[field];
            return [value !== undefined, value ?? null];
          }),
          u.onlyFrom ? u.onlyFrom.join(',') : null,
          u.onlyIdle === true,
        ]);
        const changed = new Set((await this.rows(UPDATE_MESSAGES, columns(rows, 5 + UPDATE_SET_FIELDS.length * 2), c)).map((r) => r.id as string));
        for (const u of round) {
          if (changed.has(u.id) || !(u.onlyFrom || u.onlyIdle)) applied.push(u);
          else skipped.push(u.id);
        }
      }
      await insertOutbox(c, applied.flatMap((u) => u.outbox ?? []));
      await this.insertEvents(c, applied.filter((u) => u.historyRow !== false).map((u) => ({ messageId: u.id, at: u.at, state: u.state, detail: u.detail })));
      const parts = applied.flatMap((u) => u.parts ?? []);
      // A part given twice keeps its last version (ON CONFLICT cannot touch one row twice in a statement).
      const latest = new Map(parts.map((p) => [`${p.messageId}\u0000${p.partNo}`, p]));
      if (latest.size) {
        const partRows = [...latest.values()]
          .sort((x, y) => compareText(x.messageId, y.messageId) || x.partNo - y.partNo)
          .map((p) => [p.messageId, p.partNo, p.connectorId, p.upstreamKey, p.upstreamId, p.state, p.errorCode, p.rawStatus ?? null]);
        await c.query(UPSERT_PARTS, columns(partRows, 8));
      }
      return skipped;
    });
  }

  async findParts(lookups: PartLookup[]): Promise<Array<PartMatch | null>> {
    return Promise.all(lookups.map((lookup) => this.findPart(lookup.connectorId, lookup.upstreamKeys)));
  }

  async findPart(connectorId: string, upstreamKeys: string[]): Promise<PartMatch | null> {
    if (upstreamKeys.length === 0) return null;
    // One round trip: every candidate, best key first, then the newest message (upstream ids can repeat over time).
    const rows = await this.rows(
      `SELECT to_jsonb(p) AS part, to_jsonb(m) AS message
       FROM message_parts p JOIN messages m ON m.id = p.message_id
       JOIN unnest($2::text[]) WITH ORDINALITY AS k(key, n) ON p.upstream_key = k.key
       WHERE p.connector_id = $1
       ORDER BY k.n, m.created_at DESC, m.id DESC LIMIT 1`,
      [connectorId, upstreamKeys],
    );
    const [row] = rows;
    return row ? { part: partFromRow(row.part as Row), message: messageFromRow(row.message as Row) } : null;
  }

  async updatePart(messageId: string, partNo: number, state: MessagePart['state'], errorCode: string | null): Promise<MessagePart[]> {
    await this.pool.query('UPDATE message_parts SET state = $1, error_code = $2 WHERE message_id = $3 AND part_no = $4', [state, errorCode, messageId, partNo]);
    return this.parts(messageId);
  }

  async listInflight(limit: number): Promise<Message[]> {
    const rows = await this.rows('SELECT * FROM messages WHERE inflight_since IS NOT NULL ORDER BY inflight_since, id LIMIT $1', [limit]);
    return rows.map(messageFromRow);
  }

  async dueScheduled(now: number, limit: number): Promise<Message[]> {
    const rows = await this.rows(`SELECT * FROM messages WHERE state = 'scheduled' AND scheduled_at <= $1 ORDER BY scheduled_at, id LIMIT $2`, [now, limit]);
    return rows.map(messageFromRow);
  }

  async listStaleSubmitted(submittedBefore: number, limit: number): Promise<Message[]> {
    const rows = await this.rows(staleSubmittedSql('$1', '$2'), [submittedBefore, limit]);
    return rows.map(messageFromRow);
  }

  async listSubmittedOn(connectorId: string, limit: number, after?: SubmittedCursor): Promise<Message[]> {
    const rows = await this.rows(submittedOnSql('$1', '$2', '$3', '$4'), [connectorId, after?.submittedAt ?? -1, after?.id ?? '', limit]);
    return rows.map(messageFromRow);
  }

  async listExpiredQueued(now: number, limit: number): Promise<Message[]> {
    const rows = await this.rows(
      `SELECT * FROM messages WHERE state = 'queued' AND inflight_since IS NULL AND valid_until < $1 ORDER BY valid_until, id LIMIT $2`,
      [now, limit],
    );
    return rows.map(messageFromRow);
  }

  async purgeFinal(before: number, limit: number): Promise<number> {
    if (limit <= 0) return 0;
    // One bounded batch; SKIP LOCKED so a purge never waits on (or blocks) the rows a lane is updating.
    const result = await this.pool.query(
      `WITH doomed AS (
         SELECT id FROM messages WHERE state IN ${FINAL_STATES_SQL} AND done_at < $1 ORDER BY done_at LIMIT $2 FOR UPDATE SKIP LOCKED),
       events AS (DELETE FROM message_events WHERE message_id IN (SELECT id FROM doomed)),
       parts AS (DELETE FROM message_parts WHERE message_id IN (SELECT id FROM doomed))
       DELETE FROM messages WHERE id IN (SELECT id FROM doomed)`,
      [before, limit],
    );
    return result.rowCount ?? 0;
  }

  async countPending(accountId?: string): Promise<Partial<Record<PendingState, number>>> {
    // One count per state, each matching that state's partial index.
    const counts = PENDING_STATES.map((state) => `SELECT '${state}' AS state, COUNT(*) AS n FROM messages WHERE state = '${state}' AND ($1::text IS NULL OR account_id = $1)`);
    const rows = await this.rows(counts.join(' UNION ALL '), [accountId ?? null]);
    return Object.fromEntries(rows.filter((r) => Number(r.n) > 0).map((r) => [r.state as string, Number(r.n)]));
  }

  async countCreated(filter: CreatedCountFilter): Promise<CreatedCounts> {
    if (matchesNothing(filter.accountId, filter.tag ?? '')) return { rows: [], recipients: 0 };
    const params: unknown[] = [filter.accountId, filter.from, filter.to];
    if (filter.tag !== undefined) params.push(filter.tag);
    const where = `WHERE account_id = $1 AND created_at >= $2 AND created_at < $3${filter.tag === undefined ? '' : ' AND tag = $4'}`;
    const rows = await this.rows(`SELECT state, submitted_at IS NOT NULL AS forwarded, COUNT(*) AS n FROM messages ${where} GROUP BY state, forwarded`, params);
    const [recipients] = await this.rows(`SELECT COUNT(DISTINCT recipient) AS n FROM messages ${where}`, params);
    return { rows: rows.map((r) => ({ state: r.state as MessageState, forwarded: r.forwarded === true, messages: Number(r.n) })), recipients: Number(recipients?.n ?? 0) };
  }

  async queueDepth(): Promise<Record<string, number>> {
    const rows = await this.rows(`SELECT connector_id, COUNT(*) AS n FROM messages WHERE state = 'queued' AND connector_id IS NOT NULL GROUP BY connector_id`);
    return Object.fromEntries(rows.map((r) => [r.connector_id as string, Number(r.n)]));
  }
}
