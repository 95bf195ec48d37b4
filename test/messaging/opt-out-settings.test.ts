/**
 * A number's own opt-out handling through Dialtone's API (/dialtone/v1/PhoneNumbers/{Sid}/OptOut):
 * its own keywords and replies (STOP, START and HELP always stay), back to Twilio's defaults,
 * gone with the number; one number's settings leave the others alone; a parent account reaches
 * its subaccounts' numbers, nobody else does. Driven end to end: virtual phones
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
          account_sid: platform.sid, phone_number_sid: number.sid, phone_number: number.phoneNumber, defaults: true,
          stop_keywords: DEFAULT_KEYWORDS.stop, start_keywords: DEFAULT_KEYWORDS.start, help_keywords: DEFAULT_KEYWORDS.help,
          stop_reply: DEFAULT_REPLIES.stop, start_reply: DEFAULT_REPLIES.start, help_reply: DEFAULT_REPLIES.help,
          date_updated: undefined, url: `/dialtone/v1/PhoneNumbers/${number.sid}/OptOut`,
        },
      );
      // By E.164 too.
      assert.equal((await api(platform, 'GET', settings(number.phoneNumber), auth)).body.phone_number_sid, number.sid);
    });

    test('its own keywords and replies: ARRET opts out with its reply, QUIT and INFO are ordinary messages, STOP and START stay', async () => {
      const number = await buy();
      const other = await buy();
      const set = await api(platform, 'POST', settings(number.sid), auth, { StopKeywords: 'arret, Fin', StopReply: 'Vous êtes désabonné.', HelpKeywords: '' });
      assert.equal(set.status, 200);
      assert.deepEqual(set.body.stop_keywords, ['STOP', 'ARRET', 'FIN']);
      assert.deepEqual(set.body.help_keywords, ['HELP']);
      assert.deepEqual(set.body.start_keywords, DEFAULT_KEYWORDS.start);
      assert.equal(set.body.defaults, false);
      const alice = await phone();

      for (const body of ['QUIT', 'info']) assert.equal((await texts(alice, number.phoneNumber, body)).get('OptOutType'), null, body);
      assert.equal((await client.messages.create({ to: alice, from: number.phoneNumber, body: 'still here' })).status, 'queued');

      const arret = await texts(alice, number.phoneNumber, ' Arret ');
      assert.equal(arret.get('OptOutType'), 'STOP');
      await eventually(async () => (await received(alice)).includes('Vous êtes désabonné.'));
      assert.equal(await twilioCode(client.messages.create({ to: alice, from: number.phoneNumber, body: 'promo' })), 21610);
      assert.ok(!(await received(alice)).includes(DEFAULT_REPLIES.stop));

      // The other number keeps Twilio's defaults.
      const bob = await phone();
      await texts(bob, other.phoneNumber, 'QUIT');
      await eventually(async () => (await received(bob)).includes(DEFAULT_REPLIES.stop));
      assert.equal(await twilioCode(client.messages.create({ to: bob, from: other.phoneNumber, body: 'promo' })), 21610);

      // START lifts the opt-out, with Twilio's reply; STOP is still a keyword.
      await texts(alice, number.phoneNumber, 'start');
      await eventually(async () => (await received(alice)).includes(DEFAULT_REPLIES.start));
      assert.equal((await client.messages.create({ to: alice, from: number.phoneNumber, body: 'welcome back' })).status, 'queued');
      assert.equal((await texts(alice, number.phoneNumber, 'stop')).get('OptOutType'), 'STOP');
      assert.equal(await twilioCode(client.messages.create({ to: alice, from: number.phoneNumber, body: 'promo' })), 21610);
    });

    test('its own START and HELP replies are the ones sent', async () => {
      const number = await buy();
      const set = await api(platform, 'POST', settings(number.sid), auth, { StartReply: 'Welcome back, friend.', HelpReply: 'Call 555-0100 for help.' });
      assert.equal(set.status, 200);
      const carol = await phone();
      await texts(carol, number.phoneNumber, 'HELP');
      await eventually(async () => (await received(carol)).includes('Call 555-0100 for help.'));
      await texts(carol, number.phoneNumber, 'STOP');
      await eventually(async () => (await received(carol)).includes(DEFAULT_REPLIES.stop));
      await texts(carol, number.phoneNumber, 'START');
      await eventually(async () => (await received(carol)).includes('Welcome back, friend.'));
      const got = await received(carol);
      assert.ok(!got.includes(DEFAULT_REPLIES.help) && !got.includes(DEFAULT_REPLIES.start), got.join(' | '));
    });

    test('DELETE goes back to Twilio\'s defaults; a POST that sets nothing keeps them; the settings go with the number', async () => {
      const number = await buy();
      const carol = await phone();
      await api(platform, 'POST', settings(number.sid), auth, { StopKeywords: 'BASTA', StopReply: 'Ciao.' });
      assert.equal((await api(platform, 'DELETE', settings(number.sid), auth)).status, 204);
      assert.equal((await api(platform, 'GET', settings(number.sid), auth)).body.defaults, true);
      assert.equal((await api(platform, 'POST', settings(number.sid), auth)).body.defaults, true);
      assert.equal((await texts(carol, number.phoneNumber, 'BASTA')).get('OptOutType'), null);
      await texts(carol, number.phoneNumber, 'QUIT');
      await eventually(async () => (await received(carol)).includes(DEFAULT_REPLIES.stop));

      await api(platform, 'POST', settings(number.sid), auth, { HelpReply: 'Call us.' });
      const rows = () => platform.store.db.selectFrom('optOutSettings').select('phoneNumberSid').where('phoneNumberSid', '=', number.sid).execute();
      assert.equal((await rows()).length, 1);
      assert.equal(await client.incomingPhoneNumbers(number.sid).remove(), true);
      assert.deepEqual(await rows(), []);
      assert.equal((await api(platform, 'GET', settings(number.sid), auth)).body.code, 20404);
    });

    test('concurrent changes of one number are applied one after the other', async () => {
      const number = await buy();
      const results = await Promise.all([
        api(platform, 'POST', settings(number.sid), auth, { StopKeywords: 'ALPHA' }),
        api(platform, 'POST', settings(number.sid), auth, { HelpKeywords: 'BETA' }),
        api(platform, 'POST', settings(number.sid), auth, { StartReply: 'Hello again.' }),
      ]);
      assert.deepEqual(results.map((r) => r.status), [200, 200, 200]);
      const now = (await api(platform, 'GET', settings(number.sid), auth)).body;
      assert.deepEqual(now.stop_keywords, ['STOP', 'ALPHA']);
      assert.deepEqual(now.help_keywords, ['HELP', 'BETA']);
      assert.equal(now.start_reply, 'Hello again.');
    });

    test('bad settings are refused with 20001 and change nothing', async () => {
      const number = await buy();
      const cases: Array<[Record<string, string>, RegExp]> = [
        [{ StopKeywords: 'STOP NOW!' }, /NOW! is not a keyword/],
        [{ HelpKeywords: 'x'.repeat(33) }, /longer than 32/],
        [{ StopKeywords: Array.from({ length: 20 }, (_, i) => `W${i}`).join(' ') }, /At most 20 keywords of each kind, STOP included/],
        [{ StartKeywords: 'STOP' }, /STOP cannot be both a Stop and a Start keyword/],
        [{ StartKeywords: 'again quit' }, /QUIT cannot be both a Stop and a Start keyword/],
        [{ StopReply: '' }, /StopReply/],
        [{ HelpReply: 'x'.repeat(321) }, /HelpReply/],
      ];
      for (const [form, message] of cases) {
        const r = await api(platform, 'POST', settings(number.sid), auth, form);
        assert.equal(r.status, 400, JSON.stringify(form));
        assert.equal(r.body.code, 20001, JSON.stringify(form));
        assert.match(String(r.body.message), message);
      }
      assert.equal((await api(platform, 'GET', settings(number.sid), auth)).body.defaults, true);
    });

    test('a parent reaches its subaccounts\' numbers; a subaccount reaches neither its parent\'s nor a sibling\'s', async () => {
      const mine = await buy();
      const subs = await Promise.all(['one', 'two'].map((friendlyName) => client.api.v2010.accounts.create({ friendlyName })));
      const [one, two] = subs;
      assert.ok(one && two);
      const numberOf = async (account: { sid: string; authToken: string }) =>
        (await api(platform, 'POST', `/2010-04-01/Accounts/${account.sid}/IncomingPhoneNumbers.json`, [account.sid, account.authToken], { AreaCode: '212' })).body;
      const theirs = await numberOf(one);
      const siblings = await numberOf(two);
      const asParent = await api(platform, 'POST', settings(String(theirs.sid)), auth, { HelpReply: 'Ask your parent.' });
      assert.equal(asParent.status, 200);
      assert.equal(asParent.body.account_sid, one.sid);
      assert.equal((await api(platform, 'GET', settings(String(theirs.phone_number)), [one.sid, one.authToken])).body.help_reply, 'Ask your parent.');
      for (const path of [settings(mine.sid), settings(mine.phoneNumber), settings(String(siblings.sid))]) {
        assert.equal((await api(platform, 'GET', path, [one.sid, one.authToken])).body.code, 20404, path);
        assert.equal((await api(platform, 'POST', path, [one.sid, one.authToken], { HelpReply: 'x' })).body.code, 20404, path);
        assert.equal((await api(platform, 'DELETE', path, [one.sid, one.authToken])).body.code, 20404, path);
      }
      assert.equal((await api(platform, 'GET', settings(mine.sid), null)).status, 401);
      assert.equal((await api(platform, 'GET', settings('PN00000000000000000000000000000000'), auth)).body.code, 20404);
    });
  });
}
