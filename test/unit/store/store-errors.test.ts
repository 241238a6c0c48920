// Store errors sorted by what the caller can do: wait for the store, or drop the row it refused.
import { describe, expect, it } from 'vitest';
import { isRowRefused, isStoreUnavailable } from '../../../src/store/store-errors.ts';

const coded = (code: string) => Object.assign(new Error(code), { code });

describe('store errors', () => {
  it('an unavailable store: lost or refused connections, PostgreSQL overload or shutdown, a busy or failing SQLite file', () => {
    for (const code of ['08006', '53300', '57P01', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'SQLITE_BUSY', 'SQLITE_BUSY_SNAPSHOT', 'SQLITE_LOCKED', 'SQLITE_FULL', 'SQLITE_IOERR_WRITE', 'SQLITE_CANTOPEN']) {
      expect(isStoreUnavailable(coded(code)), code).toBe(true);
      expect(isRowRefused(coded(code)), code).toBe(false);
    }
  });

  it('a refused row: constraints, values the store cannot hold or bind', () => {
    for (const code of ['SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_TRIGGER', 'SQLITE_MISMATCH', 'SQLITE_TOOBIG', 'SQLITE_RANGE', '23505', '23502', '22P02', '22001']) {
      expect(isRowRefused(coded(code)), code).toBe(true);
      expect(isStoreUnavailable(coded(code)), code).toBe(false);
    }
    expect(isRowRefused(new TypeError('SQLite3 can only bind numbers, strings, bigints, buffers, and null'))).toBe(true);
    expect(isRowRefused(new RangeError('The value is out of range'))).toBe(true);
  });

  it('neither, when it cannot tell', () => {
    for (const error of [new Error('Connection terminated unexpectedly'), coded('42P01'), coded('230000'), null, 'text']) {
      expect(isRowRefused(error)).toBe(false);
      expect(isStoreUnavailable(error)).toBe(false);
    }
  });
});
