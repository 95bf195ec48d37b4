/**
 * Message Feedback (Twilio's `Messages/{Sid}/Feedback` subresource): for a message sent with
 * `ProvideFeedback=true`, whether its recipient performed the tracked action (entered the code,
 * followed the link). It starts `unconfirmed` (created with the message, store/message-writes.ts);
 * the app reports `confirmed`.
 */
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Database, MessageFeedbackTable } from './schema.js';
import { nowIso } from './sid.js';

export type MessageFeedback = Selectable<MessageFeedbackTable>;
type Db = Kysely<Database> | Transaction<Database>;

/** Reports the outcome; undefined when the message was not sent with ProvideFeedback=true. */
export async function reportFeedback(db: Db, accountSid: string, messageSid: string, outcome: MessageFeedback['outcome']): Promise<MessageFeedback | undefined> {
  await db.updateTable('messageFeedback').set({ outcome, dateUpdated: nowIso() })
    .where('accountSid', '=', accountSid).where('messageSid', '=', messageSid).execute();
  return db.selectFrom('messageFeedback').selectAll().where('accountSid', '=', accountSid).where('messageSid', '=', messageSid).executeTakeFirst();
}
