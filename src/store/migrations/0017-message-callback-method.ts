/**
 * The method of a message's status callbacks: POST for the API's StatusCallback, the `method`
 * of a `<Message action>` reply, whose action URL is where its status callbacks go.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('messages').addColumn('status_callback_method', 'text', (c) => c.notNull().defaultTo('POST')).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('messages').dropColumn('status_callback_method').execute();
}
