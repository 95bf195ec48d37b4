/** A call's trace: what the platform did on the call, step by step, for the console and the API. */
import type { Kysely, Selectable } from 'kysely';
import type { CallTraceTable, Database } from './schema.js';

export type CallTraceEntry = Selectable<CallTraceTable>;

export async function listCallTrace(db: Kysely<Database>, callSid: string): Promise<CallTraceEntry[]> {
  return db.selectFrom('callTrace').selectAll().where('callSid', '=', callSid).orderBy('seq').execute();
}
