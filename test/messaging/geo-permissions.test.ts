/**
 * Twilio's Messaging Geographic Permissions: with `DIALTONE_SMS_COUNTRIES`, a message to a country
 * not enabled (or to a number whose country is unknown) is refused with 21408, through the API
 * and in a TwiML reply (an alert); enabled countries are served as usual.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { xml } from '../support/app-server.js';
import { messageWithStatus, received, startMessagingApp, text } from '../support/messaging.js';
import type { MessagingApp } from '../support/messaging.js';
import { DIALECTS } from '../support/platform.js';
import { eventually, sim } from '../support/sim.js';
import { twilioCode } from '../support/twilio.js';

for (const dialect of DIALECTS) {
  describe(`geographic permissions (${dialect})`, () => {
    let setup: MessagingApp;
    before(async () => {
      setup = await startMessagingApp(dialect, { DIALTONE_SMS_COUNTRIES: 'US' });
      setup.app.route('/sms', xml('<Response><Message>thanks</Message></Response>'));
    });
    after(() => setup.stop());

    test('only the enabled countries are sent to: others get 21408, at the API and in a reply', async () => {
      const { platform, client, app } = setup;
      const number = (await client.incomingPhoneNumbers.create({ areaCode: '415', smsUrl: `${app.origin}/sms` })).phoneNumber;
      const home = '+16505550900';
      const abroad = '+447911123456';
      for (const phone of [home, abroad]) assert.equal((await sim(platform, 'POST', '/Phones', { number: phone })).status, 201);
      const sent = await client.messages.create({ to: home, from: number, body: 'in the US' });
      await messageWithStatus(client, sent.sid, 'delivered');
      for (const to of [abroad, '+4915112345678']) assert.equal(await twilioCode(client.messages.create({ to, from: number, body: 'abroad' })), 21408, to);
      // A texter abroad reaches the app, but its reply is refused, with an alert.
      const inbound = await text(platform, abroad, number, 'hello from London');
      const alert = await eventually(async () => (await platform.store.db.selectFrom('notifications').selectAll().where('resourceSid', '=', inbound).execute()).find((a) => a.errorCode === 21408));
      assert.match(alert.messageText, /21408|region/);
      assert.equal(app.hits('/sms').length, 1);
      assert.equal((await received(platform, abroad)).length, 0);
    });
  });
}
