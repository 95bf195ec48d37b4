/**
 * Calls. Status changes are compare-and-set on the expected previous status, so an engine never
 * moves a call out of a final state, and a live call is claimed by one engine under a lease.
 */
import type { Kysely, Selectable, Transaction } from 'kysely';
import { groupCommitOf } from './group-commit.js';
import type { WriteKind } from './group-commit.js';
import { insertJobs } from './jobs.js';
import type { Job } from './jobs.js';
import { fetchPage } from './page.js';
import type { Page, PageRequest } from './page.js';
import type { CallStatus, CallTable, Database } from './schema.js';
import { nowIso } from './sid.js';

export type Call = Selectable<CallTable>;
type Db = Kysely<Database> | Transaction<Database>;

/** Statuses a call never leaves. */
export const FINAL_CALL_STATUSES: readonly CallStatus[] = ['completed', 'busy', 'failed', 'no-answer', 'canceled'];

export async function insertCall(db: Db, call: Call): Promise<void> {
  await db.insertInto('calls').values(call).execute();
}

/** A new call and the job that places it, committed together. */
interface NewCall { readonly call: Call; readonly job: Job }

const INSERTS: WriteKind<NewCall, void> = {
  name: 'insert calls',
  write: async (tx, items) => {
    await tx.insertInto('calls').values(items.map((i) => i.call)).execute();
    await insertJobs(tx, items.map((i) => i.job));
    return items.map(() => undefined);
  },
};

/**
 * Stores a call the API accepted with its job, through the group commit (calls accepted at
 * about the same time share one commit); resolves once both are durable.
 */
export async function storeNewCall(db: Kysely<Database>, call: Call, job: Job): Promise<void> {
  await groupCommitOf(db).write(INSERTS, { call, job });
}

export async function findCall(db: Db, accountSid: string, sid: string): Promise<Call | undefined> {
  return db.selectFrom('calls').selectAll().where('accountSid', '=', accountSid).where('sid', '=', sid).executeTakeFirst();
}

export async function findCallBySid(db: Db, sid: string): Promise<Call | undefined> {
  return db.selectFrom('calls').selectAll().where('sid', '=', sid).executeTakeFirst();
}

export interface CallFilter {
  readonly to?: string;
  readonly from?: string;
  readonly status?: CallStatus;
  readonly parentCallSid?: string;
  /** ISO bounds: from (inclusive), until (exclusive). */
  readonly startTime?: { readonly from?: string; readonly until?: string };
  readonly endTime?: { readonly from?: string; readonly until?: string };
}

export async function listCalls(db: Db, accountSid: string, filter: CallFilter, page: PageRequest): Promise<Page<Call>> {
  let q = db.selectFrom('calls').selectAll().where('accountSid', '=', accountSid);
  if (filter.to !== undefined) q = q.where('toNumber', '=', filter.to);
  if (filter.from !== undefined) q = q.where('fromNumber', '=', filter.from);
  if (filter.status !== undefined) q = q.where('status', '=', filter.status);
  if (filter.parentCallSid !== undefined) q = q.where('parentCallSid', '=', filter.parentCallSid);
  if (filter.startTime?.from !== undefined) q = q.where('startTime', '>=', filter.startTime.from);
  if (filter.startTime?.until !== undefined) q = q.where('startTime', '<', filter.startTime.until);
  if (filter.endTime?.from !== undefined) q = q.where('endTime', '>=', filter.endTime.from);
  if (filter.endTime?.until !== undefined) q = q.where('endTime', '<', filter.endTime.until);
  return fetchPage(q, page);
}

export type CallChanges = Partial<Pick<Call, 'startTime' | 'endTime' | 'duration' | 'answeredBy' | 'engineId' | 'queueTime'>>;

interface Transition { readonly sid: string; readonly from: readonly CallStatus[]; readonly status: CallStatus; readonly changes: CallChanges }

function moveCall(db: Db, t: Transition): Promise<Call | undefined> {
  return db.updateTable('calls').set({ ...t.changes, status: t.status, dateUpdated: nowIso() })
    .where('sid', '=', t.sid).where('status', 'in', [...t.from]).returningAll().executeTakeFirst();
}

/** Status changes made at about the same time share one commit, each its own compare-and-set, in order. */
const TRANSITIONS: WriteKind<Transition, Call | undefined> = {
  name: 'move calls',
  write: async (tx, items) => {
    const moved: Array<Call | undefined> = [];
    for (const item of items) moved.push(await moveCall(tx, item));
    return moved;
  },
};

/**
 * Moves a call to `status` only if it is in one of `from`; the updated call, or undefined when
 * it was not. Outside a transaction the move goes through the store's group commit: thousands
 * of live calls change status every second, and a commit each would be most of the cost.
 */
export async function transitionCall(db: Db, sid: string, from: readonly CallStatus[], status: CallStatus, changes: CallChanges = {}): Promise<Call | undefined> {
  const transition = { sid, from, status, changes };
  return db.isTransaction ? moveCall(db, transition) : groupCommitOf(db as Kysely<Database>).write(TRANSITIONS, transition);
}

/** Changes fields of a call without moving its status. */
export async function updateCall(db: Db, sid: string, changes: CallChanges & Partial<Pick<Call, 'url' | 'method' | 'twiml' | 'statusCallback' | 'statusCallbackMethod' | 'fallbackUrl' | 'fallbackMethod' | 'timeLimit'>>): Promise<void> {
  await db.updateTable('calls').set({ ...changes, dateUpdated: nowIso() }).where('sid', '=', sid).execute();
}

export async function deleteCall(db: Db, accountSid: string, sid: string): Promise<boolean> {
  const result = await db.deleteFrom('calls').where('accountSid', '=', accountSid).where('sid', '=', sid).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/**
 * An engine's heartbeat: one row per engine, renewed in one statement however many calls it
 * runs. Its calls count as live while the lease holds.
 */
export async function renewEngineLease(db: Db, engineId: string, leaseUntil: string, now: string): Promise<void> {
  await db.insertInto('voiceEngines').values({ id: engineId, leaseUntil, startedAt: now })
    .onConflict((oc) => oc.column('id').doUpdateSet({ leaseUntil })).execute();
}

/** An engine stopping cleanly gives up its heartbeat. */
export async function dropEngine(db: Db, engineId: string): Promise<void> {
  await db.deleteFrom('voiceEngines').where('id', '=', engineId).execute();
}

/** The engines whose heartbeat holds at `now`. */
function liveEngines(db: Db, now: string) {
  return db.selectFrom('voiceEngines').select('id').where('leaseUntil', '>=', now);
}

/** Calls left ringing or in progress by an engine whose heartbeat lapsed (it died). */
export async function findOrphanedCalls(db: Db, now: string, limit: number): Promise<Call[]> {
  return db.selectFrom('calls').selectAll().where('status', 'in', ['ringing', 'in-progress'])
    .where((eb) => eb.or([eb('engineId', 'is', null), eb('engineId', 'not in', liveEngines(db, now))])).limit(limit).execute();
}

/**
 * Claims a queued call for an engine: only one engine places it, and a claim whose engine died
 * (its heartbeat lapsed) can be taken over. The call is placed at once: its start and queue times
 * are set with the claim. The claimed call, or undefined when another holds it.
 */
export async function claimQueuedCall(db: Db, sid: string, engineId: string, now: string, placing: Pick<Call, 'startTime' | 'queueTime'>): Promise<Call | undefined> {
  return db.updateTable('calls').set({ engineId, ...placing })
    .where('sid', '=', sid).where('status', '=', 'queued')
    .where((eb) => eb.or([eb('engineId', 'is', null), eb('engineId', 'not in', liveEngines(db, now))]))
    .returningAll().executeTakeFirst();
}

/** Queued calls claimed by an engine that died before placing them. */
export async function findStrandedQueuedCalls(db: Db, now: string, limit: number): Promise<Call[]> {
  return db.selectFrom('calls').selectAll().where('status', '=', 'queued').where('engineId', 'is not', null)
    .where('engineId', 'not in', liveEngines(db, now)).limit(limit).execute();
}
