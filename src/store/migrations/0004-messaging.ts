/** Messages and their media, opt-outs, and the simulated network's phones and inboxes. */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('messages')
    .addColumn('sid', 'text', (c) => c.primaryKey())
    .addColumn('account_sid', 'text', (c) => c.notNull().references('accounts.sid'))
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('from_number', 'text', (c) => c.notNull())
    .addColumn('to_number', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('num_segments', 'integer', (c) => c.notNull())
    .addColumn('num_media', 'integer', (c) => c.notNull())
    .addColumn('error_code', 'integer')
    .addColumn('error_message', 'text')
    .addColumn('status_callback', 'text')
    .addColumn('application_sid', 'text')
    .addColumn('validity_period', 'integer')
    .addColumn('send_at', 'text')
    .addColumn('date_sent', 'text')
    .addColumn('date_created', 'text', (c) => c.notNull())
    .addColumn('date_updated', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('messages_account').on('messages').columns(['account_sid', 'date_created', 'sid']).execute();

  await db.schema
    .createTable('message_media')
    .addColumn('sid', 'text', (c) => c.primaryKey())
    .addColumn('account_sid', 'text', (c) => c.notNull())
    .addColumn('message_sid', 'text', (c) => c.notNull().references('messages.sid').onDelete('cascade'))
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('date_created', 'text', (c) => c.notNull())
    .addColumn('date_updated', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('message_media_message').on('message_media').columns(['message_sid', 'date_created', 'sid']).execute();

  await db.schema
    .createTable('opt_outs')
    .addColumn('sender', 'text', (c) => c.notNull())
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('date_created', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('opt_outs_pk', ['sender', 'recipient'])
    .execute();

  await db.schema
    .createTable('sim_phones')
    .addColumn('number', 'text', (c) => c.primaryKey())
    .addColumn('account_sid', 'text', (c) => c.notNull().references('accounts.sid'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('answer', 'text', (c) => c.notNull())
    .addColumn('ring_seconds', 'real', (c) => c.notNull())
    .addColumn('sms', 'text', (c) => c.notNull())
    .addColumn('script', 'text', (c) => c.notNull())
    .addColumn('date_created', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('sim_inbox')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('phone_number', 'text', (c) => c.notNull())
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('from_number', 'text', (c) => c.notNull())
    .addColumn('to_number', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('media_urls', 'text', (c) => c.notNull())
    .addColumn('message_sid', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  // One inbox entry per phone, direction and message: a delivery repeated after a crash is a no-op.
  await db.schema.createIndex('sim_inbox_once').on('sim_inbox').columns(['phone_number', 'direction', 'message_sid']).unique().execute();
  await db.schema.createIndex('sim_inbox_phone').on('sim_inbox').columns(['phone_number', 'at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['sim_inbox', 'sim_phones', 'opt_outs', 'message_media', 'messages']) await db.schema.dropTable(table).execute();
}
