/** SMS conversations' cookie jars (../webhooks/cookies.ts), one per account, From and To. */
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';
import { nowIso } from './sid.js';

export interface Conversation {
  readonly accountSid: string;
  readonly from: string;
  readonly to: string;
}

const where = (c: Conversation) => ({ accountSid: c.accountSid, fromNumber: c.from, toNumber: c.to });

/** The conversation's saved jar, unless it was last touched more than `maxAgeS` ago. */
export async function loadSmsCookies(db: Kysely<Database>, conversation: Conversation, maxAgeS: number): Promise<string | null> {
  const k = where(conversation);
  const row = await db.selectFrom('smsCookies').select(['jar', 'dateUpdated'])
    .where('accountSid', '=', k.accountSid).where('fromNumber', '=', k.fromNumber).where('toNumber', '=', k.toNumber).executeTakeFirst();
  if (!row || Date.parse(row.dateUpdated) < Date.now() - maxAgeS * 1000) return null;
  return row.jar;
}

/** Saves the conversation's jar, or forgets it (`null`: nothing left in it). */
export async function saveSmsCookies(db: Kysely<Database>, conversation: Conversation, jar: string | null): Promise<void> {
  const k = where(conversation);
  if (jar === null) {
    await db.deleteFrom('smsCookies').where('accountSid', '=', k.accountSid).where('fromNumber', '=', k.fromNumber).where('toNumber', '=', k.toNumber).execute();
    return;
  }
  const dateUpdated = nowIso();
  await db.insertInto('smsCookies').values({ ...k, jar, dateUpdated })
    .onConflict((oc) => oc.columns(['accountSid', 'fromNumber', 'toNumber']).doUpdateSet({ jar, dateUpdated })).execute();
}
