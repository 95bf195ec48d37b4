/**
 * An inbound message's TwiML reply end to end, with a real local app: `<Message action>`
 * receives the reply's status callbacks (with its method), `<Redirect>` chains (and their cap), `<Message to from
 * statusCallback>` with `<Media>`, the SMS fallback URL and its alert, SMS application routing,
 * Twilio's media and geographic parameters, Twilio's reply-loop guard (14107), and a number
 * with no SMS URL.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import twilio from 'twilio';
import { bytes, startAppServer, xml } from '../support/app-server.js';
import type { AppServer } from '../support/app-server.js';
import { callbacksFor, received, receivedBody, text } from '../support/messaging.js';
import { DIALECTS, api, basic, startTestPlatform } from '../support/platform.js';
import type { TestPlatform } from '../support/platform.js';
import { eventually, sim } from '../support/sim.js';
import { sdkClient } from '../support/twilio.js';
import type { TwilioClient } from '../support/twilio.js';

const twiml = (inner: string) => xml(`<?xml version="1.0" encoding="UTF-8"?><Response>${inner}</Response>`);

for (const dialect of DIALECTS) {
  describe(`inbound TwiML replies (${dialect})`, () => {
    let platform: TestPlatform;
    let client: TwilioClient;
    let app: AppServer;
    let nextPhone = 700;

    const phone = async () => {
      const number = `+1650555${String(nextPhone++).padStart(4, '0')}`;
      assert.equal((await sim(platform, 'POST', '/Phones', { number })).status, 201);
      return number;
    };
    const buy = async (options: Parameters<TwilioClient['incomingPhoneNumbers']['create']>[0] = {}) =>
      (await client.incomingPhoneNumbers.create({ areaCode: '415', ...options })).phoneNumber;
    /** Resolves once the inbound message's handling is finished (its journal says done). */
    const handled = (sid: string) => eventually(async () =>
      (await platform.store.db.selectFrom('messageSteps').select('step').where('messageSid', '=', sid).where('step', '=', 'done').executeTakeFirst()) !== undefined);
    const alerts = (sid: string) => platform.store.db.selectFrom('notifications').selectAll().where('resourceSid', '=', sid).execute();
    const signed = (path: string, index = 0) => {
      const request = app.hits(path)[index];
      assert.ok(request, `${path} was requested`);
      const url = `${app.origin}${request.url}`;
      const params = request.method === 'GET' ? {} : Object.fromEntries(new URLSearchParams(request.body));
      assert.ok(twilio.validateRequest(platform.token, String(request.headers['x-twilio-signature']), url, params), `${path} is signed`);
      return request;
    };

    before(async () => {
      platform = await startTestPlatform(dialect);
      client = sdkClient(platform.url, platform.sid, platform.token);
      app = await startAppServer();
    });
    after(async () => {
      await app.close();
      await platform.stop();
    });

    test('an app that answers text/plain has its text sent back as the reply, as Twilio documents', async () => {
      app.route('/plain/sms', xml('Thanks, we got it & will reply soon.\n', 200, 'text/plain; charset=utf-8'));
      const number = await buy({ smsUrl: `${app.origin}/plain/sms` });
      const judy = await phone();
      const inbound = await text(platform, judy, number, 'hello?');
      await receivedBody(platform, judy, 'Thanks, we got it & will reply soon.');
      await handled(inbound);
      const [reply] = await client.messages.list({ from: number, to: judy, limit: 1 });
      assert.equal(reply?.direction, 'outbound-reply');
    });

    test('<Message action> is where the reply\'s status callbacks go, with its method; its answer is not TwiML, and the document goes on', async () => {
      // As Twilio's TwiML libraries describe it: action is "where Twilio should send status
      // callbacks for the created outbound message", statusCallback "deprecated in favor of action".
      app.route('/action/sms', twiml('<Message action="/action/status?via=action" method="GET" statusCallback="/action/unused">first</Message><Message>second</Message>'));
      app.route('/action/status', twiml('<Message>never sent</Message>'));
      app.route('/action/unused', xml(''));
      const number = await buy({ smsUrl: `${app.origin}/action/sms` });
      const alice = await phone();
      const inbound = await text(platform, alice, number, 'hi');
      await receivedBody(platform, alice, 'second');
      await handled(inbound);
      const first = (await client.messages.list({ from: number, to: alice })).find((m) => m.body === 'first');
      assert.ok(first);
      assert.equal(first.direction, 'outbound-reply');
      const statuses = await eventually(async () => {
        const seen = app.hits('/action/status').map((r) => new URL(r.url, app.origin).searchParams);
        return seen.some((q) => q.get('MessageStatus') === 'delivered') ? seen : null;
      });
      assert.deepEqual(statuses.map((q) => q.get('MessageStatus')), ['sending', 'sent', 'delivered']);
      for (const [i, q] of statuses.entries()) {
        assert.equal(q.get('MessageSid'), first.sid);
        assert.equal(q.get('via'), 'action');
        assert.equal(signed('/action/status', i).method, 'GET');
      }
      assert.equal(app.hits('/action/unused').length, 0, 'action wins over statusCallback');
      assert.deepEqual((await received(platform, alice)).map((m) => m.body).sort(), ['first', 'second']);
    });

    test('a <Redirect> chain is followed (relative URLs, GET and POST) with the inbound parameters; a loop stops after 50 documents with alert 14106', async () => {
      app.route('/chain/0', twiml('<Redirect>/chain/1</Redirect>'));
      app.route('/chain/1', twiml('<Redirect method="GET">2?step=2</Redirect><Message>skipped</Message>'));
      app.route('/chain/2', twiml('<Message>end of the chain</Message>'));
      const number = await buy({ smsUrl: `${app.origin}/chain/0` });
      const bob = await phone();
      const inbound = await text(platform, bob, number, 'follow me');
      await receivedBody(platform, bob, 'end of the chain');
      const last = signed('/chain/2');
      assert.equal(last.method, 'GET');
      const query = new URL(last.url, app.origin).searchParams;
      assert.equal(query.get('step'), '2');
      assert.equal(query.get('MessageSid'), inbound);
      assert.equal(query.get('Body'), 'follow me');
      await handled(inbound);
      assert.ok(!(await received(platform, bob)).some((m) => m.body === 'skipped'));

      app.route('/loop', twiml('<Redirect>/loop</Redirect>'));
      const looping = await buy({ smsUrl: `${app.origin}/loop` });
      const looped = await text(platform, bob, looping, 'again');
      await handled(looped);
      assert.equal(app.hits('/loop').length, 50);
      assert.ok((await alerts(looped)).some((a) => a.errorCode === 14106));
    });

    test('at most 10 <Message> replies to one inbound message, over all its documents; the 11th raises warning 14109', async () => {
      const five = Array.from({ length: 5 }, (_, i) => `<Message>first ${i}</Message>`).join('');
      const seven = Array.from({ length: 7 }, (_, i) => `<Message>second ${i}</Message>`).join('');
      app.route('/many/sms', twiml(`${five}<Redirect>/many/more</Redirect>`));
      app.route('/many/more', twiml(seven));
      const number = await buy({ smsUrl: `${app.origin}/many/sms` });
      const erin = await phone();
      const inbound = await text(platform, erin, number, 'tell me everything');
      await handled(inbound);
      // Each reply is delivered by a job of its own, in any order: wait for all ten.
      const inbox = await eventually(async () => { const got = await received(platform, erin); return got.length >= 10 ? got : null; });
      const bodies = inbox.map((m) => m.body).sort();
      assert.deepEqual(bodies, [...Array.from({ length: 5 }, (_, i) => `first ${i}`), ...Array.from({ length: 5 }, (_, i) => `second ${i}`)].sort());
      const warned = (await alerts(inbound)).filter((a) => a.errorCode === 14109);
      assert.equal(warned.length, 1);
      assert.equal(warned[0]?.log, '1', 'a warning');
    });

    test('a URL in the reply that does not resolve skips its verb with an alert; the rest of the document is sent', async () => {
      app.route('/bad-urls/sms', twiml('<Message><Body>one</Body><Media>http://[bad</Media></Message><Message action="https://exa mple.com/">two</Message><Sms>three</Sms><Redirect>http://</Redirect>'));
      const number = await buy({ smsUrl: `${app.origin}/bad-urls/sms` });
      const frank = await phone();
      const inbound = await text(platform, frank, number, 'hello');
      await handled(inbound);
      await receivedBody(platform, frank, 'three');
      assert.deepEqual((await received(platform, frank)).map((m) => m.body), ['three'], '<Sms> is read as <Message> in a messaging reply');
      const codes = (await alerts(inbound)).map((a) => a.errorCode).sort();
      assert.deepEqual(codes, [11100, 14105, 21620]);
    });

    test('<Message to from statusCallback> with <Media> sends an MMS elsewhere, from another number, and its callbacks arrive signed', async () => {
      const other = await buy();
      const carol = await phone();
      const dave = await phone();
      app.route('/forward/sms', twiml(`<Message to="${dave}" from="${other}" statusCallback="/forward/status"><Body>forwarded</Body><Media>${app.origin}/pictures/cat.jpg</Media><Media>/pictures/dog.png</Media></Message>`));
      app.route('/pictures/cat.jpg', bytes(Buffer.from('cat'), 'image/jpeg'));
      app.route('/pictures/dog.png', bytes(Buffer.from('dog'), 'image/png'));
      app.route('/forward/status', xml(''));
      const number = await buy({ smsUrl: `${app.origin}/forward/sms` });
      await text(platform, carol, number, 'please forward');
      const got = await receivedBody(platform, dave, 'forwarded');
      assert.equal(got.from, other);
      assert.deepEqual(got.mediaUrls, [`${app.origin}/pictures/cat.jpg`, `${app.origin}/pictures/dog.png`]);
      assert.match(got.messageSid, /^MM[0-9a-f]{32}$/);
      const reply = await client.messages(got.messageSid).fetch();
      assert.equal(reply.direction, 'outbound-reply');
      assert.equal(reply.numMedia, '2');
      const statuses = await eventually(async () => { const seen = callbacksFor(app, '/forward/status', got.messageSid); return seen.length === 3 ? seen : null; });
      assert.deepEqual(statuses.map((p) => p.get('MessageStatus')), ['sending', 'sent', 'delivered']);
      for (let i = 0; i < 3; i++) signed('/forward/status', i);
      assert.equal((await received(platform, carol)).length, 0, 'the sender got no reply');
    });

    test('<Message to> written without + is read in the country of the from number, as Twilio reads it', async () => {
      const erin = await phone();
      const frank = await phone();
      const local = `(${frank.slice(2, 5)}) ${frank.slice(5, 8)}-${frank.slice(8)}`;
      app.route('/local/sms', twiml(`<Message to="${local}">for frank</Message><Message to="1${frank.slice(2)}">again</Message>`));
      const number = await buy({ smsUrl: `${app.origin}/local/sms` });
      await text(platform, erin, number, 'tell frank');
      assert.equal((await receivedBody(platform, frank, 'for frank')).from, number);
      await receivedBody(platform, frank, 'again');
    });

    test('when the SMS URL fails, the fallback URL is asked (with ErrorCode and ErrorUrl), its reply is sent, and an alert is raised', async () => {
      app.route('/broken/sms', xml('oops', 500));
      app.route('/broken/fallback', twiml('<Message>from the fallback</Message>'));
      const number = await buy({ smsUrl: `${app.origin}/broken/sms`, smsFallbackUrl: `${app.origin}/broken/fallback` });
      const erin = await phone();
      const inbound = await text(platform, erin, number, 'anyone?');
      await receivedBody(platform, erin, 'from the fallback');
      const fallback = new URLSearchParams(signed('/broken/fallback').body);
      assert.equal(fallback.get('ErrorCode'), '11200');
      assert.equal(fallback.get('ErrorUrl'), `${app.origin}/broken/sms`);
      assert.equal(fallback.get('MessageSid'), inbound);
      assert.ok((await alerts(inbound)).some((a) => a.errorCode === 11200));
    });

    test('a number with an SMS application uses the application\'s SMS URL, not its own', async () => {
      app.route('/routing/app', twiml('<Message>from the application</Message>'));
      app.route('/routing/number', twiml('<Message>from the number</Message>'));
      const application = await client.applications.create({ friendlyName: 'sms app', smsUrl: `${app.origin}/routing/app` });
      const number = await buy({ smsUrl: `${app.origin}/routing/number`, smsApplicationSid: application.sid });
      const frank = await phone();
      const inbound = await text(platform, frank, number, 'which one?');
      await receivedBody(platform, frank, 'from the application');
      await handled(inbound);
      assert.equal(app.hits('/routing/number').length, 0);
    });

    test('an MMS reaches the app with NumMedia, MediaUrl{N} and MediaContentType{N}, and the numbers\' geography', async () => {
      app.route('/mms/sms', twiml(''));
      const number = await buy({ smsUrl: `${app.origin}/mms/sms` });
      const grace = await phone();
      // Nothing serves these (the app answers 404): their copies fail, and their types are guessed from their names.
      const originals = [`${app.origin}/gone/photo.jpg`, `${app.origin}/gone/song.mp3`];
      const inbound = await text(platform, grace, number, 'look', originals);
      assert.match(inbound, /^MM/);
      await handled(inbound);
      const params = new URLSearchParams(signed('/mms/sms').body);
      assert.equal(params.get('NumMedia'), '2');
      // As on Twilio, each MediaUrl{N} is the message's Media resource on the platform (these cannot be copied: their content redirects to the media).
      const media = await client.messages(inbound).media.list();
      assert.equal(media.length, 2);
      for (const [i, original] of originals.entries()) {
        const url = params.get(`MediaUrl${i}`) ?? '';
        assert.match(url, new RegExp(`^${platform.url}/2010-04-01/Accounts/${platform.sid}/Messages/${inbound}/Media/ME[0-9a-f]{32}$`));
        assert.ok(media.some((m) => url.endsWith(`/Media/${m.sid}`)));
        const content = await fetch(url, { headers: { authorization: basic(platform.sid, platform.token) }, redirect: 'manual' });
        assert.equal(content.status, 307);
        assert.equal(content.headers.get('location'), original);
      }
      assert.equal(params.get('MediaContentType0'), 'image/jpeg');
      assert.equal(params.get('MediaContentType1'), 'audio/mpeg');
      assert.deepEqual(['ToCity', 'ToState', 'ToZip', 'ToCountry'].map((k) => params.get(k)), ['San Francisco', 'CA', '94103', 'US']);
      assert.deepEqual(['FromCity', 'FromState', 'FromZip', 'FromCountry'].map((k) => params.get(k)), ['', '', '', 'US']);
      assert.deepEqual(media.map((m) => m.contentType).sort(), ['audio/mpeg', 'image/jpeg']);
    });

    test('a conversation answered more than 30 times in a row within 30 s each: the 31st reply fails with 14107 and its status callback says so', async () => {
      app.route('/echo/sms', twiml('<Message statusCallback="/echo/status">echo</Message>'));
      app.route('/echo/status', xml(''));
      const number = await buy({ smsUrl: `${app.origin}/echo/sms` });
      const ivan = await phone();
      const inbound: string[] = [];
      for (let i = 0; i < 32; i++) inbound.push(await text(platform, ivan, number, `ping ${i}`));
      for (const sid of inbound) await handled(sid);
      const replies = await eventually(async () => {
        const all = await client.messages.list({ from: number, to: ivan });
        return all.length === 32 && all.every((m) => ['delivered', 'failed'].includes(m.status)) ? all : null;
      });
      const failed = replies.filter((m) => m.status === 'failed');
      assert.equal(failed.length, 2);
      for (const m of failed) {
        assert.equal(m.direction, 'outbound-reply');
        assert.equal(m.errorCode, 14107);
        assert.equal(m.errorMessage, 'SMS send rate limit exceeded');
      }
      assert.equal(replies.filter((m) => m.status === 'delivered').length, 30);
      assert.equal((await received(platform, ivan)).length, 30);
      const failure = await eventually(async () => callbacksFor(app, '/echo/status', failed[0]!.sid).find((p) => p.get('MessageStatus') === 'failed'));
      assert.equal(failure.get('ErrorCode'), '14107');
    });

    test('two of the platform\'s numbers whose apps answer each other stop after 30 replies each way', async () => {
      app.route('/pingpong/sms', twiml('<Message>again</Message>'));
      const a = await buy({ smsUrl: `${app.origin}/pingpong/sms` });
      const b = await buy({ smsUrl: `${app.origin}/pingpong/sms` });
      await client.messages.create({ from: a, to: b, body: 'serve' });
      const settled = async (from: string, to: string, count: number) => {
        const all = await client.messages.list({ from, to });
        const replies = all.filter((m) => m.direction === 'outbound-reply');
        return replies.length === count && replies.every((m) => ['delivered', 'failed'].includes(m.status)) ? replies : null;
      };
      // 62 messages in a chain, each a delivery, a webhook and a reply: give a loaded machine time.
      const fromB = await eventually(() => settled(b, a, 31), 40_000);
      const fromA = await eventually(() => settled(a, b, 30), 40_000);
      assert.deepEqual(fromB.map((m) => m.status).sort(), [...Array<string>(30).fill('delivered'), 'failed']);
      assert.equal(fromB.find((m) => m.status === 'failed')?.errorCode, 14107);
      assert.ok(fromA.every((m) => m.status === 'delivered'));
      // Nothing more comes: the loop is over. Each message delivered on-net is also its
      // recipient's inbound message (the failed reply has none).
      await new Promise((resolve) => setTimeout(resolve, 500));
      assert.equal((await client.messages.list({ from: a, to: b })).length, 31 + 31);
      assert.equal((await client.messages.list({ from: b, to: a })).length, 31 + 30);
    });

    test('redacting a message blanks its Body in its trace and its alerts too (echoes in the app\'s answer included); deleting it drops its trace and keeps its alerts, bodiless', async () => {
      // The app fails, echoing the body in its answer (kept in the log and the alert too).
      app.route('/secret/sms', xml('could not handle "my PIN is 4321"', 500));
      const number = await buy({ smsUrl: `${app.origin}/secret/sms`, smsMethod: 'GET' });
      const inbound = await text(platform, await phone(), number, 'my PIN is 4321');
      await handled(inbound);
      const trace = async () => api(platform, 'GET', `/dialtone/v1/Messages/${inbound}/Trace`, [platform.sid, platform.token]);
      const kept = async () => JSON.stringify([(await trace()).body, await alerts(inbound)]);
      assert.match(await kept(), /4321/, 'the trace and the alert show the body before');
      assert.equal((await client.messages(inbound).update({ body: '' })).body, '');
      assert.doesNotMatch(await kept(), /4321/);
      assert.equal((await trace()).status, 200);
      const [alert] = await alerts(inbound);
      assert.equal(new URLSearchParams(alert?.requestVariables ?? '').get('Body'), '');
      assert.equal(await client.messages(inbound).remove(), true);
      assert.equal((await trace()).status, 404);
      assert.equal((await platform.store.db.selectFrom('webhookRequests').select('sid').where('resourceSid', '=', inbound).execute()).length, 0);
      assert.ok((await alerts(inbound)).length > 0, 'alerts are the account\'s and stay');
    });

    test('a number with no SMS URL keeps the message and asks no app, sends no reply and raises no alert', async () => {
      const number = await buy();
      const heidi = await phone();
      const before = app.received.length;
      const inbound = await text(platform, heidi, number, 'hello?');
      await handled(inbound);
      const message = await client.messages(inbound).fetch();
      assert.equal(message.direction, 'inbound');
      assert.equal(message.status, 'received');
      assert.equal(app.received.length, before);
      assert.equal((await received(platform, heidi)).length, 0);
      assert.deepEqual(await alerts(inbound), []);
    });

    test('an incoming message over 1,600 characters is truncated to 1,600 and failed with 21617; the app is not asked', async () => {
      app.route('/long/sms', twiml('<Message>should not be sent</Message>'));
      const number = await buy({ smsUrl: `${app.origin}/long/sms` });
      const ivan = await phone();
      const inbound = await text(platform, ivan, number, `${'x'.repeat(1599)}\u{1F600}${'y'.repeat(100)}`);
      await handled(inbound);
      const message = await client.messages(inbound).fetch();
      assert.equal(message.status, 'failed');
      assert.equal(message.errorCode, 21617);
      assert.equal(message.body, 'x'.repeat(1599), 'cut at 1,600 code units, not between the halves of the emoji');
      assert.equal(message.numSegments, '11');
      assert.equal(app.hits('/long/sms').length, 0);
      assert.equal((await received(platform, ivan)).length, 0);
      assert.deepEqual((await alerts(inbound)).map((a) => a.errorCode), [21617]);
      // 1,600 exactly is a message like any other.
      const fits = await text(platform, ivan, number, 'z'.repeat(1600));
      await handled(fits);
      assert.equal((await client.messages(fits).fetch()).status, 'received');
      assert.equal(app.hits('/long/sms').length, 1);
    });
  });
}
