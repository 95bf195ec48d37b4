/**
 * Call queues: the Queues resource (one row per queue, its name unique in its account) and
 * the calls waiting in each (`queue_members`, one row per waiting call, in the order they
 * joined). A member's row is removed when its call leaves the queue.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('queues')
    .addColumn('sid', 'text', (c) => c.primaryKey())
    .addColumn('account_sid', 'text', (c) => c.notNull().references('accounts.sid'))
    .addColumn('friendly_name', 'text', (c) => c.notNull())
    .addColumn('max_size', 'integer', (c) => c.notNull())
    .addColumn('date_created', 'text', (c) => c.notNull())
    .addColumn('date_updated', 'text', (c) => c.notNull())
    .addUniqueConstraint('queues_account_name_unique', ['account_sid', 'friendly_name'])
    .execute();

  await db.schema
    .createTable('queue_members')
    // The member's call SID: a call waits in one queue at a time.
    .addColumn('sid', 'text', (c) => c.primaryKey())
    .addColumn('queue_sid', 'text', (c) => c.notNull().references('queues.sid').onDelete('cascade'))
    .addColumn('account_sid', 'text', (c) => c.notNull())
    // When the call joined (date_enqueued); strictly increasing, so it orders the queue.
    .addColumn('date_created', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('queue_members_queue_idx').on('queue_members').columns(['queue_sid', 'date_created']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['queue_members', 'queues']) await db.schema.dropTable(table).execute();
}
