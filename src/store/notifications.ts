/**
 * Alerts: every webhook failure and TwiML problem, with the request and response that caused
 * it, listed through Twilio's Notifications resource (account-wide and per call).
 */
import type { Kysely, Selectable } from 'kysely';
import { fetchPage } from './page.js';
import type { Page, PageRequest } from './page.js';
import type { Database, NotificationTable } from './schema.js';
import { newSid, nowIso } from './sid.js';

export type Notification = Selectable<NotificationTable>;
export type NewNotification = Omit<Notification, 'sid' | 'dateCreated' | 'dateUpdated' | 'messageDate'>;

export async function createNotification(db: Kysely<Database>, input: NewNotification): Promise<Notification> {
  const now = nowIso();
  const row: Notification = { ...input, sid: newSid('NO'), messageDate: now, dateCreated: now, dateUpdated: now };
  await db.insertInto('notifications').values(row).execute();
  return row;
}

export async function findNotification(db: Kysely<Database>, accountSid: string, sid: string): Promise<Notification | undefined> {
  return db.selectFrom('notifications').selectAll().where('accountSid', '=', accountSid).where('sid', '=', sid).executeTakeFirst();
}

export interface NotificationFilter {
  readonly log?: '0' | '1';
  readonly callSid?: string;
  readonly resourceSid?: string;
  /** ISO bounds on message_date: from (inclusive), until (exclusive). */
  readonly messageDate?: { readonly from?: string; readonly until?: string };
}

export async function listNotifications(db: Kysely<Database>, accountSid: string, filter: NotificationFilter, page: PageRequest): Promise<Page<Notification>> {
  let q = db.selectFrom('notifications').selectAll().where('accountSid', '=', accountSid);
  if (filter.log !== undefined) q = q.where('log', '=', filter.log);
  if (filter.callSid !== undefined) q = q.where('callSid', '=', filter.callSid);
  if (filter.resourceSid !== undefined) q = q.where('resourceSid', '=', filter.resourceSid);
  if (filter.messageDate?.from !== undefined) q = q.where('messageDate', '>=', filter.messageDate.from);
  if (filter.messageDate?.until !== undefined) q = q.where('messageDate', '<', filter.messageDate.until);
  return fetchPage(q, page);
}

export async function deleteNotification(db: Kysely<Database>, accountSid: string, sid: string): Promise<boolean> {
  const result = await db.deleteFrom('notifications').where('accountSid', '=', accountSid).where('sid', '=', sid).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
