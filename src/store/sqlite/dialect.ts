/**
 * The embedded SQLite dialect: a single file under the data directory, through better-sqlite3.
 * WAL journaling so readers never block the writer; foreign keys on.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { SqliteDialect } from 'kysely';
import type { Dialect } from 'kysely';

/** Opens (creating if needed) the SQLite file at `file`, or an in-memory database for ':memory:'. */
export function createSqliteDialect(file: string): Dialect {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const database = new BetterSqlite3(file);
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  return new SqliteDialect({ database });
}
