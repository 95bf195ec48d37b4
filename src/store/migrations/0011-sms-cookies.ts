/**
 * The cookies an app sets on its SMS webhooks, kept per conversation (the account's number and
 * the other party) as Twilio keeps them, so a later inbound message's request carries them.
 * Depends on nothing.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('sms_cookies')
    .addColumn('account_sid', 'text', (c) => c.notNull())
    .addColumn('from_number', 'text', (c) => c.notNull())
    .addColumn('to_number', 'text', (c) => c.notNull())
    .addColumn('jar', 'text', (c) => c.notNull())
    .addColumn('date_updated', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('sms_cookies_pk', ['account_sid', 'from_number', 'to_number'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('sms_cookies').execute();
}
