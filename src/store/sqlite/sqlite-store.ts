// The Store on a SQLite file (or :memory:) through better-sqlite3: WAL, NORMAL sync, statements prepared once.
import { sqliteAudit } from './sqlite-audit.ts';
import { sqliteBilling } from './sqlite-billing.ts';
import { sqliteStats } from './sqlite-stats.ts';
import { sqliteBlacklist } from './sqlite-blacklist.ts';
import { campaignRepository } from '../campaign-repository.ts';
import { sqliteExec } from '../sql-exec.ts';
import { CLAIM_NONCE, PURGE_NONCES } from '../nonce-rows.ts';
import { CLEAR_FAILURES_SQL, LOGIN_FAILED_SQL } from '../audit-rows.ts';
import { sqliteTemplates } from './sqlite-templates.ts';
import { sqliteContacts } from './sqlite-contacts.ts';
import { sqliteCompliance } from './sqlite-compliance.ts';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { migrateSqlite } from '../migrations/sqlite-migrator.ts';
import { moWhere } from '../mo-search.ts';
import { clampLimit, sessionTargets, toPage } from '../query-parts.ts';
import {
  accountFromRow, connectorFromRow, credentialFromRow, moFromRow, moRouteFromRow, outboxFromRow, routeFromRow, unmatchedFromRow, userFromRow,
  type Row,
} from '../rows.ts';
import type { Account, ConnectorRecord, Credential, MoCounts, MoRouteRecord, OutboxItem, RouteRecord, SessionTargets, Store, UnmatchedReceipt, User } from '../types.ts';
import { sqliteCarriers } from './sqlite-carriers.ts';
import { sqliteSensitiveWords } from './sqlite-sensitive-words.ts';
import { SqliteMessageRepository } from './sqlite-message-repository.ts';
import { WalCheckpointer, WRITER_CHECKPOINT_PAGES } from './wal-checkpointer.ts';
import type { MoMessage } from '../../core/message.ts';

export interface SqliteStoreOptions {
  /** Milliseconds a writer waits for another process's lock before SQLITE_BUSY. */
  busyTimeoutMs?: number;
  /** Checkpoint the WAL from a thread of its own (the platform) rather than inside commits (the default). */
  checkpointInBackground?: boolean;
  /** Hears about a background checkpoint that failed. */
  onCheckpointError?: (message: string) => void;
}

const flag = (b: boolean): number => (b ? 1 : 0);

export class SqliteStore implements Store {
  readonly kind = 'sqlite' as const;
  readonly db: Database.Database;
  readonly messages: SqliteMessageRepository;
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

  /** Opens (creating its directory) and migrates the database at `path` (":memory:" for a private in-memory one). */
  static async open(path: string, options: SqliteStoreOptions = {}): Promise<SqliteStore> {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    const db = new Database(path);
    try {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      // A larger page cache (16 MiB) keeps the hot ends of the tables and indexes in memory; the OS
      // page cache holds the rest. 32 MiB measured no faster and cost its size in resident memory.
      db.pragma('cache_size = -16384');
      db.pragma('temp_store = MEMORY');
      db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000))}`);
      migrateSqlite(db);
      // Otherwise the WAL is checkpointed at SQLite's default (~4 MB), inside the commit that crosses it.
      const background = options.checkpointInBackground === true && path !== ':memory:';
      if (background) db.pragma(`wal_autocheckpoint = ${WRITER_CHECKPOINT_PAGES}`);
      return new SqliteStore(db, background ? new WalCheckpointer(path, options.onCheckpointError) : null);
    } catch (err) {
      db.close();
      throw err;
    }
  }

  private constructor(
    db: Database.Database,
    private readonly checkpointer: WalCheckpointer | null = null,
  ) {
    this.db = db;
    this.messages = new SqliteMessageRepository(db);
    this.carriers = sqliteCarriers(db);
    this.sensitiveWords = sqliteSensitiveWords(db);
    this.blacklist = sqliteBlacklist(db);
    this.campaigns = campaignRepository(sqliteExec(db));
    this.audit = sqliteAudit(db);
    this.templates = sqliteTemplates(db);
    this.contacts = sqliteContacts(db);
    this.billing = sqliteBilling(db);
    this.stats = sqliteStats(db);
    this.compliance = sqliteCompliance(db);
    const p = (sql: string) => db.prepare(sql);
    const one = <T>(stmt: Database.Statement, map: (r: Row) => T, ...args: unknown[]): T | null => {
      const row = stmt.get(...args) as Row | undefined;
      return row ? map(row) : null;
    };
    const all = <T>(stmt: Database.Statement, map: (r: Row) => T, ...args: unknown[]): T[] => (stmt.all(...args) as Row[]).map(map);

    const acc = {
      get: p('SELECT * FROM accounts WHERE id = ?'),
      list: p('SELECT * FROM accounts ORDER BY created_at, id'),
      upsert: p(`INSERT INTO accounts (id, name, status, callback_url, callback_secret, tps, created_at, parent_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (id) DO UPDATE SET name = excluded.name, status = excluded.status, callback_url = excluded.callback_url,
          callback_secret = excluded.callback_secret, tps = excluded.tps, created_at = excluded.created_at, parent_id = excluded.parent_id`),
      children: p('SELECT * FROM accounts WHERE parent_id = ? ORDER BY created_at, id'),
    };
    this.accounts = {
      get: async (id) => one(acc.get, accountFromRow, id),
      list: async () => all(acc.list, accountFromRow),
      upsert: async (a: Account) => void acc.upsert.run(a.id, a.name, a.status, a.callbackUrl, a.callbackSecret, a.tps, a.createdAt, a.parentId ?? null),
      children: async (parentId) => all(acc.children, accountFromRow, parentId),
    };

    const usr = {
      get: p('SELECT * FROM users WHERE username = ?'),
      count: p('SELECT COUNT(*) FROM users').pluck(),
      upsert: p(`INSERT INTO users (username, password_hash, account_id, role, created_at, disabled, sessions_valid_from) VALUES (?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (username) DO UPDATE SET password_hash = excluded.password_hash, account_id = excluded.account_id,
          role = excluded.role, created_at = excluded.created_at, disabled = excluded.disabled, sessions_valid_from = excluded.sessions_valid_from`),
      create: p(`INSERT INTO users (username, password_hash, account_id, role, created_at, disabled, sessions_valid_from) VALUES (?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (username) DO NOTHING`),
      listAll: p('SELECT * FROM users ORDER BY username'),
      listAccount: p('SELECT * FROM users WHERE account_id = ? ORDER BY username'),
      failed: p(LOGIN_FAILED_SQL),
      clear: p(CLEAR_FAILURES_SQL),
    };
    this.users = {
      get: async (username) => one(usr.get, userFromRow, username),
      upsert: async (u: User) => void usr.upsert.run(u.username, u.passwordHash, u.accountId, u.role, u.createdAt, flag(u.disabled ?? false), u.sessionsValidFrom ?? 0),
      create: async (u: User) => usr.create.run(u.username, u.passwordHash, u.accountId, u.role, u.createdAt, flag(u.disabled ?? false), u.sessionsValidFrom ?? 0).changes > 0,
      count: async () => usr.count.get() as number,
      list: async (accountId) => (accountId === null ? all(usr.listAll, userFromRow) : all(usr.listAccount, userFromRow, accountId)),
      loginFailed: async (username, at, maxFailures, lockMs) => {
        usr.failed.run(maxFailures, maxFailures, at + lockMs, username);
        return one(usr.get, userFromRow, username);
      },
      clearFailures: async (username) => void usr.clear.run(username),
    };

    const cred = {
      find: p('SELECT * FROM credentials WHERE kind = ? AND identifier = ?'),
      forAccount: p('SELECT * FROM credentials WHERE account_id = ? ORDER BY created_at, id'),
      upsert: p(`INSERT INTO credentials (id, account_id, kind, identifier, secret_hash, scope, max_binds, ip_allowlist, created_at, name)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (id) DO UPDATE SET account_id = excluded.account_id, kind = excluded.kind, identifier = excluded.identifier,
          secret_hash = excluded.secret_hash, scope = excluded.scope, max_binds = excluded.max_binds,
          ip_allowlist = excluded.ip_allowlist, created_at = excluded.created_at, name = excluded.name`),
      delete: p('DELETE FROM credentials WHERE id = ?'),
      claimNonce: p(CLAIM_NONCE),
      purgeNonces: p(PURGE_NONCES),
    };
    this.credentials = {
      findApiKey: async (keyHash) => one(cred.find, credentialFromRow, 'api_key', keyHash),
      findSmpp: async (systemId) => one(cred.find, credentialFromRow, 'smpp', systemId),
      findCmpp: async (spId) => one(cred.find, credentialFromRow, 'cmpp', spId),
      findCloudKey: async (accessKeyId) => one(cred.find, credentialFromRow, 'cloud_key', accessKeyId),
      claimNonce: async (key, expiresAt, now) => cred.claimNonce.run(key, expiresAt, now).changes > 0,
      purgeNonces: async (now) => cred.purgeNonces.run(now).changes,
      listForAccount: async (accountId) => all(cred.forAccount, credentialFromRow, accountId),
      upsert: async (c: Credential) =>
        void cred.upsert.run(c.id, c.accountId, c.kind, c.identifier, c.secretHash, c.scope, c.maxBinds, JSON.stringify(c.ipAllowlist), c.createdAt, c.name ?? null),
      delete: async (id) => void cred.delete.run(id),
    };

    const con = {
      list: p('SELECT * FROM connectors ORDER BY created_at, id'),
      get: p('SELECT * FROM connectors WHERE id = ?'),
      upsert: p(`INSERT INTO connectors (id, type, name, enabled, settings, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (id) DO UPDATE SET type = excluded.type, name = excluded.name, enabled = excluded.enabled,
          settings = excluded.settings, created_at = excluded.created_at, updated_at = excluded.updated_at`),
      delete: p('DELETE FROM connectors WHERE id = ?'),
    };
    this.connectors = {
      list: async () => all(con.list, connectorFromRow),
      get: async (id) => one(con.get, connectorFromRow, id),
      upsert: async (c: ConnectorRecord) =>
        void con.upsert.run(c.id, c.type, c.name, flag(c.enabled), JSON.stringify(c.settings), c.createdAt, c.updatedAt),
      delete: async (id) => con.delete.run(id).changes > 0,
    };

    const rt = {
      list: p('SELECT * FROM routes ORDER BY position, id'),
      upsert: p(`INSERT INTO routes (id, position, name, filters, strategy, connectors, is_default, enabled) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (id) DO UPDATE SET position = excluded.position, name = excluded.name, filters = excluded.filters,
          strategy = excluded.strategy, connectors = excluded.connectors, is_default = excluded.is_default, enabled = excluded.enabled`),
      delete: p('DELETE FROM routes WHERE id = ?'),
      listMo: p('SELECT * FROM mo_routes ORDER BY pattern, id'),
      upsertMo: p(`INSERT INTO mo_routes (id, pattern, account_id) VALUES (?, ?, ?)
        ON CONFLICT (id) DO UPDATE SET pattern = excluded.pattern, account_id = excluded.account_id`),
      deleteMo: p('DELETE FROM mo_routes WHERE id = ?'),
    };
    this.routes = {
      list: async () => all(rt.list, routeFromRow),
      upsert: async (r: RouteRecord) =>
        void rt.upsert.run(r.id, r.position, r.name, JSON.stringify(r.filters), r.strategy, JSON.stringify(r.connectors), flag(r.isDefault), flag(r.enabled)),
      delete: async (id) => rt.delete.run(id).changes > 0,
      listMo: async () => all(rt.listMo, moRouteFromRow),
      upsertMo: async (r: MoRouteRecord) => void rt.upsertMo.run(r.id, r.pattern, r.accountId),
      deleteMo: async (id) => rt.deleteMo.run(id).changes > 0,
    };

    const moInsert = p('INSERT INTO mo_messages (id, account_id, connector_id, sender, recipient, text, received_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
    const insertMo = db.transaction((m: MoMessage, notifications: OutboxItem[]) => {
      moInsert.run(m.id, m.accountId, m.connectorId, m.sender, m.recipient, m.text, m.receivedAt);
      enqueue(notifications);
    });
    const moLists = new Map<string, Database.Statement>();
    // Rare (an SP's QUERY): the outbox has no index by payload, and holds only what is still undelivered.
    const moCounts = p(`SELECT
        (SELECT COUNT(*) FROM mo_messages WHERE account_id = @account AND received_at >= @from AND received_at < @to) AS received,
        (SELECT COUNT(DISTINCT json_extract(payload, '$.id')) FROM outbox WHERE account_id = @account AND event = 'mo'
          AND json_extract(payload, '$.id') IN (SELECT id FROM mo_messages WHERE account_id = @account AND received_at >= @from AND received_at < @to)) AS waiting`);
    this.mo = {
      insert: async (m: MoMessage, notifications = []) => void insertMo(m, notifications),
      list: async (filter) => {
        const limit = clampLimit(filter.limit);
        const where = moWhere(filter, () => '?', 'LIKE');
        const sql = `SELECT * FROM mo_messages ${where.sql} ORDER BY received_at DESC, id DESC LIMIT ?`;
        let stmt = moLists.get(sql);
        if (!stmt) moLists.set(sql, (stmt = db.prepare(sql)));
        return toPage(all(stmt, moFromRow, ...where.params, limit + 1), limit, (m) => ({ at: m.receivedAt, id: m.id }));
      },
      countReceived: async (accountId, from, to) => moCounts.get({ account: accountId, from, to }) as MoCounts,
    };

    const rc = {
      insert: p(`INSERT INTO receipts_unmatched (id, connector_id, upstream_keys, state, raw_status, error_code, done_at, received_at, attempts, next_try_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      list: p('SELECT * FROM receipts_unmatched WHERE next_try_at <= ? ORDER BY next_try_at, id LIMIT ?'),
      delete: p('DELETE FROM receipts_unmatched WHERE id = ?'),
      touch: p('UPDATE receipts_unmatched SET attempts = ?, next_try_at = ? WHERE id = ?'),
      purge: p('DELETE FROM receipts_unmatched WHERE received_at < ?'),
    };
    this.receipts = {
      insertUnmatched: async (r: UnmatchedReceipt) =>
        void rc.insert.run(r.id, r.connectorId, JSON.stringify(r.upstreamKeys), r.state, r.rawStatus, r.errorCode, r.doneAt, r.receivedAt, r.attempts, r.nextTryAt),
      listUnmatched: async (now, limit) => all(rc.list, unmatchedFromRow, now, limit),
      deleteUnmatched: async (id) => void rc.delete.run(id),
      touchUnmatched: async (id, attempts, nextTryAt) => void rc.touch.run(attempts, nextTryAt, id),
      purgeUnmatched: async (before) => rc.purge.run(before).changes,
    };

    const ob = {
      insert: p(`INSERT INTO outbox (id, account_id, kind, target, event, payload, attempts, next_attempt_at, created_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      dueAll: p('SELECT * FROM outbox WHERE next_attempt_at <= ? ORDER BY next_attempt_at, created_at, id LIMIT ?'),
      dueFiltered: p(`SELECT * FROM outbox WHERE next_attempt_at <= ?
          AND (kind <> 'smpp' OR target IN (SELECT value FROM json_each(?)))
          AND (kind <> 'cmpp' OR target IN (SELECT value FROM json_each(?)))
        ORDER BY next_attempt_at, created_at, id LIMIT ?`),
      complete: p('DELETE FROM outbox WHERE id IN (SELECT value FROM json_each(?))'),
      lease: p('UPDATE outbox SET next_attempt_at = ? WHERE id IN (SELECT value FROM json_each(?))'),
      retry: p('UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ? WHERE id IN (SELECT value FROM json_each(?))'),
    };
    // One writer at a time in SQLite: reading and leasing in one transaction makes the claim exclusive.
    const dueRows = (now: number, limit: number, targets: SessionTargets | undefined): Row[] =>
      (targets === undefined ? ob.dueAll.all(now, limit) : ob.dueFiltered.all(now, JSON.stringify(targets.smpp), JSON.stringify(targets.cmpp), limit)) as Row[];
    const claimOutbox = db.transaction((now: number, limit: number, leaseUntil: number, targets?: SessionTargets) => {
      const items = dueRows(now, limit, targets);
      if (items.length > 0) ob.lease.run(leaseUntil, JSON.stringify(items.map((r) => r.id)));
      return items.map(outboxFromRow);
    });
    const enqueue = db.transaction((items: OutboxItem[]) => {
      for (const o of items) ob.insert.run(o.id, o.accountId, o.kind, o.target, o.event, JSON.stringify(o.payload), o.attempts, o.nextAttemptAt, o.createdAt);
    });
    this.outbox = {
      enqueue: async (items) => void enqueue(items),
      due: async (now, limit, targets) => dueRows(now, limit, sessionTargets(targets)).map(outboxFromRow),
      claim: async (now, limit, leaseUntil, targets) => claimOutbox(now, limit, leaseUntil, sessionTargets(targets)),
      complete: async (ids) => void (ids.length && ob.complete.run(JSON.stringify(ids))),
      retry: async (ids, nextAttemptAt) => void (ids.length && ob.retry.run(nextAttemptAt, JSON.stringify(ids))),
    };

    const st = {
      get: p('SELECT value FROM settings WHERE key = ?').pluck(),
      set: p('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
    };
    this.settings = {
      get: async (key) => (st.get.get(key) as string | undefined) ?? null,
      set: async (key, value) => void st.set.run(key, value),
    };
  }

  async migrate(): Promise<void> {
    migrateSqlite(this.db);
  }

  async close(): Promise<void> {
    // The checkpointer's connection goes first, so closing the last one checkpoints and removes the WAL.
    await this.checkpointer?.stop();
    if (this.db.open) this.db.close();
  }
}
