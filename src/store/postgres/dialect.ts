/** The PostgreSQL dialect, selected by a `postgres://` DATABASE_URL, through a pg pool. */
import pg from 'pg';
import { PostgresDialect } from 'kysely';
import type { Dialect } from 'kysely';

/** Connects a pool to `connectionString`. The pool opens connections lazily. */
export function createPostgresDialect(connectionString: string): Dialect {
  const pool = new pg.Pool({ connectionString, max: 10 });
  return new PostgresDialect({ pool });
}
