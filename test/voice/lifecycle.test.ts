/**
 * The call lifecycle end to end on the fast clock: phones that never answer, are busy, fail or
 * reject; `<Reject>`; the fallback URL when the app is down; answering machine detection,
 * SendDigits, TimeLimit; `<Sms>` during a call; a caller hanging up.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../support/platform.js';
import { startAppServer, xml } from '../support/app-server.js';
import type { AppServer } from '../support/app-server.js';
import { eventually, sim } from '../support/sim.js';
import { buyNumber, callEnded, createPhone, form, startVoicePlatform, steps, transcript } from '../support/voice.js';
import type { VoicePlatform } from '../support/voice.js';

for (const dialect of DIALECTS) {
  describe(`call lifecycle (${dialect})`, () => {
    let platform: VoicePlatform;
    let app: AppServer;
    let number: string;
    const hello = '<Response><Say>Hello</Say></Response>';

    before(async () => {
      platform = await startVoicePlatform(dialect);
      app = await startAppServer();
      app.route('/hello', xml(hello));
      app.route('/status', xml('<Response/>'));
      number = await buyNumber(platform, { voiceUrl: `${app.origin}/hello` });
    });
    after(async () => {
      await platform.stop();
      await app.close();
    });

    const place = (to: string, extra: Record<string, unknown> = {}) => platform.client.calls.create({
      to, from: number, url: `${app.origin}/hello`, statusCallback: `${app.origin}/status`, statusCallbackEvent: ['initiated', 'ringing', 'answered', 'completed'], ...extra,
    });
    const statuses = (callSid: string) => app.hits('/status').map(form).filter((p) => p.CallSid === callSid);

    test('a phone that rings out ends no-answer after Timeout seconds, and the app is never asked for TwiML', async () => {
      const phone = await createPhone(platform, { answer: 'no-answer' });
      const call = await place(phone, { timeout: 5 });
      const ended = await callEnded(platform, call.sid);
      assert.equal(ended.status, 'no-answer');
      assert.equal(ended.duration, null);
      assert.deepEqual(steps(await transcript(platform, call.sid)), ['ringing', 'hangup: platform']);
      const events = await transcript(platform, call.sid);
      assert.equal(events[1]?.at, 5000);
      assert.equal(events[1]?.reason, 'no-answer');
      await eventually(async () => statuses(call.sid).length === 3);
      assert.deepEqual(statuses(call.sid).map((p) => p.CallStatus), ['initiated', 'ringing', 'no-answer']);
      assert.equal(app.hits('/hello').map(form).filter((p) => p.CallSid === call.sid).length, 0);
    });

    test('a busy phone ends the call busy; a failing one failed; one that rejects it busy', async () => {
      const busy = await callEnded(platform, (await place(await createPhone(platform, { answer: 'busy' }))).sid);
      assert.equal(busy.status, 'busy');
      assert.deepEqual(steps(await transcript(platform, busy.sid)), ['busy']);
      const failed = await callEnded(platform, (await place(await createPhone(platform, { answer: 'fail' }))).sid);
      assert.equal(failed.status, 'failed');
      const rejected = await callEnded(platform, (await place(await createPhone(platform, { answer: 'reject', ringSeconds: 3 }))).sid);
      assert.equal(rejected.status, 'busy');
      assert.deepEqual(steps(await transcript(platform, rejected.sid)), ['ringing', 'hangup: phone']);
      await eventually(async () => statuses(rejected.sid).at(-1)?.CallStatus === 'busy');
      assert.equal(statuses(rejected.sid).at(-1)?.SipResponseCode, '603');
    });

    test('a call to a number nobody has fails', async () => {
      const ended = await callEnded(platform, (await place('+16505559999')).sid);
      assert.equal(ended.status, 'failed');
    });

    test('<Reject reason="busy"> leaves an inbound call unanswered: busy, and the caller hears busy', async () => {
      app.route('/reject-busy', xml('<Response><Reject reason="busy"/><Say>never</Say></Response>'));
      app.route('/reject', xml('<Response><Reject/></Response>'));
      for (const [path, status, heard] of [['/reject-busy', 'busy', 'busy'], ['/reject', 'no-answer', 'rejected']] as const) {
        const rejecting = await buyNumber(platform, { voiceUrl: `${app.origin}${path}` });
        const phone = await createPhone(platform);
        const callSid = (await sim<{ callSid: string }>(platform, 'POST', `/Phones/${phone}/Calls`, { to: rejecting })).body.callSid;
        const ended = await callEnded(platform, callSid);
        assert.equal(ended.status, status);
        assert.equal(ended.duration, null);
        assert.deepEqual(steps(await transcript(platform, callSid)), ['ringing', heard]);
      }
    });

    test('a call whose TwiML does not <Reject> it is answered: an empty document answers and hangs up; a first <Pause> waits before picking up', async () => {
      app.route('/empty', xml('<Response/>'));
      app.route('/pause-first', xml('<Response><Pause length="3"/><Say>Thanks for waiting.</Say></Response>'));
      const phone = await createPhone(platform);
      const call = async (path: string) => {
        const to = await buyNumber(platform, { voiceUrl: `${app.origin}${path}`, statusCallback: `${app.origin}/status` });
        const callSid = (await sim<{ callSid: string }>(platform, 'POST', `/Phones/${phone}/Calls`, { to })).body.callSid;
        return { callSid, ended: await callEnded(platform, callSid), heard: await transcript(platform, callSid) };
      };
      const empty = await call('/empty');
      assert.equal(empty.ended.status, 'completed');
      assert.equal(empty.ended.duration, '0');
      assert.deepEqual(steps(empty.heard), ['ringing', 'answered', 'hangup: platform']);
      const final = await eventually(async () => app.hits('/status').map(form).find((p) => p.CallSid === empty.callSid && p.CallStatus === 'completed'));
      assert.equal(final.SipResponseCode, '200');
      const paused = await call('/pause-first');
      assert.equal(paused.ended.status, 'completed');
      const answered = paused.heard.find((e) => e.event === 'answered');
      assert.ok(answered && answered.at >= 3000, `answered at ${answered?.at} ms, before the pause was over`);
      assert.deepEqual(steps(paused.heard), ['ringing', 'answered', 'say: Thanks for waiting.', 'hangup: platform']);
    });

    test("a phone's script that starts by waiting for the answer goes on once its call is answered", async () => {
      app.route('/key', xml('<Response><Gather numDigits="1" action="/key-pressed" timeout="5"><Say>Press a key.</Say></Gather></Response>'));
      app.route('/key-pressed', xml('<Response><Say>Thanks.</Say></Response>'));
      const to = await buyNumber(platform, { voiceUrl: `${app.origin}/key` });
      const phone = await createPhone(platform, { script: [{ waitFor: 'answered' }, { press: '5' }] });
      const callSid = (await sim<{ callSid: string }>(platform, 'POST', `/Phones/${phone}/Calls`, { to })).body.callSid;
      await callEnded(platform, callSid);
      assert.equal(app.hits('/key-pressed').map(form).find((p) => p.CallSid === callSid)?.Digits, '5');
    });

    test('the app down: the fallback URL is told ErrorCode and ErrorUrl and its TwiML runs; the failure is an alert', async () => {
      app.route('/fallback', xml('<Response><Say>Sorry, we are having trouble.</Say></Response>'));
      const down = 'http://127.0.0.1:1/voice';
      const backed = await buyNumber(platform, { voiceUrl: down, voiceFallbackUrl: `${app.origin}/fallback` });
      const phone = await createPhone(platform);
      const callSid = (await sim<{ callSid: string }>(platform, 'POST', `/Phones/${phone}/Calls`, { to: backed })).body.callSid;
      await callEnded(platform, callSid);
      assert.deepEqual(steps(await transcript(platform, callSid)), ['ringing', 'answered', 'say: Sorry, we are having trouble.', 'hangup: platform']);
      const fallback = app.hits('/fallback').map(form).find((p) => p.CallSid === callSid);
      assert.equal(fallback?.ErrorCode, '11205');
      assert.equal(fallback?.ErrorUrl, down);
      const alerts = await platform.client.calls(callSid).notifications.list();
      assert.deepEqual(alerts.map((a) => a.errorCode), ['11205']);
      assert.equal(alerts[0]?.requestUrl, down);
    });

    test('with no fallback, a dead app gets Twilio\'s application error message and the call ends', async () => {
      const phone = await createPhone(platform);
      const call = await platform.client.calls.create({ to: phone, from: number, url: `${app.origin}/missing` });
      await callEnded(platform, call.sid);
      assert.deepEqual(steps(await transcript(platform, call.sid)), ['ringing', 'answered', "say: We're sorry, an application error has occurred. Goodbye.", 'hangup: platform']);
      assert.deepEqual((await platform.client.calls(call.sid).notifications.list()).map((a) => a.errorCode), ['11200']);
    });

    test('answering machine detection tells the app AnsweredBy, and the call shows answered_by', async () => {
      const machine = await createPhone(platform, { machine: true });
      const human = await createPhone(platform);
      const byMachine = await callEnded(platform, (await place(machine, { machineDetection: 'Enable' })).sid);
      const byHuman = await callEnded(platform, (await place(human, { machineDetection: 'DetectMessageEnd' })).sid);
      assert.equal(byMachine.answeredBy, 'machine_start');
      assert.equal(byHuman.answeredBy, 'human');
      assert.equal(app.hits('/hello').map(form).find((p) => p.CallSid === byMachine.sid)?.AnsweredBy, 'machine_start');
      const plain = await callEnded(platform, (await place(human)).sid);
      assert.equal(plain.answeredBy, null);
    });

    test('SendDigits are played to the called party once it answers, before the TwiML', async () => {
      const phone = await createPhone(platform);
      const call = await callEnded(platform, (await place(phone, { sendDigits: 'ww1234#' })).sid);
      assert.deepEqual(steps(await transcript(platform, call.sid)), ['ringing', 'answered', 'play: ww1234#', 'say: Hello', 'hangup: platform']);
    });

    test('TimeLimit ends an answered call after that many seconds', async () => {
      app.route('/long', xml('<Response><Pause length="600"/></Response>'));
      const phone = await createPhone(platform);
      const call = await callEnded(platform, (await place(phone, { url: `${app.origin}/long`, timeLimit: 10 })).sid);
      assert.equal(call.status, 'completed');
      assert.equal(call.duration, '10');
      assert.deepEqual(steps(await transcript(platform, call.sid)), ['ringing', 'answered', 'pause: 600', 'hangup: platform']);
    });

    test('<Sms> during a call texts the caller from the number called', async () => {
      app.route('/text-me', xml('<Response><Sms>Thanks for calling Acme</Sms><Say>We sent you a text.</Say></Response>'));
      const texting = await buyNumber(platform, { voiceUrl: `${app.origin}/text-me` });
      const phone = await createPhone(platform);
      const callSid = (await sim<{ callSid: string }>(platform, 'POST', `/Phones/${phone}/Calls`, { to: texting })).body.callSid;
      await callEnded(platform, callSid);
      const inbox = await eventually(async () => {
        const messages = (await sim<{ messages: Array<{ direction: string; from: string; body: string }> }>(platform, 'GET', `/Phones/${phone}/Messages`)).body.messages;
        return messages.length > 0 ? messages : null;
      });
      assert.deepEqual(inbox.map((m) => [m.direction, m.from, m.body]), [['in', texting, 'Thanks for calling Acme']]);
      const [message] = await platform.client.messages.list({ to: phone });
      assert.equal(message?.direction, 'outbound-reply');
    });

    test('a caller who hangs up ends the call completed, and the number\'s status callback hears it', async () => {
      app.route('/hold', xml('<Response><Say loop="0">Please hold.</Say></Response>'));
      const holding = await buyNumber(platform, { voiceUrl: `${app.origin}/hold`, statusCallback: `${app.origin}/status` });
      const phone = await createPhone(platform, { script: [{ wait: 7 }, { hangup: true }] });
      const callSid = (await sim<{ callSid: string }>(platform, 'POST', `/Phones/${phone}/Calls`, { to: holding })).body.callSid;
      const ended = await callEnded(platform, callSid);
      assert.equal(ended.status, 'completed');
      assert.equal(ended.duration, '7');
      assert.equal(steps(await transcript(platform, callSid)).at(-1), 'hangup: phone');
      const [completed] = await eventually(async () => { const s = statuses(callSid); return s.length > 0 ? s : null; });
      assert.equal(completed?.CallStatus, 'completed');
      assert.equal(completed?.CallDuration, '7');
    });

    test('a call to a number without a Voice URL gets the application error, and an alert says why', async () => {
      const bare = await buyNumber(platform);
      const phone = await createPhone(platform);
      const callSid = (await sim<{ callSid: string }>(platform, 'POST', `/Phones/${phone}/Calls`, { to: bare })).body.callSid;
      await callEnded(platform, callSid);
      assert.equal(steps(await transcript(platform, callSid))[2], "say: We're sorry, an application error has occurred. Goodbye.");
      const codes = (await platform.client.calls(callSid).notifications.list()).map((a) => a.errorCode);
      assert.ok(codes.includes('11100'), codes.join(','));
    });

    test('a virtual phone cannot call a number that is not the platform\'s (21214)', async () => {
      const phone = await createPhone(platform);
      const placed = await sim<{ code: number }>(platform, 'POST', `/Phones/${phone}/Calls`, { to: '+15557654321' });
      assert.equal(placed.status, 400);
      assert.equal(placed.body.code, 21214);
    });
  });
}
