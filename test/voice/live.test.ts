/**
 * Live control on the system clock, as a person or a test drives a call over HTTP while it runs:
 * the Calls API's live modification (redirect mid-`<Say>`, cancel a ringing call, hang up an
 * answered one), the phone's side of the control API (answer, keys, speech, hangup), and a
 * phone deleted while on a call.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS, startTestPlatform } from '../support/platform.js';
import { startAppServer, xml } from '../support/app-server.js';
import type { AppServer } from '../support/app-server.js';
import { eventually, sim } from '../support/sim.js';
import { sdkClient } from '../support/twilio.js';
import { buyNumber, callEnded, createPhone, form, requestsFor, steps, transcript } from '../support/voice.js';
import type { VoicePlatform } from '../support/voice.js';

for (const dialect of DIALECTS) {
  describe(`live calls on the system clock (${dialect})`, () => {
    let platform: VoicePlatform;
    let app: AppServer;
    let number: string;

    before(async () => {
      const started = await startTestPlatform(dialect);
      platform = { ...started, client: sdkClient(started.url, started.sid, started.token) };
      app = await startAppServer();
      app.route('/hold', xml('<Response><Say loop="0">Please hold while we connect you.</Say></Response>'));
      app.route('/redirected', xml('<Response><Say>You have been redirected.</Say></Response>'));
      app.route('/status', xml('<Response/>'));
      number = await buyNumber(platform, { voiceUrl: `${app.origin}/hold` });
    });
    after(async () => {
      await platform.stop();
      await app.close();
    });

    const heard = (callSid: string, event: string) => eventually(async () => (await transcript(platform, callSid)).find((e) => e.event === event));

    test('updating Url redirects an in-progress call at once, interrupting the <Say>', async () => {
      const phone = await createPhone(platform, { ringSeconds: 0 });
      const call = await platform.client.calls.create({ to: phone, from: number, url: `${app.origin}/hold` });
      const holding = await heard(call.sid, 'say');
      const updated = await platform.client.calls(call.sid).update({ url: `${app.origin}/redirected`, method: 'POST' });
      assert.equal(updated.status, 'in-progress');
      await callEnded(platform, call.sid);
      const events = await transcript(platform, call.sid);
      assert.deepEqual(steps(events), ['ringing', 'answered', 'say: Please hold while we connect you.', 'say: You have been redirected.', 'hangup: platform']);
      const redirected = events[3];
      assert.ok(redirected && redirected.at - holding.at < 2000, 'the hold message was cut short');
      const request = app.hits('/redirected').map(form).find((p) => p.CallSid === call.sid);
      assert.equal(request?.CallStatus, 'in-progress');
    });

    test('updating Twiml replaces the running document', async () => {
      const phone = await createPhone(platform, { ringSeconds: 0 });
      const call = await platform.client.calls.create({ to: phone, from: number, url: `${app.origin}/hold` });
      await heard(call.sid, 'say');
      await platform.client.calls(call.sid).update({ twiml: '<Response><Say>Inline now.</Say></Response>' });
      await callEnded(platform, call.sid);
      assert.deepEqual(steps(await transcript(platform, call.sid)).slice(3), ['say: Inline now.', 'hangup: platform']);
    });

    test('Status=canceled stops a ringing call: canceled, and the phone stops ringing', async () => {
      const phone = await createPhone(platform, { answer: 'manual' });
      const call = await platform.client.calls.create({ to: phone, from: number, url: `${app.origin}/hold`, statusCallback: `${app.origin}/status` });
      await heard(call.sid, 'ringing');
      const canceled = await platform.client.calls(call.sid).update({ status: 'canceled' });
      assert.equal(canceled.status, 'canceled');
      assert.deepEqual(steps(await transcript(platform, call.sid)), ['ringing', 'hangup: platform']);
      const [completed] = await requestsFor(app, '/status', call.sid);
      assert.equal(completed?.CallStatus, 'canceled');
    });

    test('Status=canceled does not touch an answered call; Status=completed hangs it up', async () => {
      const phone = await createPhone(platform, { ringSeconds: 0 });
      const call = await platform.client.calls.create({ to: phone, from: number, url: `${app.origin}/hold` });
      await heard(call.sid, 'say');
      assert.equal((await platform.client.calls(call.sid).update({ status: 'canceled' })).status, 'in-progress');
      const completed = await platform.client.calls(call.sid).update({ status: 'completed' });
      assert.equal(completed.status, 'completed');
      assert.equal(steps(await transcript(platform, call.sid)).at(-1), 'hangup: platform');
    });

    test('a person answers a manual phone, presses keys and speaks over the control API, then hangs up', async () => {
      app.route('/ask', xml('<Response><Gather input="dtmf speech" numDigits="4" action="/got" timeout="10"><Say>Enter your PIN.</Say></Gather></Response>'));
      app.route('/got', xml('<Response><Gather input="speech" action="/said" timeout="10"><Say>Now say your name.</Say></Gather></Response>'));
      app.route('/said', xml('<Response><Pause length="30"/></Response>'));
      const phone = await createPhone(platform, { answer: 'manual' });
      const call = await platform.client.calls.create({ to: phone, from: number, url: `${app.origin}/ask` });
      await heard(call.sid, 'ringing');
      assert.equal((await sim(platform, 'POST', `/Calls/${call.sid}/Answer`)).status, 200);
      await heard(call.sid, 'say');
      assert.equal((await sim(platform, 'POST', `/Calls/${call.sid}/Digits`, { digits: '4321' })).status, 200);
      const got = (await requestsFor(app, '/got', call.sid))[0];
      assert.equal(got?.Digits, '4321');
      await eventually(async () => (await transcript(platform, call.sid)).some((e) => e.text === 'Now say your name.'));
      assert.equal((await sim(platform, 'POST', `/Calls/${call.sid}/Speech`, { text: 'Ada Lovelace' })).status, 200);
      const said = (await requestsFor(app, '/said', call.sid, 1, 15_000))[0];
      assert.equal(said?.SpeechResult, 'Ada Lovelace');
      assert.equal((await sim(platform, 'POST', `/Calls/${call.sid}/Hangup`)).status, 200);
      const ended = await callEnded(platform, call.sid);
      assert.equal(ended.status, 'completed');
      assert.equal(steps(await transcript(platform, call.sid)).at(-1), 'hangup: phone');
      const late = await sim<{ code: number }>(platform, 'POST', `/Calls/${call.sid}/Digits`, { digits: '1' });
      assert.equal(late.body.code, 21220, 'no live control of an ended call');
    });

    test('the control API refuses bad input and other accounts\' calls', async () => {
      const phone = await createPhone(platform, { answer: 'manual' });
      const call = await platform.client.calls.create({ to: phone, from: number, url: `${app.origin}/hold` });
      await heard(call.sid, 'ringing');
      assert.equal((await sim<{ code: number }>(platform, 'POST', `/Calls/${call.sid}/Digits`, { digits: 'x' })).body.code, 20001);
      const sub = await platform.client.api.v2010.accounts.create({ friendlyName: 'other' });
      const stranger = { url: platform.url, sid: sub.sid, token: sub.authToken };
      assert.equal((await sim<{ code: number }>(stranger, 'GET', `/Calls/${call.sid}/Transcript`)).body.code, 20404);
      assert.equal((await sim<{ code: number }>(platform, 'POST', `/Phones/${phone}`, { script: [{ dance: true }] })).body.code, 20001);
      await platform.client.calls(call.sid).update({ status: 'canceled' });
    });

    test('deleting a phone on a call ends it as though the phone hung up (a ringing one goes unanswered); a new phone with the number inherits none of it', async () => {
      const phone = await createPhone(platform, { ringSeconds: 0 });
      const ringing = await createPhone(platform, { answer: 'manual' });
      const call = await platform.client.calls.create({ to: phone, from: number, url: `${app.origin}/hold` });
      await heard(call.sid, 'say');
      assert.equal((await sim(platform, 'DELETE', `/Phones/${encodeURIComponent(phone)}`)).status, 204);
      assert.equal((await callEnded(platform, call.sid, 5_000)).status, 'completed');
      const unanswered = await platform.client.calls.create({ to: ringing, from: number, url: `${app.origin}/hold`, timeout: 600 });
      await heard(unanswered.sid, 'ringing');
      assert.equal((await sim(platform, 'DELETE', `/Phones/${encodeURIComponent(ringing)}`)).status, 204);
      assert.equal((await callEnded(platform, unanswered.sid, 5_000)).status, 'no-answer');
      // The numbers go to new phones: neither call's events follow them.
      await new Promise((resolve) => setTimeout(resolve, 300));
      await createPhone(platform, { number: phone });
      await createPhone(platform, { number: ringing });
      for (const sid of [call.sid, unanswered.sid]) {
        const seen = await sim<{ live: boolean; events: unknown[] }>(platform, 'GET', `/Calls/${sid}/Transcript`);
        assert.equal(seen.body.live, false);
        assert.deepEqual(seen.body.events, [], `${sid} left nothing under the number`);
      }
    });
  });
}
