/**
 * The jobs table: enqueue inside the caller's transaction (so accepting a message and queueing
 * its delivery commit together), claim due work under a lease, complete or retry it. A job
 * whose worker died is claimed again when its lease lapses: work is done at least once, and
 * handlers make repeats harmless.
 */
import { sql } from 'kysely';
import type { Kysely, Selectable, Transaction } from 'kysely';
import { insertRows } from './bulk-insert.js';
import type { BulkTable } from './bulk-insert.js';
import { groupCommitOf } from './group-commit.js';
import type { WriteKind } from './group-commit.js';
import type { DialectName } from './index.js';
import type { Database, JobTable } from './schema.js';
import { orderedSid } from './sid.js';

export type Job = Selectable<JobTable>;
type Db = Kysely<Database> | Transaction<Database>;

/** A pending job's row, for callers that insert jobs in bulk (see `insertJobs`). */
export function newJob(kind: string, payload: unknown, runAt: Date = new Date()): Job {
  const now = new Date().toISOString();
  return {
    id: orderedSid('JB'), kind, payload: JSON.stringify(payload), state: 'pending', runAt: runAt.toISOString(), leaseUntil: null,
    attempts: 0, lastError: null, dateCreated: now, dateUpdated: now,
  };
}

/** A job's row already claimed by its creator's worker for `leaseMs` (its first attempt), for it to run at once. */
export function claimedJob(kind: string, payload: unknown, leaseMs: number): Job {
  const job = newJob(kind, payload);
  return { ...job, state: 'running', leaseUntil: new Date(Date.now() + leaseMs).toISOString(), attempts: 1 };
}

const JOBS: BulkTable<Job> = { table: 'jobs', columns: ['id', 'kind', 'payload', 'state', 'runAt', 'leaseUntil', 'attempts', 'lastError', 'dateCreated', 'dateUpdated'] };

/** Inserts jobs made with `newJob`, in one statement (inside the caller's transaction). */
export async function insertJobs(db: Db, jobs: readonly Job[]): Promise<void> {
  await insertRows(db, JOBS, jobs);
}

export async function enqueueJob(db: Db, kind: string, payload: unknown, runAt: Date = new Date()): Promise<string> {
  const job = newJob(kind, payload, runAt);
  await insertJobs(db, [job]);
  return job.id;
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
    // Two index-friendly queries (state, run_at) rather than one OR that scans the table. A dead
    // worker's jobs go first: under a steady backlog of due work they would otherwise wait for ever.
    const lapsed = tx.selectFrom('jobs').select('id').where('state', '=', 'running').where('leaseUntil', '<', nowIso).limit(limit);
    const due = tx.selectFrom('jobs').select('id').where('state', '=', 'pending').where('runAt', '<=', nowIso).orderBy('runAt');
    const lock = <Q extends typeof lapsed>(q: Q) => (dialect === 'postgres' ? q.forUpdate().skipLocked() : q);
    const ids = (await lock(lapsed).execute()).map((r) => r.id);
    if (ids.length < limit) ids.push(...(await lock(due.limit(limit - ids.length)).execute()).map((r) => r.id));
    if (ids.length === 0) return [];
    const leaseUntil = new Date(now.getTime() + leaseMs).toISOString();
    const claimed = await tx.updateTable('jobs')
      .set({ state: 'running', leaseUntil, attempts: sql<number>`attempts + 1`, dateUpdated: nowIso })
      .where('id', 'in', ids).returningAll().execute();
    return claimed.sort((a, b) => (a.runAt < b.runAt ? -1 : a.runAt > b.runAt ? 1 : 0));
  });
}

/** The claim a worker holds: a job's id and the attempt it claimed. */
type Claim = Pick<Job, 'id' | 'attempts'>;

/** Rows of `claims` (id and attempt together), for a WHERE clause; the ids alone lead, for the primary key's index. */
function claimed(claims: readonly Claim[]) {
  if (claims.length === 0) return sql<boolean>`1 = 0`;
  const ids = sql.join(claims.map((c) => sql`${c.id}`));
  return sql<boolean>`id in (${ids}) and (id, attempts) in (values ${sql.join(claims.map((c) => sql`(${c.id}, cast(${c.attempts} as integer))`))})`;
}

/** Extends the leases of jobs still running (their worker is alive and still at them). */
export async function renewLeases(db: Kysely<Database>, claims: readonly Claim[], leaseMs: number): Promise<void> {
  const leaseUntil = new Date(Date.now() + leaseMs).toISOString();
  for (let i = 0; i < claims.length; i += 500) {
    await db.updateTable('jobs').set({ leaseUntil }).where(claimed(claims.slice(i, i + 500))).where('state', '=', 'running').execute();
  }
}

const COMPLETE: WriteKind<Claim, void> = {
  name: 'complete jobs',
  write: async (tx, claims) => {
    await tx.deleteFrom('jobs').where(claimed(claims)).execute();
    return claims.map(() => undefined);
  },
};

/**
 * A finished job is deleted: the table holds only work still to do (and failures, for
 * inspection). Jobs finishing at about the same time are deleted together (group commit).
 */
export async function completeJob(db: Kysely<Database>, job: Claim): Promise<void> {
  await groupCommitOf(db).write(COMPLETE, job);
}

/** Puts a failed job back for a later attempt, or marks it failed for good. */
export async function failJob(db: Db, job: Claim, error: string, retryAt: Date | null): Promise<void> {
  const now = new Date().toISOString();
  await db.updateTable('jobs').set(retryAt
    ? { state: 'pending', runAt: retryAt.toISOString(), leaseUntil: null, lastError: error.slice(0, 2000), dateUpdated: now }
    : { state: 'failed', leaseUntil: null, lastError: error.slice(0, 2000), dateUpdated: now })
    .where('id', '=', job.id).where('attempts', '=', job.attempts).execute();
}
