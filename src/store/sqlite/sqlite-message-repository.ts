// MessageRepository on better-sqlite3: statements prepared once, batches in one transaction, results as resolved promises.
import type Database from 'better-sqlite3';
import { PENDING_STATES, type Message, type MessageEvent, type MessagePart, type MessageState, type PendingState } from '../../core/message.ts';
import { FINAL_STATES_SQL, UPDATE_SET_FIELDS, clampLimit, messageConditions, pageWhere, staleSubmittedSql, submittedOnSql, toPage } from '../query-parts.ts';
import { MESSAGE_COLUMNS, eventFromRow, messageFromRow, messageValues, partFromRow, type Row } from '../rows.ts';
import type { CreatedCountFilter, CreatedCounts, LedgerEntry, MessageFilter, MessageRepository, MessageUpdate, NewLedgerEntry, Page, PartLookup, PartMatch, SubmittedCursor } from '../types.ts';
import { sqliteLedgerWriter } from './sqlite-billing.ts';

const flag = (b: boolean): number => (b ? 1 : 0);


export class SqliteMessageRepository implements MessageRepository {
  private readonly s;
  /** List queries differ by which filters are present; each shape is prepared once. */
  private readonly listStatements = new Map<string, Database.Statement>();
  private readonly updateStatements = new Map<string, Database.Statement>();

  constructor(private readonly db: Database.Database) {
    const p = (sql: string) => db.prepare(sql);
    this.s = {
      insert: p(`INSERT INTO messages (${MESSAGE_COLUMNS.join(', ')}) VALUES (${MESSAGE_COLUMNS.map(() => '?').join(', ')})`),
      insertEvent: p('INSERT INTO message_events (message_id, at, state, detail) VALUES (?, ?, ?, ?)'),
      insertOutbox: p(`INSERT INTO outbox (id, account_id, kind, target, event, payload, attempts, next_attempt_at, created_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      get: p('SELECT * FROM messages WHERE id = ?'),
      byClientRef: p('SELECT * FROM messages WHERE account_id = ? AND client_ref = ? AND created_at >= ? ORDER BY created_at, id'),
      events: p('SELECT * FROM message_events WHERE message_id = ? ORDER BY at, id'),
      parts: p('SELECT * FROM message_parts WHERE message_id = ? ORDER BY part_no'),
      partsOf: p('SELECT * FROM message_parts WHERE message_id IN (SELECT value FROM json_each(?)) ORDER BY message_id, part_no'),
      claim: p(`UPDATE messages SET inflight_since = @now, updated_at = @now WHERE id IN (
          SELECT id FROM messages
          WHERE connector_id = @connector AND state = 'queued' AND inflight_since IS NULL AND next_attempt_at <= @now
          ORDER BY priority, next_attempt_at, id LIMIT @limit)
        RETURNING *`),
      upsertPart: p(`INSERT INTO message_parts (message_id, part_no, connector_id, upstream_key, upstream_id, state, error_code, raw_status)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (message_id, part_no) DO UPDATE SET connector_id = excluded.connector_id, upstream_key = excluded.upstream_key,
          upstream_id = excluded.upstream_id, state = excluded.state, error_code = excluded.error_code, raw_status = excluded.raw_status`),
      // The part and its message in one statement: receipts look this up for every message.
      partsByKey: p(`SELECT m.*, p.part_no AS p_part_no, p.connector_id AS p_connector_id, p.upstream_key AS p_upstream_key,
          p.upstream_id AS p_upstream_id, p.state AS p_state, p.error_code AS p_error_code, p.raw_status AS p_raw_status
        FROM message_parts p JOIN messages m ON m.id = p.message_id WHERE p.connector_id = ? AND p.upstream_key = ?`),
      updatePart: p('UPDATE message_parts SET state = ?, error_code = ? WHERE message_id = ? AND part_no = ?'),
      // A receipt changes a stored part's outcome only: leaving the upstream columns out of the SET
      // spares the upstream index the delete and insert that the upsert would cost.
      settlePart: p(`UPDATE message_parts SET state = ?, error_code = ?, raw_status = ?
        WHERE message_id = ? AND part_no = ? AND connector_id = ? AND upstream_key = ? AND upstream_id = ?`),
      inflight: p('SELECT * FROM messages WHERE inflight_since IS NOT NULL ORDER BY inflight_since, id LIMIT ?'),
      dueScheduled: p(`SELECT * FROM messages WHERE state = 'scheduled' AND scheduled_at <= ? ORDER BY scheduled_at, id LIMIT ?`),
      staleSubmitted: p(staleSubmittedSql('@before', '@limit')),
      submittedOn: p(submittedOnSql('@connector', '@at', '@id', '@limit')),
      expiredQueued: p(`SELECT * FROM messages WHERE state = 'queued' AND inflight_since IS NULL AND valid_until < ?
        ORDER BY valid_until, id LIMIT ?`),
      purgeIds: p(`SELECT id FROM messages WHERE state IN ${FINAL_STATES_SQL} AND done_at < ? ORDER BY done_at LIMIT ?`).pluck(),
      purgeEvents: p('DELETE FROM message_events WHERE message_id IN (SELECT value FROM json_each(?))'),
      purgeParts: p('DELETE FROM message_parts WHERE message_id IN (SELECT value FROM json_each(?))'),
      purgeMessages: p('DELETE FROM messages WHERE id IN (SELECT value FROM json_each(?))'),
      // INDEXED BY: an account's count walks the state's partial index, never the account's whole history.
      countPending: p(
        PENDING_STATES.map((state) => `SELECT '${state}' AS state, COUNT(*) AS n FROM messages INDEXED BY messages_${state} WHERE state = '${state}' AND (@account IS NULL OR account_id = @account)`).join(' UNION ALL '),
      ),
      queueDepth: p(`SELECT connector_id, COUNT(*) AS n FROM messages WHERE state = 'queued' AND connector_id IS NOT NULL GROUP BY connector_id`),
    };
    this.writeLedger = sqliteLedgerWriter(db);
  }

  private readonly writeLedger;

  private readonly insertTx = (messages: Message[], events: MessageEvent[], ledger: NewLedgerEntry[]): LedgerEntry[] =>
    this.db.transaction(() => {
      for (const m of messages) this.s.insert.run(messageValues(m, flag));
      for (const e of events) this.s.insertEvent.run(e.messageId, e.at, e.state, e.detail);
      return ledger.length > 0 ? this.writeLedger(ledger) : [];
    })();

  async insertMany(messages: Message[], events: MessageEvent[], ledger: NewLedgerEntry[] = []): Promise<LedgerEntry[]> {
    return this.insertTx(messages, events, ledger);
  }

  async get(id: string, accountId?: string): Promise<Message | null> {
    const row = this.s.get.get(id) as Row | undefined;
    if (!row || (accountId !== undefined && row.account_id !== accountId)) return null;
    return messageFromRow(row);
  }

  async findByClientRef(accountId: string, clientRef: string, since: number): Promise<Message[]> {
    return (this.s.byClientRef.all(accountId, clientRef, since) as Row[]).map(messageFromRow);
  }

  async list(filter: MessageFilter): Promise<Page<Message>> {
    const limit = clampLimit(filter.limit);
    const where = pageWhere(messageConditions(filter), filter.cursor, 'created_at', () => '?');
    const sql = `SELECT * FROM messages ${where.sql} ORDER BY created_at DESC, id DESC LIMIT ?`;
    let stmt = this.listStatements.get(sql);
    if (!stmt) {
      stmt = this.db.prepare(sql);
      this.listStatements.set(sql, stmt);
    }
    const rows = (stmt.all(...where.params, limit + 1) as Row[]).map(messageFromRow);
    return toPage(rows, limit, (m) => ({ at: m.createdAt, id: m.id }));
  }

  async events(messageId: string): Promise<MessageEvent[]> {
    return (this.s.events.all(messageId) as Row[]).map(eventFromRow);
  }

  async parts(messageId: string): Promise<MessagePart[]> {
    return (this.s.parts.all(messageId) as Row[]).map(partFromRow);
  }

  async partsOf(messageIds: string[]): Promise<MessagePart[]> {
    if (messageIds.length === 0) return [];
    return (this.s.partsOf.all(JSON.stringify(messageIds)) as Row[]).map(partFromRow);
  }

  async claimDue(connectorId: string, limit: number, now: number): Promise<Message[]> {
    if (limit <= 0) return [];
    const rows = this.db.transaction(() => this.s.claim.all({ connector: connectorId, now, limit }) as Row[]).immediate();
    // RETURNING gives no order guarantee: restore the claim order.
    return rows.map(messageFromRow).sort(claimOrder);
  }

  private readonly updateTx = (updates: MessageUpdate[]): string[] => {
    const skipped: string[] = [];
    this.db.transaction(() => {
      for (const u of updates) {
        const params: unknown[] = [u.state, u.at];
        const columns: string[] = [];
        for (const [field, col] of UPDATE_SET_FIELDS) {
          const value = u.set?.[field];
          if (value === undefined) continue;
          columns.push(col);
          params.push(value);
        }
        params.push(u.id);
        if (u.onlyFrom) params.push(u.onlyFrom.length === 1 ? u.onlyFrom[0] : JSON.stringify(u.onlyFrom));
        const changed = this.updateStatement(columns, u.onlyFrom?.length, u.onlyIdle === true).run(params).changes;
        if (changed === 0 && (u.onlyFrom || u.onlyIdle)) {
          skipped.push(u.id);
          continue;
        }
        if (u.historyRow !== false) this.s.insertEvent.run(u.id, u.at, u.state, u.detail);
        for (const part of u.parts ?? []) {
          const rawStatus = part.rawStatus ?? null;
          // A settled part was stored when it was submitted: a receipt only changes its outcome.
          if (part.state !== 'submitted' && this.s.settlePart.run(part.state, part.errorCode, rawStatus, part.messageId, part.partNo, part.connectorId, part.upstreamKey, part.upstreamId).changes > 0) continue;
          this.s.upsertPart.run(part.messageId, part.partNo, part.connectorId, part.upstreamKey, part.upstreamId, part.state, part.errorCode, rawStatus);
        }
        for (const o of u.outbox ?? []) {
          this.s.insertOutbox.run(o.id, o.accountId, o.kind, o.target, o.event, JSON.stringify(o.payload), o.attempts, o.nextAttemptAt, o.createdAt);
        }
      }
    })();
    return skipped;
  };

  /**
   * One prepared UPDATE per combination of columns set. Naming only the columns that change keeps
   * SQLite from rewriting index entries of the others, which dominated the cost of every update.
   */
  private updateStatement(columns: string[], fromStates: number | undefined, idle: boolean): Database.Statement {
    // One allowed state is a plain comparison; only a list needs json_each, which costs a virtual table per row.
    const from = fromStates === undefined ? '' : fromStates === 1 ? ' AND state = ?' : ' AND state IN (SELECT value FROM json_each(?))';
    const key = `${columns.join(',')}${from}${idle ? '!' : ''}`;
    let statement = this.updateStatements.get(key);
    if (!statement) {
      const sets = ['state = ?', 'updated_at = ?', ...columns.map((col) => `${col} = ?`)].join(', ');
      const condition = `${from}${idle ? ' AND inflight_since IS NULL' : ''}`;
      statement = this.db.prepare(`UPDATE messages SET ${sets} WHERE id = ?${condition}`);
      this.updateStatements.set(key, statement);
    }
    return statement;
  }

  async applyUpdates(updates: MessageUpdate[]): Promise<string[]> {
    return this.updateTx(updates);
  }

  async findParts(lookups: PartLookup[]): Promise<Array<PartMatch | null>> {
    return lookups.map((lookup) => this.findPartNow(lookup.connectorId, lookup.upstreamKeys));
  }

  async findPart(connectorId: string, upstreamKeys: string[]): Promise<PartMatch | null> {
    return this.findPartNow(connectorId, upstreamKeys);
  }

  private findPartNow(connectorId: string, upstreamKeys: string[]): PartMatch | null {
    for (const key of upstreamKeys) {
      let best: PartMatch | null = null;
      for (const row of this.s.partsByKey.all(connectorId, key) as Row[]) {
        const message = messageFromRow(row);
        // Upstream ids can repeat over time: the newest message owns the id.
        if (!best || newerThan(message, best.message)) best = { part: joinedPart(row), message };
      }
      if (best) return best;
    }
    return null;
  }

  async updatePart(messageId: string, partNo: number, state: MessagePart['state'], errorCode: string | null): Promise<MessagePart[]> {
    this.s.updatePart.run(state, errorCode, messageId, partNo);
    return this.parts(messageId);
  }

  async listInflight(limit: number): Promise<Message[]> {
    return (this.s.inflight.all(limit) as Row[]).map(messageFromRow);
  }

  async dueScheduled(now: number, limit: number): Promise<Message[]> {
    return (this.s.dueScheduled.all(now, limit) as Row[]).map(messageFromRow);
  }

  async listStaleSubmitted(submittedBefore: number, limit: number): Promise<Message[]> {
    return (this.s.staleSubmitted.all({ before: submittedBefore, limit }) as Row[]).map(messageFromRow);
  }

  async listSubmittedOn(connectorId: string, limit: number, after?: SubmittedCursor): Promise<Message[]> {
    const rows = this.s.submittedOn.all({ connector: connectorId, at: after?.submittedAt ?? -1, id: after?.id ?? '', limit }) as Row[];
    return rows.map(messageFromRow);
  }

  async listExpiredQueued(now: number, limit: number): Promise<Message[]> {
    return (this.s.expiredQueued.all(now, limit) as Row[]).map(messageFromRow);
  }

  async purgeFinal(before: number, limit: number): Promise<number> {
    if (limit <= 0) return 0;
    return this.db.transaction(() => {
      const ids = this.s.purgeIds.all(before, limit) as string[];
      if (ids.length === 0) return 0;
      const json = JSON.stringify(ids);
      this.s.purgeEvents.run(json);
      this.s.purgeParts.run(json);
      return this.s.purgeMessages.run(json).changes;
    }).immediate();
  }

  async countPending(accountId?: string): Promise<Partial<Record<PendingState, number>>> {
    const rows = this.s.countPending.all({ account: accountId ?? null }) as Array<{ state: PendingState; n: number }>;
    return Object.fromEntries(rows.filter((r) => r.n > 0).map((r) => [r.state, r.n]));
  }

  async countCreated(filter: CreatedCountFilter): Promise<CreatedCounts> {
    const tagged = filter.tag === undefined ? '' : ' AND tag = @tag';
    const where = `WHERE account_id = @account AND created_at >= @from AND created_at < @to${tagged}`;
    const params = { account: filter.accountId, from: filter.from, to: filter.to, ...(filter.tag === undefined ? {} : { tag: filter.tag }) };
    // Rare (an SP's QUERY): prepared per call rather than kept.
    const rows = this.db.prepare(`SELECT state, submitted_at IS NOT NULL AS forwarded, COUNT(*) AS n FROM messages ${where} GROUP BY state, forwarded`).all(params) as Array<{ state: MessageState; forwarded: number; n: number }>;
    const recipients = this.db.prepare(`SELECT COUNT(DISTINCT recipient) AS n FROM messages ${where}`).get(params) as { n: number };
    return { rows: rows.map((r) => ({ state: r.state, forwarded: r.forwarded === 1, messages: r.n })), recipients: recipients.n };
  }

  async queueDepth(): Promise<Record<string, number>> {
    const rows = this.s.queueDepth.all() as Array<{ connector_id: string; n: number }>;
    return Object.fromEntries(rows.map((r) => [r.connector_id, r.n]));
  }
}

export function claimOrder(a: Message, b: Message): number {
  return a.priority - b.priority || a.nextAttemptAt - b.nextAttemptAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

function newerThan(a: Message, b: Message): boolean {
  return a.createdAt > b.createdAt || (a.createdAt === b.createdAt && a.id > b.id);
}

/** The part columns of a partsByKey row (aliased p_*). */
function joinedPart(row: Row): MessagePart {
  return partFromRow({
    message_id: row.id,
    part_no: row.p_part_no,
    connector_id: row.p_connector_id,
    upstream_key: row.p_upstream_key,
    upstream_id: row.p_upstream_id,
    state: row.p_state,
    error_code: row.p_error_code,
    raw_status: row.p_raw_status,
  });
}
