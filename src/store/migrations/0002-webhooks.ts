/** Alerts (Twilio's Notifications) and the log of every webhook request, for traces. */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('notifications')
    .addColumn('sid', 'text', (c) => c.primaryKey())
    .addColumn('account_sid', 'text', (c) => c.notNull().references('accounts.sid'))
    .addColumn('call_sid', 'text')
    .addColumn('resource_sid', 'text')
    .addColumn('error_code', 'integer', (c) => c.notNull())
    .addColumn('log', 'text', (c) => c.notNull())
    .addColumn('message_text', 'text', (c) => c.notNull())
    .addColumn('request_method', 'text')
    .addColumn('request_url', 'text')
    .addColumn('request_variables', 'text')
    .addColumn('response_body', 'text')
    .addColumn('response_headers', 'text')
    .addColumn('message_date', 'text', (c) => c.notNull())
    .addColumn('date_created', 'text', (c) => c.notNull())
    .addColumn('date_updated', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('notifications_account').on('notifications').columns(['account_sid', 'date_created', 'sid']).execute();
  await db.schema.createIndex('notifications_resource').on('notifications').columns(['resource_sid']).execute();

  await db.schema
    .createTable('webhook_requests')
    .addColumn('sid', 'text', (c) => c.primaryKey())
    .addColumn('account_sid', 'text', (c) => c.notNull().references('accounts.sid'))
    .addColumn('resource_sid', 'text')
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('request_params', 'text', (c) => c.notNull())
    .addColumn('request_headers', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('status', 'integer')
    .addColumn('response_headers', 'text')
    .addColumn('response_body', 'text')
    .addColumn('error_code', 'integer')
    .addColumn('error_message', 'text')
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('date_created', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('webhook_requests_resource').on('webhook_requests').columns(['resource_sid', 'started_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('webhook_requests').execute();
  await db.schema.dropTable('notifications').execute();
}
