/**
 * Client identities belong to an account, as on Twilio: two accounts may each have a phone
 * registered as `support`, and `<Dial><Client>` reaches the calling account's. SIP URIs stay
 * unique on the whole network (they are addresses anyone may dial). Depends on 0009.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('sim_phones_client_identity').execute();
  await db.schema.createIndex('sim_phones_account_client_identity').unique().on('sim_phones').columns(['account_sid', 'client_identity']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('sim_phones_account_client_identity').execute();
  await db.schema.createIndex('sim_phones_client_identity').unique().on('sim_phones').column('client_identity').execute();
}
