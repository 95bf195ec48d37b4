/**
 * The official npm `twilio` SDK drives the foundation resources end to end, on every dialect:
 * accounts and subaccounts, API keys, phone numbers, applications, pagination and errors.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS, startTestPlatform } from '../support/platform.js';
import type { TestPlatform } from '../support/platform.js';
import { sdkClient, twilioCode } from '../support/twilio.js';
import type { TwilioClient } from '../support/twilio.js';

for (const dialect of DIALECTS) {
  describe(`npm twilio SDK (${dialect})`, () => {
    let platform: TestPlatform;
    let client: TwilioClient;
    before(async () => {
      platform = await startTestPlatform(dialect);
      client = sdkClient(platform.url, platform.sid, platform.token);
    });
    after(() => platform.stop());

    test('fetches its own account with Twilio\'s fields', async () => {
      const account = await client.api.v2010.accounts(platform.sid).fetch();
      assert.equal(account.sid, platform.sid);
      assert.equal(account.status, 'active');
      assert.equal(account.type, 'Full');
      assert.equal(account.ownerAccountSid, platform.sid);
      assert.ok(account.dateCreated instanceof Date && !Number.isNaN(account.dateCreated.getTime()));
      assert.equal(account.uri, `/2010-04-01/Accounts/${platform.sid}.json`);
      assert.equal(account.subresourceUris.incoming_phone_numbers, `/2010-04-01/Accounts/${platform.sid}/IncomingPhoneNumbers.json`);
    });

    test('creates, renames, suspends and reactivates a subaccount, which the parent then lists', async () => {
      const sub = await client.api.v2010.accounts.create({ friendlyName: 'Support team' });
      assert.match(sub.sid, /^AC[0-9a-f]{32}$/);
      assert.match(sub.authToken, /^[0-9a-f]{32}$/);
      assert.equal(sub.ownerAccountSid, platform.sid);
      const renamed = await client.api.v2010.accounts(sub.sid).update({ friendlyName: 'Support' });
      assert.equal(renamed.friendlyName, 'Support');
      assert.equal((await client.api.v2010.accounts(sub.sid).update({ status: 'suspended' })).status, 'suspended');
      const suspended = await client.api.v2010.accounts.list({ status: 'suspended' });
      assert.deepEqual(suspended.map((a) => a.sid), [sub.sid]);
      assert.equal((await client.api.v2010.accounts(sub.sid).update({ status: 'active' })).status, 'active');
      const all = await client.api.v2010.accounts.list();
      assert.ok(all.some((a) => a.sid === platform.sid) && all.some((a) => a.sid === sub.sid));
      const byName = await client.api.v2010.accounts.list({ friendlyName: 'Support' });
      assert.deepEqual(byName.map((a) => a.sid), [sub.sid]);
    });

    test('a closed subaccount cannot be reopened, and its credentials are refused', async () => {
      const sub = await client.api.v2010.accounts.create({ friendlyName: 'Temp' });
      await client.api.v2010.accounts(sub.sid).update({ status: 'closed' });
      assert.equal(await twilioCode(client.api.v2010.accounts(sub.sid).update({ status: 'active' })), 20001);
      const own = sdkClient(platform.url, sub.sid, sub.authToken);
      assert.equal(await twilioCode(own.api.v2010.accounts(sub.sid).fetch()), 20005);
    });

    test('an API key is shown its secret once and authenticates as its account', async () => {
      const key = await client.newKeys.create({ friendlyName: 'ci' });
      assert.match(key.sid, /^SK[0-9a-f]{32}$/);
      assert.match(key.secret, /^[0-9a-f]{32}$/);
      const fetched = await client.keys(key.sid).fetch();
      assert.equal(fetched.friendlyName, 'ci');
      assert.equal((fetched as unknown as Record<string, unknown>).secret, undefined);
      assert.equal((await client.keys(key.sid).update({ friendlyName: 'ci-2' })).friendlyName, 'ci-2');
      assert.ok((await client.keys.list()).some((k) => k.sid === key.sid));

      const viaKey = sdkClient(platform.url, key.sid, key.secret, platform.sid);
      const apps = await viaKey.applications.list();
      assert.ok(Array.isArray(apps));
      // Twilio: API keys cannot reach the Accounts and Keys resources.
      assert.equal(await twilioCode(viaKey.api.v2010.accounts(platform.sid).fetch()), 20003);
      assert.equal(await twilioCode(viaKey.keys.list()), 20003);

      assert.equal(await client.keys(key.sid).remove(), true);
      assert.equal(await twilioCode(viaKey.applications.list()), 20003);
      assert.equal(await twilioCode(client.keys(key.sid).fetch()), 20404);
    });

    test('searches available numbers and buys one by area code and one by number', async () => {
      const available = await client.availablePhoneNumbers('US').local.list({ areaCode: 415, limit: 5 });
      assert.equal(available.length, 5);
      for (const n of available) {
        assert.match(n.phoneNumber, /^\+1415\d{7}$/);
        assert.equal(n.region, 'CA');
        assert.equal(n.isoCountry, 'US');
        assert.equal(n.capabilities.voice, true);
      }
      const first = available[0];
      assert.ok(first);
      const bought = await client.incomingPhoneNumbers.create({ phoneNumber: first.phoneNumber, voiceUrl: 'https://app.example.com/voice', smsMethod: 'GET' });
      assert.match(bought.sid, /^PN[0-9a-f]{32}$/);
      assert.equal(bought.phoneNumber, first.phoneNumber);
      assert.equal(bought.voiceUrl, 'https://app.example.com/voice');
      assert.equal(bought.voiceMethod, 'POST');
      assert.equal(bought.smsMethod, 'GET');
      assert.deepEqual(bought.capabilities, { voice: true, sms: true, mms: true, fax: false });
      // Bought numbers leave the inventory.
      const again = await client.availablePhoneNumbers('US').local.list({ areaCode: 415, limit: 5 });
      assert.ok(!again.some((n) => n.phoneNumber === first.phoneNumber));

      const byArea = await client.incomingPhoneNumbers.create({ areaCode: '212', friendlyName: 'NYC line' });
      assert.match(byArea.phoneNumber, /^\+1212\d{7}$/);
      assert.equal(byArea.friendlyName, 'NYC line');

      const [free] = await client.availablePhoneNumbers('US').tollFree.list({ areaCode: 800, limit: 1 });
      assert.ok(free);
      const tollFree = await client.incomingPhoneNumbers.tollFree.create({ phoneNumber: free.phoneNumber });
      assert.match(tollFree.phoneNumber, /^\+1800\d{7}$/);
      assert.deepEqual((await client.incomingPhoneNumbers.tollFree.list()).map((n) => n.sid), [tollFree.sid]);

      const listed = await client.incomingPhoneNumbers.list({ phoneNumber: first.phoneNumber });
      assert.deepEqual(listed.map((n) => n.sid), [bought.sid]);
      assert.deepEqual((await client.incomingPhoneNumbers.list({ friendlyName: 'NYC line' })).map((n) => n.sid), [byArea.sid]);

      const updated = await client.incomingPhoneNumbers(bought.sid).update({ smsUrl: 'https://app.example.com/sms', voiceUrl: '' });
      assert.equal(updated.smsUrl, 'https://app.example.com/sms');
      assert.equal(updated.voiceUrl, '');
      assert.equal(await client.incomingPhoneNumbers(byArea.sid).remove(), true);
      assert.equal(await twilioCode(client.incomingPhoneNumbers(byArea.sid).fetch()), 20404);
    });

    test('a number is owned by one account at a time', async () => {
      const [n] = await client.availablePhoneNumbers('US').local.list({ areaCode: 512, limit: 1 });
      assert.ok(n);
      await client.incomingPhoneNumbers.create({ phoneNumber: n.phoneNumber });
      const sub = await client.api.v2010.accounts.create({ friendlyName: 'other' });
      const other = sdkClient(platform.url, sub.sid, sub.authToken);
      assert.equal(await twilioCode(other.incomingPhoneNumbers.create({ phoneNumber: n.phoneNumber })), 21422);
    });

    test('refuses bad numbers and area codes with Twilio\'s codes', async () => {
      assert.equal(await twilioCode(client.incomingPhoneNumbers.create({ phoneNumber: 'not a number' })), 21421);
      assert.equal(await twilioCode(client.incomingPhoneNumbers.create({ phoneNumber: '+19995550100' })), 21422);
      assert.equal(await twilioCode(client.incomingPhoneNumbers.create({ areaCode: '999' })), 21452);
      assert.equal(await twilioCode(client.incomingPhoneNumbers.create({ areaCode: '12' })), 21451);
      assert.equal(await twilioCode(client.incomingPhoneNumbers.create({ areaCode: '415', voiceUrl: 'ftp://nope' })), 21205);
    });

    test('applications: create, point a number at one, update, delete', async () => {
      const app = await client.applications.create({ friendlyName: 'IVR', voiceUrl: 'https://app.example.com/ivr', voiceMethod: 'GET', smsUrl: 'https://app.example.com/sms' });
      assert.match(app.sid, /^AP[0-9a-f]{32}$/);
      assert.equal(app.voiceMethod, 'GET');
      assert.equal(app.apiVersion, '2010-04-01');
      const number = await client.incomingPhoneNumbers.create({ areaCode: '206', voiceApplicationSid: app.sid });
      assert.equal(number.voiceApplicationSid, app.sid);
      assert.equal(await twilioCode(client.incomingPhoneNumbers(number.sid).update({ smsApplicationSid: 'AP00000000000000000000000000000000' })), 21218);
      const updated = await client.applications(app.sid).update({ voiceUrl: 'https://app.example.com/ivr2' });
      assert.equal(updated.voiceUrl, 'https://app.example.com/ivr2');
      assert.equal(updated.friendlyName, 'IVR');
      assert.deepEqual((await client.applications.list({ friendlyName: 'IVR' })).map((a) => a.sid), [app.sid]);
      assert.equal(await client.applications(app.sid).remove(), true);
      assert.equal((await client.incomingPhoneNumbers(number.sid).fetch()).voiceApplicationSid, null);
    });

    test('pages through a list with PageSize, next and previous pages', async () => {
      const sub = await client.api.v2010.accounts.create({ friendlyName: 'paging' });
      const c = sdkClient(platform.url, sub.sid, sub.authToken);
      const created: string[] = [];
      for (let i = 0; i < 7; i++) created.push((await c.applications.create({ friendlyName: `app ${i}` })).sid);
      const seen = (await c.applications.list({ pageSize: 3 })).map((a) => a.sid);
      assert.deepEqual(seen, created);
      const first = await c.applications.page({ pageSize: 3 });
      assert.equal(first.instances.length, 3);
      const second = await first.nextPage();
      assert.ok(second);
      assert.deepEqual(second.instances.map((a) => a.sid), created.slice(3, 6));
      const third = await second.nextPage();
      assert.ok(third);
      assert.deepEqual(third.instances.map((a) => a.sid), created.slice(6));
      assert.equal(await third.nextPage(), undefined);
      const back = await third.previousPage();
      assert.ok(back);
      assert.deepEqual(back.instances.map((a) => a.sid), created.slice(3, 6));
      let count = 0;
      await c.applications.each({ pageSize: 2 }, () => { count++; });
      assert.equal(count, 7);
    });

    test('a parent manages its subaccount\'s numbers (a sibling cannot be given one); the SDK surfaces 20404 for unknown SIDs', async () => {
      const sub = await client.api.v2010.accounts.create({ friendlyName: 'child' });
      const n = await client.api.v2010.accounts(sub.sid).incomingPhoneNumbers.create({ areaCode: '617' });
      assert.equal(n.accountSid, sub.sid);
      assert.deepEqual((await client.api.v2010.accounts(sub.sid).incomingPhoneNumbers.list()).map((x) => x.sid), [n.sid]);
      assert.equal((await client.incomingPhoneNumbers.list()).some((x) => x.sid === n.sid), false);
      // Moving the number up to the parent.
      const moved = await client.api.v2010.accounts(sub.sid).incomingPhoneNumbers(n.sid).update({ accountSid: platform.sid });
      assert.equal(moved.accountSid, platform.sid);
      assert.equal(await twilioCode(client.applications('AP0123456789abcdef0123456789abcdef').fetch()), 20404);
      // A sibling cannot be given a number, and the refused request changes nothing of it.
      const sibling = await client.api.v2010.accounts.create({ friendlyName: 'sibling' });
      const own = sdkClient(platform.url, sibling.sid, sibling.authToken);
      const kept = await own.incomingPhoneNumbers.create({ areaCode: '617', friendlyName: 'kept', voiceUrl: 'https://example.com/kept' });
      assert.equal(await twilioCode(own.incomingPhoneNumbers(kept.sid).update({ accountSid: sub.sid, friendlyName: 'moved', voiceUrl: 'https://example.com/moved' })), 20003);
      const after = await own.incomingPhoneNumbers(kept.sid).fetch();
      assert.deepEqual([after.accountSid, after.friendlyName, after.voiceUrl], [sibling.sid, 'kept', 'https://example.com/kept']);
    });
  });
}
