/**
 * Messaging jobs repeated after a crash are harmless: a `message.inbound` job run twice asks the
 * app once and sends each reply (and a STOP's confirmation) once, even when two runs overlap; a repeat that finds its
 * journal only part-written replays it; an on-net message (one platform number texting
 * another) delivered twice arrives once.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Job } from '../../src/store/jobs.js';
import { DEFAULT_REPLIES } from '../../src/messaging/opt-out.js';
import { startAppServer, xml } from '../support/app-server.js';
import type { AppServer } from '../support/app-server.js';
import { messageWithStatus, received, receivedBody, text } from '../support/messaging.js';
import { DIALECTS, startTestPlatform } from '../support/platform.js';
import type { TestPlatform } from '../support/platform.js';
import { eventually, sim } from '../support/sim.js';
import { sdkClient, twilioCode } from '../support/twilio.js';
import type { TwilioClient } from '../support/twilio.js';

for (const dialect of DIALECTS) {
  describe(`repeated messaging jobs (${dialect})`, () => {
    let platform: TestPlatform;
    let client: TwilioClient;
    let app: AppServer;

    /** Runs a messaging job by hand, as a worker would after a crash: same payload, next attempt. */
    const runJob = async (kind: string, sid: string) => {
      const handler = platform.messaging.jobHandlers()[kind];
      assert.ok(handler, kind);
      const now = new Date().toISOString();
      const job: Job = { id: 'JBrepeat', kind, payload: JSON.stringify({ sid }), state: 'running', runAt: now, leaseUntil: now, attempts: 2, lastError: null, dateCreated: now, dateUpdated: now };
      await handler({ sid }, job, { finalAttempt: false, attempt: 2 });
    };
    const steps = (sid: string) => platform.store.db.selectFrom('messageSteps').select(['step', 'result']).where('messageSid', '=', sid).execute();
    const handled = (sid: string) => eventually(async () => (await steps(sid)).some((s) => s.step === 'done'));

    before(async () => {
      platform = await startTestPlatform(dialect);
      client = sdkClient(platform.url, platform.sid, platform.token);
      app = await startAppServer();
      app.route('/sms', xml('<Response><Message>one</Message><Message>two</Message></Response>'));
    });
    after(async () => {
      await app.close();
      await platform.stop();
    });

    test('an inbound job run twice posts the webhook once and sends each reply once', async () => {
      const number = (await client.incomingPhoneNumbers.create({ areaCode: '212', smsUrl: `${app.origin}/sms` })).phoneNumber;
      const phone = '+16505550801';
      await sim(platform, 'POST', '/Phones', { number: phone });
      const inbound = await text(platform, phone, number, 'hello');
      await handled(inbound);
      await receivedBody(platform, phone, 'two');
      await runJob('message.inbound', inbound);
      // A crash before the end: the journal has the document and the replies, not "done".
      await platform.store.db.deleteFrom('messageSteps').where('messageSid', '=', inbound).where('step', '=', 'done').execute();
      await runJob('message.inbound', inbound);
      assert.equal(app.hits('/sms').length, 1, 'the app was asked once');
      // A crash right after the app answered, before its document was kept: the app is asked again, but nothing is sent twice.
      await platform.store.db.deleteFrom('messageSteps').where('messageSid', '=', inbound).where('step', 'in', ['done', 'hop:0']).execute();
      await runJob('message.inbound', inbound);
      assert.equal(app.hits('/sms').length, 2);
      const replies = await client.messages.list({ from: number, to: phone });
      assert.deepEqual(replies.map((m) => m.body).sort(), ['one', 'two']);
      await new Promise((resolve) => setTimeout(resolve, 200));
      assert.deepEqual((await received(platform, phone)).map((m) => m.body).sort(), ['one', 'two']);
    });

    test("an inbound job run again after a crash raises its reply's alerts once", async () => {
      const twelve = Array.from({ length: 12 }, (_, i) => `<Message>n${i}</Message>`).join('');
      app.route('/alerts/sms', xml(`<Response><Message><Body>x</Body><Media>http://[bad</Media></Message>${twelve}<Redirect>http://</Redirect></Response>`));
      const number = (await client.incomingPhoneNumbers.create({ areaCode: '212', smsUrl: `${app.origin}/alerts/sms` })).phoneNumber;
      const phone = '+16505550803';
      await sim(platform, 'POST', '/Phones', { number: phone });
      const inbound = await text(platform, phone, number, 'hello');
      await handled(inbound);
      const codes = async () => (await platform.store.db.selectFrom('notifications').select('errorCode').where('resourceSid', '=', inbound).execute()).map((n) => n.errorCode).sort();
      // The bad <Media> refuses the first <Message>; nine more are sent; the eleventh raises 14109 and ends the reply.
      assert.deepEqual(await codes(), [14109, 21620]);
      await platform.store.db.deleteFrom('messageSteps').where('messageSid', '=', inbound).where('step', '=', 'done').execute();
      await runJob('message.inbound', inbound);
      assert.deepEqual(await codes(), [14109, 21620], 'no alert twice');
      assert.equal((await client.messages.list({ from: number, to: phone })).length, 9, 'no reply twice');
    });

    test('a STOP handled twice confirms once and stays opted out', async () => {
      const number = (await client.incomingPhoneNumbers.create({ areaCode: '212' })).phoneNumber;
      const phone = '+16505550802';
      await sim(platform, 'POST', '/Phones', { number: phone });
      const stop = await text(platform, phone, number, 'STOP');
      await handled(stop);
      await platform.store.db.deleteFrom('messageSteps').where('messageSid', '=', stop).where('step', '=', 'done').execute();
      await runJob('message.inbound', stop);
      await receivedBody(platform, phone, DEFAULT_REPLIES.stop);
      await new Promise((resolve) => setTimeout(resolve, 200));
      assert.equal((await received(platform, phone)).filter((m) => m.body === DEFAULT_REPLIES.stop).length, 1);
      assert.equal((await client.messages.list({ from: number, to: phone })).length, 1);
    });

    test('an inbound job run twice at once (a lapsed lease) still sends its reply once', async () => {
      const reply = xml('<Response><Message>only once</Message></Response>');
      app.route('/slow', (req, res, seen) => { setTimeout(() => reply(req, res, seen), 400); });
      const number = (await client.incomingPhoneNumbers.create({ areaCode: '212', smsUrl: `${app.origin}/slow` })).phoneNumber;
      const phone = '+16505550802';
      await sim(platform, 'POST', '/Phones', { number: phone });
      const inbound = await text(platform, phone, number, 'hi');
      // While the platform's own run waits on the app, the same job runs beside it.
      await eventually(async () => app.hits('/slow').length >= 1);
      // Nor can it be redacted or deleted while its app is asked: the log would keep what was taken away.
      assert.equal(await twilioCode(client.messages(inbound).update({ body: '' })), 20001);
      assert.equal(await twilioCode(client.messages(inbound).remove()), 20009);
      await runJob('message.inbound', inbound);
      assert.equal(app.hits('/slow').length, 2, 'both runs asked the app: neither had a document journaled');
      await receivedBody(platform, phone, 'only once');
      await new Promise((resolve) => setTimeout(resolve, 800));
      assert.equal((await client.messages.list({ from: number, to: phone })).length, 1);
      assert.equal((await received(platform, phone)).filter((m) => m.body === 'only once').length, 1);
    });

    test('an on-net message delivered twice arrives once', async () => {
      const a = (await client.incomingPhoneNumbers.create({ areaCode: '312' })).phoneNumber;
      const b = (await client.incomingPhoneNumbers.create({ areaCode: '312' })).phoneNumber;
      const sent = await client.messages.create({ from: a, to: b, body: 'internal memo' });
      const twins = () => client.messages.list({ from: a, to: b });
      await messageWithStatus(client, sent.sid, 'delivered');
      assert.ok((await twins()).some((m) => m.direction === 'inbound'));
      // A crash after the hand-over, before the message was marked sent: the job runs again.
      await platform.store.db.updateTable('messages').set({ status: 'sending' }).where('sid', '=', sent.sid).execute();
      await runJob('message.send', sent.sid);
      assert.equal((await client.messages(sent.sid).fetch()).status, 'delivered');
      const inbound = (await twins()).filter((m) => m.direction === 'inbound');
      assert.equal(inbound.length, 1);
      assert.equal(inbound[0]?.body, 'internal memo');
      assert.equal(inbound[0]?.status, 'received');
    });
  });
}
