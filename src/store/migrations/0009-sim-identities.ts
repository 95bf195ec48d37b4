/**
 * Virtual phones reachable by `<Dial><Sip>` and `<Dial><Client>`: a phone may own one SIP URI
 * (stored normalised as `sip:user@host`, lower case) and one client identity, each unique on
 * the network. Depends only on 0004's `sim_phones` (and 0005's column on it).
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('sim_phones').addColumn('sip_uri', 'text').execute();
  await db.schema.alterTable('sim_phones').addColumn('client_identity', 'text').execute();
  await db.schema.createIndex('sim_phones_sip_uri').unique().on('sim_phones').column('sip_uri').execute();
  await db.schema.createIndex('sim_phones_client_identity').unique().on('sim_phones').column('client_identity').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('sim_phones_client_identity').execute();
  await db.schema.dropIndex('sim_phones_sip_uri').execute();
  await db.schema.alterTable('sim_phones').dropColumn('client_identity').execute();
  await db.schema.alterTable('sim_phones').dropColumn('sip_uri').execute();
}
