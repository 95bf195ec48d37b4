/** SMS conversations' cookie jars (../webhooks/cookies.ts), one per account, From and To. */
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';
import { nowIso } from './sid.js';

export interface Conversation {
  readonly accountSid: string;
  readonly from: string;
  readonly to: string;
}

/** Tries at saving a jar that concurrent requests of one conversation keep changing. */
const MAX_SAVE_ATTEMPTS = 20;

function row(db: Kysely<Database>, c: Conversation) {
  return db.selectFrom('smsCookies').select(['jar', 'dateUpdated'])
    .where('accountSid', '=', c.accountSid).where('fromNumber', '=', c.from).where('toNumber', '=', c.to);
}

const isStale = (dateUpdated: string, maxAgeS: number) => Date.parse(dateUpdated) < Date.now() - maxAgeS * 1000;

/** The conversation's saved jar, unless it was last touched more than `maxAgeS` ago. */
export async function loadSmsCookies(db: Kysely<Database>, conversation: Conversation, maxAgeS: number): Promise<string | null> {
  const saved = await row(db, conversation).executeTakeFirst();
  return saved && !isStale(saved.dateUpdated, maxAgeS) ? saved.jar : null;
}

/**
 * Saves the conversation's jar as `merge` makes it from the jar saved now (null: none, or one
 * older than `maxAgeS`); `merge` answering null forgets the jar. A jar saved meanwhile by a
 * concurrent request is merged again, not overwritten: each write applies only over the jar it
 * read (compare-and-set on its content), so no request's cookies are lost, on either dialect.
 * Jars left untouched for longer than `maxAgeS` are deleted on the way.
 */
export async function saveSmsCookies(
  db: Kysely<Database>, conversation: Conversation, maxAgeS: number, merge: (saved: string | null) => string | null,
): Promise<void> {
  const c = conversation;
  const key = { accountSid: c.accountSid, fromNumber: c.from, toNumber: c.to };
  await db.deleteFrom('smsCookies').where('dateUpdated', '<', new Date(Date.now() - maxAgeS * 1000).toISOString()).execute();
  for (let attempt = 0; attempt < MAX_SAVE_ATTEMPTS; attempt++) {
    const saved = await row(db, c).executeTakeFirst();
    const jar = merge(saved && !isStale(saved.dateUpdated, maxAgeS) ? saved.jar : null);
    const dateUpdated = nowIso();
    let written: bigint;
    if (!saved) {
      if (jar === null) return;
      const result = await db.insertInto('smsCookies').values({ ...key, jar, dateUpdated })
        .onConflict((oc) => oc.columns(['accountSid', 'fromNumber', 'toNumber']).doNothing()).executeTakeFirst();
      written = result.numInsertedOrUpdatedRows ?? 0n;
    } else if (jar === null) {
      const result = await db.deleteFrom('smsCookies')
        .where('accountSid', '=', c.accountSid).where('fromNumber', '=', c.from).where('toNumber', '=', c.to)
        .where('jar', '=', saved.jar).where('dateUpdated', '=', saved.dateUpdated).executeTakeFirst();
      written = result.numDeletedRows;
    } else {
      const result = await db.updateTable('smsCookies').set({ jar, dateUpdated })
        .where('accountSid', '=', c.accountSid).where('fromNumber', '=', c.from).where('toNumber', '=', c.to)
        .where('jar', '=', saved.jar).where('dateUpdated', '=', saved.dateUpdated).executeTakeFirst();
      written = result.numUpdatedRows;
    }
    if (written > 0n) return;
  }
  throw new Error(`the cookies of ${c.from} → ${c.to} changed under ${MAX_SAVE_ATTEMPTS} attempts at saving them`);
}
