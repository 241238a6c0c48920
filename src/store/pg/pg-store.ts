// The Store on PostgreSQL through a pg Pool: BIGINT times parsed back to numbers, JSONB for structured fields.
import { pgAudit } from './pg-audit.ts';
import { pgBilling } from './pg-billing.ts';
import { pgStats } from './pg-stats.ts';
import { pgBlacklist } from './pg-blacklist.ts';
import { campaignRepository } from '../campaign-repository.ts';
import { pgExec } from '../sql-exec.ts';
import { CLEAR_FAILURES_SQL, LOGIN_FAILED_SQL } from '../audit-rows.ts';
import { numbered } from '../blacklist-rows.ts';
import { CLAIM_NONCE, PURGE_NONCES } from '../nonce-rows.ts';
import { pgTemplates } from './pg-templates.ts';
import { pgContacts } from './pg-contacts.ts';
import { pgCompliance } from './pg-compliance.ts';
import pg from 'pg';
import type { MoMessage } from '../../core/message.ts';
import { migratePostgres } from '../migrations/pg-migrator.ts';
import { moWhere } from '../mo-search.ts';
import { clampLimit, sessionTargets, toPage } from '../query-parts.ts';
import {
  accountFromRow, connectorFromRow, credentialFromRow, moFromRow, moRouteFromRow, outboxFromRow, routeFromRow, unmatchedFromRow, userFromRow,
  type Row,
} from '../rows.ts';
import type { Account, ConnectorRecord, Credential, MoRouteRecord, OutboxItem, RouteRecord, Store, UnmatchedReceipt, User } from '../types.ts';
import { pgCarriers } from './pg-carriers.ts';
import { pgSensitiveWords } from './pg-sensitive-words.ts';
import { PgMessageRepository } from './pg-message-repository.ts';
import { insertOutbox } from './pg-outbox.ts';
import { matchesNothing } from './pg-text.ts';
import { inTransaction } from './pg-transaction.ts';

const INT8_OID = 20;

/**
 * Type parsers for this pool only (the global pg.types stay untouched): INT8 (BIGINT columns and
 * COUNT(*)) as a JS number — epoch milliseconds and row counts are far below 2^53.
 */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID && format !== 'binary' ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

const CLAIM_NONCE_SQL = numbered(CLAIM_NONCE);
const PURGE_NONCES_SQL = numbered(PURGE_NONCES);

export class PgStore implements Store {
  readonly kind = 'postgres' as const;
  readonly pool: pg.Pool;
  readonly messages: PgMessageRepository;
  readonly accounts: Store['accounts'];
  readonly users: Store['users'];
  readonly credentials: Store['credentials'];
  readonly connectors: Store['connectors'];
  readonly routes: Store['routes'];
  readonly mo: Store['mo'];
  readonly receipts: Store['receipts'];
  readonly outbox: Store['outbox'];
  readonly settings: Store['settings'];
  readonly carriers: Store['carriers'];
  readonly sensitiveWords: Store['sensitiveWords'];
  readonly blacklist: Store['blacklist'];
  readonly campaigns: Store['campaigns'];
  readonly audit: Store['audit'];
  readonly templates: Store['templates'];
  readonly contacts: Store['contacts'];
  readonly billing: Store['billing'];
  readonly stats: Store['stats'];
  readonly compliance: Store['compliance'];

  /** Connects (checking the connection) and migrates. `config` may set `options: '-c search_path=…'` etc. */
  static async open(config: pg.PoolConfig): Promise<PgStore> {
    const pool = new pg.Pool({ max: 10, ...config, types });
    // An idle pooled connection that breaks (server restart, pg_terminate_backend, network) is reported
    // as an 'error' event, which would crash the process unhandled. The pool has already discarded it
    // and opens a new connection for the next query, so there is nothing more to do here.
    pool.on('error', () => undefined);
    const store = new PgStore(pool);
    try {
      await store.migrate();
      return store;
    } catch (err) {
      await store.close();
      throw err;
    }
  }

  private constructor(pool: pg.Pool) {
    this.pool = pool;
    this.messages = new PgMessageRepository(pool);
    this.carriers = pgCarriers(pool);
    this.sensitiveWords = pgSensitiveWords(pool);
    this.blacklist = pgBlacklist(pool);
    this.campaigns = campaignRepository(pgExec(pool));
    this.audit = pgAudit(pool);
    this.templates = pgTemplates(pool);
    this.contacts = pgContacts(pool);
    this.billing = pgBilling(pool);
    this.stats = pgStats(pool);
    this.compliance = pgCompliance(pool);
    const rows = async (sql: string, params: unknown[] = []): Promise<Row[]> => (await pool.query(sql, params)).rows as Row[];
    /** A lookup by key: one row or null (also for a key PostgreSQL could never have stored). */
    const one = async <T>(map: (r: Row) => T, sql: string, params: unknown[]): Promise<T | null> => {
      if (matchesNothing(...params)) return null;
      const [row] = await rows(sql, params);
      return row ? map(row) : null;
    };
    const run = async (sql: string, params: unknown[]): Promise<number> => (await pool.query(sql, params)).rowCount ?? 0;

    this.accounts = {
      get: (id) => one(accountFromRow, 'SELECT * FROM accounts WHERE id = $1', [id]),
      list: async () => (await rows('SELECT * FROM accounts ORDER BY created_at, id')).map(accountFromRow),
      upsert: async (a: Account) =>
        void (await run(
          `INSERT INTO accounts (id, name, status, callback_url, callback_secret, tps, created_at, parent_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
           ON CONFLICT (id) DO UPDATE SET name = excluded.name, status = excluded.status, callback_url = excluded.callback_url,
             callback_secret = excluded.callback_secret, tps = excluded.tps, created_at = excluded.created_at, parent_id = excluded.parent_id`,
          [a.id, a.name, a.status, a.callbackUrl, a.callbackSecret, a.tps, a.createdAt, a.parentId ?? null],
        )),
      children: async (parentId) =>
        matchesNothing(parentId) ? [] : (await rows('SELECT * FROM accounts WHERE parent_id = $1 ORDER BY created_at, id', [parentId])).map(accountFromRow),
    };

    this.users = {
      get: (username) => one(userFromRow, 'SELECT * FROM users WHERE username = $1', [username]),
      upsert: async (u: User) =>
        void (await run(
          `INSERT INTO users (username, password_hash, account_id, role, created_at, disabled, sessions_valid_from) VALUES ($1, $2, $3, $4, $5, $6, $7)
           ON CONFLICT (username) DO UPDATE SET password_hash = excluded.password_hash, account_id = excluded.account_id,
             role = excluded.role, created_at = excluded.created_at, disabled = excluded.disabled, sessions_valid_from = excluded.sessions_valid_from`,
          [u.username, u.passwordHash, u.accountId, u.role, u.createdAt, u.disabled ?? false, u.sessionsValidFrom ?? 0],
        )),
      create: async (u: User) =>
        (await run(
          `INSERT INTO users (username, password_hash, account_id, role, created_at, disabled, sessions_valid_from) VALUES ($1, $2, $3, $4, $5, $6, $7)
           ON CONFLICT (username) DO NOTHING`,
          [u.username, u.passwordHash, u.accountId, u.role, u.createdAt, u.disabled ?? false, u.sessionsValidFrom ?? 0],
        )) > 0,
      count: async () => Number((await rows('SELECT COUNT(*) AS n FROM users'))[0].n),
      list: async (accountId) => {
        if (accountId === null) return (await rows('SELECT * FROM users ORDER BY username')).map(userFromRow);
        if (matchesNothing(accountId)) return [];
        return (await rows('SELECT * FROM users WHERE account_id = $1 ORDER BY username', [accountId])).map(userFromRow);
      },
      loginFailed: async (username, at, maxFailures, lockMs) => {
        if (matchesNothing(username)) return null;
        const [row] = await rows(`${numbered(LOGIN_FAILED_SQL)} RETURNING *`, [maxFailures, maxFailures, at + lockMs, username]);
        return row ? userFromRow(row) : null;
      },
      clearFailures: async (username) => void (matchesNothing(username) || (await run(numbered(CLEAR_FAILURES_SQL), [username]))),
    };

    this.credentials = {
      findApiKey: (keyHash) => one(credentialFromRow, `SELECT * FROM credentials WHERE kind = 'api_key' AND identifier = $1`, [keyHash]),
      findSmpp: (systemId) => one(credentialFromRow, `SELECT * FROM credentials WHERE kind = 'smpp' AND identifier = $1`, [systemId]),
      findCmpp: (spId) => one(credentialFromRow, `SELECT * FROM credentials WHERE kind = 'cmpp' AND identifier = $1`, [spId]),
      findCloudKey: (accessKeyId) => one(credentialFromRow, `SELECT * FROM credentials WHERE kind = 'cloud_key' AND identifier = $1`, [accessKeyId]),
      claimNonce: async (key, expiresAt, now) => (await run(CLAIM_NONCE_SQL, [key, expiresAt, now])) > 0,
      purgeNonces: async (now) => run(PURGE_NONCES_SQL, [now]),
      listForAccount: async (accountId) =>
        (await rows('SELECT * FROM credentials WHERE account_id = $1 ORDER BY created_at, id', [accountId])).map(credentialFromRow),
      upsert: async (c: Credential) =>
        void (await run(
          `INSERT INTO credentials (id, account_id, kind, identifier, secret_hash, scope, max_binds, ip_allowlist, created_at, name)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10)
           ON CONFLICT (id) DO UPDATE SET account_id = excluded.account_id, kind = excluded.kind, identifier = excluded.identifier,
             secret_hash = excluded.secret_hash, scope = excluded.scope, max_binds = excluded.max_binds,
             ip_allowlist = excluded.ip_allowlist, created_at = excluded.created_at, name = excluded.name`,
          [c.id, c.accountId, c.kind, c.identifier, c.secretHash, c.scope, c.maxBinds, JSON.stringify(c.ipAllowlist), c.createdAt, c.name ?? null],
        )),
      delete: async (id) => void (await run('DELETE FROM credentials WHERE id = $1', [id])),
    };

    this.connectors = {
      list: async () => (await rows('SELECT * FROM connectors ORDER BY created_at, id')).map(connectorFromRow),
      get: (id) => one(connectorFromRow, 'SELECT * FROM connectors WHERE id = $1', [id]),
      upsert: async (c: ConnectorRecord) =>
        void (await run(
          `INSERT INTO connectors (id, type, name, enabled, settings, created_at, updated_at) VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7)
           ON CONFLICT (id) DO UPDATE SET type = excluded.type, name = excluded.name, enabled = excluded.enabled,
             settings = excluded.settings, created_at = excluded.created_at, updated_at = excluded.updated_at`,
          [c.id, c.type, c.name, c.enabled, JSON.stringify(c.settings), c.createdAt, c.updatedAt],
        )),
      delete: async (id) => (await run('DELETE FROM connectors WHERE id = $1', [id])) > 0,
    };

    this.routes = {
      list: async () => (await rows('SELECT * FROM routes ORDER BY position, id')).map(routeFromRow),
      upsert: async (r: RouteRecord) =>
        void (await run(
          `INSERT INTO routes (id, position, name, filters, strategy, connectors, is_default, enabled)
           VALUES ($1, $2, $3, $4::jsonb, $5, $6::jsonb, $7, $8)
           ON CONFLICT (id) DO UPDATE SET position = excluded.position, name = excluded.name, filters = excluded.filters,
             strategy = excluded.strategy, connectors = excluded.connectors, is_default = excluded.is_default, enabled = excluded.enabled`,
          [r.id, r.position, r.name, JSON.stringify(r.filters), r.strategy, JSON.stringify(r.connectors), r.isDefault, r.enabled],
        )),
      delete: async (id) => (await run('DELETE FROM routes WHERE id = $1', [id])) > 0,
      listMo: async () => (await rows('SELECT * FROM mo_routes ORDER BY pattern, id')).map(moRouteFromRow),
      upsertMo: async (r: MoRouteRecord) =>
        void (await run(
          `INSERT INTO mo_routes (id, pattern, account_id) VALUES ($1, $2, $3)
           ON CONFLICT (id) DO UPDATE SET pattern = excluded.pattern, account_id = excluded.account_id`,
          [r.id, r.pattern, r.accountId],
        )),
      deleteMo: async (id) => (await run('DELETE FROM mo_routes WHERE id = $1', [id])) > 0,
    };

    this.mo = {
      insert: (m: MoMessage, notifications = []) =>
        inTransaction(pool, async (client) => {
          await client.query(
            'INSERT INTO mo_messages (id, account_id, connector_id, sender, recipient, text, received_at) VALUES ($1, $2, $3, $4, $5, $6, $7)',
            [m.id, m.accountId, m.connectorId, m.sender, m.recipient, m.text, m.receivedAt],
          );
          await insertOutbox(client, notifications);
        }),
      list: async (filter) => {
        if (matchesNothing(filter.accountId, filter.sender, filter.keyword)) return { items: [], nextCursor: null };
        const limit = clampLimit(filter.limit);
        const where = moWhere(filter, (n) => `$${n}`, 'ILIKE');
        const sql = `SELECT * FROM mo_messages ${where.sql} ORDER BY received_at DESC, id DESC LIMIT $${where.params.length + 1}`;
        const items = (await rows(sql, [...where.params, limit + 1])).map(moFromRow);
        return toPage(items, limit, (m) => ({ at: m.receivedAt, id: m.id }));
      },
      // Rare (an SP's QUERY): the outbox has no index by payload, and holds only what is still undelivered.
      countReceived: async (accountId, from, to) => {
        const [row] = await rows(
          `SELECT
             (SELECT COUNT(*) FROM mo_messages WHERE account_id = $1 AND received_at >= $2 AND received_at < $3) AS received,
             (SELECT COUNT(DISTINCT payload->>'id') FROM outbox WHERE account_id = $1 AND event = 'mo'
               AND payload->>'id' IN (SELECT id FROM mo_messages WHERE account_id = $1 AND received_at >= $2 AND received_at < $3)) AS waiting`,
          [accountId, from, to],
        );
        return { received: Number(row!.received), waiting: Number(row!.waiting) };
      },
    };

    this.receipts = {
      insertUnmatched: async (r: UnmatchedReceipt) =>
        void (await run(
          `INSERT INTO receipts_unmatched (id, connector_id, upstream_keys, state, raw_status, error_code, done_at, received_at, attempts, next_try_at)
           VALUES ($1, $2, $3::jsonb, $4, $5, $6, $7, $8, $9, $10)`,
          [r.id, r.connectorId, JSON.stringify(r.upstreamKeys), r.state, r.rawStatus, r.errorCode, r.doneAt, r.receivedAt, r.attempts, r.nextTryAt],
        )),
      listUnmatched: async (now, limit) =>
        (await rows('SELECT * FROM receipts_unmatched WHERE next_try_at <= $1 ORDER BY next_try_at, id LIMIT $2', [now, limit])).map(unmatchedFromRow),
      deleteUnmatched: async (id) => void (await run('DELETE FROM receipts_unmatched WHERE id = $1', [id])),
      touchUnmatched: async (id, attempts, nextTryAt) => void (await run('UPDATE receipts_unmatched SET attempts = $1, next_try_at = $2 WHERE id = $3', [attempts, nextTryAt, id])),
      purgeUnmatched: (before) => run('DELETE FROM receipts_unmatched WHERE received_at < $1', [before]),
    };

    this.outbox = {
      enqueue: async (items: OutboxItem[]) => {
        if (items.length > 0) await inTransaction(pool, (c) => insertOutbox(c, items));
      },
      due: async (now, limit, targets) => {
        const connected = sessionTargets(targets);
        return (
          connected === undefined
            ? await rows('SELECT * FROM outbox WHERE next_attempt_at <= $1 ORDER BY next_attempt_at, created_at, id LIMIT $2', [now, limit])
            : await rows(
                `SELECT * FROM outbox WHERE next_attempt_at <= $1 AND (kind <> 'smpp' OR target = ANY($3::text[])) AND (kind <> 'cmpp' OR target = ANY($4::text[]))
                 ORDER BY next_attempt_at, created_at, id LIMIT $2`,
                [now, limit, connected.smpp, connected.cmpp],
              )
        ).map(outboxFromRow);
      },
      claim: async (now, limit, leaseUntil, targets) =>
        (
          await rows(
            `UPDATE outbox SET next_attempt_at = $3 WHERE id IN (
               SELECT id FROM outbox WHERE next_attempt_at <= $1
                 AND ($4::text[] IS NULL OR kind <> 'smpp' OR target = ANY($4::text[]))
                 AND ($5::text[] IS NULL OR kind <> 'cmpp' OR target = ANY($5::text[]))
               ORDER BY next_attempt_at, created_at, id LIMIT $2 FOR UPDATE SKIP LOCKED)
             RETURNING *`,
            [now, limit, leaseUntil, sessionTargets(targets)?.smpp ?? null, sessionTargets(targets)?.cmpp ?? null],
          )
        )
          .map(outboxFromRow)
          .sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
      complete: async (ids) => void (ids.length && (await run('DELETE FROM outbox WHERE id = ANY($1::text[])', [ids]))),
      retry: async (ids, nextAttemptAt) =>
        void (ids.length && (await run('UPDATE outbox SET attempts = attempts + 1, next_attempt_at = $1 WHERE id = ANY($2::text[])', [nextAttemptAt, ids]))),
    };

    this.settings = {
      get: async (key) => (matchesNothing(key) ? null : ((await rows('SELECT value FROM settings WHERE key = $1', [key]))[0]?.value as string | undefined) ?? null),
      set: async (key, value) =>
        void (await run('INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [key, value])),
    };
  }

  async migrate(): Promise<void> {
    await migratePostgres(this.pool);
  }

  private closed = false;

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }
}
