/**
 * Twilio's reply-loop guard as the store counts it (14107): 30 replies in a row between two
 * numbers, each within 30 s of the last; the 31st and everything for the next 30 s fail; then
 * the count starts again. Times are given, so the test does not wait.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { countReply, REPLY_CHAIN_MAX } from '../../src/store/reply-rates.js';
import { DIALECTS, useTestStore } from '../support/platform.js';

const ACCOUNT = 'AC00000000000000000000000000000001';
const T0 = Date.parse('2026-12-07T12:00:00Z');
const at = (seconds: number) => new Date(T0 + seconds * 1000);

for (const dialect of DIALECTS) {
  describe(`the reply-loop guard (${dialect})`, () => {
    const db = useTestStore(dialect, { before, after });
    const pair = (from: string, to = '+15005550006') => ({ accountSid: ACCOUNT, from, to });

    test('30 replies in a row pass, the 31st and every reply for 30 s after fail, then the count starts again', async () => {
      const p = pair('+14155550101');
      for (let i = 0; i < REPLY_CHAIN_MAX; i++) assert.equal(await countReply(db.store.db, p, at(i * 0.5)), false, `reply ${i + 1}`);
      assert.equal(await countReply(db.store.db, p, at(15)), true, 'the 31st');
      assert.equal(await countReply(db.store.db, p, at(30)), true, 'within the block');
      assert.equal(await countReply(db.store.db, p, at(44.9)), true, 'at the end of the block');
      assert.equal(await countReply(db.store.db, p, at(45)), false, 'when the block has run out');
      // The block ran out 30 s after the 31st: a new chain, 30 more allowed.
      for (let i = 1; i < REPLY_CHAIN_MAX; i++) assert.equal(await countReply(db.store.db, p, at(45 + i)), false, `new chain reply ${i + 1}`);
      assert.equal(await countReply(db.store.db, p, at(45 + REPLY_CHAIN_MAX)), true, 'the new chain\'s 31st');
    });

    test('a pause of 30 s breaks the chain, and each direction and each pair counts on its own', async () => {
      const p = pair('+14155550102');
      for (let i = 0; i < REPLY_CHAIN_MAX; i++) await countReply(db.store.db, p, at(i));
      assert.equal(await countReply(db.store.db, p, at(REPLY_CHAIN_MAX - 1 + 30)), false, 'after a 30 s pause');
      const q = pair('+14155550103');
      for (let i = 0; i < REPLY_CHAIN_MAX; i++) await countReply(db.store.db, q, at(i));
      assert.equal(await countReply(db.store.db, pair('+15005550006', '+14155550103'), at(REPLY_CHAIN_MAX)), false, 'the other direction');
      assert.equal(await countReply(db.store.db, pair('+14155550103', '+15005550007'), at(REPLY_CHAIN_MAX)), false, 'another recipient');
      assert.equal(await countReply(db.store.db, { ...q, accountSid: 'AC00000000000000000000000000000002' }, at(REPLY_CHAIN_MAX)), false, 'another account');
      assert.equal(await countReply(db.store.db, q, at(REPLY_CHAIN_MAX)), true, 'the full chain itself');
    });

    test('chains that are over are forgotten (at most once a minute)', async () => {
      const pairs = async () => (await db.store.db.selectFrom('replyRates').select('fromNumber').execute()).map((r) => r.fromNumber);
      assert.ok((await pairs()).includes('+14155550102'));
      await countReply(db.store.db, pair('+14155550199'), at(600));
      assert.deepEqual(await pairs(), ['+14155550199']);
    });

    // Only PostgreSQL (a pool of connections) runs these truly at once; SQLite's one connection serialises them.
    test('concurrent replies are each counted once', async () => {
      const p = pair('+14155550104');
      const verdicts = await Promise.all(Array.from({ length: REPLY_CHAIN_MAX + 5 }, (_, i) => countReply(db.store.db, p, at(i * 0.01))));
      assert.equal(verdicts.filter((blocked) => !blocked).length, REPLY_CHAIN_MAX);
    });
  });
}
