/**
 * Conferences and their participants (`<Dial><Conference>`, the Conferences and Participants
 * API). A room's live audio is an engine's; these rows are what the API lists and what outlives
 * the engine (a room whose engine died is completed by the reaper).
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('conferences')
    .addColumn('sid', 'text', (c) => c.primaryKey())
    .addColumn('account_sid', 'text', (c) => c.notNull().references('accounts.sid'))
    .addColumn('friendly_name', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('reason_conference_ended', 'text')
    .addColumn('call_sid_ending_conference', 'text')
    .addColumn('engine_id', 'text')
    .addColumn('status_callback', 'text')
    .addColumn('status_callback_method', 'text', (c) => c.notNull())
    .addColumn('status_callback_events', 'text', (c) => c.notNull())
    .addColumn('max_participants', 'integer', (c) => c.notNull())
    .addColumn('date_created', 'text', (c) => c.notNull())
    .addColumn('date_updated', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('conferences_account_created').on('conferences').columns(['account_sid', 'date_created', 'sid']).execute();
  await db.schema.createIndex('conferences_account_name').on('conferences').columns(['account_sid', 'friendly_name', 'status']).execute();

  await db.schema
    .createTable('conference_participants')
    .addColumn('conference_sid', 'text', (c) => c.notNull().references('conferences.sid').onDelete('cascade'))
    .addColumn('sid', 'text', (c) => c.notNull())
    .addColumn('account_sid', 'text', (c) => c.notNull())
    .addColumn('label', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('muted', 'integer', (c) => c.notNull())
    .addColumn('hold', 'integer', (c) => c.notNull())
    .addColumn('coaching', 'integer', (c) => c.notNull())
    .addColumn('call_sid_to_coach', 'text')
    .addColumn('start_conference_on_enter', 'integer', (c) => c.notNull())
    .addColumn('end_conference_on_exit', 'integer', (c) => c.notNull())
    .addColumn('date_created', 'text', (c) => c.notNull())
    .addColumn('date_updated', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('conference_participants_pk', ['conference_sid', 'sid'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['conference_participants', 'conferences']) await db.schema.dropTable(table).execute();
}
