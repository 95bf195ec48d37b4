/**
 * Keyset pagination over any table with `date_created` and `sid`: stable under inserts and
 * deletes, unlike offsets. Every list in the store goes through `fetchPage`.
 */
import { sql } from 'kysely';
import type { SelectQueryBuilder } from 'kysely';
import type { Database } from './schema.js';

/** A position between two rows: after (or before) the row with this date and SID. */
export interface Cursor {
  readonly dateCreated: string;
  readonly sid: string;
  readonly direction: 'after' | 'before';
}

export interface PageRequest {
  readonly pageSize: number;
  /** Keyset position; takes precedence over `offset`. */
  readonly cursor: Cursor | null;
  /** Rows to skip, for Twilio's `Page` parameter without a `PageToken`. */
  readonly offset: number;
  /** Order of the listing by creation. */
  readonly order: 'asc' | 'desc';
}

export interface Page<Row> {
  readonly rows: Row[];
  /** Whether rows exist past the last one returned (in listing order). */
  readonly hasMore: boolean;
}

type Keyed = { dateCreated: string; sid: string };

/**
 * Runs `query` for one page. The query must select `date_created` and `sid` of table `T`.
 */
export async function fetchPage<T extends keyof Database, Row extends Keyed>(
  query: SelectQueryBuilder<Database, T, Row>,
  request: PageRequest,
): Promise<Page<Row>> {
  const { cursor, pageSize, order } = request;
  // Going backwards, the query runs in reverse order and the rows are flipped afterwards.
  const backwards = cursor?.direction === 'before';
  const ascending = (order === 'asc') !== backwards;
  const dir = ascending ? 'asc' : 'desc';
  let q = query;
  if (cursor) {
    const op = sql.raw(ascending ? '>' : '<');
    const date = sql.ref('dateCreated');
    const sid = sql.ref('sid');
    q = q.where(sql<boolean>`(${date} ${op} ${cursor.dateCreated} or (${date} = ${cursor.dateCreated} and ${sid} ${op} ${cursor.sid}))`);
  }
  q = q.orderBy('dateCreated' as never, dir).orderBy('sid' as never, dir).limit(pageSize + 1);
  if (!cursor && request.offset > 0) q = q.offset(request.offset);
  const rows = await q.execute();
  const hasMore = rows.length > pageSize;
  const page = rows.slice(0, pageSize);
  return { rows: backwards ? page.reverse() : page, hasMore };
}
