/** The log of every webhook request and response, linked to its call or message, for traces. */
import type { Kysely, Selectable } from 'kysely';
import type { Database, WebhookRequestTable } from './schema.js';
import { newSid, nowIso } from './sid.js';

export type WebhookRequestRecord = Selectable<WebhookRequestTable>;

export async function recordWebhookRequest(db: Kysely<Database>, input: Omit<WebhookRequestRecord, 'sid' | 'dateCreated'>): Promise<WebhookRequestRecord> {
  const row: WebhookRequestRecord = { ...input, sid: newSid('WR'), dateCreated: nowIso() };
  await db.insertInto('webhookRequests').values(row).execute();
  return row;
}

/** Every request made for a call or message, oldest first. */
export async function listWebhookRequests(db: Kysely<Database>, accountSid: string, resourceSid: string): Promise<WebhookRequestRecord[]> {
  return db.selectFrom('webhookRequests').selectAll().where('accountSid', '=', accountSid).where('resourceSid', '=', resourceSid)
    .orderBy('startedAt', 'asc').orderBy('sid', 'asc').execute();
}
