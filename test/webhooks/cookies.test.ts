/**
 * Cookies across webhooks, as Twilio keeps them: the jar's rules (unit), the store's saving of a
 * conversation's jar (merged, never overwritten; stale jars deleted), an SMS conversation counted
 * with a cookie as in Twilio's own tutorial (each From/To pair its own, concurrent messages
 * included), and a call's cookie coming back on its next TwiML request.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startAppServer } from '../support/app-server.js';
import type { AppServer } from '../support/app-server.js';
import { receivedBody, text } from '../support/messaging.js';
import { eventually } from '../support/sim.js';
import { DIALECTS } from '../support/platform.js';
import { callEnded, createPhone, phoneCall, startVoiceApp } from '../support/voice.js';
import type { VoiceApp } from '../support/voice.js';
import { loadSmsCookies, saveSmsCookies } from '../../src/store/sms-cookies.js';
import { ConversationCookies, SMS_COOKIE_MAX_AGE_S } from '../../src/webhooks/index.js';
import { useTestStore } from '../support/platform.js';

const HOUR = 3_600_000;
const APP = 'https://app.test/sms';

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

  test('Max-Age=0 deletes; with a cap, no cookie lives longer than it (a session cookie gets it)', (t) => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    t.mock.timers.enable({ apis: ['Date'], now });
    const jar = ConversationCookies.empty(SMS_COOKIE_MAX_AGE_S);
    jar.take('http://app.test/', ['a=1', 'b=2; Max-Age=86400', 'c=3; Max-Age=60']);
    const saved = JSON.parse(jar.serialize()) as { cookies: Array<{ key: string; expires?: string }> };
    const capped = new Date(now + SMS_COOKIE_MAX_AGE_S * 1000).toISOString();
    assert.deepEqual(saved.cookies.map((c) => [c.key, c.expires]), [['a', capped], ['b', capped], ['c', new Date(now + 60_000).toISOString()]]);
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

  test('Max-Age counts from when the cookie was set, not from its last use', (t) => {
    t.mock.timers.enable({ apis: ['Date'], now: Date.parse('2026-01-01T00:00:00Z') });
    const jar = ConversationCookies.empty();
    jar.take(APP, ['short=1; Max-Age=60']);
    for (let s = 0; s < 50; s += 10) {
      t.mock.timers.tick(10_000);
      assert.equal(jar.header(APP), 'short=1');
    }
    t.mock.timers.tick(20_000);
    assert.equal(jar.header(APP), '', 'gone 60 s after it was set, though sent every 10 s');
  });

  test('an SMS cookie lives four hours from when it was set, however often the conversation goes on', (t) => {
    t.mock.timers.enable({ apis: ['Date'], now: Date.parse('2026-01-01T00:00:00Z') });
    let saved: string | null = null;
    const sent: string[] = [];
    for (let hour = 0; hour <= 5; hour++) {
      const jar: ConversationCookies = saved === null ? ConversationCookies.empty(SMS_COOKIE_MAX_AGE_S) : ConversationCookies.restore(saved, SMS_COOKIE_MAX_AGE_S);
      sent.push(jar.header(APP));
      jar.take(APP, hour === 0 ? ['login=alice; Max-Age=86400', `n=${hour}`] : [`n=${hour}`]);
      saved = jar.mergeInto(saved);
      t.mock.timers.tick(HOUR - 1000);
    }
    assert.deepEqual(sent, ['', 'login=alice; n=0', 'login=alice; n=1', 'login=alice; n=2', 'login=alice; n=3', 'n=4']);
  });

  test('a saved jar holds no expired cookie, and stays within 16 KiB', () => {
    let saved: string | null = null;
    for (let i = 0; i < 30; i++) {
      const jar: ConversationCookies = saved === null ? ConversationCookies.empty(SMS_COOKIE_MAX_AGE_S) : ConversationCookies.restore(saved, SMS_COOKIE_MAX_AGE_S);
      jar.take(APP, [`live${i}=${'v'.repeat(3000)}`, `dead${i}=x; Path=/elsewhere; Expires=Thu, 01 Jan 1970 00:00:00 GMT`]);
      saved = jar.mergeInto(saved);
    }
    const keys = (JSON.parse(saved ?? '{}') as { cookies: { key: string }[] }).cookies.map((c) => c.key);
    assert.deepEqual(keys.sort(), ['live25', 'live26', 'live27', 'live28', 'live29']);
    assert.ok((saved ?? '').length < 20_000, `${saved?.length} bytes`);
  });

  test('what a jar took is merged into the jar saved meanwhile, deletions included', () => {
    const start = ConversationCookies.empty(SMS_COOKIE_MAX_AGE_S);
    start.take(APP, ['a=1', 'b=1']);
    const saved = start.mergeInto(null);
    const first = ConversationCookies.restore(saved ?? '', SMS_COOKIE_MAX_AGE_S);
    const second = ConversationCookies.restore(saved ?? '', SMS_COOKIE_MAX_AGE_S);
    first.take(APP, ['a=2']);
    second.take(APP, ['b=; Max-Age=0', 'c=3']);
    const merged = second.mergeInto(first.mergeInto(saved));
    assert.equal(ConversationCookies.restore(merged ?? '').header(APP), 'a=2; c=3');
    const gone = ConversationCookies.restore(merged ?? '', SMS_COOKIE_MAX_AGE_S);
    gone.take(APP, ['a=; Max-Age=0', 'c=; Max-Age=0']);
    assert.equal(gone.mergeInto(merged), null, 'an emptied jar is forgotten');
  });
});

for (const dialect of DIALECTS) {
  describe(`saved SMS cookie jars (${dialect})`, () => {
    const db = useTestStore(dialect, { before, after });
    const conversation = (from: string) => ({ accountSid: 'AC00000000000000000000000000000001', from, to: '+15005550006' });
    const setting = (cookie: string) => {
      const jar = ConversationCookies.empty(SMS_COOKIE_MAX_AGE_S);
      jar.take(APP, [cookie]);
      return (current: string | null) => jar.mergeInto(current);
    };

    test('saves racing on one conversation all keep their cookies', async () => {
      const c = conversation('+15551230001');
      await Promise.all(Array.from({ length: 8 }, (_, i) => saveSmsCookies(db.store.db, c, SMS_COOKIE_MAX_AGE_S, setting(`k${i}=${i}`))));
      const header = ConversationCookies.restore((await loadSmsCookies(db.store.db, c, SMS_COOKIE_MAX_AGE_S)) ?? '').header(APP);
      assert.deepEqual(header.split('; ').sort(), Array.from({ length: 8 }, (_, i) => `k${i}=${i}`));
    });

    test('a jar untouched for four hours is not loaded, and is deleted by the next save', async () => {
      const old = conversation('+15551230002');
      await saveSmsCookies(db.store.db, old, SMS_COOKIE_MAX_AGE_S, setting('x=1'));
      const stale = new Date(Date.now() - SMS_COOKIE_MAX_AGE_S * 1000 - 1000).toISOString();
      await db.store.db.updateTable('smsCookies').set({ dateUpdated: stale }).where('fromNumber', '=', old.from).execute();
      assert.equal(await loadSmsCookies(db.store.db, old, SMS_COOKIE_MAX_AGE_S), null);
      await saveSmsCookies(db.store.db, conversation('+15551230003'), SMS_COOKIE_MAX_AGE_S, setting('y=1'));
      const left = await db.store.db.selectFrom('smsCookies').select('fromNumber').where('fromNumber', '=', old.from).execute();
      assert.deepEqual(left, []);
    });
  });
}

for (const dialect of DIALECTS) {
  describe(`cookies across webhooks (${dialect})`, () => {
    let setup: VoiceApp;
    let app: AppServer;
    const held: Array<() => void> = [];
    before(async () => {
      setup = await startVoiceApp(dialect, (a) => {
        // Twilio's "SMS conversations" tutorial: a counter kept in a cookie.
        a.route('/sms', (req, res, received) => {
          // "slow <word>" is answered late, so that two messages' requests overlap.
          const slow = /^slow (\w+)$/.exec(new URLSearchParams(received.body).get('Body') ?? '')?.[1];
          if (received.body.includes('Body=redirect')) {
            res.writeHead(200, { 'content-type': 'text/xml', 'set-cookie': 'step=asked; Path=/' });
            res.end('<Response><Message>asked</Message><Redirect>/act</Redirect></Response>');
            return;
          }
          if (slow) {
            setTimeout(() => {
              res.writeHead(200, { 'content-type': 'text/xml', 'set-cookie': `seen_${slow}=1; Path=/` });
              res.end(`<Response><Message>ok ${slow}</Message></Response>`);
            }, 300);
            return;
          }
          const count = Number(/(?:^|; )counter=(\d+)/.exec(String(req.headers.cookie ?? ''))?.[1] ?? '0') + 1;
          res.writeHead(200, { 'content-type': 'text/xml', 'set-cookie': [`counter=${count}; Path=/; HttpOnly`, 'seen=yes'] });
          res.end(`<Response><Message>You have sent ${count} message${count === 1 ? '' : 's'}.</Message></Response>`);
        });
        // The redirect of the "redirect" reply is answered only when the test lets it.
        a.route('/act', (_req, res) => {
          held.push(() => {
            res.writeHead(200, { 'content-type': 'text/xml' });
            res.end('<Response><Message>acted</Message></Response>');
          });
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

    test('two messages of one conversation answered at once both keep the cookie their reply set', async () => {
      const { platform, number } = setup;
      const carol = await createPhone(platform);
      await Promise.all([text(platform, carol, number, 'slow a'), text(platform, carol, number, 'slow b')]);
      await receivedBody(platform, carol, 'ok a');
      await receivedBody(platform, carol, 'ok b');
      await text(platform, carol, number, 'slow c');
      await receivedBody(platform, carol, 'ok c');
      const last = app.hits('/sms').at(-1)?.headers.cookie ?? '';
      assert.match(String(last), /seen_a=1/);
      assert.match(String(last), /seen_b=1/);
    });

    test('the cookies an answer sets are saved before the reply goes on, so a job replayed after a crash keeps them', async () => {
      const { platform, number } = setup;
      const dave = await createPhone(platform);
      await text(platform, dave, number, 'redirect');
      await eventually(async () => held.length > 0);
      // The first document is journaled by now: a replay would not ask the app for it again.
      const saved = await platform.store.db.selectFrom('smsCookies').select('jar').where('fromNumber', '=', dave).executeTakeFirst();
      for (const release of held.splice(0)) release();
      assert.match(saved?.jar ?? '', /"key":"step"/);
      await receivedBody(platform, dave, 'acted');
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
