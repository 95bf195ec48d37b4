/**
 * The Store seam: one kysely schema over two dialects. The embedded default is a SQLite file in
 * the data directory; a `postgres://` URL switches to PostgreSQL with no other change.
 * Migrations run when the store opens. Code above this seam uses `Store` and the per-resource
 * modules beside this file, never a driver.
 */
import { join } from 'node:path';
import { CamelCasePlugin, Kysely, Migrator } from 'kysely';
import type { Dialect, MigrationProvider } from 'kysely';
import { MIGRATIONS } from './migrations/index.js';
import { createPostgresDialect } from './postgres/dialect.js';
import type { Database } from './schema.js';
import { createSqliteDialect } from './sqlite/dialect.js';

export type { Database } from './schema.js';

export type DialectName = 'sqlite' | 'postgres';

export interface Store {
  readonly db: Kysely<Database>;
  readonly dialect: DialectName;
  /** Closes every connection; the store cannot be used afterwards. */
  close(): Promise<void>;
}

export interface StoreOptions {
  /** `postgres://…` for PostgreSQL; null for the embedded SQLite file. */
  readonly databaseUrl: string | null;
  /** Directory holding `dialtone.db` when SQLite is used. */
  readonly dataDir: string;
}

const provider: MigrationProvider = { getMigrations: async () => ({ ...MIGRATIONS }) };

/**
 * Opens the store and brings its schema up to date.
 *
 * @example
 * const store = await openStore({ databaseUrl: null, dataDir: './data' });
 */
export async function openStore(options: StoreOptions): Promise<Store> {
  const dialectName: DialectName = options.databaseUrl ? 'postgres' : 'sqlite';
  const sqlite = options.databaseUrl ? null : createSqliteDialect(join(options.dataDir, 'dialtone.db'));
  const dialect: Dialect = sqlite ? sqlite.dialect : createPostgresDialect(options.databaseUrl ?? '');
  const db = new Kysely<Database>({ dialect, plugins: [new CamelCasePlugin()] });
  const close = async () => {
    await sqlite?.beforeClose();
    await db.destroy();
  };
  try {
    await migrate(db);
  } catch (err) {
    await close();
    throw err;
  }
  return { db, dialect: dialectName, close };
}

/** Applies every pending migration; throws with the failing migration's name. */
export async function migrate(db: Kysely<Database>): Promise<void> {
  // Migrations use snake_case SQL directly, so they run on a plugin-free instance.
  const raw = db.withoutPlugins();
  const migrator = new Migrator({ db: raw, provider, migrationTableName: 'dialtone_migrations', migrationLockTableName: 'dialtone_migrations_lock' });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`database migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
