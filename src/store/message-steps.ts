/**
 * The journal of an inbound message's handling: each step done (a TwiML document fetched, a
 * reply sent, an action requested) is recorded with its result, in the same transaction as the
 * work it stands for where there is one, so a repeated `message.inbound` job finds what was
 * done and replays it instead of doing it again. A step is written once: the first result wins.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.js';
import { nowIso } from './sid.js';

type Db = Kysely<Database> | Transaction<Database>;

/** Every step recorded for the message, by step name. */
export async function loadMessageSteps(db: Db, messageSid: string): Promise<Map<string, string>> {
  const rows = await db.selectFrom('messageSteps').select(['step', 'result']).where('messageSid', '=', messageSid).execute();
  return new Map(rows.map((r) => [r.step, r.result]));
}

/** Records a step; a step already recorded keeps its first result. */
export async function recordMessageStep(db: Db, messageSid: string, step: string, result: string): Promise<void> {
  await db.insertInto('messageSteps').values({ messageSid, step, result, dateCreated: nowIso() })
    .onConflict((oc) => oc.columns(['messageSid', 'step']).doNothing()).execute();
}
