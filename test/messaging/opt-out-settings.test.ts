/**
 * A number's own opt-out handling through Dialtone's API (/dialtone/v1/PhoneNumbers/{Sid}/OptOut):
 * its own keywords and replies, a reply turned off, handling turned off, and back to Twilio's
 * defaults; one number's settings leave the others alone. Driven end to end: virtual phones
 * text the numbers, the app sees each message, and sending is refused with 21610 after an opt-out.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DEFAULT_KEYWORDS, DEFAULT_REPLIES } from '../../src/messaging/opt-out.js';
import { startAppServer, xml } from '../support/app-server.js';
import type { AppServer } from '../support/app-server.js';
import { DIALECTS, api, startTestPlatform } from '../support/platform.js';
import type { TestPlatform } from '../support/platform.js';
import { eventually, sim } from '../support/sim.js';
import { sdkClient, twilioCode } from '../support/twilio.js';
import type { TwilioClient } from '../support/twilio.js';

type Inbox = { messages: Array<{ direction: string; body: string }> };

for (const dialect of DIALECTS) {
  describe(`a number's own opt-out handling (${dialect})`, () => {
    let platform: TestPlatform;
    let client: TwilioClient;
    let app: AppServer;
    let auth: [string, string];
    let phones = 0;

    const settings = (number: string) => `/dialtone/v1/PhoneNumbers/${encodeURIComponent(number)}/OptOut`;
    const buy = async () => (await client.incomingPhoneNumbers.create({ areaCode: '212', smsUrl: `${app.origin}/sms` }));
    const phone = async () => {
      const number = `+1650555${String(3000 + phones++).padStart(4, '0')}`;
      await sim(platform, 'POST', '/Phones', { number });
      return number;
    };
    const texts = async (from: string, to: string, body: string) => {
      await sim(platform, 'POST', `/Phones/${encodeURIComponent(from)}/Messages`, { to, body });
      return eventually(async () => app.hits('/sms').map((r) => new URLSearchParams(r.body)).find((p) => p.get('From') === from && p.get('Body') === body));
    };
    const received = async (phoneNumber: string) =>
      (await sim<Inbox>(platform, 'GET', `/Phones/${encodeURIComponent(phoneNumber)}/Messages`)).body.messages.filter((m) => m.direction === 'in').map((m) => m.body);

    before(async () => {
      platform = await startTestPlatform(dialect);
      client = sdkClient(platform.url, platform.sid, platform.token);
      auth = [platform.sid, platform.token];
      app = await startAppServer();
      app.route('/sms', xml('<Response/>'));
    });
    after(async () => {
      await app.close();
      await platform.stop();
    });

    test('a number shows Twilio\'s defaults until it sets its own', async () => {
      const number = await buy();
      const r = await api(platform, 'GET', settings(number.sid), auth);
      assert.equal(r.status, 200);
      assert.deepEqual(
        { ...r.body, date_updated: undefined },
        {
          account_sid: platform.sid, phone_number_sid: number.sid, phone_number: number.phoneNumber, defaults: true, enabled: true,
          stop_keywords: DEFAULT_KEYWORDS.stop, start_keywords: DEFAULT_KEYWORDS.start, help_keywords: DEFAULT_KEYWORDS.help,
          stop_reply: DEFAULT_REPLIES.stop, start_reply: DEFAULT_REPLIES.start, help_reply: DEFAULT_REPLIES.help,
          date_updated: undefined, url: `/dialtone/v1/PhoneNumbers/${number.sid}/OptOut`,
        },
      );
      // By E.164 too.
      assert.equal((await api(platform, 'GET', settings(number.phoneNumber), auth)).body.phone_number_sid, number.sid);
    });

    test('its own keywords and replies: ARRET opts out with its reply, STOP is an ordinary message, HELP replies nothing', async () => {
      const number = await buy();
      const other = await buy();
      const set = await api(platform, 'POST', settings(number.sid), auth, { StopKeywords: 'arret, Fin', StopReply: 'Vous êtes désabonné.', HelpReply: '' });
      assert.equal(set.status, 200);
      assert.deepEqual(set.body.stop_keywords, ['ARRET', 'FIN']);
      assert.equal(set.body.defaults, false);
      assert.deepEqual(set.body.start_keywords, DEFAULT_KEYWORDS.start);
      const alice = await phone();

      const stop = await texts(alice, number.phoneNumber, 'STOP');
      assert.equal(stop.get('OptOutType'), null);
      assert.equal((await client.messages.create({ to: alice, from: number.phoneNumber, body: 'still here' })).status, 'queued');

      const help = await texts(alice, number.phoneNumber, 'help');
      assert.equal(help.get('OptOutType'), 'HELP');

      const arret = await texts(alice, number.phoneNumber, ' Arret ');
      assert.equal(arret.get('OptOutType'), 'STOP');
      await eventually(async () => (await received(alice)).includes('Vous êtes désabonné.'));
      assert.equal(await twilioCode(client.messages.create({ to: alice, from: number.phoneNumber, body: 'promo' })), 21610);
      // The help reply was turned off; Twilio's own replies never went out from this number.
      const got = await received(alice);
      assert.ok(!got.includes(DEFAULT_REPLIES.help) && !got.includes(DEFAULT_REPLIES.stop), got.join(' | '));

      // The other number keeps Twilio's defaults.
      const bob = await phone();
      await texts(bob, other.phoneNumber, 'STOP');
      await eventually(async () => (await received(bob)).includes(DEFAULT_REPLIES.stop));
      assert.equal(await twilioCode(client.messages.create({ to: bob, from: other.phoneNumber, body: 'promo' })), 21610);

      // START (a default word still) lifts the opt-out, with Twilio's reply.
      await texts(alice, number.phoneNumber, 'start');
      await eventually(async () => (await received(alice)).includes(DEFAULT_REPLIES.start));
      assert.equal((await client.messages.create({ to: alice, from: number.phoneNumber, body: 'welcome back' })).status, 'queued');
    });

    test('Enabled=false: no keyword is handled; DELETE goes back to Twilio\'s defaults', async () => {
      const number = await buy();
      const carol = await phone();
      assert.equal((await api(platform, 'POST', settings(number.phoneNumber), auth, { Enabled: 'false' })).body.enabled, false);
      const stop = await texts(carol, number.phoneNumber, 'STOP');
      assert.equal(stop.get('OptOutType'), null);
      assert.equal((await client.messages.create({ to: carol, from: number.phoneNumber, body: 'not opted out' })).status, 'queued');
      await eventually(async () => (await received(carol)).includes('not opted out'));
      assert.ok(!(await received(carol)).includes(DEFAULT_REPLIES.stop));

      const reset = await api(platform, 'DELETE', settings(number.sid), auth);
      assert.equal(reset.status, 204);
      assert.equal((await api(platform, 'GET', settings(number.sid), auth)).body.defaults, true);
      await texts(carol, number.phoneNumber, 'STOP');
      await eventually(async () => (await received(carol)).includes(DEFAULT_REPLIES.stop));
      assert.equal(await twilioCode(client.messages.create({ to: carol, from: number.phoneNumber, body: 'promo' })), 21610);
    });

    test('bad settings are refused with 20001 and change nothing; other accounts\' numbers are not found', async () => {
      const number = await buy();
      const cases: Array<[Record<string, string>, RegExp]> = [
        [{ StopKeywords: 'STOP NOW!' }, /NOW! is not a keyword/],
        [{ HelpKeywords: 'x'.repeat(33) }, /longer than 32/],
        [{ StopKeywords: Array.from({ length: 21 }, (_, i) => `W${i}`).join(' ') }, /At most 20 keywords/],
        [{ StartKeywords: 'START STOP' }, /STOP cannot be a keyword of two kinds/],
        [{ StopReply: 'x'.repeat(321) }, /StopReply/],
        [{ Enabled: 'maybe' }, /Enabled/],
      ];
      for (const [form, message] of cases) {
        const r = await api(platform, 'POST', settings(number.sid), auth, form);
        assert.equal(r.status, 400, JSON.stringify(form));
        assert.equal(r.body.code, 20001, JSON.stringify(form));
        assert.match(String(r.body.message), message);
      }
      assert.equal((await api(platform, 'GET', settings(number.sid), auth)).body.defaults, true);

      const sub = await client.api.v2010.accounts.create({ friendlyName: 'tenant' });
      const theirs = (await api(platform, 'POST', `/2010-04-01/Accounts/${sub.sid}/IncomingPhoneNumbers.json`, [sub.sid, sub.authToken], { AreaCode: '212' })).body;
      const path = settings(String(theirs.sid));
      assert.equal((await api(platform, 'GET', path, auth)).body.code, 20404);
      assert.equal((await api(platform, 'POST', path, auth, { Enabled: 'false' })).body.code, 20404);
      assert.equal((await api(platform, 'GET', settings(String(theirs.phone_number)), auth)).body.code, 20404);
      assert.equal((await api(platform, 'GET', path, [sub.sid, sub.authToken])).body.defaults, true);
      assert.equal((await api(platform, 'GET', settings(number.sid), null)).status, 401);
    });
  });
}
