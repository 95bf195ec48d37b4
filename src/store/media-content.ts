/**
 * Media content copied onto the platform (see migration 0016): stored with the content type it
 * was served with, once per media (a copy repeated after a crash keeps the first), and read
 * back for the media's content URL.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.js';
import { nowIso } from './sid.js';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * Stores a media's content and the type it was served with. A media already stored keeps what it
 * has, and one deleted while it was being fetched stays deleted.
 */
export async function storeMediaContent(db: Kysely<Database>, mediaSid: string, contentType: string, content: Buffer): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const updated = await tx.updateTable('messageMedia').set({ contentType, dateUpdated: nowIso() }).where('sid', '=', mediaSid)
      .where(({ not, exists, selectFrom }) => not(exists(selectFrom('mediaContent').select('mediaSid').where('mediaSid', '=', mediaSid))))
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) return;
    await tx.insertInto('mediaContent').values({ mediaSid, size: content.length, content }).onConflict((oc) => oc.column('mediaSid').doNothing()).execute();
  });
}

/** The sizes of those of these media whose content is stored. */
export async function storedMediaSizes(db: Db, mediaSids: readonly string[]): Promise<Map<string, number>> {
  if (mediaSids.length === 0) return new Map();
  const rows = await db.selectFrom('mediaContent').select(['mediaSid', 'size']).where('mediaSid', 'in', mediaSids).execute();
  return new Map(rows.map((r) => [r.mediaSid, r.size]));
}

/** A media's stored content, if it has been copied. */
export async function findMediaContent(db: Db, mediaSid: string): Promise<Buffer | undefined> {
  const row = await db.selectFrom('mediaContent').select('content').where('mediaSid', '=', mediaSid).executeTakeFirst();
  return row?.content;
}

/**
 * Gives each media of `to` the stored content (and type) of the media of `from` at the same
 * place: a message between two platform numbers hands its copy over instead of fetching again.
 */
export async function copyStoredContent(db: Db, from: ReadonlyArray<{ sid: string; contentType: string }>, to: ReadonlyArray<{ sid: string }>): Promise<void> {
  const stored = await storedMediaSizes(db, from.map((m) => m.sid));
  for (const [i, source] of from.entries()) {
    const target = to[i];
    if (!target || !stored.has(source.sid)) continue;
    await db.insertInto('mediaContent').columns(['mediaSid', 'size', 'content'])
      .expression((eb) => eb.selectFrom('mediaContent').select([eb.val(target.sid).as('mediaSid'), 'size', 'content']).where('mediaSid', '=', source.sid))
      .onConflict((oc) => oc.column('mediaSid').doNothing()).execute();
    await db.updateTable('messageMedia').set({ contentType: source.contentType, dateUpdated: nowIso() }).where('sid', '=', target.sid).execute();
  }
}

