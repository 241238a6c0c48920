// Applies pending migrations to a SQLite database in one immediate transaction; a no-op when up to date.
import type Database from 'better-sqlite3';
import { pendingMigrations } from './migrations.ts';

export function migrateSqlite(db: Database.Database): number {
  const run = db.transaction(() => {
    db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)');
    const applied = (db.prepare('SELECT version FROM schema_migrations').all() as Array<{ version: number }>).map((r) => r.version);
    const pending = pendingMigrations(applied);
    const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
    for (const m of pending) {
      db.exec(m.sqlite);
      record.run(m.version, m.name, Date.now());
    }
    return pending.length;
  });
  // IMMEDIATE: a second process migrating the same file waits (busy_timeout) instead of failing mid-way.
  return run.immediate();
}
