/**
 * A number's own opt-out handling (STOP, START and HELP): which words count and what the
 * platform replies. One row per number that departs from Twilio's defaults; a column left null
 * keeps the default. The row goes with its number.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('opt_out_settings')
    .addColumn('phone_number_sid', 'text', (c) => c.primaryKey().references('incoming_phone_numbers.sid').onDelete('cascade'))
    .addColumn('stop_keywords', 'text')
    .addColumn('start_keywords', 'text')
    .addColumn('help_keywords', 'text')
    .addColumn('stop_reply', 'text')
    .addColumn('start_reply', 'text')
    .addColumn('help_reply', 'text')
    .addColumn('date_updated', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('opt_out_settings').execute();
}
