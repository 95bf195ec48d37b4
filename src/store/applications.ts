/**
 * Applications: named sets of voice and SMS URLs that phone numbers (and later, outbound calls
 * and browser clients) point at instead of carrying URLs of their own.
 */
import type { Kysely, Selectable } from 'kysely';
import { fetchPage } from './page.js';
import type { Page, PageRequest } from './page.js';
import type { ApplicationTable, Database } from './schema.js';
import { newSid, nowIso } from './sid.js';

export type Application = Selectable<ApplicationTable>;
export type ApplicationFields = Omit<Application, 'sid' | 'accountSid' | 'dateCreated' | 'dateUpdated'>;

export async function createApplication(db: Kysely<Database>, accountSid: string, fields: ApplicationFields): Promise<Application> {
  const now = nowIso();
  const row: Application = { ...fields, sid: newSid('AP'), accountSid, dateCreated: now, dateUpdated: now };
  await db.insertInto('applications').values(row).execute();
  return row;
}

export async function findApplication(db: Kysely<Database>, accountSid: string, sid: string): Promise<Application | undefined> {
  return db.selectFrom('applications').selectAll().where('accountSid', '=', accountSid).where('sid', '=', sid).executeTakeFirst();
}

export async function listApplications(db: Kysely<Database>, accountSid: string, filter: { friendlyName?: string }, page: PageRequest): Promise<Page<Application>> {
  let q = db.selectFrom('applications').selectAll().where('accountSid', '=', accountSid);
  if (filter.friendlyName !== undefined) q = q.where('friendlyName', '=', filter.friendlyName);
  return fetchPage(q, page);
}

export async function updateApplication(
  db: Kysely<Database>,
  accountSid: string,
  sid: string,
  changes: Partial<ApplicationFields>,
): Promise<Application | undefined> {
  await db.updateTable('applications').set({ ...changes, dateUpdated: nowIso() }).where('accountSid', '=', accountSid).where('sid', '=', sid).execute();
  return findApplication(db, accountSid, sid);
}

/**
 * Deletes an application, unpointing any of the account's numbers that used it (Twilio leaves
 * such numbers without an application rather than refusing the delete).
 */
export async function deleteApplication(db: Kysely<Database>, accountSid: string, sid: string): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    const result = await tx.deleteFrom('applications').where('accountSid', '=', accountSid).where('sid', '=', sid).executeTakeFirst();
    if (Number(result.numDeletedRows) === 0) return false;
    await tx.updateTable('incomingPhoneNumbers').set({ voiceApplicationSid: null }).where('accountSid', '=', accountSid).where('voiceApplicationSid', '=', sid).execute();
    await tx.updateTable('incomingPhoneNumbers').set({ smsApplicationSid: null }).where('accountSid', '=', accountSid).where('smsApplicationSid', '=', sid).execute();
    return true;
  });
}
