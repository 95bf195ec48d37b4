/**
 * API keys: an `SK` SID and a secret that authenticate as the owning account. The secret is
 * returned once, at creation, and stored only as a SHA-256 hash (it is 128 random bits, so a
 * fast hash is enough and keeps per-request authentication cheap).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import { fetchPage } from './page.js';
import type { Page, PageRequest } from './page.js';
import type { Database, KeyTable } from './schema.js';
import { newSecret, newSid, nowIso } from './sid.js';

export type ApiKey = Omit<Selectable<KeyTable>, 'secretHash'>;

const columns = ['sid', 'accountSid', 'friendlyName', 'dateCreated', 'dateUpdated'] as const;

function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Creates a key; the returned secret is never retrievable again. */
export async function createKey(db: Kysely<Database>, accountSid: string, friendlyName: string): Promise<{ key: ApiKey; secret: string }> {
  const now = nowIso();
  const secret = newSecret();
  const key: ApiKey = { sid: newSid('SK'), accountSid, friendlyName, dateCreated: now, dateUpdated: now };
  await db.insertInto('apiKeys').values({ ...key, secretHash: hashSecret(secret) }).execute();
  return { key, secret };
}

/** The key with this SID if `secret` is its secret (compared in constant time). */
export async function verifyKey(db: Kysely<Database>, sid: string, secret: string): Promise<ApiKey | undefined> {
  const row = await db.selectFrom('apiKeys').selectAll().where('sid', '=', sid).executeTakeFirst();
  if (!row) return undefined;
  const expected = Buffer.from(row.secretHash, 'hex');
  const actual = Buffer.from(hashSecret(secret), 'hex');
  if (!timingSafeEqual(expected, actual)) return undefined;
  const { secretHash: _hidden, ...key } = row;
  return key;
}

export async function findKey(db: Kysely<Database>, accountSid: string, sid: string): Promise<ApiKey | undefined> {
  return db.selectFrom('apiKeys').select(columns).where('accountSid', '=', accountSid).where('sid', '=', sid).executeTakeFirst();
}

export async function listKeys(db: Kysely<Database>, accountSid: string, page: PageRequest): Promise<Page<ApiKey>> {
  return fetchPage(db.selectFrom('apiKeys').select(columns).where('accountSid', '=', accountSid), page);
}

export async function renameKey(db: Kysely<Database>, accountSid: string, sid: string, friendlyName: string): Promise<ApiKey | undefined> {
  await db.updateTable('apiKeys').set({ friendlyName, dateUpdated: nowIso() }).where('accountSid', '=', accountSid).where('sid', '=', sid).execute();
  return findKey(db, accountSid, sid);
}

/** Deletes a key; false when the account has no such key. */
export async function deleteKey(db: Kysely<Database>, accountSid: string, sid: string): Promise<boolean> {
  const result = await db.deleteFrom('apiKeys').where('accountSid', '=', accountSid).where('sid', '=', sid).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
