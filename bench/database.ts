/**
 * Where the platform under test keeps its data: the embedded SQLite default, or, when
 * DATABASE_URL names a PostgreSQL server, a fresh database on it for each server started, so
 * every run begins empty as it does on SQLite. The database is dropped again afterwards.
 */
import pg from 'pg';

/** The PostgreSQL server the benchmarks run on, or null for SQLite. */
export function benchDatabaseUrl(): string | null {
  const url = process.env.DATABASE_URL;
  return url && /^postgres(ql)?:\/\//.test(url) ? url : null;
}

export interface FreshDatabase {
  /** Its connection string, or null for the embedded SQLite default. */
  readonly url: string | null;
  drop(): Promise<void>;
}

let created = 0;

async function admin<T>(url: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/**
 * A new, empty database on DATABASE_URL's server (`dialtone_bench_<pid>_<n>`). Without the
 * right to create databases, DATABASE_URL's own database is used as it is, and kept.
 */
export async function freshDatabase(): Promise<FreshDatabase> {
  const server = benchDatabaseUrl();
  if (server === null) return { url: null, drop: async () => undefined };
  const name = `dialtone_bench_${process.pid}_${++created}`;
  try {
    await admin(server, (c) => c.query(`CREATE DATABASE ${name}`));
  } catch (err) {
    console.error(`could not create a database for the run (${err instanceof Error ? err.message : String(err)}); using DATABASE_URL's own`);
    return { url: server, drop: async () => undefined };
  }
  const url = new URL(server);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(server, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined) };
}
