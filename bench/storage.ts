/**
 * Storage benchmark: how fast the store writes the message row, beside the database driver
 * alone writing the same rows into the same tables, each for `duration` seconds, in this
 * process (a library benchmark: no server, no HTTP). Two shapes of write:
 *
 * - one message row per transaction, one writer: the store's `insertMessageOnce` (kysely) beside
 *   one prepared INSERT (better-sqlite3 on SQLite, `pg` on PostgreSQL);
 * - a message accepted by the API: its row and its delivery job, `concurrency` writers at once,
 *   through the store's group commit (`storeNewMessage`), beside the driver inserting the same
 *   rows `concurrency` at a time in one transaction (what a perfect group commit would cost).
 *
 * SQLite runs on a fresh file with the platform's pragmas; PostgreSQL (DATABASE_URL) on a fresh
 * database. The driver's rows go in after the store's, into the same (slightly fuller) tables.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { ensureBootstrapAccount } from '../src/store/bootstrap.js';
import { openStore } from '../src/store/index.js';
import { newJob } from '../src/store/jobs.js';
import type { Job } from '../src/store/jobs.js';
import { storeNewMessage } from '../src/store/message-writes.js';
import { insertMessageOnce } from '../src/store/messages.js';
import type { Message } from '../src/store/messages.js';
import { freshDatabase } from './database.js';
import { drive } from './load.js';
import type { Timing } from './load.js';
import type { BenchOptions } from './options.js';
import { BENCH_SID, BENCH_TOKEN } from './processes.js';
import type { Row } from './table.js';

const MESSAGE_COLUMNS = ['sid', 'account_sid', 'direction', 'from_number', 'to_number', 'body', 'status', 'num_segments', 'num_media', 'error_code',
  'error_message', 'status_callback', 'status_callback_method', 'application_sid', 'validity_period', 'send_at', 'date_sent', 'date_created', 'date_updated'] as const;
const JOB_COLUMNS = ['id', 'kind', 'payload', 'state', 'run_at', 'lease_until', 'attempts', 'last_error', 'date_created', 'date_updated'] as const;

/** The i-th message of a run (`run` keeps SIDs of the store's and the driver's rows apart). */
function message(run: string, i: number): Message {
  const now = new Date().toISOString();
  return {
    sid: `SM${run}${String(i).padStart(31, '0')}`, accountSid: BENCH_SID, direction: 'outbound-api', fromNumber: '+14155550100', toNumber: '+14155550199',
    body: `Benchmark message ${i}: your code is ${100000 + i}`, status: 'queued', numSegments: 1, numMedia: 0, errorCode: null, errorMessage: null,
    statusCallback: 'http://127.0.0.1:9/status', statusCallbackMethod: 'POST', applicationSid: null, validityPeriod: null, sendAt: null, dateSent: null, dateCreated: now, dateUpdated: now,
  };
}

const messageValues = (m: Message) => [m.sid, m.accountSid, m.direction, m.fromNumber, m.toNumber, m.body, m.status, m.numSegments, m.numMedia, m.errorCode,
  m.errorMessage, m.statusCallback, m.statusCallbackMethod, m.applicationSid, m.validityPeriod, m.sendAt, m.dateSent, m.dateCreated, m.dateUpdated];
const jobValues = (j: Job) => [j.id, j.kind, j.payload, j.state, j.runAt, j.leaseUntil, j.attempts, j.lastError, j.dateCreated, j.dateUpdated];
const deliveryJob = (m: Message) => newJob('message.deliver', { messageSid: m.sid });

/** The driver alone: one row in its own transaction, or a batch of messages and their jobs in one. */
interface RawDriver {
  readonly name: string;
  insertOne(m: Message): Promise<void>;
  insertBatch(messages: readonly Message[], jobs: readonly Job[]): Promise<void>;
  close(): Promise<void>;
}

const insertSql = (table: string, columns: readonly string[], placeholders: string) => `insert into ${table} (${columns.join(', ')}) values ${placeholders}`;

function rawSqlite(file: string): RawDriver {
  const db = new BetterSqlite3(file);
  for (const pragma of ['journal_mode = WAL', 'synchronous = NORMAL', 'foreign_keys = ON', 'busy_timeout = 5000', 'cache_size = -16384', 'temp_store = MEMORY']) db.pragma(pragma);
  const one = (columns: readonly string[]) => `(${columns.map(() => '?').join(', ')})`;
  const messageInsert = db.prepare(`${insertSql('messages', MESSAGE_COLUMNS, one(MESSAGE_COLUMNS))} on conflict (sid) do nothing`);
  const jobInsert = db.prepare(insertSql('jobs', JOB_COLUMNS, one(JOB_COLUMNS)));
  const batch = db.transaction((messages: readonly Message[], jobs: readonly Job[]) => {
    for (const m of messages) messageInsert.run(messageValues(m));
    for (const j of jobs) jobInsert.run(jobValues(j));
  });
  return {
    name: 'better-sqlite3 alone',
    insertOne: async (m) => { messageInsert.run(messageValues(m)); },
    insertBatch: async (messages, jobs) => { batch(messages, jobs); },
    close: async () => { db.close(); },
  };
}

async function rawPostgres(url: string): Promise<RawDriver> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const tuples = (rows: number, width: number) => Array.from({ length: rows }, (_, r) => `(${Array.from({ length: width }, (_c, i) => `$${r * width + i + 1}`).join(', ')})`).join(', ');
  return {
    name: 'pg alone',
    insertOne: async (m) => { await client.query(`${insertSql('messages', MESSAGE_COLUMNS, tuples(1, MESSAGE_COLUMNS.length))} on conflict (sid) do nothing`, messageValues(m)); },
    insertBatch: async (messages, jobs) => {
      await client.query('begin');
      await client.query(insertSql('messages', MESSAGE_COLUMNS, tuples(messages.length, MESSAGE_COLUMNS.length)), messages.flatMap(messageValues));
      await client.query(insertSql('jobs', JOB_COLUMNS, tuples(jobs.length, JOB_COLUMNS.length)), jobs.flatMap(jobValues));
      await client.query('commit');
    },
    close: () => client.end(),
  };
}

export async function benchStorage(options: BenchOptions): Promise<Row[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'dialtone-bench-store-'));
  const database = await freshDatabase();
  const store = await openStore({ databaseUrl: database.url, dataDir });
  const limits = (concurrency: number) => ({ concurrency, seconds: options.durationSeconds, max: 10_000_000 });
  let raw: RawDriver | null = null;
  try {
    await ensureBootstrapAccount(store.db, { accountSid: BENCH_SID, authToken: BENCH_TOKEN });
    const oursOne = await drive(limits(1), async (i) => { await insertMessageOnce(store.db, message('a', i), []); });
    const oursGroup = await drive(limits(options.concurrency), async (i) => {
      const m = message('b', i);
      await storeNewMessage(store.db, { message: m, media: [], job: deliveryJob(m), feedback: false, journal: null });
    });
    raw = database.url ? await rawPostgres(database.url) : rawSqlite(join(dataDir, 'dialtone.db'));
    const driver = raw;
    const rawOne = await drive(limits(1), async (i) => driver.insertOne(message('c', i)));
    // One operation is a whole batch: its rate × batch size is rows per second.
    const batch = options.concurrency;
    const rawBatches = await drive(limits(1), async (i) => {
      const messages = Array.from({ length: batch }, (_, k) => message('d', i * batch + k));
      await driver.insertBatch(messages, messages.map(deliveryJob));
    });
    const rawGroup: Timing = { ...rawBatches, perSecond: rawBatches.perSecond * batch };
    const row = { benchmark: 'storage', baselineName: `${driver.name}${store.dialect === 'postgres' ? ' (PostgreSQL)' : ' (SQLite)'}` };
    return [
      { ...row, metric: 'message row, one per transaction', unit: 'rows/s', dialtone: oursOne.perSecond, baseline: rawOne.perSecond },
      { ...row, metric: `message + job, group commit (${options.concurrency} writers)`, unit: 'msg/s', dialtone: oursGroup.perSecond, baseline: rawGroup.perSecond },
      { ...row, metric: 'group commit write latency p99', unit: 'ms', dialtone: oursGroup.p99, baseline: rawBatches.p99 },
    ];
  } finally {
    await raw?.close();
    await store.close();
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
