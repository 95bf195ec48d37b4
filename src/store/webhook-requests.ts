/**
 * The log of every webhook request and response, linked to its call or message, for traces.
 * Written in batches (a busy node makes thousands of requests a second); a read writes what is
 * pending first, so it sees every request recorded before it.
 */
import type { Kysely, Selectable } from 'kysely';
import { EventLog } from './event-log.js';
import type { Database, WebhookRequestTable } from './schema.js';
import { newSid, nowIso } from './sid.js';

export type WebhookRequestRecord = Selectable<WebhookRequestTable>;

const logs = new WeakMap<Kysely<Database>, EventLog<'webhookRequests'>>();

function logOf(db: Kysely<Database>): EventLog<'webhookRequests'> {
  let log = logs.get(db);
  if (!log) {
    // A row that cannot be written is lost from the log only; the request itself was made.
    log = new EventLog(db, 'webhookRequests', { onError: (err) => process.emitWarning(`keeping a webhook request failed: ${String(err)}`) });
    logs.set(db, log);
  }
  return log;
}

export function recordWebhookRequest(db: Kysely<Database>, input: Omit<WebhookRequestRecord, 'sid' | 'dateCreated'>): WebhookRequestRecord {
  const row: WebhookRequestRecord = { ...input, sid: newSid('WR'), dateCreated: nowIso() };
  logOf(db).push(row);
  return row;
}

/** Writes the requests recorded so far (before the store closes). */
export function flushWebhookRequests(db: Kysely<Database>): Promise<void> {
  return logs.get(db)?.flush() ?? Promise.resolve();
}

/** Every request made for a call or message, oldest first. */
export async function listWebhookRequests(db: Kysely<Database>, accountSid: string, resourceSid: string): Promise<WebhookRequestRecord[]> {
  await flushWebhookRequests(db);
  return db.selectFrom('webhookRequests').selectAll().where('accountSid', '=', accountSid).where('resourceSid', '=', resourceSid)
    .orderBy('startedAt', 'asc').orderBy('sid', 'asc').execute();
}
