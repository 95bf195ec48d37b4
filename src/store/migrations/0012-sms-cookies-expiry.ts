/**
 * An index on when each SMS conversation's cookie jar was last saved, so jars past Twilio's
 * four hours are deleted without reading the table. Depends on 0011.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('sms_cookies_date_updated').on('sms_cookies').column('date_updated').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('sms_cookies_date_updated').execute();
}
