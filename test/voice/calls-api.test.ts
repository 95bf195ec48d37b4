/**
 * The Calls API as an app drives it with the npm twilio SDK: create (Url, Twiml, ApplicationSid,
 * with status callbacks), list with Twilio's filters and across pages, fetch with every field
 * in Twilio's types, live modification (redirect, cancel, hang up), delete; each validation
 * error with Twilio's code; test credentials' magic numbers; and the Recordings and
 * Transcriptions resources after a `<Record>`. Calls run on the fast clock, except those that
 * must stay live while the test acts on them, which run on the system clock.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { insertCall, findCall } from '../../src/store/calls.js';
import { newSid } from '../../src/store/sid.js';
import { DIALECTS, api, basic } from '../support/platform.js';
import { startAppServer, xml } from '../support/app-server.js';
import type { AppServer } from '../support/app-server.js';
import { eventually, sim } from '../support/sim.js';
import { sdkClient, twilioCode } from '../support/twilio.js';
import type { CallListInstanceCreateOptions } from 'twilio/lib/rest/api/v2010/account/call.js';
import { buyNumber, callEnded, createPhone, form, heard, received, startLiveVoicePlatform, startVoicePlatform, steps, transcript } from '../support/voice.js';
import type { VoicePlatform } from '../support/voice.js';

const SPOKEN = 'hello this is a test';

for (const dialect of DIALECTS) {
  describe(`Calls API through the Node SDK (${dialect})`, () => {
    let platform: VoicePlatform;
    let app: AppServer;
    let number: string;
    let phone: string;

    before(async () => {
      platform = await startVoicePlatform(dialect);
      app = await startAppServer();
      // Three seconds of call time per call, so calls placed one after another start in different seconds.
      app.route('/hello', xml('<Response><Say>Hello</Say><Pause length="3"/></Response>'));
      app.route('/app-voice', xml('<Response><Say>This is the application.</Say></Response>'));
      app.route('/voicemail', xml(`<Response><Record action="/recorded" timeout="2" maxLength="20" transcribe="true" transcribeCallback="/transcribed"/></Response>`));
      app.route('/recorded', xml('<Response><Say>Goodbye.</Say></Response>'));
      for (const path of ['/status', '/app-status', '/transcribed']) app.route(path, xml('<Response/>'));
      number = await buyNumber(platform, { voiceUrl: `${app.origin}/hello` });
      phone = await createPhone(platform);
    });
    after(async () => {
      await platform.stop();
      await app.close();
    });

    const client = () => platform.client;
    const statuses = (path: string, callSid: string) => app.hits(path).map(form).filter((p) => p.CallSid === callSid);

    test('a call created with Url is queued, fetches its Url with Method, and the StatusCallback hears each subscribed StatusCallbackEvent', async () => {
      const call = await client().calls.create({
        to: phone, from: number, url: `${app.origin}/hello`, method: 'GET',
        statusCallback: `${app.origin}/status`, statusCallbackEvent: ['initiated', 'answered', 'completed'],
      });
      assert.match(call.sid, /^CA[0-9a-f]{32}$/);
      assert.equal(call.status, 'queued');
      assert.equal(call.direction, 'outbound-api');
      assert.equal(call.to, phone);
      assert.equal(call.from, number);
      assert.equal(call.accountSid, platform.sid);
      assert.equal(call.startTime, null, 'not yet placed');
      assert.equal(call.endTime, null);
      assert.equal(call.duration, null);
      const ended = await callEnded(platform, call.sid);
      assert.equal(ended.status, 'completed');
      assert.deepEqual(steps(await transcript(platform, call.sid)), ['ringing', 'answered', 'say: Hello', 'pause: 3', 'hangup: platform']);
      const fetched = app.hits('/hello').filter((r) => form(r).CallSid === call.sid);
      assert.deepEqual(fetched.map((r) => r.method), ['GET']);
      assert.equal(fetched.map(form)[0]?.CallStatus, 'in-progress');
      const heard = await eventually(async () => (statuses('/status', call.sid).length >= 3 ? statuses('/status', call.sid) : null));
      assert.deepEqual(heard.map((p) => p.CallStatus), ['initiated', 'in-progress', 'completed'], 'ringing was not subscribed');
      assert.equal(heard[2]?.CallDuration, ended.duration);
    });

    test('a call created with Twiml runs that document and requests no URL', async () => {
      const before = app.received.length;
      const call = await client().calls.create({ to: phone, from: number, twiml: '<Response><Say>Inline hello</Say></Response>' });
      await callEnded(platform, call.sid);
      assert.deepEqual(steps(await transcript(platform, call.sid)), ['ringing', 'answered', 'say: Inline hello', 'hangup: platform']);
      assert.equal(app.received.slice(before).filter((r) => form(r).CallSid === call.sid).length, 0);
    });

    test('a call created with ApplicationSid runs the application\'s VoiceUrl and reports to its StatusCallback, not the call\'s', async () => {
      const application = await client().applications.create({ friendlyName: 'ivr', voiceUrl: `${app.origin}/app-voice`, voiceMethod: 'POST', statusCallback: `${app.origin}/app-status` });
      const call = await client().calls.create({ to: phone, from: number, applicationSid: application.sid, url: `${app.origin}/hello`, statusCallback: `${app.origin}/status` });
      await callEnded(platform, call.sid);
      assert.deepEqual(steps(await transcript(platform, call.sid)), ['ringing', 'answered', 'say: This is the application.', 'hangup: platform']);
      assert.equal(app.hits('/app-voice').map(form).find((p) => p.CallSid === call.sid)?.ApplicationSid, application.sid);
      assert.equal(statuses('/hello', call.sid).length, 0, 'the call\'s own Url is ignored');
      const completed = await eventually(async () => statuses('/app-status', call.sid).find((p) => p.CallStatus === 'completed'));
      assert.equal(completed.CallSid, call.sid);
      assert.equal(statuses('/status', call.sid).length, 0);
    });

    test('with ApplicationSid, the call\'s StatusCallback and StatusCallbackEvent are ignored: an application without a status callback gets none', async () => {
      const application = await client().applications.create({ friendlyName: 'quiet', voiceUrl: `${app.origin}/app-voice` });
      const call = await client().calls.create({
        to: phone, from: number, applicationSid: application.sid, statusCallback: `${app.origin}/status`, statusCallbackEvent: ['initiated', 'ringing', 'answered', 'completed'],
      });
      await callEnded(platform, call.sid);
      await new Promise((resolve) => setTimeout(resolve, 200));
      assert.deepEqual(statuses('/status', call.sid).map((p) => p.CallStatus), []);
    });

    test('fetch returns every field Twilio returns, in Twilio\'s types', async () => {
      const created = await client().calls.create({ to: phone, from: number, url: `${app.origin}/hello` });
      await callEnded(platform, created.sid);
      const call = await client().calls(created.sid).fetch();
      const [owned] = await client().incomingPhoneNumbers.list({ phoneNumber: number });
      const uri = `/2010-04-01/Accounts/${platform.sid}/Calls/${call.sid}`;
      assert.equal(call.sid, created.sid);
      assert.equal(call.accountSid, platform.sid);
      assert.equal(call.apiVersion, '2010-04-01');
      assert.equal(call.parentCallSid, null);
      assert.equal(call.to, phone);
      assert.equal(call.toFormatted, `(${phone.slice(2, 5)}) ${phone.slice(5, 8)}-${phone.slice(8)}`);
      assert.equal(call.from, number);
      assert.equal(call.fromFormatted, `(${number.slice(2, 5)}) ${number.slice(5, 8)}-${number.slice(8)}`);
      assert.equal(call.phoneNumberSid, owned?.sid);
      assert.equal(call.status, 'completed');
      assert.equal(call.direction, 'outbound-api');
      assert.equal(call.answeredBy, null);
      assert.equal(call.forwardedFrom, null);
      assert.equal(call.callerName, null);
      assert.equal(call.groupSid, null);
      assert.equal(call.trunkSid, null);
      assert.equal(call.price, null);
      assert.equal(call.priceUnit, 'USD');
      for (const date of [call.dateCreated, call.dateUpdated, call.startTime, call.endTime]) assert.ok(date instanceof Date && !Number.isNaN(date.getTime()), 'RFC 2822 dates the SDK parses');
      assert.ok(call.endTime >= call.startTime);
      assert.ok(call.dateUpdated >= call.dateCreated);
      assert.equal(typeof call.duration, 'string', 'Twilio sends the duration as a string');
      assert.match(call.duration, /^\d+$/);
      // Call time from the answer to the hangup (on the fast clock the dates stay wall-clock times).
      const events = await transcript(platform, call.sid);
      const answeredAt = events.find((e) => e.event === 'answered')?.at ?? Number.NaN;
      const hungUpAt = events.find((e) => e.event === 'hangup')?.at ?? Number.NaN;
      assert.equal(call.duration, String(Math.round((hungUpAt - answeredAt) / 1000)), `duration ${call.duration}`);
      assert.equal(typeof call.queueTime, 'string');
      assert.match(call.queueTime, /^\d+$/);
      assert.equal(call.uri, `${uri}.json`);
      assert.deepEqual(call.subresourceUris, { notifications: `${uri}/Notifications.json`, recordings: `${uri}/Recordings.json`, events: `${uri}/Events.json` });
    });

    test('a call\'s start_time and end_time lie between its date_created and date_updated, as on Twilio', async () => {
      app.route('/half-minute', xml('<Response><Pause length="30"/></Response>'));
      const call = await callEnded(platform, (await client().calls.create({ to: phone, from: number, url: `${app.origin}/half-minute` })).sid);
      const second = (d: Date) => Math.floor(d.getTime() / 1000);
      assert.ok(call.startTime instanceof Date && call.endTime instanceof Date);
      assert.ok(second(call.startTime) >= second(call.dateCreated), `start_time ${call.startTime.toISOString()} is before date_created ${call.dateCreated.toISOString()}`);
      assert.ok(second(call.endTime) <= second(call.dateUpdated), `end_time ${call.endTime.toISOString()} is after date_updated ${call.dateUpdated.toISOString()}`);
    });

    test('list filters by To, From, Status, ParentCallSid, StartTime and EndTime, most recent first, across pages', async () => {
      const answering = await createPhone(platform);
      const busy = await createPhone(platform, { answer: 'busy' });
      const other = await buyNumber(platform);
      const first = await callEnded(platform, (await client().calls.create({ to: answering, from: number, url: `${app.origin}/hello` })).sid);
      const refused = await callEnded(platform, (await client().calls.create({ to: busy, from: number, url: `${app.origin}/hello` })).sid);
      // Start and end times are wall-clock times with whole seconds: the last call starts seconds later.
      await new Promise((resolve) => setTimeout(resolve, 3000));
      const last = await callEnded(platform, (await client().calls.create({ to: answering, from: other, url: `${app.origin}/hello` })).sid);
      const sids = (calls: ReadonlyArray<{ sid: string }>) => calls.map((c) => c.sid);

      assert.deepEqual(sids(await client().calls.list({ to: answering })), [last.sid, first.sid]);
      assert.deepEqual(sids(await client().calls.list({ from: other })), [last.sid]);
      assert.deepEqual(sids(await client().calls.list({ to: busy, status: 'busy' })), [refused.sid]);
      assert.deepEqual(sids(await client().calls.list({ to: answering, status: 'completed' })), [last.sid, first.sid]);
      assert.deepEqual(sids(await client().calls.list({ to: answering, status: 'busy' })), []);
      assert.ok((await client().calls.list({ status: 'completed' })).every((c) => c.status === 'completed'));

      // A <Dial> leg is stored with its parent (Dial arrives with the next issue: the leg is written here as it will be).
      const parentRow = await findCall(platform.store.db, platform.sid, first.sid);
      assert.ok(parentRow);
      const childSid = newSid('CA');
      await insertCall(platform.store.db, { ...parentRow, sid: childSid, parentCallSid: first.sid, direction: 'outbound-dial' });
      assert.deepEqual(sids(await client().calls.list({ parentCallSid: first.sid })), [childSid]);
      assert.equal((await client().calls(childSid).fetch()).parentCallSid, first.sid);
      await client().calls(childSid).remove();

      assert.ok(first.startTime && last.startTime && first.endTime && last.endTime);
      assert.ok(last.startTime.getTime() - first.startTime.getTime() >= 3000, 'the calls started seconds apart');
      assert.deepEqual(sids(await client().calls.list({ to: answering, startTimeAfter: last.startTime })), [last.sid]);
      assert.deepEqual(sids(await client().calls.list({ to: answering, startTimeBefore: new Date(last.startTime.getTime() - 1000) })), [first.sid]);
      assert.deepEqual(sids(await client().calls.list({ to: answering, endTimeAfter: last.endTime })), [last.sid]);
      assert.deepEqual(sids(await client().calls.list({ to: answering, endTimeBefore: new Date(last.endTime.getTime() - 1000) })), [first.sid]);
      const day = (d: Date) => d.toISOString().slice(0, 10);
      const onFirstDay = [last, first].filter((c) => c.startTime && day(c.startTime) === day(first.startTime ?? new Date(0)));
      assert.deepEqual(sids(await client().calls.list({ to: answering, startTime: first.startTime })), sids(onFirstDay), 'StartTime= is that day');
      assert.deepEqual(sids(await client().calls.list({ to: answering, startTime: new Date(first.startTime.getTime() + 2 * 86_400_000) })), []);

      const page = await client().calls.page({ to: answering, pageSize: 1 });
      assert.deepEqual(sids(page.instances), [last.sid]);
      assert.match(page.nextPageUrl ?? '', /PageSize=1&Page=1&PageToken=PA/);
      const next = await page.nextPage();
      assert.deepEqual(sids(next?.instances ?? []), [first.sid]);
      assert.deepEqual(sids(await client().calls.list({ to: answering, pageSize: 1 })), [last.sid, first.sid], 'list() follows next_page_uri');
      assert.deepEqual(sids(await client().calls.list({ to: answering, limit: 1 })), [last.sid]);
    });

    test('a call\'s start_time filter with StartTime<= includes a call that started within that second', async () => {
      const call = await callEnded(platform, (await client().calls.create({ to: await createPhone(platform), from: number, url: `${app.origin}/hello` })).sid);
      assert.ok(call.startTime);
      // The SDK sends the instant with second precision, as Twilio shows start_time.
      assert.deepEqual((await client().calls.list({ to: call.to, startTimeBefore: call.startTime })).map((c) => c.sid), [call.sid]);
    });

    test('Call Events list each request made for the call, with its parameters, and the app\'s response', async () => {
      const call = await callEnded(platform, (await client().calls.create({ to: phone, from: number, url: `${app.origin}/hello` })).sid);
      const events = await client().calls(call.sid).events.list();
      assert.equal(events.length, 1);
      const { request, response } = events[0] ?? { request: {}, response: {} };
      assert.deepEqual([request.method, request.url, request.parameters?.CallSid, request.parameters?.CallStatus], ['POST', `${app.origin}/hello`, call.sid, 'in-progress']);
      assert.equal(response.response_code, 200);
      assert.equal(response.content_type, 'text/xml');
      assert.equal(response.response_body, '<Response><Say>Hello</Say><Pause length="3"/></Response>');
    });

    test('Call Events show a twimlets.com Url as the app gave it, though the platform serves it itself', async () => {
      const url = 'http://twimlets.com/message?Message=Hi';
      const call = await callEnded(platform, (await client().calls.create({ to: phone, from: number, url })).sid);
      const [event] = await client().calls(call.sid).events.list();
      assert.equal(event?.request.url, url);
    });

    test('delete removes an ended call (204): it is gone from fetch and list', async () => {
      const doomed = await createPhone(platform);
      const call = await callEnded(platform, (await client().calls.create({ to: doomed, from: number, url: `${app.origin}/hello` })).sid);
      assert.equal(await client().calls(call.sid).remove(), true);
      assert.equal(await twilioCode(client().calls(call.sid).fetch()), 20404);
      assert.deepEqual(await client().calls.list({ to: doomed }), []);
      assert.equal(await twilioCode(client().calls(call.sid).remove()), 20404);
    });

    test('redirecting a completed call is refused with 21220; an unknown call is 20404', async () => {
      const call = await callEnded(platform, (await client().calls.create({ to: phone, from: number, url: `${app.origin}/hello` })).sid);
      assert.equal(await twilioCode(client().calls(call.sid).update({ url: `${app.origin}/hello` })), 21220);
      assert.equal(await twilioCode(client().calls(call.sid).update({ twiml: '<Response><Say>Too late</Say></Response>' })), 21220);
      assert.equal((await client().calls(call.sid).update({ status: 'completed' })).status, 'completed', 'ending an ended call changes nothing');
      const unknown = `CA${'0'.repeat(32)}`;
      assert.equal(await twilioCode(client().calls(unknown).fetch()), 20404);
      assert.equal(await twilioCode(client().calls(unknown).update({ status: 'completed' })), 20404);
      assert.equal(await twilioCode(client().calls(unknown).remove()), 20404);
    });

    test('each invalid create is refused with Twilio\'s code', async () => {
      const url = `${app.origin}/hello`;
      const cases: Array<[CallListInstanceCreateOptions, number, string]> = [
        [{ to: '', from: number, url }, 21201, 'no To'],
        [{ to: '', from: '', url }, 21201, 'no To comes first'],
        [{ to: phone, from: '', url }, 21213, 'no From'],
        [{ to: phone, from: number }, 21205, 'no Url, Twiml or ApplicationSid'],
        [{ to: phone, from: number, url: 'not a url' }, 21205, 'Url not a URL'],
        [{ to: phone, from: number, url: 'ftp://example.com/voice.xml' }, 21205, 'Url not http(s)'],
        [{ to: phone, from: '+14155550199', url }, 21210, 'From not a number of the account'],
        [{ to: 'nope', from: number, url }, 21211, 'To not a phone number'],
        [{ to: '+1', from: number, url }, 21211, 'To too short'],
        [{ to: phone, from: 'caller', url }, 21212, 'From not a phone number'],
        [{ to: phone, from: number, applicationSid: `AP${'0'.repeat(32)}` }, 21218, 'unknown ApplicationSid'],
        [{ to: phone, from: number, twiml: '<Response><Say>unclosed' }, 12100, 'Twiml not XML'],
        [{ to: phone, from: number, url, timeout: -5 }, 20001, 'Timeout negative'],
        [{ to: phone, from: number, url, timeout: Number.NaN }, 20001, 'Timeout not a number'],
        [{ to: phone, from: number, url, statusCallback: `${app.origin}/status`, statusCallbackEvent: ['hung-up'] }, 20001, 'StatusCallbackEvent unknown'],
        [{ to: phone, from: number, url, method: 'PUT' }, 20001, 'Method not GET or POST'],
        [{ to: phone, from: number, url, statusCallbackMethod: 'DELETE' }, 20001, 'StatusCallbackMethod not GET or POST'],
        [{ to: phone, from: number, url, fallbackUrl: url, fallbackMethod: 'PATCH' }, 20001, 'FallbackMethod not GET or POST'],
      ];
      for (const [params, code, why] of cases) assert.equal(await twilioCode(client().calls.create(params)), code, why);
      const before = (await client().calls.list({ to: phone })).length;
      assert.equal((await client().calls.list({ to: phone })).length, before, 'nothing refused was stored');
    });

    test('test credentials answer with Twilio\'s magic numbers, place nothing, and cannot list or fetch calls (20008)', async () => {
      const test = sdkClient(platform.url, platform.account.testSid, platform.account.testAuthToken);
      const url = `${app.origin}/hello`;
      const ok = await test.calls.create({ to: '+14155550100', from: '+15005550006', url });
      assert.match(ok.sid, /^CA[0-9a-f]{32}$/);
      assert.equal(ok.status, 'queued');
      assert.equal(ok.accountSid, platform.account.testSid);
      assert.equal(await twilioCode(client().calls(ok.sid).fetch()), 20404, 'nothing was stored or dialled');
      const cases: Array<[string, string, number]> = [
        ['+15005550001', '+14155550100', 21212], ['+14155550123', '+14155550100', 21210],
        ['+15005550006', '+15005550001', 21217], ['+15005550006', '+15005550002', 21214],
        ['+15005550006', '+15005550003', 21215], ['+15005550006', '+15005550004', 21216],
      ];
      for (const [from, to, code] of cases) assert.equal(await twilioCode(test.calls.create({ from, to, url })), code, `${from} → ${to}`);
      // Other parameters are judged as with live credentials.
      assert.equal(await twilioCode(test.calls.create({ from: '+15005550006', to: '', url })), 21201);
      assert.equal(await twilioCode(test.calls.create({ from: '+15005550006', to: '+14155550100' })), 21205);
      assert.equal(await twilioCode(test.calls.create({ from: '+15005550006', to: 'nope', url })), 21211);
      assert.equal(await twilioCode(test.calls.create({ from: '+15005550006', to: '+14155550100', url: 'not a url' })), 21205);
      assert.equal(await twilioCode(test.calls.list()), 20008);
      assert.equal(await twilioCode(test.calls(ok.sid).fetch()), 20008);
    });

    test('after a <Record>, Recordings and Transcriptions list, fetch and delete through the SDK; the media is WAV, or MP3 with .mp3', async () => {
      const caller = await createPhone(platform, { script: [{ waitFor: 'beep' }, { speak: SPOKEN }] });
      const call = await client().calls.create({ to: caller, from: number, url: `${app.origin}/voicemail` });
      await callEnded(platform, call.sid);
      const recorded = (await received(app, '/recorded')).map(form).find((p) => p.CallSid === call.sid);
      assert.ok(recorded?.RecordingSid);
      const sid = recorded.RecordingSid;

      const [listed] = await client().calls(call.sid).recordings.list();
      assert.equal(listed?.sid, sid);
      assert.equal(listed?.callSid, call.sid);
      assert.ok((await client().recordings.list()).some((r) => r.sid === sid));
      assert.deepEqual((await client().recordings.list({ callSid: call.sid })).map((r) => r.sid), [sid]);
      const recording = await client().recordings(sid).fetch();
      assert.equal(recording.accountSid, platform.sid);
      assert.equal(recording.callSid, call.sid);
      assert.equal(recording.conferenceSid, null);
      assert.equal(recording.source, 'RecordVerb');
      assert.equal(recording.status, 'completed');
      assert.equal(recording.channels, 1);
      assert.equal(recording.duration, recorded.RecordingDuration);
      assert.equal(typeof recording.duration, 'string');
      assert.equal(recording.errorCode, null);
      assert.equal(recording.price, null);
      assert.ok(recording.dateCreated instanceof Date && recording.startTime instanceof Date);
      assert.equal(recording.uri, `/2010-04-01/Accounts/${platform.sid}/Recordings/${sid}.json`);
      assert.equal(recording.mediaUrl, `${platform.url}/2010-04-01/Accounts/${platform.sid}/Recordings/${sid}`);
      assert.equal(recording.mediaUrl, recorded.RecordingUrl);
      const inCall = await client().calls(call.sid).recordings(sid).fetch();
      assert.equal(inCall.sid, sid);
      assert.equal(inCall.track, 'inbound');

      const auth = { authorization: basic(platform.sid, platform.token) };
      const wav = await fetch(recording.mediaUrl, { headers: auth });
      assert.equal(wav.status, 200);
      assert.equal(wav.headers.get('content-type'), 'audio/x-wav');
      assert.equal(Buffer.from(await wav.arrayBuffer()).subarray(0, 4).toString('latin1'), 'RIFF');
      const mp3 = await fetch(`${recording.mediaUrl}.mp3`, { headers: auth });
      assert.equal(mp3.status, 200);
      assert.equal(mp3.headers.get('content-type'), 'audio/mpeg');
      const frame = new Uint8Array(await mp3.arrayBuffer());
      assert.ok(frame.length > 0 && frame[0] === 0xff && ((frame[1] ?? 0) & 0xe0) === 0xe0, 'an MPEG audio frame');
      assert.equal((await fetch(recording.mediaUrl)).status, 401, 'the media needs the account\'s credentials');
      assert.equal((await fetch(`${recording.mediaUrl}.mp3`)).status, 401);

      const transcriptions = await client().transcriptions.list();
      const transcription = transcriptions.find((t) => t.recordingSid === sid);
      assert.ok(transcription);
      assert.equal(transcription.transcriptionText, SPOKEN);
      assert.equal(transcription.status, 'completed');
      const fetchedTranscription = await client().transcriptions(transcription.sid).fetch();
      assert.equal(fetchedTranscription.transcriptionText, SPOKEN);
      assert.equal(fetchedTranscription.duration, recording.duration);
      assert.deepEqual((await client().recordings(sid).transcriptions.list()).map((t) => t.sid), [transcription.sid]);

      assert.equal(await client().recordings(sid).remove(), true);
      assert.equal(await twilioCode(client().recordings(sid).fetch()), 20404);
      assert.deepEqual(await client().calls(call.sid).recordings.list(), []);
      assert.equal(await twilioCode(client().transcriptions(transcription.sid).fetch()), 20404, 'its transcriptions went with it');
      assert.equal((await fetch(recording.mediaUrl, { headers: auth })).status, 404);
    });

    test('a transcription can be deleted on its own (204), and a call\'s recording deleted through the call (204)', async () => {
      const caller = await createPhone(platform, { script: [{ waitFor: 'beep' }, { speak: SPOKEN }] });
      const call = await client().calls.create({ to: caller, from: number, url: `${app.origin}/voicemail` });
      await callEnded(platform, call.sid);
      const [recording] = await client().calls(call.sid).recordings.list();
      assert.ok(recording);
      const [transcription] = await client().recordings(recording.sid).transcriptions.list();
      assert.ok(transcription);
      assert.equal(await client().transcriptions(transcription.sid).remove(), true);
      assert.deepEqual(await client().recordings(recording.sid).transcriptions.list(), []);
      assert.equal((await client().recordings(recording.sid).fetch()).sid, recording.sid, 'the recording stays');
      assert.equal(await client().calls(call.sid).recordings(recording.sid).remove(), true);
      assert.equal(await twilioCode(client().recordings(recording.sid).fetch()), 20404);
    });
  });

  describe(`live calls through the Node SDK (${dialect})`, () => {
    let platform: VoicePlatform;
    let app: AppServer;
    let number: string;

    before(async () => {
      platform = await startLiveVoicePlatform(dialect);
      app = await startAppServer();
      app.route('/hold', xml('<Response><Say loop="0">Please hold.</Say></Response>'));
      app.route('/long', xml('<Response><Pause length="600"/></Response>'));
      app.route('/moved', xml('<Response><Say>You were moved.</Say></Response>'));
      app.route('/status', xml('<Response/>'));
      number = await buyNumber(platform, { voiceUrl: `${app.origin}/hold` });
    });
    after(async () => {
      await platform.stop();
      await app.close();
    });

    test('updating Url and Method redirects an in-progress call: the new URL is requested with that method and its TwiML runs', async () => {
      const phone = await createPhone(platform, { ringSeconds: 0 });
      const call = await platform.client.calls.create({ to: phone, from: number, url: `${app.origin}/hold` });
      await heard(platform, call.sid, 'say');
      const updated = await platform.client.calls(call.sid).update({ url: `${app.origin}/moved`, method: 'GET' });
      assert.equal(updated.sid, call.sid);
      assert.equal(updated.status, 'in-progress');
      const ended = await callEnded(platform, call.sid);
      assert.equal(ended.status, 'completed');
      assert.deepEqual(steps(await transcript(platform, call.sid)).slice(-2), ['say: You were moved.', 'hangup: platform']);
      const moved = app.hits('/moved').filter((r) => form(r).CallSid === call.sid);
      assert.deepEqual(moved.map((r) => r.method), ['GET']);
    });

    test('updating Twiml replaces the document of an in-progress call', async () => {
      const phone = await createPhone(platform, { ringSeconds: 0 });
      const call = await platform.client.calls.create({ to: phone, from: number, url: `${app.origin}/long` });
      await heard(platform, call.sid, 'pause');
      assert.equal(await twilioCode(platform.client.calls(call.sid).update({ twiml: '<Response><Say>broken' })), 12100, 'invalid Twiml is refused');
      const updated = await platform.client.calls(call.sid).update({ twiml: '<Response><Say>Replaced.</Say></Response>' });
      assert.equal(updated.status, 'in-progress');
      await callEnded(platform, call.sid);
      assert.deepEqual(steps(await transcript(platform, call.sid)), ['ringing', 'answered', 'pause: 600', 'say: Replaced.', 'hangup: platform']);
    });

    test('Status=canceled ends a ringing call canceled; the phone stops ringing and the completed callback says canceled', async () => {
      const phone = await createPhone(platform, { answer: 'manual' });
      const call = await platform.client.calls.create({ to: phone, from: number, url: `${app.origin}/hold`, statusCallback: `${app.origin}/status` });
      await heard(platform, call.sid, 'ringing');
      // The phone rings a moment before the call's row says so.
      await eventually(async () => (await platform.client.calls(call.sid).fetch()).status === 'ringing');
      assert.equal(await twilioCode(platform.client.calls(call.sid).remove()), 20009, 'a live call cannot be deleted');
      const canceled = await platform.client.calls(call.sid).update({ status: 'canceled' });
      assert.equal(canceled.status, 'canceled');
      assert.ok(canceled.endTime instanceof Date);
      assert.equal(canceled.duration, null, 'never answered');
      assert.deepEqual(steps(await transcript(platform, call.sid)), ['ringing', 'hangup: platform']);
      const completed = await eventually(async () => app.hits('/status').map(form).find((p) => p.CallSid === call.sid));
      assert.equal(completed.CallStatus, 'canceled');
      assert.equal(await platform.client.calls(call.sid).remove(), true, 'deleted once it has ended');
    });

    test('updating Url while the call rings: the new URL runs once it is answered', async () => {
      const phone = await createPhone(platform, { answer: 'manual' });
      const call = await platform.client.calls.create({ to: phone, from: number, url: `${app.origin}/hold` });
      await heard(platform, call.sid, 'ringing');
      // The phone rings a moment before the call's row says so.
      await eventually(async () => (await platform.client.calls(call.sid).fetch()).status === 'ringing');
      assert.equal((await platform.client.calls(call.sid).update({ url: `${app.origin}/moved` })).status, 'ringing');
      assert.equal((await sim(platform, 'POST', `/Calls/${call.sid}/Answer`)).status, 200);
      await callEnded(platform, call.sid);
      assert.deepEqual(steps(await transcript(platform, call.sid)), ['ringing', 'answered', 'say: You were moved.', 'hangup: platform']);
      assert.equal(app.hits('/hold').map(form).filter((p) => p.CallSid === call.sid).length, 0);
    });

    test('Status=completed on a ringing call hangs it up unanswered: canceled, as Twilio calls a call hung up while it rang', async () => {
      const phone = await createPhone(platform, { answer: 'manual' });
      const call = await platform.client.calls.create({ to: phone, from: number, url: `${app.origin}/hold` });
      await heard(platform, call.sid, 'ringing');
      assert.equal((await platform.client.calls(call.sid).update({ status: 'completed' })).status, 'canceled');
      assert.deepEqual(steps(await transcript(platform, call.sid)), ['ringing', 'hangup: platform']);
    });

    test('Status=completed hangs up an in-progress call at once', async () => {
      const phone = await createPhone(platform, { ringSeconds: 0 });
      const call = await platform.client.calls.create({ to: phone, from: number, url: `${app.origin}/long` });
      await heard(platform, call.sid, 'pause');
      assert.equal(await twilioCode(platform.client.calls(call.sid).remove()), 20009, 'a live call cannot be deleted');
      const started = Date.now();
      const completed = await platform.client.calls(call.sid).update({ status: 'completed' });
      assert.ok(Date.now() - started < 5000, 'not after the pause');
      assert.equal(completed.status, 'completed');
      assert.ok(completed.endTime instanceof Date);
      assert.match(completed.duration ?? '', /^\d+$/);
      assert.deepEqual(steps(await transcript(platform, call.sid)), ['ringing', 'answered', 'pause: 600', 'hangup: platform']);
      assert.equal(await twilioCode(platform.client.calls(call.sid).update({ url: `${app.origin}/moved` })), 21220, 'no redirect once completed');
    });

    test('update refuses bad values with 20001 and an invalid Url with 21205', async () => {
      const phone = await createPhone(platform, { answer: 'manual' });
      const call = await platform.client.calls.create({ to: phone, from: number, url: `${app.origin}/hold` });
      await heard(platform, call.sid, 'ringing');
      const path = `/2010-04-01/Accounts/${platform.sid}/Calls/${call.sid}.json`;
      assert.equal((await api(platform, 'POST', path, [platform.sid, platform.token], { Status: 'in-progress' })).body.code, 20001, 'the SDK only offers canceled and completed');
      assert.equal(await twilioCode(platform.client.calls(call.sid).update({ url: `${app.origin}/moved`, method: 'PUT' })), 20001);
      assert.equal(await twilioCode(platform.client.calls(call.sid).update({ url: 'not a url' })), 21205);
      assert.equal((await platform.client.calls(call.sid).update({ status: 'canceled' })).status, 'canceled');
    });
  });
}
