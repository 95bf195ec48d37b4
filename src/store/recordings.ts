/** Recordings (metadata and audio) and their transcriptions. */
import type { Kysely, Selectable, Transaction } from 'kysely';
import { fetchPage } from './page.js';
import type { Page, PageRequest } from './page.js';
import type { Database, RecordingTable, TranscriptionTable } from './schema.js';
import { nowIso } from './sid.js';

export type Recording = Selectable<RecordingTable>;
export type Transcription = Selectable<TranscriptionTable>;
type Db = Kysely<Database> | Transaction<Database>;

/** Stores a finished recording and its audio together. */
export async function insertRecording(db: Kysely<Database>, recording: Recording, audio: { sampleRate: number; wav: Buffer } | null): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await tx.insertInto('recordings').values(recording).execute();
    if (audio) await tx.insertInto('recordingAudio').values({ recordingSid: recording.sid, ...audio }).execute();
  });
}

/** Changes a recording (a live one paused, resumed or completed), adding its audio when given; the row as it is now. */
export async function updateRecording(db: Kysely<Database>, sid: string, changes: Partial<Omit<Recording, 'sid' | 'accountSid'>>, audio: { sampleRate: number; wav: Buffer } | null): Promise<Recording | undefined> {
  return db.transaction().execute(async (tx) => {
    await tx.updateTable('recordings').set({ ...changes, dateUpdated: nowIso() }).where('sid', '=', sid).execute();
    if (audio) await tx.insertInto('recordingAudio').values({ recordingSid: sid, ...audio }).execute();
    return tx.selectFrom('recordings').selectAll().where('sid', '=', sid).executeTakeFirst();
  });
}

export async function findRecording(db: Db, accountSid: string, sid: string): Promise<Recording | undefined> {
  return db.selectFrom('recordings').selectAll().where('accountSid', '=', accountSid).where('sid', '=', sid).executeTakeFirst();
}

export interface RecordingFilter {
  readonly callSid?: string;
  readonly conferenceSid?: string;
  readonly dateCreated?: { readonly from?: string; readonly until?: string };
}

export async function listRecordings(db: Db, accountSid: string, filter: RecordingFilter, page: PageRequest): Promise<Page<Recording>> {
  let q = db.selectFrom('recordings').selectAll().where('accountSid', '=', accountSid);
  if (filter.callSid !== undefined) q = q.where('callSid', '=', filter.callSid);
  if (filter.conferenceSid !== undefined) q = q.where('conferenceSid', '=', filter.conferenceSid);
  if (filter.dateCreated?.from !== undefined) q = q.where('dateCreated', '>=', filter.dateCreated.from);
  if (filter.dateCreated?.until !== undefined) q = q.where('dateCreated', '<', filter.dateCreated.until);
  return fetchPage(q, page);
}

export async function findRecordingAudio(db: Db, recordingSid: string): Promise<{ sampleRate: number; wav: Buffer } | undefined> {
  return db.selectFrom('recordingAudio').select(['sampleRate', 'wav']).where('recordingSid', '=', recordingSid).executeTakeFirst();
}

/** Deletes a recording, its audio and its transcriptions. */
export async function deleteRecording(db: Kysely<Database>, accountSid: string, sid: string): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    await tx.deleteFrom('transcriptions').where('accountSid', '=', accountSid).where('recordingSid', '=', sid).execute();
    await tx.deleteFrom('recordingAudio').where('recordingSid', '=', sid).execute();
    const result = await tx.deleteFrom('recordings').where('accountSid', '=', accountSid).where('sid', '=', sid).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  });
}

export async function insertTranscription(db: Db, transcription: Transcription): Promise<void> {
  await db.insertInto('transcriptions').values(transcription).execute();
}

export async function completeTranscription(db: Db, sid: string, status: 'completed' | 'failed', text: string | null): Promise<void> {
  await db.updateTable('transcriptions').set({ status, transcriptionText: text, dateUpdated: nowIso() }).where('sid', '=', sid).execute();
}

export async function findTranscription(db: Db, accountSid: string, sid: string): Promise<Transcription | undefined> {
  return db.selectFrom('transcriptions').selectAll().where('accountSid', '=', accountSid).where('sid', '=', sid).executeTakeFirst();
}

export async function listTranscriptions(db: Db, accountSid: string, recordingSid: string | null, page: PageRequest): Promise<Page<Transcription>> {
  let q = db.selectFrom('transcriptions').selectAll().where('accountSid', '=', accountSid);
  if (recordingSid !== null) q = q.where('recordingSid', '=', recordingSid);
  return fetchPage(q, page);
}

export async function deleteTranscription(db: Db, accountSid: string, sid: string): Promise<boolean> {
  const result = await db.deleteFrom('transcriptions').where('accountSid', '=', accountSid).where('sid', '=', sid).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
