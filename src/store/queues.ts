/**
 * Call queues and their members. A member's position is its place in join order (1 at the
 * front); wait times and a queue's average wait are computed when read, from `date_created`
 * (date_enqueued), as Twilio computes them "at the time of the request".
 */
import type { Kysely, Selectable, Transaction } from 'kysely';
import { fetchPage } from './page.js';
import type { Page, PageRequest } from './page.js';
import type { Database, QueueMemberTable, QueueTable } from './schema.js';
import { newSid, nowIso } from './sid.js';

export type Queue = Selectable<QueueTable>;
export type QueueMember = Selectable<QueueMemberTable>;
type Db = Kysely<Database> | Transaction<Database>;

/** A queue with its live figures. */
export interface QueueState extends Queue {
  readonly currentSize: number;
  /** Mean seconds the current members have waited (0 when empty). */
  readonly averageWaitTime: number;
}

/** A member with its place in the queue and how long it has waited, in seconds. */
export interface MemberState extends QueueMember {
  readonly position: number;
  readonly waitTime: number;
}

/** Twilio's default and largest `MaxSize`. https://www.twilio.com/docs/voice/api/queue-resource */
export const DEFAULT_MAX_SIZE = 1000;
export const LARGEST_MAX_SIZE = 5000;

/** Seconds from `since` (a stored time) to now. */
export function secondsSince(since: string, now = Date.now()): number {
  return Math.max(0, Math.floor((now - Date.parse(since)) / 1000));
}

export async function createQueue(db: Db, accountSid: string, friendlyName: string, maxSize: number): Promise<Queue> {
  const now = nowIso();
  const row: Queue = { sid: newSid('QU'), accountSid, friendlyName, maxSize, dateCreated: now, dateUpdated: now };
  await db.insertInto('queues').values(row).execute();
  return row;
}

export async function findQueue(db: Db, accountSid: string, sid: string): Promise<Queue | undefined> {
  return db.selectFrom('queues').selectAll().where('accountSid', '=', accountSid).where('sid', '=', sid).executeTakeFirst();
}

export async function findQueueByName(db: Db, accountSid: string, friendlyName: string): Promise<Queue | undefined> {
  return db.selectFrom('queues').selectAll().where('accountSid', '=', accountSid).where('friendlyName', '=', friendlyName).executeTakeFirst();
}

export async function listQueues(db: Db, accountSid: string, page: PageRequest): Promise<Page<Queue>> {
  return fetchPage(db.selectFrom('queues').selectAll().where('accountSid', '=', accountSid), page);
}

export async function updateQueue(db: Db, accountSid: string, sid: string, changes: { friendlyName?: string; maxSize?: number }): Promise<Queue | undefined> {
  await db.updateTable('queues').set({ ...changes, dateUpdated: nowIso() }).where('accountSid', '=', accountSid).where('sid', '=', sid).execute();
  return findQueue(db, accountSid, sid);
}

export async function deleteQueue(db: Db, accountSid: string, sid: string): Promise<boolean> {
  const result = await db.deleteFrom('queues').where('accountSid', '=', accountSid).where('sid', '=', sid).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** The current size and average wait of `queue`. */
export async function queueState(db: Db, queue: Queue): Promise<QueueState> {
  const members = await db.selectFrom('queueMembers').select('dateCreated').where('queueSid', '=', queue.sid).execute();
  const now = Date.now();
  const total = members.reduce((sum, m) => sum + secondsSince(m.dateCreated, now), 0);
  return { ...queue, currentSize: members.length, averageWaitTime: members.length === 0 ? 0 : Math.round(total / members.length) };
}

/** Adds `callSid` at the back of the queue. */
export async function insertMember(db: Db, queue: Queue, callSid: string): Promise<QueueMember> {
  const row: QueueMember = { sid: callSid, queueSid: queue.sid, accountSid: queue.accountSid, dateCreated: nowIso() };
  await db.insertInto('queueMembers').values(row).execute();
  return row;
}

/** Removes `callSid` from its queue; false when it was not there. */
export async function removeMember(db: Db, queueSid: string, callSid: string): Promise<boolean> {
  const result = await db.deleteFrom('queueMembers').where('queueSid', '=', queueSid).where('sid', '=', callSid).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Number of calls in the queue now. */
export async function countMembers(db: Db, queueSid: string): Promise<number> {
  const row = await db.selectFrom('queueMembers').select((eb) => eb.fn.countAll<string | number>().as('n')).where('queueSid', '=', queueSid).executeTakeFirst();
  return Number(row?.n ?? 0);
}

async function withPosition(db: Db, member: QueueMember): Promise<MemberState> {
  const ahead = await db.selectFrom('queueMembers').select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('queueSid', '=', member.queueSid).where('dateCreated', '<', member.dateCreated).executeTakeFirst();
  return { ...member, position: Number(ahead?.n ?? 0) + 1, waitTime: secondsSince(member.dateCreated) };
}

/** The member with `callSid`, or the front member with `'Front'`. */
export async function findMember(db: Db, queueSid: string, callSid: string | 'Front'): Promise<MemberState | undefined> {
  let q = db.selectFrom('queueMembers').selectAll().where('queueSid', '=', queueSid);
  q = callSid === 'Front' ? q.orderBy('dateCreated', 'asc').limit(1) : q.where('sid', '=', callSid);
  const found = await q.executeTakeFirst();
  return found ? withPosition(db, found) : undefined;
}

/** The members in queue order (front first). */
export async function listMembers(db: Db, queueSid: string, page: PageRequest): Promise<Page<MemberState>> {
  const found = await fetchPage(db.selectFrom('queueMembers').selectAll().where('queueSid', '=', queueSid), { ...page, order: 'asc' });
  const rows: MemberState[] = [];
  for (const member of found.rows) rows.push(await withPosition(db, member));
  return { rows, hasMore: found.hasMore };
}
