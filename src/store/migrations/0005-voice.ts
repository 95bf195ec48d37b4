/**
 * Voice: calls, their recordings (metadata and audio) and transcriptions, each call's trace,
 * the voice engines' heartbeats, and the simulated network's per-call transcripts and
 * machine-answering phones.
 */
import { PostgresAdapter, sql } from 'kysely';
import type { Kysely } from 'kysely';

const METHOD_DEFAULT = sql`'POST'`;

export async function up(db: Kysely<unknown>): Promise<void> {
  const binary = db.getExecutor().adapter instanceof PostgresAdapter ? sql`bytea` : sql`blob`;
  await db.schema
    .createTable('calls')
    .addColumn('sid', 'text', (c) => c.primaryKey())
    .addColumn('account_sid', 'text', (c) => c.notNull().references('accounts.sid'))
    .addColumn('parent_call_sid', 'text')
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('from_number', 'text', (c) => c.notNull())
    .addColumn('to_number', 'text', (c) => c.notNull())
    .addColumn('phone_number_sid', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('start_time', 'text')
    .addColumn('end_time', 'text')
    .addColumn('duration', 'integer')
    .addColumn('answered_by', 'text')
    .addColumn('forwarded_from', 'text')
    .addColumn('caller_name', 'text')
    .addColumn('queue_time', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('url', 'text')
    .addColumn('method', 'text', (c) => c.notNull().defaultTo(METHOD_DEFAULT))
    .addColumn('fallback_url', 'text')
    .addColumn('fallback_method', 'text', (c) => c.notNull().defaultTo(METHOD_DEFAULT))
    .addColumn('twiml', 'text')
    .addColumn('application_sid', 'text')
    .addColumn('status_callback', 'text')
    .addColumn('status_callback_method', 'text', (c) => c.notNull().defaultTo(METHOD_DEFAULT))
    .addColumn('status_callback_events', 'text', (c) => c.notNull())
    .addColumn('timeout', 'integer', (c) => c.notNull())
    .addColumn('time_limit', 'integer', (c) => c.notNull())
    .addColumn('send_digits', 'text')
    .addColumn('record', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('recording_status_callback', 'text')
    .addColumn('recording_status_callback_method', 'text', (c) => c.notNull().defaultTo(METHOD_DEFAULT))
    .addColumn('recording_status_callback_events', 'text', (c) => c.notNull())
    .addColumn('recording_track', 'text', (c) => c.notNull())
    .addColumn('trim', 'text', (c) => c.notNull())
    .addColumn('machine_detection', 'text')
    .addColumn('machine_detection_timeout', 'integer', (c) => c.notNull())
    .addColumn('engine_id', 'text')
    .addColumn('date_created', 'text', (c) => c.notNull())
    .addColumn('date_updated', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('calls_account').on('calls').columns(['account_sid', 'date_created', 'sid']).execute();
  await db.schema.createIndex('calls_live').on('calls').columns(['status', 'engine_id']).execute();

  // Each running voice engine's heartbeat: its calls are live while its lease holds.
  await db.schema
    .createTable('voice_engines')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('lease_until', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('recordings')
    .addColumn('sid', 'text', (c) => c.primaryKey())
    .addColumn('account_sid', 'text', (c) => c.notNull().references('accounts.sid'))
    .addColumn('call_sid', 'text')
    .addColumn('conference_sid', 'text')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('channels', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('track', 'text', (c) => c.notNull())
    .addColumn('duration', 'integer')
    .addColumn('start_time', 'text', (c) => c.notNull())
    .addColumn('error_code', 'integer')
    .addColumn('date_created', 'text', (c) => c.notNull())
    .addColumn('date_updated', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('recordings_account').on('recordings').columns(['account_sid', 'date_created', 'sid']).execute();
  await db.schema.createIndex('recordings_call').on('recordings').columns(['call_sid', 'date_created', 'sid']).execute();

  await db.schema
    .createTable('recording_audio')
    .addColumn('recording_sid', 'text', (c) => c.primaryKey().references('recordings.sid').onDelete('cascade'))
    .addColumn('sample_rate', 'integer', (c) => c.notNull())
    .addColumn('wav', binary, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('transcriptions')
    .addColumn('sid', 'text', (c) => c.primaryKey())
    .addColumn('account_sid', 'text', (c) => c.notNull().references('accounts.sid'))
    .addColumn('recording_sid', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('transcription_text', 'text')
    .addColumn('duration', 'integer')
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('date_created', 'text', (c) => c.notNull())
    .addColumn('date_updated', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('transcriptions_account').on('transcriptions').columns(['account_sid', 'date_created', 'sid']).execute();
  await db.schema.createIndex('transcriptions_recording').on('transcriptions').columns(['recording_sid']).execute();

  await db.schema
    .createTable('call_trace')
    .addColumn('call_sid', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('account_sid', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('call_trace_pk', ['call_sid', 'seq'])
    .execute();

  await db.schema
    .createTable('sim_call_events')
    .addColumn('call_sid', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('phone_number', 'text', (c) => c.notNull())
    .addColumn('at_ms', 'integer', (c) => c.notNull())
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('sim_call_events_pk', ['call_sid', 'seq'])
    .execute();
  await db.schema.createIndex('sim_call_events_phone').on('sim_call_events').columns(['phone_number']).execute();

  await db.schema.alterTable('sim_phones').addColumn('machine', 'integer', (c) => c.notNull().defaultTo(0)).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('sim_phones').dropColumn('machine').execute();
  for (const table of ['voice_engines', 'sim_call_events', 'call_trace', 'transcriptions', 'recording_audio', 'recordings', 'calls']) {
    await db.schema.dropTable(table).execute();
  }
}
