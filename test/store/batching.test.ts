/**
 * Batched writes and reads on every dialect: writes made at the same time share one
 * transaction and each caller resumes only once its write is committed; one bad item fails
 * only its own caller; point lookups made together share one query; the bulk inserts keep
 * every column; status moves stay compare-and-set when two are made at once.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createAccount } from '../../src/store/accounts.js';
import { GroupCommit } from '../../src/store/group-commit.js';
import type { WriteKind } from '../../src/store/group-commit.js';
import { enqueueJob, newJob } from '../../src/store/jobs.js';
import { moveMessage, storeNewMessage } from '../../src/store/message-writes.js';
import { findMessageBySid, listMedia } from '../../src/store/messages.js';
import type { Message } from '../../src/store/messages.js';
import { chunkSizes } from '../../src/store/bulk-insert.js';
import { batchedLookup, padKeys } from '../../src/store/read-batch.js';
import { createSimPhone, listSimMessages, recordSimMessage } from '../../src/store/sim-phones.js';
import { newSid, nowIso, orderedSid } from '../../src/store/sid.js';
import { DIALECTS, useTestStore } from '../support/platform.js';

function message(accountSid: string, overrides: Partial<Message> = {}): Message {
  const now = nowIso();
  return {
    sid: newSid('SM'), accountSid, direction: 'outbound-api', fromNumber: '+14155230000', toNumber: '+16505550100', body: 'hello', status: 'queued',
    numSegments: 1, numMedia: 0, errorCode: null, errorMessage: null, statusCallback: 'https://app.example.com/status', statusCallbackMethod: 'POST', applicationSid: null,
    validityPeriod: 600, sendAt: null, dateSent: null, dateCreated: now, dateUpdated: now, ...overrides,
  };
}

test('bulk inserts go in power-of-two chunks and IN lists are padded to a power of two, so few statements are ever prepared', () => {
  assert.deepEqual(chunkSizes(13), [8, 4, 1]);
  assert.deepEqual(chunkSizes(1300), [512, 512, 256, 16, 4]);
  assert.deepEqual(chunkSizes(0), []);
  assert.deepEqual(padKeys(['a', 'b', 'c']), ['a', 'b', 'c', 'c']);
  assert.deepEqual(padKeys(['a', 'b']), ['a', 'b']);
  assert.deepEqual(padKeys(['a']), ['a']);
});

test('ordered SIDs have the SID shape and each sorts after the one before', () => {
  const sids = Array.from({ length: 1000 }, () => orderedSid('JB'));
  for (const sid of sids) assert.match(sid, /^JB[0-9a-f]{32}$/);
  assert.deepEqual([...sids].sort(), sids);
  assert.equal(new Set(sids).size, sids.length);
});

for (const dialect of DIALECTS) {
  describe(`batched writes and reads (${dialect})`, () => {
    const db = useTestStore(dialect, { before, after });
    let accountSid = '';
    before(async () => { accountSid = (await createAccount(db.store.db, { friendlyName: 'batching', parentSid: null })).sid; });

    test('writes made at the same time share one transaction, and each resolves once committed', async () => {
      const batches: number[] = [];
      const kind: WriteKind<string, string> = {
        name: 'settings',
        write: async (tx, keys) => {
          batches.push(keys.length);
          await tx.insertInto('settings').values(keys.map((key) => ({ key, value: 'v' }))).execute();
          return keys.map((k) => `wrote ${k}`);
        },
      };
      const commit = new GroupCommit(db.store.db);
      const results = await Promise.all(Array.from({ length: 40 }, (_, i) => commit.write(kind, `batch-${i}`)));
      assert.deepEqual(batches, [40]);
      assert.equal(results[7], 'wrote batch-7');
      const rows = await db.store.db.selectFrom('settings').select('key').where('key', 'like', 'batch-%').execute();
      assert.equal(rows.length, 40);
    });

    test('kinds take turns: a backlog of one kind does not hold another back behind it', async () => {
      // One transaction per flush: the kinds each one wrote, in flush order.
      const flushes = new Map<object, string[]>();
      const kindOf = (name: string): WriteKind<string, void> => ({
        name,
        write: async (tx, items) => {
          flushes.set(tx, [...(flushes.get(tx) ?? []), name]);
          return items.map(() => undefined);
        },
      });
      const [bulk, urgent] = [kindOf('bulk'), kindOf('urgent')];
      const commit = new GroupCommit(db.store.db, { maxItems: 10 });
      const writes = Array.from({ length: 30 }, () => commit.write(bulk, 'x'));
      writes.push(commit.write(urgent, 'y'));
      await Promise.all(writes);
      const at = [...flushes.values()].findIndex((kinds) => kinds.includes('urgent'));
      assert.ok(at >= 0 && at <= 1, `the urgent write went in flush ${at} of ${flushes.size}`);
    });

    test('one bad item fails only its own write', async () => {
      const kind: WriteKind<string, void> = {
        name: 'settings',
        write: async (tx, keys) => {
          await tx.insertInto('settings').values(keys.map((key) => ({ key, value: 'v' }))).execute();
          return keys.map(() => undefined);
        },
      };
      const commit = new GroupCommit(db.store.db);
      await commit.write(kind, 'taken');
      const outcomes = await Promise.allSettled(['fresh-1', 'taken', 'fresh-2'].map((key) => commit.write(kind, key)));
      assert.deepEqual(outcomes.map((o) => o.status), ['fulfilled', 'rejected', 'fulfilled']);
      const kept = await db.store.db.selectFrom('settings').select('key').where('key', 'in', ['fresh-1', 'fresh-2']).execute();
      assert.equal(kept.length, 2);
    });

    test('lookups made together share one query; inside a transaction a lookup sees its writes', async () => {
      const asked: number[] = [];
      const lookup = batchedLookup(async (d, keys: readonly string[]) => {
        asked.push(keys.length);
        return d.selectFrom('settings').selectAll().where('key', 'in', keys).execute();
      }, (row) => row.key);
      const found = await Promise.all(['batch-1', 'batch-2', 'batch-1', 'missing'].map((key) => lookup(db.store.db, key)));
      assert.equal(asked.length, 1, 'one query');
      assert.deepEqual(found.map((row) => row?.key), ['batch-1', 'batch-2', 'batch-1', undefined]);
      await db.store.db.transaction().execute(async (tx) => {
        await tx.insertInto('settings').values({ key: 'in-tx', value: 'v' }).execute();
        assert.equal((await lookup(tx, 'in-tx'))?.value, 'v');
      });
    });

    test('a stored message keeps every column, its media in order, its job and its feedback', async () => {
      const stored = message(accountSid, { numMedia: 2 });
      await storeNewMessage(db.store.db, {
        message: stored, media: [{ url: 'https://example.com/b.png', contentType: 'image/png' }, { url: 'https://example.com/a.jpg', contentType: 'image/jpeg' }],
        job: newJob('message.send', { sid: stored.sid }), feedback: true, journal: null,
      });
      assert.deepEqual(await findMessageBySid(db.store.db, stored.sid), stored);
      assert.deepEqual((await listMedia(db.store.db, accountSid, stored.sid)).map((m) => m.url), ['https://example.com/b.png', 'https://example.com/a.jpg']);
      const job = await db.store.db.selectFrom('jobs').selectAll().where('payload', '=', JSON.stringify({ sid: stored.sid })).executeTakeFirst();
      assert.equal(job?.kind, 'message.send');
      assert.equal(job?.state, 'pending');
      assert.equal(job?.attempts, 0);
      const feedback = await db.store.db.selectFrom('messageFeedback').selectAll().where('messageSid', '=', stored.sid).executeTakeFirst();
      assert.equal(feedback?.outcome, 'unconfirmed');
      const id = await enqueueJob(db.store.db, 'other', { n: 1 });
      assert.equal((await db.store.db.selectFrom('jobs').select('payload').where('id', '=', id).executeTakeFirst())?.payload, '{"n":1}');
    });

    test('an inbox entry keeps every column and is recorded once', async () => {
      await createSimPhone(db.store.db, { number: '+16505550999', accountSid, name: 'p', answer: 'answer', ringSeconds: 1, sms: 'deliver', script: '[]', machine: 0 });
      const entry = { phoneNumber: '+16505550999', direction: 'in' as const, fromNumber: '+14155230000', toNumber: '+16505550999', body: 'hi', mediaUrls: '["https://example.com/a.jpg"]', messageSid: newSid('MM') };
      const [first, second] = await Promise.all([recordSimMessage(db.store.db, entry), recordSimMessage(db.store.db, entry)]);
      const listed = await listSimMessages(db.store.db, '+16505550999');
      assert.equal(listed.length, 1);
      assert.deepEqual(listed[0], first, 'the entry as recorded, id and time included');
      assert.equal(second, null, 'the repeat says it recorded nothing');
      assert.equal(await recordSimMessage(db.store.db, entry), null, 'in a later batch too');
    });

    test('two moves of one message made at once: only one happens', async () => {
      const stored = message(accountSid);
      await storeNewMessage(db.store.db, { message: stored, media: [], job: newJob('message.send', { sid: stored.sid }), feedback: false, journal: null });
      const [a, b] = await Promise.all([0, 1].map(() => moveMessage(db.store.db, { sid: stored.sid, from: ['queued'], to: 'sending' })));
      assert.equal([a, b].filter((at) => at !== null).length, 1);
      const sent = await moveMessage(db.store.db, { sid: stored.sid, from: ['sending'], to: 'sent', sent: true });
      const failed = await moveMessage(db.store.db, { sid: stored.sid, from: ['queued'], to: 'failed', errorCode: 30008, errorMessage: 'Unknown error' });
      assert.equal(failed, null);
      const after = await findMessageBySid(db.store.db, stored.sid);
      assert.equal(after?.status, 'sent');
      assert.equal(after?.dateSent, sent);
      assert.equal(after?.dateUpdated, sent);
      assert.equal(after?.errorCode, null);
    });
  });
}
