/**
 * The embedded SQLite dialect: a single file under the data directory, through better-sqlite3.
 * WAL journaling so readers never block the writer; foreign keys on. Prepared statements are
 * cached: kysely's SQLite driver prepares every query afresh, which was a tenth of the server's
 * CPU under the messaging benchmark.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { SqliteDialect } from 'kysely';
import type { Dialect, SqliteDatabase, SqliteStatement } from 'kysely';
import { FALLBACK_AUTOCHECKPOINT_PAGES, startCheckpointer } from './checkpointer.js';

const MAX_CACHED_STATEMENTS = 512;

/** better-sqlite3 behind kysely's SqliteDatabase interface, with an LRU of prepared statements. */
function withStatementCache(database: BetterSqlite3.Database): SqliteDatabase {
  const cache = new Map<string, SqliteStatement>();
  return {
    close: () => { cache.clear(); database.close(); },
    prepare: (sql: string) => {
      let statement = cache.get(sql);
      if (statement) {
        cache.delete(sql);
      } else {
        statement = database.prepare(sql) as unknown as SqliteStatement;
        if (cache.size >= MAX_CACHED_STATEMENTS) {
          const oldest = cache.keys().next().value;
          if (oldest !== undefined) cache.delete(oldest);
        }
      }
      cache.set(sql, statement);
      return statement;
    },
  };
}

/** The embedded database: kysely's dialect, and what must stop before it closes. */
export interface SqliteStore {
  readonly dialect: Dialect;
  /** Stops the checkpointing thread (call before destroying the Kysely instance). */
  beforeClose(): Promise<void>;
}

/** Opens (creating if needed) the SQLite file at `file`, or an in-memory database for ':memory:'. */
export function createSqliteDialect(file: string): SqliteStore {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const database = new BetterSqlite3(file);
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  // WAL with synchronous=NORMAL syncs at checkpoints, not at every commit (a crash of the
  // process loses nothing; only a power cut could lose the last commits). A 16 MiB page cache
  // keeps the hot index pages; the operating system caches the file besides, so a bigger one
  // mostly doubles memory (64 MiB cost a tenth of the memory of 10,000 live calls).
  database.pragma('cache_size = -16384');
  database.pragma('temp_store = MEMORY');
  if (file === ':memory:') return { dialect: new SqliteDialect({ database: withStatementCache(database) }), beforeClose: async () => {} };
  // Checkpoints run in a thread of their own (see checkpointer.ts); this connection's own are a fallback.
  database.pragma(`wal_autocheckpoint = ${FALLBACK_AUTOCHECKPOINT_PAGES}`);
  const checkpointer = startCheckpointer(file);
  return { dialect: new SqliteDialect({ database: withStatementCache(database) }), beforeClose: () => checkpointer.close() };
}
