/**
 * Twilio's default opt-out handling end to end: a recipient who texts STOP gets Twilio's
 * confirmation and further messages to them are refused with 21610 until they text START;
 * HELP gets the help reply; every default keyword works as texted. The app still sees the
 * keyword; without the number's own opt-out settings (Twilio's Advanced Opt-Out), no
 * OptOutType comes with it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DEFAULT_REPLIES } from '../../src/messaging/opt-out.js';
import { isOptedOut } from '../../src/store/messages.js';
import { startAppServer, xml } from '../support/app-server.js';
import type { AppServer } from '../support/app-server.js';
import { DIALECTS, startTestPlatform } from '../support/platform.js';
import type { TestPlatform } from '../support/platform.js';
import { text } from '../support/messaging.js';
import { eventually, sim } from '../support/sim.js';
import { sdkClient, twilioCode } from '../support/twilio.js';
import type { TwilioClient } from '../support/twilio.js';

type Inbox = { messages: Array<{ direction: string; body: string }> };

for (const dialect of DIALECTS) {
  describe(`opt-out keywords (${dialect})`, () => {
    let platform: TestPlatform;
    let client: TwilioClient;
    let app: AppServer;
    let number: string;
    const phone = '+16505550200';
    const inboxHas = (body: string) => eventually(async () =>
      (await sim<Inbox>(platform, 'GET', `/Phones/${encodeURIComponent(phone)}/Messages`)).body.messages.some((m) => m.direction === 'in' && m.body === body));

    before(async () => {
      platform = await startTestPlatform(dialect);
      client = sdkClient(platform.url, platform.sid, platform.token);
      app = await startAppServer();
      app.route('/sms', xml('<Response/>'));
      number = (await client.incomingPhoneNumbers.create({ areaCode: '305', smsUrl: `${app.origin}/sms` })).phoneNumber;
      await sim(platform, 'POST', '/Phones', { number: phone });
    });
    after(async () => {
      await app.close();
      await platform.stop();
    });

    test('STOP unsubscribes (21610 afterwards) with Twilio\'s reply; START resubscribes; HELP answers', async () => {
      await sim(platform, 'POST', `/Phones/${encodeURIComponent(phone)}/Messages`, { to: number, body: '  stop ' });
      await inboxHas(DEFAULT_REPLIES.stop);
      const webhook = await eventually(async () => app.hits('/sms').at(-1));
      assert.equal(new URLSearchParams(webhook.body).get('Body'), '  stop ');
      // Twilio sends OptOutType "only when … a Messaging Service that has Advanced Opt-Out enabled".
      assert.equal(new URLSearchParams(webhook.body).get('OptOutType'), null);
      assert.equal(await twilioCode(client.messages.create({ to: phone, from: number, body: 'promo' })), 21610);

      await sim(platform, 'POST', `/Phones/${encodeURIComponent(phone)}/Messages`, { to: number, body: 'START' });
      await inboxHas(DEFAULT_REPLIES.start);
      const ok = await client.messages.create({ to: phone, from: number, body: 'welcome back' });
      assert.equal(ok.status, 'queued');
      await inboxHas('welcome back');

      await sim(platform, 'POST', `/Phones/${encodeURIComponent(phone)}/Messages`, { to: number, body: 'Help' });
      await inboxHas(DEFAULT_REPLIES.help);
      // "stop please" is an ordinary message.
      await sim(platform, 'POST', `/Phones/${encodeURIComponent(phone)}/Messages`, { to: number, body: 'stop please' });
      await eventually(async () => app.hits('/sms').some((r) => new URLSearchParams(r.body).get('Body') === 'stop please'));
      assert.equal((await client.messages.create({ to: phone, from: number, body: 'still subscribed' })).status, 'queued');
    });

    test('every default keyword works when texted: each STOP word opts out (21610), each START word opts back in, INFO answers as HELP', async () => {
      const texter = '+16505550202';
      await sim(platform, 'POST', '/Phones', { number: texter });
      const optedOut = () => isOptedOut(platform.store.db, number, texter);
      const replies = async (body: string) => (await client.messages.list({ from: number, to: texter })).filter((m) => m.body === body).length;
      const starts = ['START', 'YES', 'UNSTOP'];
      for (const [n, word] of ['STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'STOP'].entries()) {
        await text(platform, texter, number, word.toLowerCase());
        await eventually(optedOut);
        assert.equal(await twilioCode(client.messages.create({ to: texter, from: number, body: `after ${word}` })), 21610, word);
        const start = starts[n % starts.length] ?? 'START';
        await text(platform, texter, number, start);
        await eventually(async () => !(await optedOut()));
        assert.equal((await client.messages.create({ to: texter, from: number, body: `after ${start}` })).status, 'queued', start);
      }
      await text(platform, texter, number, 'INFO');
      await eventually(async () => (await replies(DEFAULT_REPLIES.help)) === 1);
    });

    test('someone opted out gets no reply to a HELP or a second STOP, and the app still receives both', async () => {
      // A reply is created before the app is asked: counting the messages sent to the phone is exact.
      const inbox = async () => (await client.messages.list({ from: number, to: phone })).length;
      await sim(platform, 'POST', `/Phones/${encodeURIComponent(phone)}/Messages`, { to: number, body: 'STOP' });
      await eventually(async () => app.hits('/sms').some((r) => new URLSearchParams(r.body).get('Body') === 'STOP'));
      await eventually(async () => {
        const [last] = await client.messages.list({ from: number, to: phone, limit: 1 });
        return last?.body === DEFAULT_REPLIES.stop && last.status === 'delivered';
      });
      const before = await inbox();
      for (const body of ['help', 'QUIT']) {
        await sim(platform, 'POST', `/Phones/${encodeURIComponent(phone)}/Messages`, { to: number, body });
        await eventually(async () => app.hits('/sms').some((r) => new URLSearchParams(r.body).get('Body') === body));
      }
      assert.equal(await inbox(), before, 'no reply while opted out');
      await sim(platform, 'POST', `/Phones/${encodeURIComponent(phone)}/Messages`, { to: number, body: 'start' });
      await inboxHas(DEFAULT_REPLIES.start);
    });

    test('a STOP and a START sent back to back settle in the order they were sent, whichever is handled first', async () => {
      const other = '+16505550201';
      await sim(platform, 'POST', '/Phones', { number: other });
      const handled = (body: string) => eventually(async () => app.hits('/sms').some((r) => {
        const p = new URLSearchParams(r.body);
        return p.get('From') === other && p.get('Body') === body;
      }));
      const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
      const rounds = [['STOP', 'START'], ['UNSTOP', 'stop'], ['Stop', 'Start'], ['yes', 'END'], ['QUIT', 'unstop'], ['cancel', 'Yes']] as const;
      for (const [first, second] of rounds) {
        // Sent 3 ms apart: both are stored before either is handled, and their jobs run side by side.
        await Promise.all([text(platform, other, number, first), pause(3).then(() => text(platform, other, number, second))]);
        await Promise.all([handled(first), handled(second)]);
        const [last] = await platform.store.db.selectFrom('messages').select('body').where('direction', '=', 'inbound').where('fromNumber', '=', other)
          .orderBy('dateCreated', 'desc').limit(1).execute();
        const optedOut = ['STOP', 'END', 'QUIT', 'CANCEL', 'UNSUBSCRIBE', 'STOPALL'].includes(last?.body.toUpperCase() ?? '');
        // And the last confirmation the recipient got says so: a keyword handled after a later one confirms nothing.
        const [told] = await platform.store.db.selectFrom('messages').select('body').where('direction', '=', 'outbound-reply').where('toNumber', '=', other)
          .orderBy('dateCreated', 'desc').limit(1).execute();
        assert.equal(told?.body, optedOut ? DEFAULT_REPLIES.stop : DEFAULT_REPLIES.start, `${first} and ${second}: the last confirmation`);
        const sent = client.messages.create({ to: other, from: number, body: `after ${first} and ${second}` });
        if (optedOut) assert.equal(await twilioCode(sent), 21610, `${first} and ${second}, ${last?.body} last`);
        else assert.equal((await sent).status, 'queued', `${first} and ${second}, ${last?.body} last`);
      }
    });
  });
}
