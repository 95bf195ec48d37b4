/**
 * DIALTONE_PUBLIC_MEDIA=1: message media content is served without credentials, as Twilio
 * serves it unless "Enforce HTTP Auth on Media URLs" is enabled, so an app written for Twilio
 * that downloads `MediaUrl0` with a plain GET works unchanged. Everything else still needs the
 * account's credentials, and wrong credentials are still refused.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { bytes, startAppServer, xml } from '../support/app-server.js';
import type { AppServer } from '../support/app-server.js';
import { callbacksFor, text } from '../support/messaging.js';
import { DIALECTS, basic, startTestPlatform } from '../support/platform.js';
import type { TestPlatform } from '../support/platform.js';
import { eventually, sim } from '../support/sim.js';
import { sdkClient } from '../support/twilio.js';

for (const dialect of DIALECTS) {
  describe(`public media (${dialect})`, () => {
    let platform: TestPlatform;
    let app: AppServer;

    before(async () => {
      platform = await startTestPlatform(dialect, { DIALTONE_PUBLIC_MEDIA: '1' });
      app = await startAppServer();
    });
    after(async () => {
      await app.close();
      await platform.stop();
    });

    test("an app downloads an inbound MMS's MediaUrl0 with a plain GET; the rest of the API still needs credentials", async () => {
      const client = sdkClient(platform.url, platform.sid, platform.token);
      const photo = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 9, 8, 7]);
      app.route('/phone/photo.jpg', bytes(photo, 'image/jpeg'));
      app.route('/mms/sms', xml('<Response/>'));
      const number = (await client.incomingPhoneNumbers.create({ areaCode: '415', smsUrl: `${app.origin}/mms/sms` })).phoneNumber;
      const sender = '+16505550900';
      assert.equal((await sim(platform, 'POST', '/Phones', { number: sender })).status, 201);
      const sid = await text(platform, sender, number, 'a photo', [`${app.origin}/phone/photo.jpg`]);
      const hook = await eventually(async () => callbacksFor(app, '/mms/sms', sid)[0]);
      const url = hook.get('MediaUrl0') ?? '';

      const plain = await fetch(url, { redirect: 'manual' });
      assert.equal(plain.status, 200);
      assert.equal(plain.headers.get('content-type'), 'image/jpeg');
      assert.deepEqual(Buffer.from(await plain.arrayBuffer()), photo);
      assert.equal((await fetch(url, { headers: { authorization: basic(platform.sid, platform.token) } })).status, 200, 'credentials still work');
      assert.equal((await fetch(url, { headers: { authorization: basic(platform.sid, 'f'.repeat(32)) } })).status, 401, 'wrong ones do not');
      // Another account's path, or a SID that is not there: not found, whoever asks.
      assert.equal((await fetch(url.replace(platform.sid, `AC${'0'.repeat(32)}`))).status, 404);
      assert.equal((await fetch(url.replace(/ME[0-9a-f]{32}$/, `ME${'0'.repeat(32)}`))).status, 404);
      // The media's metadata, the media list and the message are not public.
      assert.equal((await fetch(`${url}.json`)).status, 401);
      assert.equal((await fetch(url.replace(/\/ME[0-9a-f]{32}$/, '.json'))).status, 401);
      assert.equal((await fetch(url.replace(/\/Media\/ME[0-9a-f]{32}$/, '.json'))).status, 401);
    });

    test("a suspended account's media is not served, with credentials or without (20005)", async () => {
      const parent = sdkClient(platform.url, platform.sid, platform.token);
      const sub = await parent.api.accounts.create({ friendlyName: 'media sub' });
      const client = sdkClient(platform.url, sub.sid, sub.authToken);
      app.route('/sub/photo.png', bytes(Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2]), 'image/png'));
      app.route('/sub/sms', xml('<Response/>'));
      const number = (await client.incomingPhoneNumbers.create({ areaCode: '415', smsUrl: `${app.origin}/sub/sms` })).phoneNumber;
      const sender = '+16505550901';
      assert.equal((await sim(platform, 'POST', '/Phones', { number: sender })).status, 201);
      const sid = await text(platform, sender, number, 'from the sub', [`${app.origin}/sub/photo.png`]);
      const url = (await eventually(async () => callbacksFor(app, '/sub/sms', sid)[0])).get('MediaUrl0') ?? '';
      assert.equal((await fetch(url)).status, 200);
      await parent.api.accounts(sub.sid).update({ status: 'suspended' });
      const refused = await fetch(url);
      assert.notEqual(refused.status, 200);
      assert.equal(((await refused.json()) as { code: number }).code, 20005);
    });
  });
}
