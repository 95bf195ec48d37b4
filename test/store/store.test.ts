/**
 * The Store seam's contract, run on every dialect: migrations are idempotent, a number has one
 * owner, keyset pages are stable in both directions, and closing an account releases what it held.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { createAccount, findAccount, updateAccount } from '../../src/store/accounts.js';
import { ensureBootstrapAccount } from '../../src/store/bootstrap.js';
import { openStore } from '../../src/store/index.js';
import { createKey, verifyKey } from '../../src/store/keys.js';
import { fetchPage } from '../../src/store/page.js';
import { createPhoneNumber, findPhoneNumberByE164 } from '../../src/store/phone-numbers.js';
import type { PhoneNumberFields } from '../../src/store/phone-numbers.js';
import { DIALECTS, useTestStore } from '../support/platform.js';

function numberFields(phoneNumber: string): PhoneNumberFields {
  return {
    phoneNumber, friendlyName: phoneNumber, numberType: 'local', isoCountry: 'US', voiceApplicationSid: null, smsApplicationSid: null,
    capVoice: 1, capSms: 1, capMms: 1, capFax: 0, voiceUrl: null, voiceMethod: 'POST', voiceFallbackUrl: null, voiceFallbackMethod: 'POST',
    statusCallback: null, statusCallbackMethod: 'POST', voiceCallerIdLookup: 0, smsUrl: null, smsMethod: 'POST', smsFallbackUrl: null, smsFallbackMethod: 'POST',
  };
}

for (const dialect of DIALECTS) {
  describe(`store (${dialect})`, () => {
    const db = useTestStore(dialect, { before, after });

    test('opening the store again re-runs no migration and keeps the data', async () => {
      const account = await createAccount(db.store.db, { friendlyName: 'kept', parentSid: null });
      const again = await openStore(db.database);
      try {
        assert.equal((await findAccount(again.db, account.sid))?.friendlyName, 'kept');
        assert.equal(again.dialect, dialect);
      } finally {
        await again.close();
      }
    });

    test('the bootstrap account is created once and then reused; fixed credentials take over', async () => {
      const first = await ensureBootstrapAccount(db.store.db, { accountSid: null, authToken: null });
      const second = await ensureBootstrapAccount(db.store.db, { accountSid: null, authToken: null });
      assert.equal(first.created, true);
      assert.equal(second.created, false);
      assert.equal(second.account.sid, first.account.sid);
      const rotated = await ensureBootstrapAccount(db.store.db, { accountSid: first.account.sid, authToken: 'e'.repeat(32) });
      assert.equal(rotated.account.authToken, 'e'.repeat(32));
    });

    test('a phone number is owned by at most one account', async () => {
      const a = await createAccount(db.store.db, { friendlyName: 'a', parentSid: null });
      const b = await createAccount(db.store.db, { friendlyName: 'b', parentSid: null });
      const created = await createPhoneNumber(db.store.db, a.sid, numberFields('+14155550100'));
      assert.notEqual(created, 'taken');
      assert.equal(await createPhoneNumber(db.store.db, b.sid, numberFields('+14155550100')), 'taken');
      assert.equal((await findPhoneNumberByE164(db.store.db, '+14155550100'))?.accountSid, a.sid);
    });

    test('API key secrets are stored hashed and verified', async () => {
      const account = await createAccount(db.store.db, { friendlyName: 'keys', parentSid: null });
      const { key, secret } = await createKey(db.store.db, account.sid, 'k');
      const row = await db.store.db.selectFrom('apiKeys').selectAll().where('sid', '=', key.sid).executeTakeFirstOrThrow();
      assert.notEqual(row.secretHash, secret);
      assert.equal((await verifyKey(db.store.db, key.sid, secret))?.accountSid, account.sid);
      assert.equal(await verifyKey(db.store.db, key.sid, 'x'.repeat(32)), undefined);
    });

    test('keyset pages walk forwards and backwards without gaps, even with equal timestamps', async () => {
      const parent = await createAccount(db.store.db, { friendlyName: 'pages', parentSid: null });
      for (let i = 0; i < 5; i++) await createAccount(db.store.db, { friendlyName: `c${i}`, parentSid: parent.sid });
      // Force identical creation times: the SID breaks ties.
      await db.store.db.updateTable('accounts').set({ dateCreated: '2026-01-01T00:00:00.000Z' }).where('parentSid', '=', parent.sid).execute();
      const query = () => db.store.db.selectFrom('accounts').selectAll().where('parentSid', '=', parent.sid);
      const all = (await fetchPage(query(), { pageSize: 10, cursor: null, offset: 0, order: 'asc' })).rows.map((r) => r.sid);
      assert.equal(all.length, 5);
      assert.deepEqual(all, [...all].sort());
      const p1 = await fetchPage(query(), { pageSize: 2, cursor: null, offset: 0, order: 'asc' });
      const last1 = p1.rows[1];
      assert.ok(last1 && p1.hasMore);
      const p2 = await fetchPage(query(), { pageSize: 2, cursor: { ...last1, direction: 'after' }, offset: 0, order: 'asc' });
      assert.deepEqual(p2.rows.map((r) => r.sid), all.slice(2, 4));
      const first2 = p2.rows[0];
      assert.ok(first2);
      const back = await fetchPage(query(), { pageSize: 2, cursor: { ...first2, direction: 'before' }, offset: 0, order: 'asc' });
      assert.deepEqual(back.rows.map((r) => r.sid), all.slice(0, 2));
      const desc = await fetchPage(query(), { pageSize: 10, cursor: null, offset: 0, order: 'desc' });
      assert.deepEqual(desc.rows.map((r) => r.sid), [...all].reverse());
      const byOffset = await fetchPage(query(), { pageSize: 2, cursor: null, offset: 4, order: 'asc' });
      assert.deepEqual(byOffset.rows.map((r) => r.sid), all.slice(4));
    });

    test('an idle connection the database server ends does not take the platform down', { skip: dialect !== 'postgres' }, async () => {
      await db.store.db.selectFrom('accounts').select('sid').execute();
      const admin = new pg.Client({ connectionString: process.env.DIALTONE_TEST_DATABASE_URL });
      await admin.connect();
      const name = new URL(db.database.databaseUrl ?? '').pathname.slice(1);
      const ended = await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [name]);
      await admin.end();
      assert.ok(ended.rowCount && ended.rowCount > 0, 'the test must end at least one connection');
      await new Promise((resolve) => setTimeout(resolve, 200));
      // Without a pool error listener the process would already have died of an uncaught exception.
      assert.ok(Array.isArray(await db.store.db.selectFrom('accounts').select('sid').execute()));
    });

    test('closing an account releases its numbers and keys in one transaction', async () => {
      const account = await createAccount(db.store.db, { friendlyName: 'closing', parentSid: null });
      await createPhoneNumber(db.store.db, account.sid, numberFields('+14155550199'));
      const { key, secret } = await createKey(db.store.db, account.sid, 'k');
      const closed = await updateAccount(db.store.db, account.sid, { status: 'closed' });
      assert.equal(closed?.status, 'closed');
      assert.equal(await findPhoneNumberByE164(db.store.db, '+14155550199'), undefined);
      assert.equal(await verifyKey(db.store.db, key.sid, secret), undefined);
    });
  });
}
