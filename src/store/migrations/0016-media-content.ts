/**
 * The content of a message's media, copied onto the platform as Twilio copies it: fetched from
 * the MediaUrl when the message is sent (or from the sender when it arrives) and served back
 * from here, so it outlives the URL it came from. One row per media that has been copied; it
 * goes with its media.
 */
import { PostgresAdapter, sql } from 'kysely';
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  const binary = db.getExecutor().adapter instanceof PostgresAdapter ? sql`bytea` : sql`blob`;
  await db.schema
    .createTable('media_content')
    .addColumn('media_sid', 'text', (c) => c.primaryKey().references('message_media.sid').onDelete('cascade'))
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('content', binary, (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('media_content').execute();
}
