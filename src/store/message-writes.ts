/**
 * The hot writes of messaging, made by group commit (./group-commit.ts): a message accepted
 * with its media, its delivery job and what comes with it, and a message's status moves. Many
 * callers' writes share one transaction and one statement per table; each caller's promise
 * resolves once its own write is committed.
 */
import type { Kysely, Selectable, Transaction } from 'kysely';
import { insertRows } from './bulk-insert.js';
import type { BulkTable } from './bulk-insert.js';
import { groupCommitOf } from './group-commit.js';
import { padKeys } from './read-batch.js';
import type { WriteKind } from './group-commit.js';
import { insertJobs } from './jobs.js';
import type { Job } from './jobs.js';
import type { MessageFeedback } from './message-feedback.js';
import { announceStatuses, insertHistory } from './message-history.js';
import type { MessageStatusEntry } from './message-history.js';
import type { Message, MessageMedia } from './messages.js';
import type { Database, MessageStatus, MessageStepTable } from './schema.js';
import { newSid, nowIso } from './sid.js';

/** A message to store, with everything that must be committed with it. */
export interface NewMessage {
  readonly message: Message;
  readonly media: ReadonlyArray<{ readonly url: string; readonly contentType: string }>;
  /** Its delivery (or inbound handling) job, from `newJob`. */
  readonly job: Job;
  /** ProvideFeedback=true: a Feedback record, `unconfirmed`. */
  readonly feedback: boolean;
  /** The inbound handling step it is the reply of (store/message-steps.ts). */
  readonly journal: { readonly messageSid: string; readonly step: string } | null;
}

const MESSAGES: BulkTable<Message> = {
  table: 'messages',
  columns: ['sid', 'accountSid', 'direction', 'fromNumber', 'toNumber', 'body', 'status', 'numSegments', 'numMedia', 'errorCode', 'errorMessage',
    'statusCallback', 'statusCallbackMethod', 'applicationSid', 'validityPeriod', 'sendAt', 'dateSent', 'dateCreated', 'dateUpdated'],
};
const MEDIA: BulkTable<MessageMedia> = { table: 'message_media', columns: ['sid', 'accountSid', 'messageSid', 'url', 'contentType', 'dateCreated', 'dateUpdated'] };
const FEEDBACK: BulkTable<MessageFeedback> = { table: 'message_feedback', columns: ['messageSid', 'accountSid', 'outcome', 'dateCreated', 'dateUpdated'] };
const STEPS: BulkTable<Selectable<MessageStepTable>> = { table: 'message_steps', columns: ['messageSid', 'step', 'result', 'dateCreated'], ignoreConflictOn: ['messageSid', 'step'] };

/**
 * Inserts the messages of `items` with everything committed with them. A reply goes in only
 * with its journal step: when the step is there already (its inbound job ran twice at once),
 * the reply is not stored, so it is sent once. Resolves to whether each item was stored.
 */
async function insertAll(tx: Transaction<Database>, items: readonly NewMessage[]): Promise<boolean[]> {
  const journaled = items.flatMap((i) => (i.journal ? [{ ...i.journal, result: i.message.sid, dateCreated: i.message.dateCreated }] : []));
  const won = journaled.length === 0 ? new Set<unknown>() : await insertRows(tx, STEPS, journaled, 'result');
  const stored = items.map((i) => i.journal === null || won.has(i.message.sid));
  const kept = items.filter((_, n) => stored[n]);
  await insertRows(tx, MESSAGES, kept.map((i) => i.message));
  await insertRows(tx, MEDIA, kept.flatMap((i) => i.media.map((m) => {
    const created = nowIso();
    return { sid: newSid('ME'), accountSid: i.message.accountSid, messageSid: i.message.sid, url: m.url, contentType: m.contentType, dateCreated: created, dateUpdated: created };
  })));
  await insertJobs(tx, kept.map((i) => i.job));
  await insertRows(tx, FEEDBACK, kept.filter((i) => i.feedback).map(({ message: m }) => ({
    messageSid: m.sid, accountSid: m.accountSid, outcome: 'unconfirmed' as const, dateCreated: m.dateCreated, dateUpdated: m.dateCreated,
  })));
  await insertHistory(tx, kept.map((i) => firstStatus(i.message)));
  return stored;
}

function firstStatus(m: Message): MessageStatusEntry {
  return { messageSid: m.sid, accountSid: m.accountSid, status: m.status, at: m.dateCreated };
}

const INSERT: WriteKind<NewMessage, boolean> = { name: 'insert messages', write: insertAll };

/**
 * Stores a new message with its media and job, committed together; resolves once durable, to
 * false for a reply whose journal step another run of its inbound job had stored first.
 */
export async function storeNewMessage(db: Kysely<Database>, item: NewMessage): Promise<boolean> {
  const stored = await groupCommitOf(db).write(INSERT, item);
  if (stored) announceStatuses(db, [firstStatus(item.message)]);
  return stored;
}

/** A status move, compare-and-set: it happens only if the message is in one of `from`. */
export interface StatusMove {
  readonly sid: string;
  readonly from: readonly MessageStatus[];
  readonly to: MessageStatus;
  readonly errorCode?: number;
  readonly errorMessage?: string;
  /** Stamps date_sent with the time of the move. */
  readonly sent?: boolean;
}

const signature = (m: StatusMove) => JSON.stringify([m.from, m.to, m.errorCode ?? null, m.errorMessage ?? null, m.sent === true]);

/** One statement per kind of move; every SID at most once, so each compare-and-set stands alone. */
async function moveOnce(tx: Transaction<Database>, moves: readonly StatusMove[]): Promise<Map<string, MessageStatusEntry>> {
  const groups = new Map<string, StatusMove[]>();
  for (const move of moves) groups.set(signature(move), [...(groups.get(signature(move)) ?? []), move]);
  const moved = new Map<string, MessageStatusEntry>();
  for (const group of groups.values()) {
    const [first] = group;
    if (!first) continue;
    const at = nowIso();
    const rows = await tx.updateTable('messages').set({
      status: first.to, dateUpdated: at,
      ...(first.errorCode !== undefined ? { errorCode: first.errorCode, errorMessage: first.errorMessage ?? null } : {}),
      ...(first.sent ? { dateSent: at } : {}),
    }).where('sid', 'in', padKeys(group.map((m) => m.sid))).where('status', 'in', [...first.from]).returning(['sid', 'accountSid']).execute();
    for (const row of rows) moved.set(row.sid, { messageSid: row.sid, accountSid: row.accountSid, status: first.to, at });
  }
  await insertHistory(tx, [...moved.values()]);
  return moved;
}

const MOVE: WriteKind<StatusMove, MessageStatusEntry | null> = {
  name: 'move messages',
  write: async (tx, moves) => {
    const results: Array<MessageStatusEntry | null> = moves.map(() => null);
    // Two moves of one message in a batch (a job run twice at once) go in turn, the second seeing the first.
    let left = moves.map((move, index) => ({ move, index }));
    while (left.length > 0) {
      const seen = new Set<string>();
      const now = left.filter(({ move }) => !seen.has(move.sid) && seen.add(move.sid) !== undefined);
      const taken = new Set(now);
      left = left.filter((entry) => !taken.has(entry));
      const moved = await moveOnce(tx, now.map((e) => e.move));
      for (const { move, index } of now) results[index] = moved.get(move.sid) ?? null;
    }
    return results;
  },
};

/**
 * Moves a message's status if it is in one of `move.from` (moves made at about the same time
 * share a statement). Resolves to the time of the move (its date_updated, and date_sent when
 * `sent`), or null when the message was not in one of `from`.
 */
export async function moveMessage(db: Kysely<Database>, move: StatusMove): Promise<string | null> {
  const entry = await groupCommitOf(db).write(MOVE, move);
  if (!entry) return null;
  announceStatuses(db, [entry]);
  return entry.at;
}
