/** The PostgreSQL dialect, selected by a `postgres://` DATABASE_URL, through a pg pool. */
import pg from 'pg';
import { PostgresDialect } from 'kysely';
import type { Dialect } from 'kysely';

/**
 * Connects a pool to `connectionString`. The pool opens connections lazily. An idle connection
 * that the server ends (a restart, a failover, an administrator's command) must not take the
 * platform down: pg emits it as an `error` event, which would otherwise be an uncaught
 * exception; the pool drops the dead client and opens a new one on the next query.
 */
export function createPostgresDialect(connectionString: string, onIdleError: (err: Error) => void = () => undefined): Dialect {
  const pool = new pg.Pool({ connectionString, max: 10 });
  pool.on('error', onIdleError);
  return new PostgresDialect({ pool });
}
