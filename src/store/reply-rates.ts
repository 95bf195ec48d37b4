/**
 * Twilio's guard against reply loops (error 14107): at most 30 TwiML replies in a row from one
 * number to another, each less than 30 s after the one before; the reply that would make 31
 * fails, and so does every reply between the two for the next 30 s. After that the count starts
 * again at 1. Every outbound reply counts (Twilio counts "each outbound reply in a
 * conversation"): TwiML `<Message>` replies to messages and during calls, and the automatic
 * answers to STOP, START and HELP. The count is one atomic upsert, so concurrent deliveries on
 * either dialect, in one process or several, never lose a reply from it. A delivery repeated
 * after a crash, between the count and the reply's next status, counts its reply twice: the
 * guard errs toward stopping a loop one reply early, never toward letting one run on.
 */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';
import { storeTime } from './sid.js';

/** Replies allowed in a row, and the gap (and the block) in milliseconds, as Twilio documents them. */
export const REPLY_CHAIN_MAX = 30;
export const REPLY_CHAIN_GAP_MS = 30_000;

export interface ReplyPair {
  readonly accountSid: string;
  readonly from: string;
  readonly to: string;
}

/**
 * Counts a reply from `from` to `to` about to be sent at `now`; true when it must fail with
 * 14107 instead (the chain has just passed 30, or a block it started has not yet run out).
 */
export async function countReply(db: Kysely<Database>, pair: ReplyPair, now = new Date()): Promise<boolean> {
  await pruneReplyRates(db, now);
  const at = storeTime(now);
  const chained = storeTime(new Date(now.getTime() - REPLY_CHAIN_GAP_MS));
  const blockEnd = storeTime(new Date(now.getTime() + REPLY_CHAIN_GAP_MS));
  // Every expression reads the row as it was before this reply (both dialects' upserts do).
  const blocked = sql`reply_rates.blocked_until > ${at}`;
  const inChain = sql`reply_rates.last_at > ${chained}`;
  const full = sql`reply_rates.chain >= ${REPLY_CHAIN_MAX}`;
  const row = await db.insertInto('replyRates')
    .values({ accountSid: pair.accountSid, fromNumber: pair.from, toNumber: pair.to, chain: 1, lastAt: at, blockedUntil: '' })
    .onConflict((oc) => oc.columns(['accountSid', 'fromNumber', 'toNumber']).doUpdateSet({
      chain: sql<number>`case when ${blocked} then reply_rates.chain
        when ${inChain} and ${full} then 0 when ${inChain} then reply_rates.chain + 1 else 1 end`,
      blockedUntil: sql<string>`case when not (${blocked}) and ${inChain} and ${full} then ${blockEnd} else reply_rates.blocked_until end`,
      lastAt: sql<string>`case when ${blocked} then reply_rates.last_at else ${at} end`,
    }))
    .returning('blockedUntil')
    .executeTakeFirstOrThrow();
  return row.blockedUntil > at;
}

/** How often (at most) a process forgets the chains that are over, in milliseconds. */
const PRUNE_EVERY_MS = 60_000;
let prunedAt = 0;

/**
 * Forgets the pairs whose chain is over (last reply and any block more than 30 s past), at most
 * once a minute per process, so the table holds only the conversations replying right now.
 */
async function pruneReplyRates(db: Kysely<Database>, now: Date): Promise<void> {
  if (now.getTime() >= prunedAt && now.getTime() - prunedAt < PRUNE_EVERY_MS) return;
  prunedAt = now.getTime();
  const over = storeTime(new Date(now.getTime() - REPLY_CHAIN_GAP_MS));
  await db.deleteFrom('replyRates').where('lastAt', '<', over).where('blockedUntil', '<', over).execute();
}
