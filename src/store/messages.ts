/**
 * Messages and their media. Status changes are compare-and-set on the expected previous
 * status, so a delivery job repeated after a crash never moves a message twice.
 */
import type { Kysely, Selectable, Transaction } from 'kysely';
import { insertJobs } from './jobs.js';
import type { Job } from './jobs.js';
import { announceStatuses, insertHistory } from './message-history.js';
import { fetchPage } from './page.js';
import { batchedLookup } from './read-batch.js';
import { forgetBody, settleLogs } from './redaction.js';
import type { Page, PageRequest } from './page.js';
import type { Database, MessageMediaTable, MessageStatus, MessageTable } from './schema.js';
import { newSid, nowIso } from './sid.js';

export type Message = Selectable<MessageTable>;
export type MessageMedia = Selectable<MessageMediaTable>;
type Db = Kysely<Database> | Transaction<Database>;

type NewMedia = ReadonlyArray<{ url: string; contentType: string }>;

/** Media rows in the order given: each gets a later creation time, which is what media lists sort by. */
async function insertMedia(db: Db, message: Message, media: NewMedia): Promise<void> {
  if (media.length > 0) {
    await db.insertInto('messageMedia').values(media.map((m) => {
      const created = nowIso();
      return { sid: newSid('ME'), accountSid: message.accountSid, messageSid: message.sid, url: m.url, contentType: m.contentType, dateCreated: created, dateUpdated: created };
    })).execute();
  }
}

/** Inserts the message unless one with its SID exists (a repeated job's second try); true when it did. */
export async function insertMessageOnce(db: Db, message: Message, media: NewMedia): Promise<boolean> {
  const result = await db.insertInto('messages').values(message).onConflict((oc) => oc.column('sid').doNothing()).executeTakeFirst();
  if (Number(result.numInsertedOrUpdatedRows ?? 0) === 0) return false;
  await insertMedia(db, message, media);
  await insertHistory(db, [{ messageSid: message.sid, accountSid: message.accountSid, status: message.status, at: message.dateCreated }]);
  return true;
}

export async function findMessage(db: Db, accountSid: string, sid: string): Promise<Message | undefined> {
  return db.selectFrom('messages').selectAll().where('accountSid', '=', accountSid).where('sid', '=', sid).executeTakeFirst();
}

const loadMessage = batchedLookup((db, sids: readonly string[]) => db.selectFrom('messages').selectAll().where('sid', 'in', sids).execute(), (m) => m.sid);

/** The message with this SID, in any account (lookups made at about the same time share one query). */
export async function findMessageBySid(db: Db, sid: string): Promise<Message | undefined> {
  return loadMessage(db, sid);
}

export interface MessageFilter {
  readonly to?: string;
  readonly from?: string;
  /** ISO bounds on date_sent: from (inclusive), until (exclusive). */
  readonly dateSent?: { readonly from?: string; readonly until?: string };
}

export async function listMessages(db: Db, accountSid: string, filter: MessageFilter, page: PageRequest): Promise<Page<Message>> {
  let q = db.selectFrom('messages').selectAll().where('accountSid', '=', accountSid);
  if (filter.to !== undefined) q = q.where('toNumber', '=', filter.to);
  if (filter.from !== undefined) q = q.where('fromNumber', '=', filter.from);
  if (filter.dateSent?.from !== undefined) q = q.where('dateSent', '>=', filter.dateSent.from);
  if (filter.dateSent?.until !== undefined) q = q.where('dateSent', '<', filter.dateSent.until);
  return fetchPage(q, page);
}

/**
 * Cancels a scheduled message: its status, its history entry and `job` (which tells the app)
 * in one transaction. When it was canceled, the time; null when the message (of this account)
 * was not scheduled any more.
 */
export async function cancelScheduledMessage(db: Kysely<Database>, accountSid: string, sid: string, job: Job): Promise<string | null> {
  const at = nowIso();
  const moved = await db.transaction().execute(async (tx) => {
    const row = await tx.updateTable('messages').set({ status: 'canceled', dateUpdated: at })
      .where('accountSid', '=', accountSid).where('sid', '=', sid).where('status', '=', 'scheduled').returning('sid').executeTakeFirst();
    if (!row) return false;
    await insertHistory(tx, [{ messageSid: sid, accountSid, status: 'canceled', at }]);
    await insertJobs(tx, [job]);
    return true;
  });
  if (!moved) return null;
  announceStatuses(db, [{ messageSid: sid, accountSid, status: 'canceled', at }]);
  return at;
}

async function bodyOf(tx: Transaction<Database>, accountSid: string, sid: string): Promise<string> {
  return (await tx.selectFrom('messages').select('body').where('accountSid', '=', accountSid).where('sid', '=', sid).executeTakeFirst())?.body ?? '';
}

/** Blanks a message's Body, and what its webhook log and alerts keep of it (./redaction.ts). */
export async function redactMessage(db: Kysely<Database>, accountSid: string, sid: string): Promise<Message | undefined> {
  await settleLogs(db);
  await db.transaction().execute(async (tx) => {
    const body = await bodyOf(tx, accountSid, sid);
    await tx.updateTable('messages').set({ body: '', dateUpdated: nowIso() }).where('accountSid', '=', accountSid).where('sid', '=', sid).execute();
    await forgetBody(tx, accountSid, sid, body, 'redact');
  });
  return findMessage(db, accountSid, sid);
}

/** Deletes a message with its media, history and webhook log; its alerts stay, without its Body. */
export async function deleteMessage(db: Kysely<Database>, accountSid: string, sid: string): Promise<boolean> {
  await settleLogs(db);
  return db.transaction().execute(async (tx) => {
    await forgetBody(tx, accountSid, sid, await bodyOf(tx, accountSid, sid), 'delete');
    await tx.deleteFrom('messageMedia').where('accountSid', '=', accountSid).where('messageSid', '=', sid).execute();
    await tx.deleteFrom('messageSteps').where('messageSid', '=', sid).execute();
    await tx.deleteFrom('messageStatusHistory').where('accountSid', '=', accountSid).where('messageSid', '=', sid).execute();
    await tx.deleteFrom('messageFeedback').where('accountSid', '=', accountSid).where('messageSid', '=', sid).execute();
    const result = await tx.deleteFrom('messages').where('accountSid', '=', accountSid).where('sid', '=', sid).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  });
}

/** One page of a message's media, oldest first, optionally within ISO bounds on date_created. */
export async function listMediaPage(
  db: Db, accountSid: string, messageSid: string, filter: { readonly dateCreated?: { readonly from?: string; readonly until?: string } }, page: PageRequest,
): Promise<Page<MessageMedia>> {
  let q = db.selectFrom('messageMedia').selectAll().where('accountSid', '=', accountSid).where('messageSid', '=', messageSid);
  if (filter.dateCreated?.from !== undefined) q = q.where('dateCreated', '>=', filter.dateCreated.from);
  if (filter.dateCreated?.until !== undefined) q = q.where('dateCreated', '<', filter.dateCreated.until);
  return fetchPage(q, page);
}

export async function listMedia(db: Db, accountSid: string, messageSid: string): Promise<MessageMedia[]> {
  return db.selectFrom('messageMedia').selectAll().where('accountSid', '=', accountSid).where('messageSid', '=', messageSid)
    .orderBy('dateCreated').orderBy('sid').execute();
}

const pairKey = (sender: string, recipient: string) => `${sender} ${recipient}`;
// Senders (the platform's numbers) are few: match both columns by IN lists on the key's order
// and drop the pairs nobody asked about, rather than OR-ing one condition per pair.
const loadOptOut = batchedLookup(async (db, pairs: readonly string[]) => {
  const split = pairs.map((pair) => pair.split(' '));
  const senders = [...new Set(split.map(([sender = '']) => sender))];
  const recipients = [...new Set(split.map(([, recipient = '']) => recipient))];
  const rows = await db.selectFrom('optOuts').select(['sender', 'recipient']).where('sender', 'in', senders).where('recipient', 'in', recipients)
    .where('optedOut', '=', 1).execute();
  const wanted = new Set(pairs);
  return rows.filter((o) => wanted.has(pairKey(o.sender, o.recipient)));
}, (o) => pairKey(o.sender, o.recipient), 128);

/** Whether `recipient` opted out of messages from `sender` (texted STOP). */
export async function isOptedOut(db: Db, sender: string, recipient: string): Promise<boolean> {
  return (await loadOptOut(db, pairKey(sender, recipient))) !== undefined;
}

/** Whether a keyword that `recipient` sent to `sender` after `at` has already been recorded. */
export async function optOutChangedAfter(db: Db, sender: string, recipient: string, at: string): Promise<boolean> {
  const later = await db.selectFrom('optOuts').select('keywordAt').where('sender', '=', sender).where('recipient', '=', recipient)
    .where('keywordAt', '>', at).executeTakeFirst();
  return later !== undefined;
}

/**
 * Records a STOP (`optedOut`) or a START from `recipient` to `sender`, sent at `keywordAt` (the
 * inbound message's date_created), unless a keyword sent later has already been recorded: the
 * jobs of two keywords may finish in either order, the recipient's order is the one kept.
 */
export async function setOptOut(db: Db, sender: string, recipient: string, optedOut: boolean, keywordAt: string): Promise<void> {
  await db.insertInto('optOuts').values({ sender, recipient, dateCreated: nowIso(), optedOut: optedOut ? 1 : 0, keywordAt })
    .onConflict((oc) => oc.columns(['sender', 'recipient'])
      .doUpdateSet({ optedOut: (eb) => eb.ref('excluded.optedOut'), keywordAt: (eb) => eb.ref('excluded.keywordAt') })
      .where('optOuts.keywordAt', '<', keywordAt))
    .execute();
}
