/**
 * How outbound messages end, as an app sees them through the npm twilio SDK and its status
 * callbacks: a carrier's filter (30007) and failure (30008), a ValidityPeriod outside Twilio's
 * range (90007) or run out while queued (30036), a delivery job that fails for good (30008),
 * and Message Feedback for messages sent with ProvideFeedback.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { MessagingEngine } from '../../src/messaging/engine.js';
import type { SmsDelivery } from '../../src/network/carrier.js';
import type { Job } from '../../src/store/jobs.js';
import { startAppServer, xml } from '../support/app-server.js';
import type { AppServer } from '../support/app-server.js';
import { DEFAULT_REPLIES } from '../../src/messaging/opt-out.js';
import { callbacksFor, messageWithStatus, received, receivedBody, text } from '../support/messaging.js';
import { DIALECTS, startTestPlatform } from '../support/platform.js';
import type { TestPlatform } from '../support/platform.js';
import { eventually, sim } from '../support/sim.js';
import { sdkClient, twilioCode } from '../support/twilio.js';
import type { TwilioClient } from '../support/twilio.js';

for (const dialect of DIALECTS) {
  describe(`message outcomes (${dialect})`, () => {
    let platform: TestPlatform;
    let client: TwilioClient;
    let app: AppServer;
    let number: string;
    let statusCallback: string;
    const phone = '+16505550500';

    const statuses = (sid: string, count: number) => eventually(async () => {
      const seen = callbacksFor(app, '/status', sid);
      return seen.length >= count ? seen : null;
    });
    const later = () => new Date(Date.now() + 20 * 60_000);

    before(async () => {
      platform = await startTestPlatform(dialect);
      client = sdkClient(platform.url, platform.sid, platform.token);
      app = await startAppServer();
      app.route('/status', xml(''));
      statusCallback = `${app.origin}/status`;
      number = (await client.incomingPhoneNumbers.create({ areaCode: '206' })).phoneNumber;
      await sim(platform, 'POST', '/Phones', { number: phone });
    });
    after(async () => {
      await app.close();
      await platform.stop();
    });

    test('a phone whose carrier filters messages leaves them undelivered with 30007', async () => {
      await sim(platform, 'POST', '/Phones', { number: '+16505550501', sms: 'filtered' });
      const sent = await client.messages.create({ to: '+16505550501', from: number, body: 'promo', statusCallback });
      const final = await messageWithStatus(client, sent.sid, 'undelivered');
      assert.equal(final.errorCode, 30007);
      const seen = await statuses(sent.sid, 3);
      assert.deepEqual(seen.map((p) => p.get('MessageStatus')), ['sending', 'sent', 'undelivered']);
      assert.equal(seen[2]?.get('ErrorCode'), '30007');
    });

    test('a carrier failure fails the message with 30008, and the callbacks say sending then failed', async () => {
      await sim(platform, 'POST', '/Phones', { number: '+16505550502', sms: 'fail' });
      const sent = await client.messages.create({ to: '+16505550502', from: number, body: 'hello', statusCallback });
      const final = await messageWithStatus(client, sent.sid, 'failed');
      assert.equal(final.errorCode, 30008);
      assert.equal(final.dateSent, null);
      const seen = await statuses(sent.sid, 2);
      assert.deepEqual(seen.map((p) => p.get('MessageStatus')), ['sending', 'failed']);
      assert.equal(seen[1]?.get('ErrorCode'), '30008');
    });

    test('ValidityPeriod takes whole seconds from 1 to 36000; anything else is refused with 90007', async () => {
      for (const validityPeriod of [1, 36_000]) {
        assert.equal((await client.messages.create({ to: phone, from: number, body: 'ok', validityPeriod })).status, 'queued');
      }
      for (const validityPeriod of [0, 36_001, -5, 2.5]) {
        assert.equal(await twilioCode(client.messages.create({ to: phone, from: number, body: 'x', validityPeriod })), 90007, String(validityPeriod));
      }
    });

    test('a message still waiting when its ValidityPeriod runs out fails unsent with 30036', async () => {
      const sent = await client.messages.create({ to: phone, from: number, body: 'your code is 1234', validityPeriod: 5, statusCallback, sendAt: later(), scheduleType: 'fixed' });
      // Its send time came ten seconds ago, while the platform was down: five seconds was all it had.
      const due = new Date(Date.now() - 10_000).toISOString();
      await platform.store.db.updateTable('messages').set({ sendAt: due }).where('sid', '=', sent.sid).execute();
      await platform.store.db.updateTable('jobs').set({ runAt: due }).where('payload', '=', JSON.stringify({ sid: sent.sid })).execute();
      const final = await messageWithStatus(client, sent.sid, 'failed');
      assert.equal(final.errorCode, 30036);
      const seen = await statuses(sent.sid, 2);
      assert.deepEqual(seen.map((p) => p.get('MessageStatus')), ['queued', 'failed']);
      assert.equal(seen[1]?.get('ErrorCode'), '30036');
      const inbox = await sim<{ messages: Array<{ messageSid: string }> }>(platform, 'GET', `/Phones/${encodeURIComponent(phone)}/Messages`);
      assert.ok(!inbox.body.messages.some((m) => m.messageSid === sent.sid));
    });

    test('a scheduled message whose recipient replied STOP meanwhile is not sent: it fails with 21610', async () => {
      const stopper = '+16505550503';
      await sim(platform, 'POST', '/Phones', { number: stopper });
      const sent = await client.messages.create({ to: stopper, from: number, body: 'reminder', statusCallback, sendAt: later(), scheduleType: 'fixed' });
      await text(platform, stopper, number, 'STOP');
      await receivedBody(platform, stopper, DEFAULT_REPLIES.stop);
      const due = new Date(Date.now() - 1_000).toISOString();
      await platform.store.db.updateTable('messages').set({ sendAt: due }).where('sid', '=', sent.sid).execute();
      await platform.store.db.updateTable('jobs').set({ runAt: due }).where('payload', '=', JSON.stringify({ sid: sent.sid })).execute();
      const final = await messageWithStatus(client, sent.sid, 'failed');
      assert.equal(final.errorCode, 21610);
      assert.deepEqual((await statuses(sent.sid, 2)).map((p) => p.get('MessageStatus')), ['queued', 'failed']);
      assert.ok(!(await received(platform, stopper)).some((m) => m.body === 'reminder'));
    });

    test('a delivery job that fails for good leaves the message failed with 30008, not sending, and says so', async () => {
      const broken = new MessagingEngine({
        store: platform.store, webhooks: platform.webhooks, notifyWorker: () => undefined, publicUrl: () => platform.url,
        carrier: { sendMessage: async () => { throw new Error('carrier link down'); }, onInboundMessage: () => undefined },
      });
      const sent = await client.messages.create({ to: phone, from: number, body: 'doomed', statusCallback, sendAt: later(), scheduleType: 'fixed' });
      const handler = broken.jobHandlers()['message.send'];
      assert.ok(handler);
      const now = new Date().toISOString();
      const job = (attempts: number): Job => ({ id: 'JBdoomed', kind: 'message.send', payload: JSON.stringify({ sid: sent.sid }), state: 'running', runAt: now, leaseUntil: now, attempts, lastError: null, dateCreated: now, dateUpdated: now });
      // The link stays down for several attempts: the app is told `sending` once, not once per retry.
      for (const attempt of [1, 2, 3]) await assert.rejects(handler({ sid: sent.sid }, job(attempt), { finalAttempt: false, attempt }), /carrier link down/);
      assert.equal((await client.messages(sent.sid).fetch()).status, 'sending');
      await assert.rejects(handler({ sid: sent.sid }, job(6), { finalAttempt: true, attempt: 6 }), /carrier link down/);
      const final = await client.messages(sent.sid).fetch();
      assert.equal(final.status, 'failed');
      assert.equal(final.errorCode, 30008);
      const seen = await statuses(sent.sid, 3);
      assert.deepEqual(seen.map((p) => p.get('MessageStatus')), ['queued', 'sending', 'failed']);
    });

    /** An engine beside the platform's, on its store, whose carrier takes every message and whose callbacks go through `send`. */
    const engineWith = (send: (cb: Parameters<TestPlatform['webhooks']['sendCallback']>[0]) => Promise<unknown>, outcome: SmsDelivery = { status: 'delivered' }) => {
      const webhooks = Object.assign(Object.create(platform.webhooks) as TestPlatform['webhooks'], { sendCallback: send });
      const engine = new MessagingEngine({
        store: platform.store, webhooks, notifyWorker: () => undefined, publicUrl: () => platform.url,
        carrier: { sendMessage: async () => outcome, onInboundMessage: () => undefined },
      });
      const handler = engine.jobHandlers()['message.send'];
      assert.ok(handler);
      return (sid: string, attempt: number) => handler({ sid }, { id: 'JBretry', kind: 'message.send', payload: '', state: 'running', runAt: '', leaseUntil: '', attempts: attempt, lastError: null, dateCreated: '', dateUpdated: '' }, { finalAttempt: false, attempt });
    };

    test('a callback a failed attempt could not send is sent by the retry, once; one it sent is not repeated', async () => {
      let failOn: string | null = 'sent';
      const run = engineWith(async (cb) => {
        if (cb.params.MessageStatus === failOn) { failOn = null; throw new Error('store briefly down'); }
        return platform.webhooks.sendCallback(cb);
      });
      const sent = await client.messages.create({ to: phone, from: number, body: 'retry me', statusCallback, sendAt: later(), scheduleType: 'fixed' });
      await assert.rejects(run(sent.sid, 1), /store briefly down/);
      assert.equal((await client.messages(sent.sid).fetch()).status, 'sent');
      await run(sent.sid, 2);
      const seen = await statuses(sent.sid, 4);
      assert.deepEqual(seen.map((p) => p.get('MessageStatus')), ['queued', 'sending', 'sent', 'delivered']);
      // Run again where nothing is known of it (another node, after a crash before the job was done): the last callback, again.
      await run(sent.sid, 3);
      assert.deepEqual((await statuses(sent.sid, 5)).map((p) => p.get('MessageStatus')).slice(3), ['delivered', 'delivered']);
    });

    test('a carrier that refuses a message on a repeat, after it was sent, leaves it undelivered (not failed)', async () => {
      const run = engineWith((cb) => platform.webhooks.sendCallback(cb), { status: 'failed', errorCode: 30008, errorMessage: 'Unknown error' });
      const sent = await client.messages.create({ to: phone, from: number, body: 'handed over', statusCallback, sendAt: later(), scheduleType: 'fixed' });
      // A crash after the carrier took it: the job runs again with the message sent.
      await platform.store.db.updateTable('messages').set({ status: 'sent' }).where('sid', '=', sent.sid).execute();
      await run(sent.sid, 2);
      const final = await client.messages(sent.sid).fetch();
      assert.equal(final.status, 'undelivered');
      assert.equal(final.errorCode, 30008);
      assert.deepEqual((await statuses(sent.sid, 2)).map((p) => p.get('MessageStatus')), ['sent', 'undelivered']);
    });

    test('a slow status callback does not eat into the ValidityPeriod: it counts until the job starts', async () => {
      const run = engineWith(async (cb) => {
        if (cb.params.MessageStatus === 'queued') await new Promise((resolve) => setTimeout(resolve, 1_500));
        return platform.webhooks.sendCallback(cb);
      });
      const sent = await client.messages.create({ to: phone, from: number, body: 'code 99', validityPeriod: 2, statusCallback, sendAt: later(), scheduleType: 'fixed' });
      // Due a second ago, with two seconds to live: still valid when its job starts, though not after the first callback.
      await platform.store.db.updateTable('messages').set({ sendAt: new Date(Date.now() - 1_000).toISOString() }).where('sid', '=', sent.sid).execute();
      await run(sent.sid, 1);
      assert.equal((await client.messages(sent.sid).fetch()).status, 'delivered');
    });

    test('a message sent with ProvideFeedback takes Feedback (confirmed or unconfirmed); others have none', async () => {
      const tracked = await client.messages.create({ to: phone, from: number, body: 'code 4242', provideFeedback: true });
      assert.match(String(tracked.subresourceUris.feedback), new RegExp(`/Messages/${tracked.sid}/Feedback\\.json$`));
      const confirmed = await client.messages(tracked.sid).feedback.create({ outcome: 'confirmed' });
      assert.equal(confirmed.outcome, 'confirmed');
      assert.equal(confirmed.messageSid, tracked.sid);
      assert.equal(confirmed.accountSid, platform.sid);
      assert.ok(confirmed.dateUpdated instanceof Date);
      assert.equal((await client.messages(tracked.sid).feedback.create({ outcome: 'unconfirmed' })).outcome, 'unconfirmed');
      assert.equal((await client.messages(tracked.sid).feedback.create()).outcome, 'confirmed');
      const untracked = await client.messages.create({ to: phone, from: number, body: 'no tracking' });
      assert.equal(await twilioCode(client.messages(untracked.sid).feedback.create({ outcome: 'confirmed' })), 20404);
      assert.equal(await twilioCode(client.messages(`SM${'0'.repeat(32)}`).feedback.create({ outcome: 'confirmed' })), 20404);
    });
  });
}
