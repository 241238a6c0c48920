// The shape of one versioned schema migration: the same change written for SQLite and for PostgreSQL.

export interface Migration {
  /** Strictly increasing; applied in this order and recorded in schema_migrations. */
  version: number;
  name: string;
  sqlite: string;
  postgres: string;
}
