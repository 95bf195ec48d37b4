/**
 * Authentication and isolation: bad credentials, inactive accounts, siblings, other accounts'
 * API keys and test credentials are all refused with Twilio's codes; parents reach subaccounts.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS, api, startTestPlatform } from '../support/platform.js';
import type { TestPlatform } from '../support/platform.js';

type Creds = [string, string];
const accountsPath = '/2010-04-01/Accounts';

for (const dialect of DIALECTS) {
  describe(`authentication and isolation (${dialect})`, () => {
    let platform: TestPlatform;
    let root: Creds;
    let subA: { sid: string; token: string };
    let subB: { sid: string; token: string };
    const numbersOf = (sid: string) => `${accountsPath}/${sid}/IncomingPhoneNumbers.json`;

    before(async () => {
      platform = await startTestPlatform(dialect);
      root = [platform.sid, platform.token];
      const a = await api(platform, 'POST', `${accountsPath}.json`, root, { FriendlyName: 'A' });
      const b = await api(platform, 'POST', `${accountsPath}.json`, root, { FriendlyName: 'B' });
      subA = { sid: String(a.body.sid), token: String(a.body.auth_token) };
      subB = { sid: String(b.body.sid), token: String(b.body.auth_token) };
    });
    after(() => platform.stop());

    test('no credentials, a wrong token or an unknown SID get 401 Authenticate (20003)', async () => {
      for (const auth of [null, [platform.sid, 'f'.repeat(32)], ['AC' + '0'.repeat(32), platform.token], ['nobody', 'x']] as const) {
        const r = await api(platform, 'GET', `${accountsPath}/${platform.sid}.json`, auth === null ? null : [auth[0], auth[1]]);
        assert.equal(r.status, 401);
        assert.deepEqual(r.body, { code: 20003, message: 'Authenticate', more_info: 'https://www.twilio.com/docs/errors/20003', status: 401 });
        assert.match(r.headers.get('www-authenticate') ?? '', /^Basic /);
      }
      const garbled = await fetch(`${platform.url}${accountsPath}.json`, { headers: { authorization: 'Basic %%%' } });
      assert.equal(garbled.status, 401);
    });

    test('every response carries a Twilio-Request-Id', async () => {
      const r = await api(platform, 'GET', `${accountsPath}.json`, root);
      assert.match(r.headers.get('twilio-request-id') ?? '', /^RQ[0-9a-f]{32}$/);
    });

    test('a sibling subaccount never sees the other\'s account or resources', async () => {
      const asA: Creds = [subA.sid, subA.token];
      for (const path of [`${accountsPath}/${subB.sid}.json`, numbersOf(subB.sid), `${accountsPath}/${subB.sid}/Applications.json`]) {
        const r = await api(platform, 'GET', path, asA);
        assert.equal(r.status, 401, path);
        assert.equal(r.body.code, 20003);
      }
      const listed = await api(platform, 'GET', `${accountsPath}.json`, asA);
      assert.deepEqual((listed.body.accounts as Array<{ sid: string }>).map((a) => a.sid), [subA.sid]);
      // A subaccount cannot reach its parent either, nor create subaccounts of its own.
      assert.equal((await api(platform, 'GET', numbersOf(platform.sid), asA)).status, 401);
      const nested = await api(platform, 'POST', `${accountsPath}.json`, asA, { FriendlyName: 'nested' });
      assert.equal(nested.status, 403);
      assert.equal(nested.body.code, 20003);
    });

    test('the parent reaches its subaccounts\' resources', async () => {
      const r = await api(platform, 'POST', `${accountsPath}/${subA.sid}/Applications.json`, root, { FriendlyName: 'made by parent' });
      assert.equal(r.status, 201);
      assert.equal(r.body.account_sid, subA.sid);
    });

    test('an API key works only for its own account', async () => {
      const key = await api(platform, 'POST', `${accountsPath}/${subA.sid}/Keys.json`, [subA.sid, subA.token], { FriendlyName: 'A key' });
      const asKey: Creds = [String(key.body.sid), String(key.body.secret)];
      assert.equal((await api(platform, 'GET', numbersOf(subA.sid), asKey)).status, 200);
      assert.equal((await api(platform, 'GET', numbersOf(subB.sid), asKey)).status, 401);
      assert.equal((await api(platform, 'GET', numbersOf(platform.sid), asKey)).status, 401);
      assert.equal((await api(platform, 'GET', numbersOf(subA.sid), [asKey[0], 'wrong'])).status, 401);
    });

    test('a suspended account\'s credentials are refused (20005) until its parent reactivates it', async () => {
      const sub = await api(platform, 'POST', `${accountsPath}.json`, root, { FriendlyName: 'to suspend' });
      const sid = String(sub.body.sid);
      const own: Creds = [sid, String(sub.body.auth_token)];
      const key = await api(platform, 'POST', `${accountsPath}/${sid}/Keys.json`, own, {});
      assert.equal((await api(platform, 'POST', `${accountsPath}/${sid}.json`, root, { Status: 'suspended' })).body.status, 'suspended');
      for (const creds of [own, [String(key.body.sid), String(key.body.secret)] as Creds]) {
        const r = await api(platform, 'GET', numbersOf(sid), creds);
        assert.equal(r.status, 401);
        assert.equal(r.body.code, 20005);
      }
      // The parent can still see the account record, but not use its resources.
      assert.equal((await api(platform, 'GET', `${accountsPath}/${sid}.json`, root)).status, 200);
      assert.equal((await api(platform, 'GET', numbersOf(sid), root)).body.code, 20005);
      await api(platform, 'POST', `${accountsPath}/${sid}.json`, root, { Status: 'active' });
      assert.equal((await api(platform, 'GET', numbersOf(sid), own)).status, 200);
    });

    test('an account cannot change its own status', async () => {
      const r = await api(platform, 'POST', `${accountsPath}/${platform.sid}.json`, root, { Status: 'suspended' });
      assert.equal(r.status, 400);
      assert.equal(r.body.code, 20001);
    });

    test('closing a subaccount releases its numbers and revokes its keys', async () => {
      const sub = await api(platform, 'POST', `${accountsPath}.json`, root, { FriendlyName: 'to close' });
      const sid = String(sub.body.sid);
      const number = await api(platform, 'POST', numbersOf(sid), root, { AreaCode: '303' });
      assert.equal(number.status, 201);
      const key = await api(platform, 'POST', `${accountsPath}/${sid}/Keys.json`, [sid, String(sub.body.auth_token)], {});
      await api(platform, 'POST', `${accountsPath}/${sid}.json`, root, { Status: 'closed' });
      assert.equal((await api(platform, 'GET', numbersOf(sid), [String(key.body.sid), String(key.body.secret)])).status, 401);
      const rebuy = await api(platform, 'POST', numbersOf(platform.sid), root, { PhoneNumber: String(number.body.phone_number) });
      assert.equal(rebuy.status, 201, 'the released number is back in the inventory');
    });

    test('test credentials answer with Twilio\'s magic numbers and nothing is bought', async () => {
      const test: Creds = [platform.account.testSid, platform.account.testAuthToken];
      const path = numbersOf(platform.account.testSid);
      const ok = await api(platform, 'POST', path, test, { PhoneNumber: '+15005550006' });
      assert.equal(ok.status, 201);
      assert.equal(ok.body.account_sid, platform.account.testSid);
      assert.equal(ok.body.phone_number, '+15005550006');
      assert.equal((await api(platform, 'POST', path, test, { AreaCode: '500' })).body.phone_number, '+15005550006');
      const cases: Array<[Record<string, string>, number]> = [
        [{ PhoneNumber: '+15005550000' }, 21422], [{ PhoneNumber: '+15005550001' }, 21421], [{ AreaCode: '533' }, 21452],
      ];
      for (const [form, code] of cases) {
        const r = await api(platform, 'POST', path, test, form);
        assert.equal(r.status, 400);
        assert.equal(r.body.code, code, JSON.stringify(form));
      }
      const live = await api(platform, 'GET', numbersOf(platform.sid), root);
      assert.ok(!(live.body.incoming_phone_numbers as Array<{ phone_number: string }>).some((n) => n.phone_number === '+15005550006'));
    });

    test('test credentials are refused everywhere else with 403 (20008)', async () => {
      const test: Creds = [platform.account.testSid, platform.account.testAuthToken];
      for (const [method, path] of [['GET', numbersOf(platform.account.testSid)], ['POST', `${accountsPath}/${platform.account.testSid}/Applications.json`], ['GET', `${accountsPath}.json`]] as const) {
        const r = await api(platform, method, path, test, method === 'POST' ? {} : undefined);
        assert.equal(r.status, 403, path);
        assert.equal(r.body.code, 20008);
      }
      // Live credentials do not work on the test SID, nor test credentials on the live SID.
      assert.equal((await api(platform, 'POST', numbersOf(platform.sid), test, { PhoneNumber: '+15005550006' })).status, 401);
      assert.equal((await api(platform, 'POST', numbersOf(platform.account.testSid), root, { PhoneNumber: '+15005550006' })).status, 401);
    });
  });
}
