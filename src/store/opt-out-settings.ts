/**
 * A number's own opt-out handling, as stored: what departs from Twilio's defaults. Read into
 * an OptOutPolicy by the messaging side; written by Dialtone's API.
 */
import type { Kysely, Selectable } from 'kysely';
import type { Database, OptOutSettingTable } from './schema.js';
import { nowIso } from './sid.js';

export type OptOutSetting = Selectable<OptOutSettingTable>;

/** The number's row, if it departs from the defaults. */
export async function findOptOutSetting(db: Kysely<Database>, phoneNumberSid: string): Promise<OptOutSetting | undefined> {
  return db.selectFrom('optOutSettings').selectAll().where('phoneNumberSid', '=', phoneNumberSid).executeTakeFirst();
}

/** Writes the number's whole row (null columns keep the defaults). */
export async function saveOptOutSetting(db: Kysely<Database>, setting: Omit<OptOutSetting, 'dateUpdated'>): Promise<OptOutSetting> {
  const row = { ...setting, dateUpdated: nowIso() };
  const { phoneNumberSid: _key, ...changes } = row;
  await db.insertInto('optOutSettings').values(row).onConflict((oc) => oc.column('phoneNumberSid').doUpdateSet(changes)).execute();
  return row;
}

/** Back to Twilio's defaults; false when the number had none of its own. */
export async function deleteOptOutSetting(db: Kysely<Database>, phoneNumberSid: string): Promise<boolean> {
  const result = await db.deleteFrom('optOutSettings').where('phoneNumberSid', '=', phoneNumberSid).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
