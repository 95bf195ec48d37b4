/**
 * Messaging end to end on the simulated network, driven by the npm twilio SDK and a real local
 * app: send to a virtual phone with every status callback signed, inbound texts answered by the
 * app's TwiML, Twilio's validation codes and test-credential magic numbers, redact and delete.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import twilio from 'twilio';
import { bytes, startAppServer, xml } from '../support/app-server.js';
import type { AppServer } from '../support/app-server.js';
import { DIALECTS, api, startTestPlatform } from '../support/platform.js';
import type { TestPlatform } from '../support/platform.js';
import { callbacksFor } from '../support/messaging.js';
import { eventually, sim } from '../support/sim.js';
import { sdkClient, twilioCode } from '../support/twilio.js';
import type { TwilioClient } from '../support/twilio.js';

type Inbox = { messages: Array<{ direction: string; from: string; to: string; body: string; messageSid: string }> };

for (const dialect of DIALECTS) {
  describe(`messaging (${dialect})`, () => {
    let platform: TestPlatform;
    let client: TwilioClient;
    let app: AppServer;
    let number: string;
    const phone = '+16505550100';

    before(async () => {
      platform = await startTestPlatform(dialect);
      client = sdkClient(platform.url, platform.sid, platform.token);
      app = await startAppServer();
      app.route('/status', xml(''));
      // Twilio's quick-start SMS app, as written: the reply built with the SDK's MessagingResponse.
      app.route('/sms', (_req, res) => {
        const twiml = new twilio.twiml.MessagingResponse();
        twiml.message('Hello from the app');
        res.writeHead(200, { 'content-type': 'text/xml' });
        res.end(twiml.toString());
      });
      number = (await client.incomingPhoneNumbers.create({ areaCode: '415', smsUrl: `${app.origin}/sms` })).phoneNumber;
      assert.equal((await sim(platform, 'POST', '/Phones', { number: phone, name: 'alice' })).status, 201);
    });
    after(async () => {
      await app.close();
      await platform.stop();
    });

    test('a message to a virtual phone goes queued → sending → sent → delivered, with a signed callback for each', async () => {
      const message = await client.messages.create({ to: phone, from: number, body: 'Your code is 1234', statusCallback: `${app.origin}/status` });
      assert.match(message.sid, /^SM[0-9a-f]{32}$/);
      assert.equal(message.status, 'queued');
      assert.equal(message.direction, 'outbound-api');
      assert.equal(message.numSegments, '1');
      assert.equal(message.numMedia, '0');
      assert.equal(message.price, null);
      const statuses = await eventually(async () => {
        const seen = app.hits('/status').map((r) => new URLSearchParams(r.body)).filter((p) => p.get('MessageSid') === message.sid);
        return seen.length === 3 ? seen : null;
      });
      assert.deepEqual(statuses.map((p) => p.get('MessageStatus')), ['sending', 'sent', 'delivered']);
      assert.match(statuses[2]?.get('RawDlrDoneDate') ?? '', /^\d{10}$/);
      for (const request of app.hits('/status').filter((r) => r.body.includes(message.sid))) {
        const params = Object.fromEntries(new URLSearchParams(request.body));
        assert.ok(twilio.validateRequest(platform.token, String(request.headers['x-twilio-signature']), `${app.origin}/status`, params));
        assert.equal(params.SmsSid, message.sid);
        assert.equal(params.AccountSid, platform.sid);
        assert.equal(params.ApiVersion, '2010-04-01');
        assert.equal(params.From, number);
        assert.equal(params.To, phone);
        assert.equal(params.SmsStatus, params.MessageStatus);
        assert.equal(params.ErrorCode, undefined, 'no ErrorCode on a message that went well');
      }
      const fetched = await client.messages(message.sid).fetch();
      assert.equal(fetched.status, 'delivered');
      assert.ok(fetched.dateSent instanceof Date);
      const inbox = await sim<Inbox>(platform, 'GET', `/Phones/${encodeURIComponent(phone)}/Messages`);
      assert.ok(inbox.body.messages.some((m) => m.direction === 'in' && m.body === 'Your code is 1234' && m.messageSid === message.sid));
    });

    test('a virtual phone texts the number; the app\'s TwiML reply arrives in the phone\'s inbox', async () => {
      const sent = await sim<{ messageSid: string }>(platform, 'POST', `/Phones/${encodeURIComponent(phone)}/Messages`, { to: number, body: 'hi there' });
      assert.equal(sent.status, 201);
      const reply = await eventually(async () => (await sim<Inbox>(platform, 'GET', `/Phones/${encodeURIComponent(phone)}/Messages`)).body.messages.find((m) => m.direction === 'in' && m.body === 'Hello from the app'));
      assert.equal(reply.from, number);
      const webhook = app.hits('/sms').at(-1);
      assert.ok(webhook);
      const params = Object.fromEntries(new URLSearchParams(webhook.body));
      assert.ok(twilio.validateRequest(platform.token, String(webhook.headers['x-twilio-signature']), `${app.origin}/sms`, params));
      assert.equal(params.Body, 'hi there');
      assert.equal(params.From, phone);
      assert.equal(params.To, number);
      assert.equal(params.MessageSid, sent.body.messageSid);
      assert.equal(params.SmsSid, sent.body.messageSid);
      assert.equal(params.SmsMessageSid, sent.body.messageSid);
      assert.equal(params.AccountSid, platform.sid);
      assert.equal(params.MessagingServiceSid, '');
      assert.equal(params.NumMedia, '0');
      assert.equal(params.NumSegments, '1');
      assert.equal(params.SmsStatus, 'received');
      assert.equal(params.ApiVersion, '2010-04-01');
      for (const key of ['FromCity', 'FromState', 'FromZip', 'FromCountry', 'ToCity', 'ToState', 'ToZip', 'ToCountry']) assert.equal(typeof params[key], 'string', key);
      const inbound = await client.messages(sent.body.messageSid).fetch();
      assert.equal(inbound.direction, 'inbound');
      assert.equal(inbound.status, 'received');
      const replies = await client.messages.list({ from: number, to: phone });
      assert.ok(replies.some((m) => m.direction === 'outbound-reply' && m.body === 'Hello from the app'));
    });

    test('unreachable, undeliverable and unknown destinations end undelivered with Twilio\'s codes', async () => {
      await sim(platform, 'POST', '/Phones', { number: '+16505550111', sms: 'unreachable' });
      await sim(platform, 'POST', '/Phones', { number: '+16505550112', sms: 'undeliverable' });
      const cases: Array<[string, number]> = [['+16505550111', 30003], ['+16505550112', 30006], ['+16505559999', 30005]];
      for (const [to, code] of cases) {
        const sent = await client.messages.create({ to, from: number, body: 'x', statusCallback: `${app.origin}/status` });
        const final = await eventually(async () => { const m = await client.messages(sent.sid).fetch(); return m.status === 'undelivered' ? m : null; });
        assert.equal(final.errorCode, code, to);
        assert.ok(final.errorMessage, to);
        // The app hears of it: the final callback carries the code and the delivery receipt's date.
        const last = await eventually(async () => callbacksFor(app, '/status', sent.sid).find((p) => p.get('MessageStatus') === 'undelivered'));
        assert.equal(last.get('ErrorCode'), String(code), to);
        assert.match(last.get('RawDlrDoneDate') ?? '', /^\d{10}$/, to);
      }
    });

    test('listing pages through every message, newest first, with list, each and page', async () => {
      const from = (await client.incomingPhoneNumbers.create({ areaCode: '512' })).phoneNumber;
      const sent: string[] = [];
      for (let i = 0; i < 5; i++) sent.push((await client.messages.create({ to: phone, from, body: `page test ${i}` })).sid);
      const newestFirst = [...sent].reverse();
      assert.deepEqual((await client.messages.list({ from, pageSize: 2 })).map((m) => m.sid), newestFirst);
      const eached: string[] = [];
      await client.messages.each({ from, pageSize: 2 }, (m) => { eached.push(m.sid); });
      assert.deepEqual(eached, newestFirst);
      const first = await client.messages.page({ from, pageSize: 2 });
      assert.deepEqual(first.instances.map((m) => m.sid), newestFirst.slice(0, 2));
      const second = await first.nextPage();
      assert.ok(second);
      assert.deepEqual(second.instances.map((m) => m.sid), newestFirst.slice(2, 4));
      const third = await second.nextPage();
      assert.deepEqual(third?.instances.map((m) => m.sid), newestFirst.slice(4));
      assert.equal(await third?.nextPage(), undefined);
      // A message sent meanwhile is newer than page 0 was: paging back from the end reaches it too.
      const late = (await client.messages.create({ to: phone, from, body: 'late' })).sid;
      const back1 = await third?.previousPage();
      assert.deepEqual(back1?.instances.map((m) => m.sid), newestFirst.slice(2, 4));
      const back0 = await back1?.previousPage();
      assert.deepEqual(back0?.instances.map((m) => m.sid), newestFirst.slice(0, 2));
      const newest = await back0?.previousPage();
      assert.deepEqual(newest?.instances.map((m) => m.sid), [late]);
      assert.equal(await newest?.previousPage(), undefined);
      assert.deepEqual((await client.messages.list({ from, limit: 3 })).map((m) => m.sid), [late, ...newestFirst.slice(0, 2)]);
      assert.equal((await client.messages.list({ from, limit: 1500 })).length, 6, 'a limit over 1000 is a page of 1000');
    });

    test('bad input is refused with Twilio\'s codes', async () => {
      const cases: Array<[Parameters<TwilioClient['messages']['create']>[0], number]> = [
        [{ to: 'nope', from: number, body: 'x' }, 21211],
        [{ to: phone, from: 'nope', body: 'x' }, 21212],
        [{ to: phone, from: '+14155550000', body: 'x' }, 21606],
        [{ to: phone, from: number }, 21602],
        [{ to: phone, from: number, body: 'x'.repeat(1601) }, 21617],
        [{ to: phone, from: number, body: '\u{1F600}'.repeat(801) }, 21617],
        [{ to: phone, from: number, body: 'x', statusCallback: 'https://my_app.example.com/status' }, 21609],
        [{ to: number, from: number, body: 'me to me' }, 21266],
        [{ to: phone, from: number, body: 'x', sendAt: new Date(Date.now() + 3_600_000), scheduleType: 'recurring' as 'fixed' }, 35126],
        [{ to: phone, from: number, mediaUrl: ['notaurl'] }, 21620],
        [{ to: phone, from: number, mediaUrl: Array.from({ length: 11 }, (_, i) => `https://example.com/${i}.jpg`) }, 21623],
      ];
      for (const [params, code] of cases) assert.equal(await twilioCode(client.messages.create(params)), code, JSON.stringify(params).slice(0, 80));
    });

    test('test credentials answer with Twilio\'s magic numbers', async () => {
      const test = sdkClient(platform.url, platform.account.testSid, platform.account.testAuthToken);
      const ok = await test.messages.create({ to: '+14155550100', from: '+15005550006', body: 'hi' });
      assert.equal(ok.status, 'queued');
      // Nothing is sent and no callback fires, even to a phone that exists.
      const quiet = await test.messages.create({ to: phone, from: '+15005550006', body: 'test-credentials hello', statusCallback: `${app.origin}/status` });
      assert.equal(quiet.status, 'queued');
      // Only POSTs to Messages work: reading anything with test credentials is 403, 20008.
      assert.equal(await twilioCode(test.messages.list()), 20008);
      assert.equal(await twilioCode(test.messages(ok.sid).fetch()), 20008);
      const cases: Array<[string, string, number]> = [
        [number, '+14155550100', 21606],
        ['+15005550001', '+14155550100', 21212], ['+15005550007', '+14155550100', 21606], ['+15005550008', '+14155550100', 21611],
        ['+15005550006', '+15005550001', 21211], ['+15005550006', '+15005550002', 21612], ['+15005550006', '+15005550003', 21408],
        ['+15005550006', '+15005550004', 21610], ['+15005550006', '+15005550009', 21614],
      ];
      for (const [from, to, code] of cases) assert.equal(await twilioCode(test.messages.create({ from, to, body: 'x' })), code, `${from} → ${to}`);
      // Everything else is judged as for live credentials.
      const judged: Array<[Parameters<typeof test.messages.create>[0], number]> = [
        [{ to: '', from: '+15005550006', body: 'x' }, 21604], [{ to: 'abc', from: '+15005550006', body: 'x' }, 21211],
        [{ to: '+14155550100', from: '+15005550006' }, 21602], [{ to: '+14155550100', from: '+15005550006', body: 'x'.repeat(1601) }, 21617],
        [{ to: '+14155550100', from: '+15005550006', mediaUrl: ['not a url'] }, 21620], [{ to: '+14155550100', from: '+15005550006', body: 'x', validityPeriod: 0 }, 90007],
      ];
      for (const [params, code] of judged) assert.equal(await twilioCode(test.messages.create(params)), code, JSON.stringify(params).slice(0, 80));
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(callbacksFor(app, '/status', quiet.sid).length, 0);
      const inbox = await sim<Inbox>(platform, 'GET', `/Phones/${encodeURIComponent(phone)}/Messages`);
      assert.ok(!inbox.body.messages.some((m) => m.body === 'test-credentials hello'));
      assert.equal(await twilioCode(client.messages(quiet.sid).fetch()), 20404, 'nor is it stored');
    });

    test('a scheduled message waits for SendAt, can be canceled, and is delivered when its time comes', async () => {
      const later = new Date(Date.now() + 20 * 60_000);
      const kept = await client.messages.create({ to: phone, from: number, body: 'reminder', sendAt: later, scheduleType: 'fixed' });
      const dropped = await client.messages.create({ to: phone, from: number, body: 'never mind', sendAt: later, scheduleType: 'fixed', statusCallback: `${app.origin}/status` });
      assert.equal(kept.status, 'scheduled');
      assert.equal((await client.messages(dropped.sid).update({ status: 'canceled' })).status, 'canceled');
      // Twilio calls the status callback on every change after creation, cancellation included.
      const told = await eventually(async () => { const seen = callbacksFor(app, '/status', dropped.sid); return seen.length > 0 ? seen : null; });
      assert.deepEqual(told.map((p) => p.get('MessageStatus')), ['canceled']);
      assert.equal(told[0]?.get('SmsStatus'), 'canceled');
      // Canceled once, it cannot be canceled again (Twilio's 30409); nor deleted while scheduled (20009).
      assert.equal(await twilioCode(client.messages(dropped.sid).update({ status: 'canceled' })), 30409);
      assert.equal(await twilioCode(client.messages(kept.sid).remove()), 20009);
      // Nor redacted before it is sent: its body is what will be sent.
      assert.equal(await twilioCode(client.messages(kept.sid).update({ body: '' })), 20001);
      assert.equal(await twilioCode(client.messages.create({ to: phone, from: number, body: 'x', sendAt: new Date(Date.now() + 60_000), scheduleType: 'fixed' })), 35114);
      assert.equal(await twilioCode(client.messages.create({ to: phone, from: number, body: 'x', sendAt: new Date(Date.now() + 36 * 86_400_000), scheduleType: 'fixed' })), 35114);
      // SendAt is an ISO 8601 time with its zone: not a free-form date, nor a local time, nor a day that does not exist.
      const inAnHour = new Date(Date.now() + 3_600_000).toISOString();
      const raw = (sendAt: string) => api(platform, 'POST', `/2010-04-01/Accounts/${platform.sid}/Messages.json`, [platform.sid, platform.token], { To: phone, From: number, Body: 'x', SendAt: sendAt, ScheduleType: 'fixed' });
      for (const sendAt of [new Date(Date.now() + 3_600_000).toUTCString(), inAnHour.slice(0, 19), '2027-02-30T10:00:00Z', '2027-01-01T24:00:00Z']) {
        assert.equal((await raw(sendAt)).body.code, 35114, sendAt);
      }
      const offset = await raw(inAnHour.replace('Z', '+00:00'));
      assert.equal(offset.status, 201);
      assert.equal((await client.messages(String(offset.body.sid)).update({ status: 'canceled' })).status, 'canceled');
      // Twilio's window starts 5 minutes ahead (300 s; earlier documentation said 15 minutes).
      const soon = await client.messages.create({ to: phone, from: number, body: 'in six minutes', sendAt: new Date(Date.now() + 6 * 60_000), scheduleType: 'fixed' });
      assert.equal(soon.status, 'scheduled');
      assert.equal((await client.messages(soon.sid).update({ status: 'canceled' })).status, 'canceled');
      // Time passes: both jobs come due.
      await platform.store.db.updateTable('jobs').set({ runAt: new Date().toISOString() }).where('payload', 'in', [JSON.stringify({ sid: kept.sid }), JSON.stringify({ sid: dropped.sid })]).execute();
      await eventually(async () => (await client.messages(kept.sid).fetch()).status === 'delivered');
      assert.equal((await client.messages(dropped.sid).fetch()).status, 'canceled');
      const inbox = await sim<Inbox>(platform, 'GET', `/Phones/${encodeURIComponent(phone)}/Messages`);
      assert.ok(inbox.body.messages.some((m) => m.body === 'reminder'));
      assert.ok(!inbox.body.messages.some((m) => m.body === 'never mind'));
    });

    test('malformed updates answer Twilio\'s 30400, and a message past scheduled cannot be canceled (30409)', async () => {
      const m = await client.messages.create({ to: phone, from: number, body: 'hello there', statusCallback: `${app.origin}/status` });
      await eventually(async () => (await client.messages(m.sid).fetch()).status === 'delivered');
      const path = `/2010-04-01/Accounts/${platform.sid}/Messages/${m.sid}.json`;
      const auth: [string, string] = [platform.sid, platform.token];
      const cases: Array<[Record<string, string> | undefined, number, RegExp]> = [
        [undefined, 30400, /missing parameters Body or Status/],
        [{ Foo: 'bar' }, 30400, /missing parameters Body or Status/],
        [{ Body: 'rewritten' }, 30400, /only be set to the empty string/],
        [{ Status: 'sent' }, 30400, /Status sent is not valid/],
        [{ Body: '', Status: 'canceled' }, 30400, /canceled and its body redacted in the same request/],
        [{ Status: 'canceled' }, 30409, /cannot be canceled: it is delivered/],
      ];
      for (const [form, code, message] of cases) {
        const r = await api(platform, 'POST', path, auth, form);
        assert.equal(r.status, 400, JSON.stringify(form));
        assert.equal(r.body.code, code, JSON.stringify(form));
        assert.match(String(r.body.message), message);
        assert.equal(r.body.more_info, `https://www.twilio.com/docs/errors/${code}`);
      }
      assert.equal(await twilioCode(client.messages(m.sid).update({ status: 'canceled' })), 30409);
      const after = await client.messages(m.sid).fetch();
      assert.equal(after.body, 'hello there');
      assert.equal(after.status, 'delivered');
      assert.ok(!callbacksFor(app, '/status', m.sid).some((p) => p.get('MessageStatus') === 'canceled'));
    });

    test('a message\'s media pages like every list, and filters on DateCreated', async () => {
      const urls = ['http://127.0.0.1:1/a.png', 'http://127.0.0.1:1/b.gif', 'http://127.0.0.1:1/c.jpg'];
      const m = await client.messages.create({ to: phone, from: number, mediaUrl: urls });
      assert.equal(m.numMedia, '3');
      // The SDK follows next_page_uri until it is null: three pages of one, in order.
      const all = await client.messages(m.sid).media.list({ pageSize: 1 });
      assert.deepEqual(all.map((x) => x.contentType), ['image/png', 'image/gif', 'image/jpeg']);
      assert.equal(new Set(all.map((x) => x.sid)).size, 3);
      const page = await client.messages(m.sid).media.page({ pageSize: 2 });
      assert.equal(page.instances.length, 2);
      const next = await page.nextPage();
      assert.deepEqual(next?.instances.map((x) => x.sid), [all[2]?.sid]);
      assert.equal(await next?.nextPage(), undefined);
      const today = new Date();
      const tomorrow = new Date(Date.now() + 86_400_000);
      assert.equal((await client.messages(m.sid).media.list({ dateCreated: today })).length, 3);
      assert.equal((await client.messages(m.sid).media.list({ dateCreatedAfter: tomorrow })).length, 0);
      assert.equal((await client.messages(m.sid).media.list({ dateCreatedBefore: tomorrow })).length, 3);
    });

    test('SmartEncoded=true replaces Unicode look-alikes with GSM-7 characters; without it the body goes as written', async () => {
      const written = '\u201CHi\u201D \u2014 it\u2019s here\u2026';
      const smart = await client.messages.create({ to: phone, from: number, body: written, smartEncoded: true });
      assert.equal(smart.body, '"Hi" - it\'s here...');
      const plain = await client.messages.create({ to: phone, from: number, body: written, smartEncoded: false });
      assert.equal(plain.body, written);
      const delivered = await eventually(async () => {
        const inbox = await sim<Inbox>(platform, 'GET', `/Phones/${encodeURIComponent(phone)}/Messages`);
        return inbox.body.messages.find((m) => m.messageSid === smart.sid);
      });
      assert.equal(delivered.body, '"Hi" - it\'s here...');
    });

    test('with ApplicationSid, status callbacks go to the application\'s message_status_callback, unless the request has its own', async () => {
      app.route('/app-message-status', xml(''));
      app.route('/app-sms-status', xml(''));
      const application = await client.applications.create({
        friendlyName: 'status app', messageStatusCallback: `${app.origin}/app-message-status`, smsStatusCallback: `${app.origin}/app-sms-status`,
      });
      const m = await client.messages.create({ to: phone, from: number, body: 'via app', applicationSid: application.sid });
      const seen = await eventually(async () => { const hits = callbacksFor(app, '/app-message-status', m.sid); return hits.length === 3 ? hits : null; });
      assert.deepEqual(seen.map((p) => p.get('MessageStatus')), ['sending', 'sent', 'delivered']);
      assert.deepEqual(callbacksFor(app, '/app-sms-status', m.sid), []);
      // A StatusCallback of the request takes priority over the application's (Twilio's OpenAPI).
      const own = await client.messages.create({ to: phone, from: number, body: 'own callback', applicationSid: application.sid, statusCallback: `${app.origin}/status` });
      await eventually(async () => callbacksFor(app, '/status', own.sid).length === 3);
      assert.deepEqual(callbacksFor(app, '/app-message-status', own.sid), []);
      // "If both are included application_sid is ignored": even one that names no application.
      const ignored = await client.messages.create({ to: phone, from: number, body: 'app ignored', applicationSid: `AP${'0'.repeat(32)}`, statusCallback: `${app.origin}/status` });
      await eventually(async () => callbacksFor(app, '/status', ignored.sid).length === 3);
      assert.equal(await twilioCode(client.messages.create({ to: phone, from: number, body: 'no such app', applicationSid: `AP${'0'.repeat(32)}` })), 21218);
    });

    test('a delivered message can be redacted, its media listed, fetched and deleted, and the message deleted', async () => {
      app.route('/cat.jpg', bytes(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]), 'image/jpeg'));
      const m = await client.messages.create({ to: phone, from: number, body: 'secret', mediaUrl: [`${app.origin}/cat.jpg`] });
      assert.match(m.sid, /^MM/);
      await eventually(async () => (await client.messages(m.sid).fetch()).status === 'delivered');
      const media = await client.messages(m.sid).media.list();
      assert.equal(media.length, 1);
      assert.equal(media[0]?.contentType, 'image/jpeg');
      const content = await fetch(`${platform.url}/2010-04-01/Accounts/${platform.sid}/Messages/${m.sid}/Media/${media[0]?.sid ?? ''}`, {
        headers: { authorization: `Basic ${Buffer.from(`${platform.sid}:${platform.token}`).toString('base64')}` }, redirect: 'manual',
      });
      assert.equal(content.status, 200);
      assert.deepEqual([...new Uint8Array(await content.arrayBuffer())], [0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
      const fetched = await client.messages(m.sid).media(media[0]?.sid ?? '').fetch();
      assert.equal(fetched.parentSid, m.sid);
      assert.equal(fetched.contentType, 'image/jpeg');
      assert.ok(fetched.dateCreated instanceof Date);
      assert.equal(await client.messages(m.sid).media(fetched.sid).remove(), true);
      assert.deepEqual(await client.messages(m.sid).media.list(), []);
      assert.equal(await twilioCode(client.messages(m.sid).media(fetched.sid).fetch()), 20404);
      assert.equal(await twilioCode(client.messages(m.sid).media(fetched.sid).remove()), 20404);
      assert.equal((await client.messages(m.sid).update({ body: '' })).body, '');
      assert.equal(await client.messages(m.sid).remove(), true);
      await assert.rejects(client.messages(m.sid).media.list(),
        (err: { code: number; message: string }) => err.code === 20404 && err.message.includes(`/Messages/${m.sid}/Media.json was not found`));
      assert.equal(await twilioCode(client.messages(m.sid).fetch()), 20404);
    });
  });
}
