/**
 * Ending what a dead engine left behind. A live call whose engine stopped renewing its heartbeat
 * is over (its audio lived in that process): it is ended — `completed` if it was answered,
 * `failed` otherwise — and its completed callback sent. A queued call an engine claimed but
 * never placed is handed back to the job queue, so an accepted call is always placed. A
 * conference left open by a dead engine is completed (its room's audio died with it).
 */
import type { Call } from '../store/calls.js';
import { findCallBySid, findOrphanedCalls, findStrandedQueuedCalls, transitionCall, updateCall } from '../store/calls.js';
import { findAccount } from '../store/accounts.js';
import { findOrphanedConferences } from '../store/conferences.js';
import type { Conference } from '../store/conferences.js';
import type { Store } from '../store/index.js';
import { enqueueJob } from '../store/jobs.js';
import { nowIso, storeTime } from '../store/sid.js';
import type { Webhooks } from '../webhooks/index.js';
import { START_JOB } from './accept.js';
import { CallCallbacks } from './callbacks.js';
import type { Locate } from './params.js';

const BATCH = 100;

async function endOrphan(store: Store, webhooks: Webhooks, locate: Locate, call: Call): Promise<void> {
  const now = Date.now();
  const answered = call.status === 'in-progress';
  const duration = answered && call.startTime ? Math.max(0, Math.round((now - Date.parse(call.startTime)) / 1000)) : null;
  const ended = await transitionCall(store.db, call.sid, [call.status], answered ? 'completed' : 'failed', {
    endTime: storeTime(new Date(now)), duration, engineId: null,
  });
  const account = ended && (await findAccount(store.db, ended.accountSid));
  if (!ended || !account) return;
  const callbacks = new CallCallbacks(webhooks, locate, { sid: account.sid, authToken: account.authToken });
  callbacks.notify(ended, 'completed', now, duration === null ? {} : { CallDuration: String(duration), Duration: String(Math.ceil(duration / 60)) });
  await callbacks.drain();
}

/** A `call.start` job abandoned (its worker died on every attempt): a call still queued fails, and its app hears of it. */
export async function abandonQueuedCall(store: Store, webhooks: Webhooks, locate: Locate, sid: string): Promise<void> {
  const call = await findCallBySid(store.db, sid);
  if (call?.status === 'queued') await endOrphan(store, webhooks, locate, call);
}

export async function reapOrphans(store: Store, webhooks: Webhooks, notifyWorker: () => void, locate: Locate, conferences: { completeOrphan(c: Conference): Promise<void> }): Promise<void> {
  const now = nowIso();
  // A room's audio died with its engine: the conference is over.
  for (const conference of await findOrphanedConferences(store.db, now, BATCH)) await conferences.completeOrphan(conference);
  for (const call of await findOrphanedCalls(store.db, now, BATCH)) await endOrphan(store, webhooks, locate, call);
  const stranded = await findStrandedQueuedCalls(store.db, now, BATCH);
  for (const call of stranded) {
    await store.db.transaction().execute(async (tx) => {
      await updateCall(tx, call.sid, { engineId: null });
      await enqueueJob(tx, START_JOB, { sid: call.sid });
    });
  }
  if (stranded.length > 0) notifyWorker();
}
