/**
 * The jobs table: enqueue inside the caller's transaction (so accepting a message and queueing
 * its delivery commit together), claim due work under a lease, complete or retry it. A job
 * whose worker died is claimed again when its lease lapses: work is done at least once, and
 * handlers make repeats harmless.
 */
import { sql } from 'kysely';
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { DialectName } from './index.js';
import type { Database, JobTable } from './schema.js';
import { newSid } from './sid.js';

export type Job = Selectable<JobTable>;
type Db = Kysely<Database> | Transaction<Database>;

export async function enqueueJob(db: Db, kind: string, payload: unknown, runAt: Date = new Date()): Promise<string> {
  const now = new Date().toISOString();
  const id = newSid('JB');
  await db.insertInto('jobs').values({
    id, kind, payload: JSON.stringify(payload), state: 'pending', runAt: runAt.toISOString(), leaseUntil: null,
    attempts: 0, lastError: null, dateCreated: now, dateUpdated: now,
  }).execute();
  return id;
}

/**
 * Claims up to `limit` due jobs for `leaseMs`: pending jobs whose time has come, and running
 * jobs whose lease lapsed. PostgreSQL skips rows other workers hold (FOR UPDATE SKIP LOCKED);
 * SQLite serialises writers, so its transaction is enough.
 */
export async function claimJobs(db: Kysely<Database>, dialect: DialectName, limit: number, leaseMs: number): Promise<Job[]> {
  return db.transaction().execute(async (tx) => {
    const now = new Date();
    const nowIso = now.toISOString();
    let q = tx.selectFrom('jobs').select('id')
      .where((eb) => eb.or([
        eb.and([eb('state', '=', 'pending'), eb('runAt', '<=', nowIso)]),
        eb.and([eb('state', '=', 'running'), eb('leaseUntil', '<', nowIso)]),
      ]))
      .orderBy('runAt').limit(limit);
    if (dialect === 'postgres') q = q.forUpdate().skipLocked();
    const ids = (await q.execute()).map((r) => r.id);
    if (ids.length === 0) return [];
    const leaseUntil = new Date(now.getTime() + leaseMs).toISOString();
    await tx.updateTable('jobs')
      .set({ state: 'running', leaseUntil, attempts: sql<number>`attempts + 1`, dateUpdated: nowIso })
      .where('id', 'in', ids).execute();
    return tx.selectFrom('jobs').selectAll().where('id', 'in', ids).orderBy('runAt').execute();
  });
}

export async function completeJob(db: Db, id: string): Promise<void> {
  await db.updateTable('jobs').set({ state: 'done', leaseUntil: null, dateUpdated: new Date().toISOString() }).where('id', '=', id).execute();
}

/** Puts a failed job back for a later attempt, or marks it failed for good. */
export async function failJob(db: Db, id: string, error: string, retryAt: Date | null): Promise<void> {
  const now = new Date().toISOString();
  await db.updateTable('jobs').set(retryAt
    ? { state: 'pending', runAt: retryAt.toISOString(), leaseUntil: null, lastError: error.slice(0, 2000), dateUpdated: now }
    : { state: 'failed', leaseUntil: null, lastError: error.slice(0, 2000), dateUpdated: now }).where('id', '=', id).execute();
}

/** Deletes finished jobs older than `before` (housekeeping). */
export async function pruneJobs(db: Db, before: Date): Promise<void> {
  await db.deleteFrom('jobs').where('state', '=', 'done').where('dateUpdated', '<', before.toISOString()).execute();
}
