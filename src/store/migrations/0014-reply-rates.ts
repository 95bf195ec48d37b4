/**
 * The chains of TwiML replies between two numbers, for Twilio's loop guard (error 14107): how
 * many replies in a row came less than 30 s apart, when the last one did, and until when further
 * replies fail. One row per account, From and To. Depends on nothing.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('reply_rates')
    .addColumn('account_sid', 'text', (c) => c.notNull())
    .addColumn('from_number', 'text', (c) => c.notNull())
    .addColumn('to_number', 'text', (c) => c.notNull())
    .addColumn('chain', 'integer', (c) => c.notNull())
    .addColumn('last_at', 'text', (c) => c.notNull())
    .addColumn('blocked_until', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('reply_rates_pk', ['account_sid', 'from_number', 'to_number'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('reply_rates').execute();
}
