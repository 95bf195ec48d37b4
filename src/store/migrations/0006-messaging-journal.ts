/**
 * Messaging's journal and feedback: what an inbound message's handling has already done (each
 * fetched TwiML document, each reply sent, each action requested), so a `message.inbound` job
 * repeated after a crash resumes instead of repeating; and the Message Feedback subresource of
 * messages sent with `ProvideFeedback=true`.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('message_steps')
    .addColumn('message_sid', 'text', (c) => c.notNull().references('messages.sid').onDelete('cascade'))
    .addColumn('step', 'text', (c) => c.notNull())
    .addColumn('result', 'text', (c) => c.notNull())
    .addColumn('date_created', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('message_steps_pk', ['message_sid', 'step'])
    .execute();

  await db.schema
    .createTable('message_feedback')
    .addColumn('message_sid', 'text', (c) => c.primaryKey().references('messages.sid').onDelete('cascade'))
    .addColumn('account_sid', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('date_created', 'text', (c) => c.notNull())
    .addColumn('date_updated', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['message_feedback', 'message_steps']) await db.schema.dropTable(table).execute();
}
