// The WHERE of a received-message (MO) search page, the same for both dialects but the LIKE operator.
import { pageWhere, type Where } from './query-parts.ts';
import type { MoFilter } from './types.ts';

/** `%`, `_` and `\` in a keyword match themselves (ESCAPE '\'). */
const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Filters by account, sender and time on the (account_id, received_at, id) index; a keyword is a
 * substring test on the rows that range leaves (`like` is LIKE on SQLite, ILIKE on PostgreSQL).
 */
export function moWhere(filter: MoFilter, placeholder: (n: number) => string, like: 'LIKE' | 'ILIKE'): Where {
  const where = pageWhere(
    [
      ['account_id', filter.accountId],
      ['sender', filter.sender],
      ['received_at', filter.receivedFrom, '>='],
      ['received_at', filter.receivedTo, '<'],
    ],
    filter.cursor,
    'received_at',
    placeholder,
  );
  if (filter.keyword === undefined || filter.keyword === '') return where;
  const params = [...where.params, `%${escapeLike(filter.keyword)}%`];
  const condition = `text ${like} ${placeholder(params.length)} ESCAPE '\\'`;
  return { sql: where.sql ? `${where.sql} AND ${condition}` : `WHERE ${condition}`, params };
}
