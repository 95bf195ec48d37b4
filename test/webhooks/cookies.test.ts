/**
 * Cookies across webhooks, as Twilio keeps them: the jar's rules (unit), an SMS conversation
 * counted with a cookie as in Twilio's own tutorial (each From/To pair its own), and a call's
 * cookie coming back on its next TwiML request.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startAppServer } from '../support/app-server.js';
import type { AppServer } from '../support/app-server.js';
import { receivedBody, text } from '../support/messaging.js';
import { DIALECTS } from '../support/platform.js';
import { callEnded, createPhone, phoneCall, startVoiceApp } from '../support/voice.js';
import type { VoiceApp } from '../support/voice.js';
import { ConversationCookies, SMS_COOKIE_MAX_AGE_S } from '../../src/webhooks/index.js';

describe('a conversation\'s cookie jar', () => {
  test('a cookie comes back to its own site only, and not to http when Secure', () => {
    const jar = ConversationCookies.empty();
    jar.take('https://app.example.com/sms', ['session=abc; Path=/; HttpOnly', 'token=s3cret; Secure']);
    assert.equal(jar.header('https://app.example.com/next'), 'session=abc; token=s3cret');
    assert.equal(jar.header('http://app.example.com/next'), 'session=abc', 'a Secure cookie goes over https only');
    assert.equal(jar.header('https://other.example.net/sms'), '', 'another site gets none');
    jar.take('https://app.example.com/sms', ['stray=1; Domain=other.example.net']);
    assert.equal(jar.header('https://other.example.net/'), '', 'a site cannot set cookies for another');
  });

  test('Max-Age=0 deletes; with a cap, no cookie lives longer than it (a session cookie gets it)', () => {
    const jar = ConversationCookies.empty(SMS_COOKIE_MAX_AGE_S);
    jar.take('http://app.test/', ['a=1', 'b=2; Max-Age=86400', 'c=3; Max-Age=60']);
    const saved = JSON.parse(jar.serialize()) as { cookies: Array<{ key: string; maxAge?: number }> };
    assert.deepEqual(saved.cookies.map((c) => [c.key, c.maxAge]), [['a', SMS_COOKIE_MAX_AGE_S], ['b', SMS_COOKIE_MAX_AGE_S], ['c', 60]]);
    jar.take('http://app.test/', ['a=; Max-Age=0']);
    assert.equal(jar.header('http://app.test/'), 'b=2; c=3');
    const restored = ConversationCookies.restore(jar.serialize(), SMS_COOKIE_MAX_AGE_S);
    assert.equal(restored.header('http://app.test/'), 'b=2; c=3', 'a saved jar restores');
    assert.equal(restored.changed, false);
    assert.equal(ConversationCookies.restore('not json').header('http://app.test/'), '', 'an unreadable jar starts empty');
  });

  test('a jar keeps at most 20 cookies, the newest', () => {
    const jar = ConversationCookies.empty();
    jar.take('http://app.test/', Array.from({ length: 25 }, (_, i) => `k${i}=${i}`));
    const keys = jar.header('http://app.test/').split('; ').map((c) => c.split('=')[0]);
    assert.equal(keys.length, 20);
    assert.ok(keys.includes('k24') && !keys.includes('k0'));
  });
});

for (const dialect of DIALECTS) {
  describe(`cookies across webhooks (${dialect})`, () => {
    let setup: VoiceApp;
    let app: AppServer;
    before(async () => {
      setup = await startVoiceApp(dialect, (a) => {
        // Twilio's "SMS conversations" tutorial: a counter kept in a cookie.
        a.route('/sms', (req, res) => {
          const count = Number(/(?:^|; )counter=(\d+)/.exec(String(req.headers.cookie ?? ''))?.[1] ?? '0') + 1;
          res.writeHead(200, { 'content-type': 'text/xml', 'set-cookie': [`counter=${count}; Path=/; HttpOnly`, 'seen=yes'] });
          res.end(`<Response><Message>You have sent ${count} message${count === 1 ? '' : 's'}.</Message></Response>`);
        });
        a.route('/voice', (_req, res) => {
          res.writeHead(200, { 'content-type': 'text/xml', 'set-cookie': 'caller=known; Path=/' });
          res.end('<Response><Redirect>/next</Redirect></Response>');
        });
        a.route('/next', (req, res) => {
          res.writeHead(200, { 'content-type': 'text/xml' });
          res.end(`<Response><Say>${req.headers.cookie === 'caller=known' ? 'Welcome back.' : 'Who are you?'}</Say></Response>`);
        });
      }, { live: true });
      app = setup.app;
      await setup.platform.client.incomingPhoneNumbers.list({ phoneNumber: setup.number }).then(([n]) => setup.platform.client.incomingPhoneNumbers(n?.sid ?? '').update({ smsUrl: `${app.origin}/sms` }));
    });
    after(() => setup.stop());

    test('an SMS conversation keeps the cookie the app sets, per From/To pair', async () => {
      const { platform, number } = setup;
      const alice = await createPhone(platform);
      const bob = await createPhone(platform);
      for (const [phone, count] of [[alice, 1], [alice, 2], [bob, 1], [alice, 3]] as const) {
        await text(platform, phone, number, 'hello');
        await receivedBody(platform, phone, `You have sent ${count} message${count === 1 ? '' : 's'}.`);
      }
      const sent = app.hits('/sms').map((r) => r.headers.cookie ?? null);
      assert.deepEqual(sent, [null, 'counter=1; seen=yes', null, 'counter=2; seen=yes'], 'the first message of each pair has no cookie');
    });

    test("a call's cookie comes back on its next TwiML request", async () => {
      const { platform, number } = setup;
      const caller = await createPhone(platform);
      const callSid = await phoneCall(platform, caller, number);
      await callEnded(platform, callSid);
      const next = app.hits('/next').at(-1);
      assert.equal(next?.headers.cookie, 'caller=known');
      const other = await phoneCall(platform, caller, number);
      await callEnded(platform, other);
      const first = app.hits('/voice').at(-1);
      assert.equal(first?.headers.cookie, undefined, 'a new call starts with no cookies');
    });
  });
}
