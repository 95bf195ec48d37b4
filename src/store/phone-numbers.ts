/**
 * Phone numbers owned by accounts (Twilio's IncomingPhoneNumbers) and their voice and SMS
 * routing. A number is owned by at most one account: the table's unique key guarantees it.
 */
import type { Kysely, Selectable } from 'kysely';
import { isUniqueViolation } from './constraint.js';
import { fetchPage } from './page.js';
import { batchedLookup } from './read-batch.js';
import type { Page, PageRequest } from './page.js';
import type { Database, IncomingPhoneNumberTable } from './schema.js';
import { newSid, nowIso } from './sid.js';

export type PhoneNumber = Selectable<IncomingPhoneNumberTable>;

/** Everything but identity and dates, as a caller sets it. */
export type PhoneNumberFields = Omit<PhoneNumber, 'sid' | 'accountSid' | 'dateCreated' | 'dateUpdated'>;

/** Creates the number for `accountSid`, or returns 'taken' when any account already owns it. */
export async function createPhoneNumber(db: Kysely<Database>, accountSid: string, fields: PhoneNumberFields): Promise<PhoneNumber | 'taken'> {
  const now = nowIso();
  const row: PhoneNumber = { ...fields, sid: newSid('PN'), accountSid, dateCreated: now, dateUpdated: now };
  try {
    await db.insertInto('incomingPhoneNumbers').values(row).execute();
  } catch (err) {
    if (isUniqueViolation(err)) return 'taken';
    throw err;
  }
  return row;
}

export async function findPhoneNumber(db: Kysely<Database>, accountSid: string, sid: string): Promise<PhoneNumber | undefined> {
  return db.selectFrom('incomingPhoneNumbers').selectAll().where('accountSid', '=', accountSid).where('sid', '=', sid).executeTakeFirst();
}

/** The number with this SID, whichever account owns it (callers check access). */
export async function findPhoneNumberBySid(db: Kysely<Database>, sid: string): Promise<PhoneNumber | undefined> {
  return db.selectFrom('incomingPhoneNumbers').selectAll().where('sid', '=', sid).executeTakeFirst();
}

/** The number's owner record, whichever account owns it (for routing inbound traffic). */
const loadByE164 = batchedLookup((db, numbers: readonly string[]) => db.selectFrom('incomingPhoneNumbers').selectAll().where('phoneNumber', 'in', numbers).execute(), (n) => n.phoneNumber);

/** The number's owner record, whichever account owns it (for routing inbound traffic); lookups made at about the same time share one query. */
export async function findPhoneNumberByE164(db: Kysely<Database>, phoneNumber: string): Promise<PhoneNumber | undefined> {
  return loadByE164(db, phoneNumber);
}

/** Which of `candidates` are owned by some account. */
export async function ownedAmong(db: Kysely<Database>, candidates: readonly string[]): Promise<Set<string>> {
  if (candidates.length === 0) return new Set();
  const rows = await db.selectFrom('incomingPhoneNumbers').select('phoneNumber').where('phoneNumber', 'in', candidates).execute();
  return new Set(rows.map((r) => r.phoneNumber));
}

export interface PhoneNumberFilter {
  /** A number or part of one; `*` matches any one digit (Twilio's PhoneNumber filter). */
  readonly phoneNumber?: string;
  readonly friendlyName?: string;
  readonly numberType?: PhoneNumber['numberType'];
}

export async function listPhoneNumbers(db: Kysely<Database>, accountSid: string, filter: PhoneNumberFilter, page: PageRequest): Promise<Page<PhoneNumber>> {
  let q = db.selectFrom('incomingPhoneNumbers').selectAll().where('accountSid', '=', accountSid);
  if (filter.friendlyName !== undefined) q = q.where('friendlyName', '=', filter.friendlyName);
  if (filter.numberType !== undefined) q = q.where('numberType', '=', filter.numberType);
  if (filter.phoneNumber !== undefined) {
    // LIKE with `_` for each `*`; the pattern's other characters are digits and '+' only.
    const pattern = `%${filter.phoneNumber.replace(/[^0-9+*]/g, '').replace(/\*/g, '_')}%`;
    q = q.where('phoneNumber', 'like', pattern);
  }
  return fetchPage(q, page);
}

export async function updatePhoneNumber(
  db: Kysely<Database>,
  accountSid: string,
  sid: string,
  changes: Partial<PhoneNumberFields>,
): Promise<PhoneNumber | undefined> {
  await db.updateTable('incomingPhoneNumbers').set({ ...changes, dateUpdated: nowIso() }).where('accountSid', '=', accountSid).where('sid', '=', sid).execute();
  return findPhoneNumber(db, accountSid, sid);
}

/** Releases a number; false when the account has no such number. */
export async function deletePhoneNumber(db: Kysely<Database>, accountSid: string, sid: string): Promise<boolean> {
  const result = await db.deleteFrom('incomingPhoneNumbers').where('accountSid', '=', accountSid).where('sid', '=', sid).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Moves a number to another account (Twilio's update with AccountSid), dropping applications the new owner cannot see. */
export async function transferPhoneNumber(db: Kysely<Database>, fromAccountSid: string, sid: string, toAccountSid: string): Promise<PhoneNumber | undefined> {
  await db
    .updateTable('incomingPhoneNumbers')
    .set({ accountSid: toAccountSid, voiceApplicationSid: null, smsApplicationSid: null, dateUpdated: nowIso() })
    .where('accountSid', '=', fromAccountSid)
    .where('sid', '=', sid)
    .execute();
  return findPhoneNumber(db, toAccountSid, sid);
}
