/** Accounts, API keys, phone numbers, applications and platform settings. */
import type { CreateTableBuilder, Kysely } from 'kysely';
import { sql } from 'kysely';

const METHOD_DEFAULT = sql`'POST'`;

/** Migrations are frozen in time: they never depend on today's schema types. */
type AnyDb = Kysely<unknown>;
type Table = CreateTableBuilder<string, string>;

/** The voice and SMS routing columns that phone numbers and applications share. */
function routingColumns(table: Table): Table {
  let t = table;
  for (const url of ['voice_url', 'voice_fallback_url', 'status_callback', 'sms_url', 'sms_fallback_url']) t = t.addColumn(url, 'text');
  for (const method of ['voice_method', 'voice_fallback_method', 'status_callback_method', 'sms_method', 'sms_fallback_method']) {
    t = t.addColumn(method, 'text', (c) => c.defaultTo(METHOD_DEFAULT).notNull());
  }
  return t.addColumn('voice_caller_id_lookup', 'integer', (c) => c.defaultTo(0).notNull());
}

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('accounts')
    .addColumn('sid', 'text', (c) => c.primaryKey())
    .addColumn('parent_sid', 'text', (c) => c.references('accounts.sid'))
    .addColumn('friendly_name', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('auth_token', 'text', (c) => c.notNull())
    .addColumn('test_sid', 'text', (c) => c.notNull().unique())
    .addColumn('test_auth_token', 'text', (c) => c.notNull())
    .addColumn('date_created', 'text', (c) => c.notNull())
    .addColumn('date_updated', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('accounts_parent').on('accounts').columns(['parent_sid', 'date_created', 'sid']).execute();

  await db.schema
    .createTable('api_keys')
    .addColumn('sid', 'text', (c) => c.primaryKey())
    .addColumn('account_sid', 'text', (c) => c.notNull().references('accounts.sid'))
    .addColumn('friendly_name', 'text', (c) => c.notNull())
    .addColumn('secret_hash', 'text', (c) => c.notNull())
    .addColumn('date_created', 'text', (c) => c.notNull())
    .addColumn('date_updated', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('api_keys_account').on('api_keys').columns(['account_sid', 'date_created', 'sid']).execute();

  await routingColumns(
    db.schema
      .createTable('incoming_phone_numbers')
      .addColumn('sid', 'text', (c) => c.primaryKey())
      .addColumn('account_sid', 'text', (c) => c.notNull().references('accounts.sid'))
      .addColumn('phone_number', 'text', (c) => c.notNull().unique())
      .addColumn('friendly_name', 'text', (c) => c.notNull())
      .addColumn('number_type', 'text', (c) => c.notNull())
      .addColumn('iso_country', 'text', (c) => c.notNull())
      .addColumn('voice_application_sid', 'text')
      .addColumn('sms_application_sid', 'text')
      .addColumn('cap_voice', 'integer', (c) => c.notNull())
      .addColumn('cap_sms', 'integer', (c) => c.notNull())
      .addColumn('cap_mms', 'integer', (c) => c.notNull())
      .addColumn('cap_fax', 'integer', (c) => c.notNull())
      .addColumn('date_created', 'text', (c) => c.notNull())
      .addColumn('date_updated', 'text', (c) => c.notNull()),
  ).execute();
  await db.schema.createIndex('incoming_phone_numbers_account').on('incoming_phone_numbers').columns(['account_sid', 'date_created', 'sid']).execute();

  await routingColumns(
    db.schema
      .createTable('applications')
      .addColumn('sid', 'text', (c) => c.primaryKey())
      .addColumn('account_sid', 'text', (c) => c.notNull().references('accounts.sid'))
      .addColumn('friendly_name', 'text', (c) => c.notNull())
      .addColumn('sms_status_callback', 'text')
      .addColumn('message_status_callback', 'text')
      .addColumn('public_application_connect_enabled', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('date_created', 'text', (c) => c.notNull())
      .addColumn('date_updated', 'text', (c) => c.notNull()),
  ).execute();
  await db.schema.createIndex('applications_account').on('applications').columns(['account_sid', 'date_created', 'sid']).execute();

  await db.schema
    .createTable('settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const table of ['settings', 'applications', 'incoming_phone_numbers', 'api_keys', 'accounts']) {
    await db.schema.dropTable(table).execute();
  }
}
