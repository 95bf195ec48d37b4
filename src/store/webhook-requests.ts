/**
 * The log of every webhook request and response, linked to its call or message, for traces.
 * Written in batches (a busy node makes thousands of requests a second) by a group commit of
 * its own, so a backlog of log rows never holds up the writes engines wait for; rows go in as
 * one cached multi-row statement. A read writes what is pending first, so it sees every
 * request recorded before it.
 */
import type { Kysely, Selectable } from 'kysely';
import { insertRows } from './bulk-insert.js';
import type { BulkTable } from './bulk-insert.js';
import { GroupCommit } from './group-commit.js';
import type { WriteKind } from './group-commit.js';
import type { Database, WebhookRequestTable } from './schema.js';
import { nowIso, orderedSid } from './sid.js';

export type WebhookRequestRecord = Selectable<WebhookRequestTable>;

const TABLE: BulkTable<WebhookRequestRecord> = {
  table: 'webhook_requests',
  columns: ['sid', 'accountSid', 'resourceSid', 'purpose', 'method', 'url', 'requestParams', 'requestHeaders', 'attempts', 'status',
    'responseHeaders', 'responseBody', 'errorCode', 'errorMessage', 'durationMs', 'startedAt', 'dateCreated'],
};

const RECORD: WriteKind<WebhookRequestRecord, void> = {
  name: 'record webhook requests',
  write: async (tx, rows) => {
    await insertRows(tx, TABLE, rows);
    return rows.map(() => undefined);
  },
};

const logs = new WeakMap<Kysely<Database>, GroupCommit>();

function logOf(db: Kysely<Database>): GroupCommit {
  let log = logs.get(db);
  if (!log) {
    // Small batches: SQLite writes block the event loop, and log rows are large.
    log = new GroupCommit(db, { maxItems: 100 });
    logs.set(db, log);
  }
  return log;
}

export function recordWebhookRequest(db: Kysely<Database>, input: Omit<WebhookRequestRecord, 'sid' | 'dateCreated'>): WebhookRequestRecord {
  const row: WebhookRequestRecord = { ...input, sid: orderedSid('WR'), dateCreated: nowIso() };
  // A row that cannot be written is lost from the log only; the request itself was made.
  logOf(db).write(RECORD, row).catch((err: unknown) => process.emitWarning(`keeping a webhook request failed: ${String(err)}`));
  return row;
}

/** Writes the requests recorded so far (before the store closes). */
export function flushWebhookRequests(db: Kysely<Database>): Promise<void> {
  return logs.get(db)?.drain() ?? Promise.resolve();
}

/** Every request made for a call or message, oldest first. */
export async function listWebhookRequests(db: Kysely<Database>, accountSid: string, resourceSid: string): Promise<WebhookRequestRecord[]> {
  await flushWebhookRequests(db);
  return db.selectFrom('webhookRequests').selectAll().where('accountSid', '=', accountSid).where('resourceSid', '=', resourceSid)
    .orderBy('startedAt', 'asc').orderBy('sid', 'asc').execute();
}
