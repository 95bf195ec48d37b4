/**
 * Each message's status history (every status it entered, and when), for the console's message
 * page. Written in batches beside the message moves; a replayed move may write a status twice,
 * so readers keep the first. Depends only on 0004's `messages`.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('message_status_history')
    .addColumn('message_sid', 'text', (c) => c.notNull())
    .addColumn('account_sid', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('message_status_history_message').on('message_status_history').columns(['message_sid', 'at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('message_status_history').execute();
}
