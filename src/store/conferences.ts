/**
 * Conferences and participants. A room's friendly name is unique per account among rooms not
 * completed: the engine creates the row when the first participant arrives and completes it
 * when the room ends; a later participant with that name opens a new conference.
 */
import type { Kysely, Selectable, Transaction } from 'kysely';
import { fetchPage } from './page.js';
import type { Page, PageRequest } from './page.js';
import type { ConferenceEndReason, ConferenceParticipantTable, ConferenceStatus, ConferenceTable, Database } from './schema.js';
import { nowIso } from './sid.js';

export type Conference = Selectable<ConferenceTable>;
export type Participant = Selectable<ConferenceParticipantTable>;
type Db = Kysely<Database> | Transaction<Database>;
/** From (inclusive) and until (exclusive), ISO times; either may be open. */
type IsoRange = { readonly from?: string; readonly until?: string };

export async function insertConference(db: Db, conference: Conference): Promise<void> {
  await db.insertInto('conferences').values(conference).execute();
}

/** The account's conference of that name that has not completed. */
export async function findOpenConference(db: Db, accountSid: string, friendlyName: string): Promise<Conference | undefined> {
  return db.selectFrom('conferences').selectAll().where('accountSid', '=', accountSid).where('friendlyName', '=', friendlyName)
    .where('status', '!=', 'completed').executeTakeFirst();
}

export async function findConference(db: Db, accountSid: string, sid: string): Promise<Conference | undefined> {
  return db.selectFrom('conferences').selectAll().where('accountSid', '=', accountSid).where('sid', '=', sid).executeTakeFirst();
}

export interface ConferenceFilter {
  readonly friendlyName?: string;
  readonly status?: ConferenceStatus;
  readonly dateCreated?: IsoRange;
  readonly dateUpdated?: IsoRange;
}

export async function listConferences(db: Db, accountSid: string, filter: ConferenceFilter, page: PageRequest): Promise<Page<Conference>> {
  let q = db.selectFrom('conferences').selectAll().where('accountSid', '=', accountSid);
  if (filter.friendlyName !== undefined) q = q.where('friendlyName', '=', filter.friendlyName);
  if (filter.status !== undefined) q = q.where('status', '=', filter.status);
  for (const [column, range] of [['dateCreated', filter.dateCreated], ['dateUpdated', filter.dateUpdated]] as const) {
    if (range?.from !== undefined) q = q.where(column, '>=', range.from);
    if (range?.until !== undefined) q = q.where(column, '<', range.until);
  }
  return fetchPage(q, page);
}

/** Moves a conference that has not completed; the conference as moved, or undefined. */
export async function moveConference(db: Db, sid: string, status: ConferenceStatus, ending?: { reason: ConferenceEndReason; callSid: string | null }): Promise<Conference | undefined> {
  return db.updateTable('conferences')
    .set({ status, dateUpdated: nowIso(), ...(ending ? { reasonConferenceEnded: ending.reason, callSidEndingConference: ending.callSid, engineId: null } : {}) })
    .where('sid', '=', sid).where('status', '!=', 'completed').returningAll().executeTakeFirst();
}

/** Gives a conference that has none the status callback of a participant naming one (the first such wins). */
export async function adoptConferenceCallback(db: Db, sid: string, callback: Pick<Conference, 'statusCallback' | 'statusCallbackMethod' | 'statusCallbackEvents'>): Promise<Conference | undefined> {
  return db.updateTable('conferences').set({ ...callback, dateUpdated: nowIso() })
    .where('sid', '=', sid).where('statusCallback', 'is', null).returningAll().executeTakeFirst();
}

/** Conferences left open by an engine whose heartbeat lapsed (it died), or by none. */
export async function findOrphanedConferences(db: Db, now: string, limit: number): Promise<Conference[]> {
  const live = db.selectFrom('voiceEngines').select('id').where('leaseUntil', '>=', now);
  return db.selectFrom('conferences').selectAll().where('status', '!=', 'completed')
    .where((eb) => eb.or([eb('engineId', 'is', null), eb('engineId', 'not in', live)])).limit(limit).execute();
}

export async function insertParticipant(db: Db, participant: Participant): Promise<void> {
  await db.insertInto('conferenceParticipants').values(participant).execute();
}

/** A participant by CallSid or by label, as the API addresses them. */
export async function findParticipant(db: Db, conferenceSid: string, callSidOrLabel: string): Promise<Participant | undefined> {
  return db.selectFrom('conferenceParticipants').selectAll().where('conferenceSid', '=', conferenceSid)
    .where((eb) => eb.or([eb('sid', '=', callSidOrLabel), eb('label', '=', callSidOrLabel)])).orderBy('dateCreated', 'desc').executeTakeFirst();
}

export interface ParticipantFilter {
  readonly muted?: boolean;
  readonly hold?: boolean;
  readonly coaching?: boolean;
}

/** The conference's participants still in it (Twilio lists those only). */
export async function listParticipants(db: Db, conferenceSid: string, filter: ParticipantFilter, page: PageRequest): Promise<Page<Participant>> {
  let q = db.selectFrom('conferenceParticipants').selectAll().where('conferenceSid', '=', conferenceSid).where('status', 'not in', ['complete', 'failed']);
  for (const key of ['muted', 'hold', 'coaching'] as const) {
    const wanted = filter[key];
    if (wanted !== undefined) q = q.where(key, '=', wanted ? 1 : 0);
  }
  return fetchPage(q, page);
}

export type ParticipantChanges = Partial<Pick<Participant, 'status' | 'muted' | 'hold' | 'coaching' | 'callSidToCoach' | 'endConferenceOnExit' | 'label'>>;

export async function updateParticipant(db: Db, conferenceSid: string, callSid: string, changes: ParticipantChanges): Promise<Participant | undefined> {
  return db.updateTable('conferenceParticipants').set({ ...changes, dateUpdated: nowIso() })
    .where('conferenceSid', '=', conferenceSid).where('sid', '=', callSid).returningAll().executeTakeFirst();
}

/** Every participant still in the conference leaves it (it ended). */
export async function completeParticipants(db: Db, conferenceSid: string): Promise<void> {
  await db.updateTable('conferenceParticipants').set({ status: 'complete', dateUpdated: nowIso() })
    .where('conferenceSid', '=', conferenceSid).where('status', 'not in', ['complete', 'failed']).execute();
}
