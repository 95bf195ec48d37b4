/**
 * Opt-outs keep the arrival time of the keyword that last changed them, and START keeps the
 * row (as not opted out) instead of deleting it: a STOP and a START handled at the same time,
 * by different jobs, then settle in the order the recipient sent them, not the order their
 * jobs happened to finish.
 */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('opt_outs').addColumn('opted_out', 'integer', (c) => c.notNull().defaultTo(1)).execute();
  await db.schema.alterTable('opt_outs').addColumn('keyword_at', 'text', (c) => c.notNull().defaultTo('')).execute();
  await sql`update opt_outs set keyword_at = date_created`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`delete from opt_outs where opted_out = 0`.execute(db);
  await db.schema.alterTable('opt_outs').dropColumn('keyword_at').execute();
  await db.schema.alterTable('opt_outs').dropColumn('opted_out').execute();
}
