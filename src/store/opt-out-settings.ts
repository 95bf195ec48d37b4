/**
 * A number's own opt-out handling, as stored: what departs from Twilio's defaults. Read by the
 * messaging side for each inbound message; changed through Dialtone's API. Every function is
 * scoped by the number's account.
 */
import type { Kysely, Selectable } from 'kysely';
import type { DialectName } from './index.js';
import type { Database, OptOutSettingTable } from './schema.js';
import { nowIso } from './sid.js';

export type OptOutSetting = Selectable<OptOutSettingTable>;
/** The columns a change sets (everything but the key and the date). */
export type OptOutChanges = Omit<OptOutSetting, 'phoneNumberSid' | 'dateUpdated'>;

const ofAccount = (db: Kysely<Database>, accountSid: string) =>
  db.selectFrom('incomingPhoneNumbers').select('sid').where('accountSid', '=', accountSid);

/** The number's row, if it has one and belongs to the account. */
export async function findOptOutSetting(db: Kysely<Database>, accountSid: string, phoneNumberSid: string): Promise<OptOutSetting | undefined> {
  return db.selectFrom('optOutSettings').selectAll().where('phoneNumberSid', '=', phoneNumberSid)
    .where('phoneNumberSid', 'in', ofAccount(db, accountSid)).executeTakeFirst();
}

/**
 * Changes the number's row in one transaction: `change` gets what is stored (undefined for
 * none) and returns the new columns, or throws to change nothing. Concurrent changes of one
 * number apply one after the other (PostgreSQL locks the row; SQLite has one writer).
 */
export async function updateOptOutSetting(
  db: Kysely<Database>, dialect: DialectName, accountSid: string, phoneNumberSid: string,
  change: (current: OptOutSetting | undefined) => OptOutChanges,
): Promise<OptOutSetting | undefined> {
  return db.transaction().execute(async (tx) => {
    const owned = await tx.selectFrom('incomingPhoneNumbers').select('sid').where('sid', '=', phoneNumberSid).where('accountSid', '=', accountSid)
      .$call((q) => (dialect === 'postgres' ? q.forUpdate() : q)).executeTakeFirst();
    if (!owned) return undefined;
    const current = await tx.selectFrom('optOutSettings').selectAll().where('phoneNumberSid', '=', phoneNumberSid).executeTakeFirst();
    const row: OptOutSetting = { ...change(current), phoneNumberSid, dateUpdated: nowIso() };
    const { phoneNumberSid: _key, ...columns } = row;
    await tx.insertInto('optOutSettings').values(row).onConflict((oc) => oc.column('phoneNumberSid').doUpdateSet(columns)).execute();
    return row;
  });
}

/** Back to Twilio's defaults; false when the number had none of its own (or is not the account's). */
export async function deleteOptOutSetting(db: Kysely<Database>, accountSid: string, phoneNumberSid: string): Promise<boolean> {
  const result = await db.deleteFrom('optOutSettings').where('phoneNumberSid', '=', phoneNumberSid)
    .where('phoneNumberSid', 'in', ofAccount(db, accountSid)).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
