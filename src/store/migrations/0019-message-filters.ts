/**
 * Indexes for the Messages list's To and From filters, in the list's order: a filter for a
 * number with few messages in a large account seeks to them instead of walking every message
 * of the account until a page of matches turns up.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('messages_to').on('messages').columns(['account_sid', 'to_number', 'date_created', 'sid']).execute();
  await db.schema.createIndex('messages_from').on('messages').columns(['account_sid', 'from_number', 'date_created', 'sid']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('messages_from').execute();
  await db.schema.dropIndex('messages_to').execute();
}
