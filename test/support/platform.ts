/**
 * Starts a real Dialtone on a random 127.0.0.1 port for a test, on SQLite (a temporary data
 * directory) or PostgreSQL (a fresh database on the suite's server), and tears it down.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { parseConfig } from '../../src/config/index.js';
import type { Config } from '../../src/config/index.js';
import { startPlatform } from '../../src/platform.js';
import type { Platform } from '../../src/platform.js';
import { openStore } from '../../src/store/index.js';
import type { DialectName, Store } from '../../src/store/index.js';

/** The dialects this run covers (`npm test` sets both; PostgreSQL must then be reachable). */
export const DIALECTS: readonly DialectName[] = (process.env.DIALTONE_TEST_DIALECTS ?? 'sqlite')
  .split(',')
  .filter((d): d is DialectName => d === 'sqlite' || d === 'postgres');

export interface TestDatabase {
  readonly databaseUrl: string | null;
  readonly dataDir: string;
  drop(): Promise<void>;
}

/** A fresh, empty database of the dialect. */
export async function createTestDatabase(dialect: DialectName): Promise<TestDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), 'dialtone-test-'));
  const cleanDir = () => rmSync(dataDir, { recursive: true, force: true });
  if (dialect === 'sqlite') return { databaseUrl: null, dataDir, drop: async () => cleanDir() };
  const admin = process.env.DIALTONE_TEST_DATABASE_URL;
  if (!admin) throw new Error('PostgreSQL tests need DIALTONE_TEST_DATABASE_URL: run them through `npm test`');
  const name = `dialtone_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    databaseUrl: url.toString(),
    dataDir,
    drop: async () => {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
      cleanDir();
    },
  };
}

export interface TestPlatform extends Platform {
  readonly config: Config;
  readonly sid: string;
  readonly token: string;
  /** Stops the platform and drops its database. */
  stop(): Promise<void>;
}

export async function startTestPlatform(dialect: DialectName, env: Record<string, string> = {}): Promise<TestPlatform> {
  const database = await createTestDatabase(dialect);
  const config = parseConfig(
    { port: '0', host: '127.0.0.1', 'log-level': 'silent', 'data-dir': database.dataDir, ...(database.databaseUrl ? { 'database-url': database.databaseUrl } : {}) },
    env,
  );
  const platform = await startPlatform(config);
  return {
    ...platform,
    config,
    sid: platform.account.sid,
    token: platform.account.authToken,
    stop: async () => {
      await platform.close();
      await database.drop();
    },
  };
}

/** Basic credentials header for raw HTTP tests. */
export function basic(user: string, pass: string): string {
  return `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
}

/** A raw API request (for what the SDKs do not expose: status codes, headers, odd inputs). */
export async function api(
  platform: { url: string },
  method: string,
  path: string,
  auth: [string, string] | null,
  form?: Record<string, string | string[]>,
): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const body = form ? new URLSearchParams(Object.entries(form).flatMap(([k, v]) => [v].flat().map((x) => [k, x] as [string, string]))) : undefined;
  const response = await fetch(`${platform.url}${path}`, {
    method,
    headers: { ...(auth ? { authorization: basic(...auth) } : {}), ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
    body: body?.toString(),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {}, headers: response.headers };
}

/**
 * Opens a migrated store on a fresh database of the dialect before the suite's tests and drops
 * it after. Call inside a `describe`; read `.store` and `.database` in tests.
 */
export function useTestStore(dialect: DialectName, hooks: { before: (fn: () => Promise<void>) => void; after: (fn: () => Promise<void>) => void }): { readonly store: Store; readonly database: TestDatabase } {
  let database: TestDatabase | null = null;
  let store: Store | null = null;
  hooks.before(async () => {
    database = await createTestDatabase(dialect);
    store = await openStore(database);
  });
  hooks.after(async () => {
    await store?.close();
    await database?.drop();
  });
  return {
    get store() { if (!store) throw new Error('the store opens in before()'); return store; },
    get database() { if (!database) throw new Error('the database is made in before()'); return database; },
  };
}
