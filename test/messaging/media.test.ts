/**
 * MMS media copied onto the platform, as Twilio copies it: an outbound message fetches each
 * MediaUrl from a real local app before it is sent and serves the copy back (with the type the
 * app served) after the app has stopped serving it; media that cannot be fetched, of a type
 * Twilio does not accept, or over 5 MB in all fails the message with Twilio's code, a status
 * callback and an alert; an inbound MMS copies the sender's media before the app hears of it;
 * a message between two platform numbers hands its copy over; the fetch is unsigned and the
 * copy is never served as a page.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { copyMedia } from '../../src/messaging/media.js';
import { findMessageBySid } from '../../src/store/messages.js';
import { createWebhooks } from '../../src/webhooks/index.js';
import { bytes, startAppServer, xml } from '../support/app-server.js';
import type { AppServer } from '../support/app-server.js';
import { callbacksFor, messageWithStatus, received, text } from '../support/messaging.js';
import { DIALECTS, basic, startTestPlatform } from '../support/platform.js';
import type { TestPlatform } from '../support/platform.js';
import { eventually, sim } from '../support/sim.js';
import { sdkClient, twilioCode } from '../support/twilio.js';
import type { TwilioClient } from '../support/twilio.js';

/** Something that looks like a picture: a PNG signature and some bytes no text decoding would keep. */
const picture = (size: number, seed: number) => {
  const out = Buffer.alloc(size);
  out.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  for (let i = 8; i < size; i++) out[i] = (i * 31 + seed) & 0xff;
  return out;
};

for (const dialect of DIALECTS) {
  describe(`MMS media (${dialect})`, () => {
    let platform: TestPlatform;
    let client: TwilioClient;
    let app: AppServer;
    let number: string;
    let nextPhone = 300;

    const phone = async () => {
      const n = `+1650555${String(nextPhone++).padStart(4, '0')}`;
      assert.equal((await sim(platform, 'POST', '/Phones', { number: n })).status, 201);
      return n;
    };
    const content = (url: string) => fetch(url, { headers: { authorization: basic(platform.sid, platform.token) }, redirect: 'manual' });
    const contentUrl = (messageSid: string, mediaSid: string) => `${platform.url}/2010-04-01/Accounts/${platform.sid}/Messages/${messageSid}/Media/${mediaSid}`;
    const alerts = (sid: string) => platform.store.db.selectFrom('notifications').selectAll().where('resourceSid', '=', sid).execute();

    before(async () => {
      platform = await startTestPlatform(dialect);
      client = sdkClient(platform.url, platform.sid, platform.token);
      app = await startAppServer();
      app.route('/status', xml(''));
      number = (await client.incomingPhoneNumbers.create({ areaCode: '415' })).phoneNumber;
    });
    after(async () => {
      await app.close();
      await platform.stop();
    });

    test('an outbound MMS copies its media: the content is served back with the type the app served, after the app stops serving it', async () => {
      const to = await phone();
      const owl = picture(70_000, 1);
      const card = Buffer.from('BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Owl\r\nEND:VCARD\r\n');
      // The extension says JPEG; the app says PNG, and what the app says is the media's type.
      app.route('/media/owl.jpg', bytes(owl, 'image/png'));
      app.route('/media/card', bytes(card, 'text/vcard; charset=utf-8'));
      const m = await client.messages.create({ to, from: number, body: 'look', mediaUrl: [`${app.origin}/media/owl.jpg`, `${app.origin}/media/card`], statusCallback: `${app.origin}/status` });
      assert.match(m.sid, /^MM/);
      await messageWithStatus(client, m.sid, 'delivered');
      // The status is stored before its callback arrives: wait for the third.
      const told = await eventually(async () => { const seen = callbacksFor(app, '/status', m.sid); return seen.length >= 3 ? seen : null; });
      assert.deepEqual(told.map((p) => p.get('MessageStatus')), ['sending', 'sent', 'delivered']);
      assert.equal(app.hits('/media/owl.jpg').length, 1, 'fetched once');
      // The URL is the sender's choice: the fetch carries nothing of the account's.
      assert.equal(app.hits('/media/owl.jpg')[0]?.headers['x-twilio-signature'], undefined);
      const inbox = await received(platform, to);
      assert.deepEqual(inbox.find((e) => e.messageSid === m.sid)?.mediaUrls, [`${app.origin}/media/owl.jpg`, `${app.origin}/media/card`]);

      const media = await client.messages(m.sid).media.list();
      assert.deepEqual(media.map((x) => x.contentType), ['image/png', 'text/vcard']);
      app.route('/media/owl.jpg', xml('gone', 404));
      const first = await content(contentUrl(m.sid, media[0]?.sid ?? ''));
      assert.equal(first.status, 200);
      assert.equal(first.headers.get('content-type'), 'image/png');
      assert.ok(Buffer.from(await first.arrayBuffer()).equals(owl), 'the bytes the app served');
      // Never a page on the platform's origin: a picture shows inline, anything else downloads.
      assert.equal(first.headers.get('x-content-type-options'), 'nosniff');
      assert.equal(first.headers.get('content-security-policy'), "sandbox; default-src 'none'");
      assert.equal(first.headers.get('content-disposition'), 'inline');
      const second = await content(contentUrl(m.sid, media[1]?.sid ?? ''));
      assert.equal(second.headers.get('content-type'), 'text/vcard');
      assert.match(second.headers.get('content-disposition') ?? '', /^attachment/);
      assert.equal(await second.text(), card.toString());
      // Without the account's credentials, no content.
      assert.equal((await fetch(contentUrl(m.sid, media[0]?.sid ?? ''))).status, 401);

      // Deleting the media deletes the copy.
      assert.equal(await client.messages(m.sid).media(media[0]?.sid ?? '').remove(), true);
      assert.equal((await content(contentUrl(m.sid, media[0]?.sid ?? ''))).status, 404);
      const left = await platform.store.db.selectFrom('mediaContent').select('mediaSid').where('mediaSid', 'in', media.map((x) => x.sid)).execute();
      assert.deepEqual(left.map((r) => r.mediaSid), [media[1]?.sid]);
    });

    test('the media of a message not sent yet cannot be deleted (20009): it is sent with what it was accepted with', async () => {
      const to = await phone();
      app.route('/media/later.png', bytes(picture(10_000, 9), 'image/png'));
      const m = await client.messages.create({ to, from: number, mediaUrl: [`${app.origin}/media/later.png`], sendAt: new Date(Date.now() + 3_600_000), scheduleType: 'fixed' });
      const [media] = await client.messages(m.sid).media.list();
      assert.ok(media);
      assert.equal(await twilioCode(client.messages(m.sid).media(media.sid).remove()), 20009);
      assert.equal((await client.messages(m.sid).media.list()).length, 1);
      assert.equal((await client.messages(m.sid).update({ status: 'canceled' })).status, 'canceled');
      assert.equal(await client.messages(m.sid).media(media.sid).remove(), true);
    });

    test("Twilio's newest accepted types go through: an iPhone's HEIC photo and an MPEG-4 video", async () => {
      const to = await phone();
      app.route('/media/photo.heic', bytes(picture(20_000, 7), 'image/heic'));
      app.route('/media/clip', bytes(picture(30_000, 8), 'video/mpeg4'));
      const m = await client.messages.create({ to, from: number, mediaUrl: [`${app.origin}/media/photo.heic`, `${app.origin}/media/clip`] });
      await messageWithStatus(client, m.sid, 'delivered');
      assert.deepEqual((await client.messages(m.sid).media.list()).map((x) => x.contentType), ['image/heic', 'video/mpeg4']);
    });

    test('media that cannot be fetched, of a type Twilio does not take, or over 5 MB in all fails the message unsent, with a callback and an alert', async () => {
      const to = await phone();
      app.route('/media/missing.png', xml('not here', 404));
      app.route('/media/page.html', xml('<html>a web page</html>', 200, 'text/html'));
      app.route('/media/big-1.png', bytes(picture(3 * 1024 * 1024, 2), 'image/png'));
      app.route('/media/big-2.png', bytes(picture(3 * 1024 * 1024, 3), 'image/png'));
      app.route('/media/empty.png', bytes(Buffer.alloc(0), 'image/png'));
      // No Content-Length: the size is only known by reading, which stops at the limit.
      app.route('/media/stream.png', (_req, res) => {
        res.writeHead(200, { 'content-type': 'image/png' });
        const chunk = picture(256 * 1024, 5);
        let sent = 0;
        const more = () => { while (sent < 24 && res.write(chunk)) sent++; if (sent < 24) res.once('drain', () => { sent++; more(); }); else res.end(); };
        more();
      });
      const cases = [
        { urls: [`${app.origin}/media/missing.png`], code: 11200 },
        { urls: [`${app.origin}/media/page.html`], code: 12300 },
        { urls: [`${app.origin}/media/big-1.png`, `${app.origin}/media/big-2.png`], code: 11751 },
        { urls: ['http://127.0.0.1:1/nothing-listens.png'], code: 11205 },
        { urls: [`${app.origin}/media/empty.png`], code: 11200 },
        { urls: [`${app.origin}/media/stream.png`], code: 11751 },
      ];
      for (const { urls, code } of cases) {
        const m = await client.messages.create({ to, from: number, body: `code ${code}`, mediaUrl: urls, statusCallback: `${app.origin}/status` });
        const failed = await messageWithStatus(client, m.sid, 'failed');
        assert.equal(failed.errorCode, code, `${urls.join(' ')}: ${failed.errorMessage}`);
        assert.ok(failed.errorMessage, 'with a message');
        const seen = await eventually(async () => { const hits = callbacksFor(app, '/status', m.sid); return hits.length === 1 ? hits : null; });
        assert.deepEqual(seen.map((p) => [p.get('MessageStatus'), p.get('ErrorCode')]), [['failed', String(code)]]);
        assert.ok((await alerts(m.sid)).some((a) => a.errorCode === code && a.log === '0'), `an error alert with ${code}`);
      }
      assert.deepEqual((await received(platform, to)).map((e) => e.body), [], 'the phone got none of them');
    });

    test('an inbound MMS copies the sender\'s media before the app hears of it; a copy that fails is a warning and still leads to the original', async () => {
      const sender = await phone();
      const photo = picture(20_000, 4);
      app.route('/phone/photo', bytes(photo, 'image/jpeg'));
      app.route('/phone/voice-note', bytes(Buffer.from('#!AMR\n0123456789'), 'audio/amr'));
      app.route('/mms/sms', xml('<Response/>'));
      const receiving = (await client.incomingPhoneNumbers.create({ areaCode: '415', smsUrl: `${app.origin}/mms/sms` })).phoneNumber;
      const missing = `${app.origin}/phone/missing.jpg`;
      const sid = await text(platform, sender, receiving, 'from my phone', [`${app.origin}/phone/photo`, `${app.origin}/phone/voice-note`, missing]);
      const hook = await eventually(async () => callbacksFor(app, '/mms/sms', sid)[0]);
      assert.equal(hook.get('NumMedia'), '3');
      // The types the sender's media really have, not guesses from their URLs (which have no extension).
      assert.deepEqual([0, 1, 2].map((i) => hook.get(`MediaContentType${i}`)), ['image/jpeg', 'audio/amr', 'image/jpeg']);
      const photoContent = await content(hook.get('MediaUrl0') ?? '');
      assert.equal(photoContent.status, 200);
      assert.ok(Buffer.from(await photoContent.arrayBuffer()).equals(photo));
      const failed = await content(hook.get('MediaUrl2') ?? '');
      assert.equal(failed.status, 307);
      assert.equal(failed.headers.get('location'), missing);
      const raised = await alerts(sid);
      assert.ok(raised.some((a) => a.errorCode === 11200 && a.log === '1'), 'a warning for the copy that failed');
      assert.equal((await client.messages(sid).fetch()).status, 'received');
    });

    test('a copy repeated (a job run again after a crash) fetches only what is not stored yet', async () => {
      const to = await phone();
      app.route('/resume/one.png', bytes(picture(1000, 6), 'image/png'));
      const m = await client.messages.create({ to, from: number, mediaUrl: [`${app.origin}/resume/one.png`, `${app.origin}/resume/two.png`] });
      await messageWithStatus(client, m.sid, 'failed');
      assert.equal(app.hits('/resume/one.png').length, 1);
      app.route('/resume/two.png', bytes(picture(1000, 7), 'image/png'));
      const stored = await findMessageBySid(platform.store.db, m.sid);
      assert.ok(stored);
      const webhooks = createWebhooks(platform.store.db);
      try {
        assert.equal(await copyMedia({ store: platform.store, webhooks }, { sid: platform.sid, authToken: platform.token }, stored), null);
      } finally {
        await webhooks.close();
      }
      assert.equal(app.hits('/resume/one.png').length, 1, 'the stored one is not fetched again');
      assert.equal(app.hits('/resume/two.png').length, 2);
      const media = await client.messages(m.sid).media.list();
      for (const x of media) assert.equal((await content(contentUrl(m.sid, x.sid))).status, 200);
    });

    test('an inbound web page is kept as it came but served as a download, never as a page of the platform', async () => {
      const sender = await phone();
      app.route('/phone/page', xml('<script>alert(1)</script>', 200, 'text/html'));
      app.route('/page/sms', xml('<Response/>'));
      const receiving = (await client.incomingPhoneNumbers.create({ areaCode: '415', smsUrl: `${app.origin}/page/sms` })).phoneNumber;
      const sid = await text(platform, sender, receiving, 'a page', [`${app.origin}/phone/page`]);
      const hook = await eventually(async () => callbacksFor(app, '/page/sms', sid)[0]);
      assert.equal(hook.get('MediaContentType0'), 'text/html');
      const served = await content(hook.get('MediaUrl0') ?? '');
      assert.equal(served.status, 200);
      assert.match(served.headers.get('content-disposition') ?? '', /^attachment/);
      assert.equal(served.headers.get('content-security-policy'), "sandbox; default-src 'none'");
    });

    test('an MMS from one platform number to another hands its copy over: the media are fetched once', async () => {
      const song = Buffer.from('ID3 not really a song, but bytes all the same');
      app.route('/media/song', bytes(song, 'audio/mpeg'));
      app.route('/on-net/sms', xml('<Response/>'));
      const receiving = (await client.incomingPhoneNumbers.create({ areaCode: '415', smsUrl: `${app.origin}/on-net/sms` })).phoneNumber;
      const m = await client.messages.create({ to: receiving, from: number, body: 'between us', mediaUrl: [`${app.origin}/media/song`] });
      await messageWithStatus(client, m.sid, 'delivered');
      const hook = await eventually(async () => app.hits('/on-net/sms').map((r) => new URLSearchParams(r.body)).find((p) => p.get('Body') === 'between us'));
      const inbound = hook.get('MessageSid') ?? '';
      assert.notEqual(inbound, m.sid);
      assert.equal(hook.get('MediaContentType0'), 'audio/mpeg');
      const served = await content(hook.get('MediaUrl0') ?? '');
      assert.equal(served.status, 200);
      assert.equal(await served.text(), song.toString());
      assert.equal(app.hits('/media/song').length, 1, 'fetched once, to send');
    });
  });
}
