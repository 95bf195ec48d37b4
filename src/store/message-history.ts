/**
 * Each message's status history: a row for every status it enters, written in the same
 * transaction as the message or its move, so the history never disagrees with the message.
 * Whoever watches a store (the platform's live activity) hears of each entry once committed.
 */
import type { Kysely, Selectable } from 'kysely';
import { insertRows } from './bulk-insert.js';
import type { BulkTable } from './bulk-insert.js';
import type { Database, MessageStatusHistoryTable } from './schema.js';

export type MessageStatusEntry = Selectable<MessageStatusHistoryTable>;

export const HISTORY: BulkTable<MessageStatusEntry> = {
  table: 'message_status_history', columns: ['messageSid', 'accountSid', 'status', 'at'],
};

export async function insertHistory(db: Kysely<Database>, rows: readonly MessageStatusEntry[]): Promise<void> {
  await insertRows(db, HISTORY, rows);
}

type Watcher = (entry: MessageStatusEntry) => void;
const watchers = new WeakMap<Kysely<Database>, Watcher>();

/** Calls `watcher` with each status entry committed to `db` from now on (one watcher per store). */
export function watchMessageStatuses(db: Kysely<Database>, watcher: Watcher): void {
  watchers.set(db, watcher);
}

/** Tells the store's watcher of committed entries. */
export function announceStatuses(db: Kysely<Database>, entries: readonly MessageStatusEntry[]): void {
  const watcher = watchers.get(db);
  if (watcher) for (const entry of entries) watcher(entry);
}

/** A message's statuses, oldest first; a status written twice (a replayed move) counts once. */
export async function listMessageHistory(db: Kysely<Database>, accountSid: string, messageSid: string): Promise<MessageStatusEntry[]> {
  const rows = await db.selectFrom('messageStatusHistory').selectAll().where('accountSid', '=', accountSid).where('messageSid', '=', messageSid)
    .orderBy('at').execute();
  const seen = new Set<string>();
  return rows.filter((r) => !seen.has(r.status) && seen.add(r.status) !== undefined);
}
