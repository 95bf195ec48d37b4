/** The simulated network's virtual phones and what each has sent and received. */
import type { Kysely, Selectable } from 'kysely';
import { insertRows } from './bulk-insert.js';
import type { BulkTable } from './bulk-insert.js';
import { isUniqueViolation } from './constraint.js';
import { groupCommitOf } from './group-commit.js';
import type { WriteKind } from './group-commit.js';
import { batchedLookup } from './read-batch.js';
import type { Database, SimCallEventTable, SimInboxTable, SimPhoneTable } from './schema.js';
import { nowIso, orderedSid } from './sid.js';

export type SimPhone = Selectable<SimPhoneTable>;
export type SimInboxEntry = Selectable<SimInboxTable>;

/** A new virtual phone; 'taken' when its number, SIP URI or client identity is another phone's. */
export async function createSimPhone(
  db: Kysely<Database>, phone: Omit<SimPhone, 'dateCreated' | 'sipUri' | 'clientIdentity'> & Partial<Pick<SimPhone, 'sipUri' | 'clientIdentity'>>,
): Promise<SimPhone | 'taken'> {
  const row: SimPhone = { sipUri: null, clientIdentity: null, ...phone, dateCreated: nowIso() };
  try {
    await db.insertInto('simPhones').values(row).execute();
  } catch (err) {
    if (isUniqueViolation(err)) return 'taken';
    throw err;
  }
  return row;
}

const loadSimPhone = batchedLookup((db, numbers: readonly string[]) => db.selectFrom('simPhones').selectAll().where('number', 'in', numbers).execute(), (p) => p.number);

/** The virtual phone with this number (lookups made at about the same time share one query). */
export async function findSimPhone(db: Kysely<Database>, number: string): Promise<SimPhone | undefined> {
  return loadSimPhone(db, number);
}

/** The virtual phone owning this normalised SIP URI (`sip:user@host`), anywhere on the network. */
export async function findSimPhoneBySipUri(db: Kysely<Database>, sipUri: string): Promise<SimPhone | undefined> {
  return db.selectFrom('simPhones').selectAll().where('sipUri', '=', sipUri).executeTakeFirst();
}

/** The account's virtual phone registered as this client identity. */
export async function findSimPhoneByClient(db: Kysely<Database>, accountSid: string, identity: string): Promise<SimPhone | undefined> {
  return db.selectFrom('simPhones').selectAll().where('accountSid', '=', accountSid).where('clientIdentity', '=', identity).executeTakeFirst();
}

/** The numbers of the virtual phones from `low` to `high` (E.164 strings of one length compare as numbers). */
export async function listSimNumbersBetween(db: Kysely<Database>, low: string, high: string): Promise<string[]> {
  const rows = await db.selectFrom('simPhones').select('number').where('number', '>=', low).where('number', '<=', high).execute();
  return rows.map((r) => r.number);
}

export async function listSimPhones(db: Kysely<Database>, accountSid: string): Promise<SimPhone[]> {
  return db.selectFrom('simPhones').selectAll().where('accountSid', '=', accountSid).orderBy('dateCreated').orderBy('number').execute();
}

export async function updateSimPhone(db: Kysely<Database>, number: string, changes: Partial<Omit<SimPhone, 'number' | 'accountSid' | 'dateCreated'>>): Promise<SimPhone | undefined> {
  if (Object.keys(changes).length > 0) await db.updateTable('simPhones').set(changes).where('number', '=', number).execute();
  return findSimPhone(db, number);
}

/** Deletes a phone with what it received and its call transcripts (its number may go to another account). */
export async function deleteSimPhone(db: Kysely<Database>, number: string): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await tx.deleteFrom('simInbox').where('phoneNumber', '=', number).execute();
    await tx.deleteFrom('simCallEvents').where('phoneNumber', '=', number).execute();
    await tx.deleteFrom('simPhones').where('number', '=', number).execute();
  });
}

const INBOX: BulkTable<SimInboxEntry> = {
  table: 'sim_inbox',
  columns: ['id', 'phoneNumber', 'direction', 'fromNumber', 'toNumber', 'body', 'mediaUrls', 'messageSid', 'at'],
  ignoreConflictOn: ['phoneNumber', 'direction', 'messageSid'],
};

const RECORD: WriteKind<SimInboxEntry, boolean> = {
  name: 'record sim messages',
  write: async (tx, rows) => {
    const inserted = await insertRows(tx, INBOX, rows, 'id');
    return rows.map((row) => inserted.has(row.id));
  },
};

/**
 * Records a message in a phone's inbox or outbox; a repeat of the same message is ignored
 * (null: nothing new was recorded). Messages recorded at about the same time are written
 * together; resolves once committed.
 */
export async function recordSimMessage(db: Kysely<Database>, entry: Omit<SimInboxEntry, 'id' | 'at'>): Promise<SimInboxEntry | null> {
  const row = { ...entry, id: orderedSid('ME'), at: nowIso() };
  return (await groupCommitOf(db).write(RECORD, row)) ? row : null;
}

export async function listSimMessages(db: Kysely<Database>, number: string): Promise<SimInboxEntry[]> {
  return db.selectFrom('simInbox').selectAll().where('phoneNumber', '=', number).orderBy('at').orderBy('id').execute();
}

export type SimCallEvent = Selectable<SimCallEventTable>;

/** A call's transcript as one phone experienced it, in order. */
export async function listSimCallEvents(db: Kysely<Database>, callSid: string, phoneNumber: string): Promise<SimCallEvent[]> {
  return db.selectFrom('simCallEvents').selectAll().where('callSid', '=', callSid).where('phoneNumber', '=', phoneNumber).orderBy('seq').execute();
}
