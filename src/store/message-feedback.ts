/**
 * Message Feedback (Twilio's `Messages/{Sid}/Feedback` subresource): for a message sent with
 * `ProvideFeedback=true`, whether its recipient performed the tracked action (entered the code,
 * followed the link). It starts `unconfirmed`; the app reports `confirmed`.
 */
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Database, MessageFeedbackTable } from './schema.js';
import type { Message } from './messages.js';
import { nowIso } from './sid.js';

export type MessageFeedback = Selectable<MessageFeedbackTable>;
type Db = Kysely<Database> | Transaction<Database>;

/** The feedback record of a message sent with ProvideFeedback=true (in the caller's transaction). */
export async function createFeedback(db: Db, message: Pick<Message, 'sid' | 'accountSid' | 'dateCreated'>): Promise<void> {
  await db.insertInto('messageFeedback').values({
    messageSid: message.sid, accountSid: message.accountSid, outcome: 'unconfirmed', dateCreated: message.dateCreated, dateUpdated: message.dateCreated,
  }).execute();
}

/** Reports the outcome; undefined when the message was not sent with ProvideFeedback=true. */
export async function reportFeedback(db: Db, accountSid: string, messageSid: string, outcome: MessageFeedback['outcome']): Promise<MessageFeedback | undefined> {
  await db.updateTable('messageFeedback').set({ outcome, dateUpdated: nowIso() })
    .where('accountSid', '=', accountSid).where('messageSid', '=', messageSid).execute();
  return db.selectFrom('messageFeedback').selectAll().where('accountSid', '=', accountSid).where('messageSid', '=', messageSid).executeTakeFirst();
}
