/**
 * IVRs end to end on the fast clock: a real local app serves the TwiML, scripted virtual phones
 * call in (and are called), and each test asserts what the phone heard and what the app was
 * asked, in order.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import twilio from 'twilio';
import { DIALECTS } from '../support/platform.js';
import { startAppServer, xml } from '../support/app-server.js';
import type { AppServer } from '../support/app-server.js';
import { sim } from '../support/sim.js';
import { buyNumber, callEnded, createPhone, form, requestsFor, startVoicePlatform, steps, transcript } from '../support/voice.js';
import type { VoicePlatform } from '../support/voice.js';

const MENU = '<?xml version="1.0" encoding="UTF-8"?><Response><Gather numDigits="1" action="/menu"><Say>Welcome to Acme. Press 1 for sales, 2 for support.</Say></Gather><Say>We did not receive any input. Goodbye.</Say></Response>';

for (const dialect of DIALECTS) {
  describe(`IVR calls (${dialect})`, () => {
    let platform: VoicePlatform;
    let app: AppServer;
    let number: string;

    before(async () => {
      platform = await startVoicePlatform(dialect);
      app = await startAppServer();
      app.route('/voice', xml(MENU));
      app.route('/menu', (req, res, r) => {
        const digits = form(r).Digits;
        res.writeHead(200, { 'content-type': 'text/xml' });
        res.end(digits === '1' ? '<Response><Say>Connecting you to sales.</Say><Hangup/></Response>' : '<Response><Say>Sorry.</Say><Redirect>/voice</Redirect></Response>');
      });
      app.route('/status', xml('<Response/>'));
      number = await buyNumber(platform, { voiceUrl: `${app.origin}/voice`, statusCallback: `${app.origin}/status` });
    });
    after(async () => {
      await platform.stop();
      await app.close();
    });

    test('a caller presses 1 in a Gather: the action URL gets Digits and its TwiML replaces the document', async () => {
      const phone = await createPhone(platform, { script: [{ waitFor: 'say', match: 'Press 1' }, { press: '1' }, { waitFor: 'say', match: 'sales' }] });
      const placed = await sim<{ callSid: string }>(platform, 'POST', `/Phones/${phone}/Calls`, { to: number });
      assert.equal(placed.status, 201, JSON.stringify(placed.body));
      const callSid = placed.body.callSid;
      const call = await callEnded(platform, callSid);
      assert.equal(call.status, 'completed');
      assert.equal(call.direction, 'inbound');
      assert.deepEqual(steps(await transcript(platform, callSid)), [
        'ringing', 'answered', 'say: Welcome to Acme. Press 1 for sales, 2 for support.', 'digits-sent: 1', 'say: Connecting you to sales.', 'hangup: platform',
      ]);
      const voice = app.hits('/voice').map(form).find((p) => p.CallSid === callSid);
      assert.ok(voice, 'the voice URL was requested');
      assert.equal(voice.CallStatus, 'ringing');
      assert.equal(voice.Direction, 'inbound');
      assert.equal(voice.From, phone);
      assert.equal(voice.To, number);
      assert.equal(voice.ToCity, 'San Francisco');
      assert.equal(voice.ApiVersion, '2010-04-01');
      const menu = app.hits('/menu').map(form).find((p) => p.CallSid === callSid);
      assert.ok(menu);
      assert.equal(menu.Digits, '1');
      assert.equal(menu.FinishedOnKey, '');
      assert.equal(menu.msg, 'Gather End');
      assert.equal(menu.CallStatus, 'in-progress');
      for (const request of app.hits('/menu')) {
        const signature = String(request.headers['x-twilio-signature']);
        assert.ok(twilio.validateRequest(platform.token, signature, `${app.origin}/menu`, form(request)), 'the request validates with the SDK');
      }
      const [completed] = await requestsFor(app, '/status', callSid);
      assert.equal(completed?.CallStatus, 'completed');
      assert.equal(completed?.CallbackSource, 'call-progress-events');
      assert.ok(Number(completed?.CallDuration) >= 3, `CallDuration ${completed?.CallDuration}`);
    });

    test('a Gather without input and no actionOnEmptyResult continues with the next verb after the timeout', async () => {
      const phone = await createPhone(platform);
      const callSid = (await sim<{ callSid: string }>(platform, 'POST', `/Phones/${phone}/Calls`, { to: number })).body.callSid;
      await callEnded(platform, callSid);
      const events = await transcript(platform, callSid);
      assert.deepEqual(steps(events), ['ringing', 'answered', 'say: Welcome to Acme. Press 1 for sales, 2 for support.', 'say: We did not receive any input. Goodbye.', 'hangup: platform']);
      const [welcome, goodbye] = events.filter((e) => e.event === 'say');
      assert.ok(welcome && goodbye);
      // Five seconds of Gather timeout after the prompt, in call time.
      const promptMs = goodbye.at - welcome.at - 5000;
      assert.ok(promptMs > 2000 && promptMs < 5000, `the prompt took ${promptMs} ms`);
      assert.equal(app.hits('/menu').map(form).filter((p) => p.CallSid === callSid).length, 0);
    });

    test('an outbound call sends every subscribed status callback in order, with Twilio\'s parameters', async () => {
      const phone = await createPhone(platform, { ringSeconds: 2, script: [{ waitFor: 'say', match: 'Press 1' }, { press: '1' }] });
      const call = await platform.client.calls.create({
        to: phone, from: number, url: `${app.origin}/voice`, statusCallback: `${app.origin}/status`,
        statusCallbackEvent: ['initiated', 'ringing', 'answered', 'completed'],
      });
      assert.equal(call.status, 'queued');
      assert.equal(call.direction, 'outbound-api');
      const ended = await callEnded(platform, call.sid);
      assert.equal(ended.status, 'completed');
      assert.ok(ended.startTime instanceof Date && ended.endTime instanceof Date);
      const callbacks = await requestsFor(app, '/status', call.sid, 4);
      assert.deepEqual(callbacks.map((p) => p.CallStatus), ['initiated', 'ringing', 'in-progress', 'completed']);
      assert.deepEqual(callbacks.map((p) => p.SequenceNumber), ['0', '1', '2', '3']);
      const completed = callbacks[3];
      assert.ok(completed);
      assert.equal(completed.Direction, 'outbound-api');
      assert.equal(completed.From, number);
      assert.equal(completed.To, phone);
      assert.equal(completed.CallDuration, ended.duration);
      assert.equal(completed.Duration, '1');
      assert.equal(completed.SipResponseCode, '200');
      assert.match(completed.Timestamp ?? '', /^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} \+0000$/);
      const voice = app.hits('/voice').map(form).find((p) => p.CallSid === call.sid);
      assert.equal(voice?.CallStatus, 'in-progress');
      assert.deepEqual(steps(await transcript(platform, call.sid)).slice(0, 3), ['ringing', 'answered', 'say: Welcome to Acme. Press 1 for sales, 2 for support.']);
    });

    test('speech input: SpeechResult and Confidence go to the action after speechTimeout', async () => {
      app.route('/speech-menu', xml('<Response><Gather input="speech" action="/heard" speechTimeout="auto"><Say>Which department?</Say></Gather></Response>'));
      app.route('/heard', xml('<Response><Say>Thank you.</Say></Response>'));
      const phone = await createPhone(platform, { script: [{ waitFor: 'say', match: 'department' }, { speak: 'sales please' }] });
      const call = await platform.client.calls.create({ to: phone, from: number, url: `${app.origin}/speech-menu` });
      await callEnded(platform, call.sid);
      const heard = (await requestsFor(app, '/heard', call.sid))[0];
      assert.equal(heard?.SpeechResult, 'sales please');
      assert.equal(heard?.Confidence, '0.92');
      assert.equal(heard?.Digits, undefined);
      assert.deepEqual(steps(await transcript(platform, call.sid)), ['ringing', 'answered', 'say: Which department?', 'speech-sent: sales please', 'say: Thank you.', 'hangup: platform']);
    });

    test('a <Redirect> loop runs until the caller hangs up', async () => {
      // The phone acts once the platform has settled: by then the next loop's <Say> has begun.
      app.route('/loop', xml('<Response><Say>Still here</Say><Redirect>/loop</Redirect></Response>'));
      const phone = await createPhone(platform, { script: [{ waitFor: 'say' }, { waitFor: 'say' }, { waitFor: 'say' }, { hangup: true }] });
      const call = await platform.client.calls.create({ to: phone, from: number, url: `${app.origin}/loop` });
      const ended = await callEnded(platform, call.sid);
      assert.equal(ended.status, 'completed');
      assert.deepEqual(steps(await transcript(platform, call.sid)), ['ringing', 'answered', ...Array<string>(4).fill('say: Still here'), 'hangup: phone']);
      assert.equal(app.hits('/loop').map(form).filter((p) => p.CallSid === call.sid).length, 4);
    });

    test('a <Redirect> loop in which no call time passes is ended after 100 documents, with an alert', async () => {
      app.route('/spin', xml('<Response><Redirect>/spin</Redirect></Response>'));
      const phone = await createPhone(platform);
      const call = await platform.client.calls.create({ to: phone, from: number, url: `${app.origin}/spin` });
      const ended = await callEnded(platform, call.sid);
      assert.equal(ended.status, 'completed');
      assert.equal(app.hits('/spin').map(form).filter((p) => p.CallSid === call.sid).length, 100);
      const alerts = await platform.client.calls(call.sid).notifications.list();
      assert.deepEqual(alerts.map((a) => a.errorCode), ['12400']);
    });

    test('finishOnKey ends input without being part of Digits; numDigits stops at that many digits', async () => {
      app.route('/pin', xml('<Response><Gather action="/pin-done" finishOnKey="#"><Say>Enter your PIN, then press pound.</Say></Gather></Response>'));
      app.route('/pin-done', xml('<Response><Gather action="/code-done" numDigits="3"><Say>Now your three digit code.</Say></Gather></Response>'));
      app.route('/code-done', xml('<Response><Say>Thanks.</Say></Response>'));
      const phone = await createPhone(platform, { script: [{ waitFor: 'say', match: 'PIN' }, { press: '4321#' }, { waitFor: 'say', match: 'code' }, { press: '98765' }] });
      const call = await platform.client.calls.create({ to: phone, from: number, url: `${app.origin}/pin` });
      await callEnded(platform, call.sid);
      const [pin] = await requestsFor(app, '/pin-done', call.sid);
      assert.equal(pin?.Digits, '4321');
      assert.equal(pin?.FinishedOnKey, '#');
      const [code] = await requestsFor(app, '/code-done', call.sid);
      assert.equal(code?.Digits, '987');
    });

    test('actionOnEmptyResult requests the action with empty Digits when nothing is pressed', async () => {
      app.route('/empty', xml('<Response><Gather action="/empty-done" actionOnEmptyResult="true" timeout="2"><Say>Say nothing.</Say></Gather><Say>Not reached.</Say></Response>'));
      app.route('/empty-done', xml('<Response><Say>Nothing it is.</Say></Response>'));
      const phone = await createPhone(platform);
      const call = await platform.client.calls.create({ to: phone, from: number, url: `${app.origin}/empty` });
      await callEnded(platform, call.sid);
      const [done] = await requestsFor(app, '/empty-done', call.sid);
      assert.equal(done?.Digits, '');
      assert.deepEqual(steps(await transcript(platform, call.sid)).slice(2), ['say: Say nothing.', 'say: Nothing it is.', 'hangup: platform']);
    });

    test('a call whose URL answers with audio plays it and hangs up, as Twilio does with an audio answer', async () => {
      app.route('/greeting.mp3', (_req, res) => { res.writeHead(200, { 'content-type': 'audio/mpeg' }); res.end(Buffer.alloc(200_000, 0xfb)); });
      const phone = await createPhone(platform);
      const call = await platform.client.calls.create({ to: phone, from: number, url: `${app.origin}/greeting.mp3` });
      const ended = await callEnded(platform, call.sid);
      assert.equal(ended.status, 'completed');
      assert.deepEqual(steps(await transcript(platform, call.sid)).slice(2), [`play: ${app.origin}/greeting.mp3`, 'hangup: platform']);
      // Fetched with GET, the call's parameters ride in the query; what is played is the file's URL without them.
      const viaGet = await platform.client.calls.create({ to: phone, from: number, url: `${app.origin}/greeting.mp3?v=2`, method: 'GET' });
      await callEnded(platform, viaGet.sid);
      assert.match(app.hits('/greeting.mp3').at(-1)?.url ?? '', /CallSid=/);
      assert.deepEqual(steps(await transcript(platform, viaGet.sid)).slice(2), [`play: ${app.origin}/greeting.mp3?v=2`, 'hangup: platform']);
    });

    test('a key pressed during a nested <Say> interrupts it (barge-in); <Play> loops and plays digits', async () => {
      app.route('/barge', xml('<Response><Gather numDigits="1" action="/barged"><Say>This is a very long menu that the caller will not wait to hear to its end.</Say></Gather></Response>'));
      app.route('/barged', xml('<Response><Play loop="2">https://example.com/tone.wav</Play><Play digits="12#"/></Response>'));
      const phone = await createPhone(platform, { script: [{ wait: 1 }, { press: '5' }] });
      const call = await platform.client.calls.create({ to: phone, from: number, url: `${app.origin}/barge` });
      await callEnded(platform, call.sid);
      const events = await transcript(platform, call.sid);
      assert.deepEqual(steps(events).slice(2), ['say: This is a very long menu that the caller will not wait to hear to its end.', 'digits-sent: 5',
        'play: https://example.com/tone.wav', 'play: https://example.com/tone.wav', 'play: 12#', 'hangup: platform']);
      const pressed = events.find((e) => e.event === 'digits-sent');
      const played = events.find((e) => e.event === 'play');
      assert.ok(pressed && played && played.at - pressed.at < 100, 'the prompt stopped at the key press');
    });

    test('partialResultCallback receives the words recognised so far while the caller speaks', async () => {
      app.route('/partial', xml('<Response><Gather input="speech" action="/final" partialResultCallback="/partials"><Say>Tell me your problem.</Say></Gather></Response>'));
      app.route('/final', xml('<Response/>'));
      app.route('/partials', xml('<Response/>'));
      const phone = await createPhone(platform, { script: [{ waitFor: 'say' }, { speak: 'my internet is down' }] });
      const call = await platform.client.calls.create({ to: phone, from: number, url: `${app.origin}/partial` });
      await callEnded(platform, call.sid);
      // Partial results are sent as they come, each on its own: they may arrive in any order.
      const partials = (await requestsFor(app, '/partials', call.sid, 3)).sort((a, b) => Number(a.SequenceNumber) - Number(b.SequenceNumber));
      assert.deepEqual(partials.map((p) => p.StableSpeechResult), ['my', 'my internet', 'my internet is']);
      assert.deepEqual(partials.map((p) => p.SequenceNumber), ['0', '1', '2']);
      const [final] = await requestsFor(app, '/final', call.sid);
      assert.equal(final?.SpeechResult, 'my internet is down');
    });

    test('a script step that waits in vain fails the script, and the transcript says which step', async () => {
      app.route('/short', xml('<Response><Pause length="40"/><Say>Bye</Say></Response>'));
      const phone = await createPhone(platform, { script: [{ waitFor: 'say', match: 'never said' }] });
      const call = await platform.client.calls.create({ to: phone, from: number, url: `${app.origin}/short` });
      await callEnded(platform, call.sid);
      const events = await transcript(platform, call.sid);
      const failed = events.find((e) => e.event === 'script-failed');
      assert.equal(failed?.step, 0);
      assert.equal(failed?.at, 31000);
    });
  });
}
