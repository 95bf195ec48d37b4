/**
 * `<Dial>` end to end on the fast clock: a caller's virtual phone calls the app's number, the
 * app's TwiML dials other virtual phones, and each test asserts what every phone heard (who it
 * was bridged with, what the other said), the child calls in the Calls API, their status
 * callbacks, and the action request, in order.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../support/platform.js';
import { xml } from '../support/app-server.js';
import type { AppServer } from '../support/app-server.js';
import { callEnded, createPhone, form, phoneCall, requestsFor, startVoiceApp, steps, transcript } from '../support/voice.js';
import type { VoiceApp, VoicePlatform } from '../support/voice.js';

for (const dialect of DIALECTS) {
  describe(`<Dial> (${dialect})`, () => {
    let platform: VoicePlatform;
    let app: AppServer;
    let number: string;
    /** The TwiML the number answers with, per test. */
    let answer = '<Response/>';

    let setup: VoiceApp;
    before(async () => {
      setup = await startVoiceApp(dialect, (app) => {
        app.route('/voice', (_req, res) => { res.writeHead(200, { 'content-type': 'text/xml' }); res.end(answer); });
        app.route('/after', xml('<Response><Say>The other party hung up.</Say></Response>'));
        app.route('/whisper', xml('<Response><Say>Call for you.</Say></Response>'));
        app.route('/screen', xml('<Response><Say>Not now.</Say><Hangup/></Response>'));
        app.route('/child-status', xml('<Response/>'));
      });
      ({ platform, app, number } = setup);
    });
    after(() => setup.stop());

    /** The caller's phone calls the number; resolves to the parent call's SID once it has ended. */
    async function callIn(caller: string): Promise<string> {
      const callSid = await phoneCall(platform, caller, number);
      const call = await callEnded(platform, callSid);
      assert.equal(call.status, 'completed');
      return callSid;
    }

    async function childrenOf(parent: string) {
      return platform.client.calls.list({ parentCallSid: parent });
    }

    test('forwarding: the two phones are bridged and hear each other; the child call, its callbacks and the action tell the story', async () => {
      const callee = await createPhone(platform, { ringSeconds: 2, script: [{ waitFor: 'say', match: 'hello there' }, { speak: 'hi back' }, { hangup: true }] });
      const caller = await createPhone(platform, { script: [{ waitFor: 'bridged' }, { speak: 'hello there' }] });
      answer = `<Response><Dial action="/after" timeout="10"><Number statusCallback="/child-status" statusCallbackEvent="initiated ringing answered completed">${callee}</Number></Dial></Response>`;
      const parent = await callIn(caller);

      assert.deepEqual(steps(await transcript(platform, parent)), [
        'ringing', 'answered', 'dial-tone', `bridged: ${callee}`, 'speech-sent: hello there', 'say: hi back', `unbridged: ${callee}`, 'say: The other party hung up.', 'hangup: platform',
      ]);
      const [child] = await childrenOf(parent);
      assert.ok(child, 'the child call is listed with ParentCallSid');
      assert.equal(child.parentCallSid, parent);
      assert.equal(child.direction, 'outbound-dial');
      assert.equal(child.from, caller, "the caller's number is the caller ID");
      assert.equal(child.to, callee);
      assert.equal(child.status, 'completed');
      assert.deepEqual(steps(await transcript(platform, child.sid)), [
        'ringing', 'answered', `bridged: ${caller}`, 'say: hello there', 'speech-sent: hi back', 'hangup: phone',
      ]);

      const [dialed] = await requestsFor(app, '/after', parent);
      assert.equal(dialed?.DialCallStatus, 'completed');
      assert.equal(dialed?.DialCallSid, child.sid);
      assert.equal(dialed?.DialBridged, 'true');
      assert.ok(Number(dialed?.DialCallDuration) >= 1, `DialCallDuration ${dialed?.DialCallDuration}`);
      assert.equal(dialed?.CallStatus, 'in-progress');

      const callbacks = await requestsFor(app, '/child-status', child.sid, 4);
      assert.deepEqual(callbacks.map((c) => c.CallStatus), ['initiated', 'ringing', 'in-progress', 'completed']);
      for (const c of callbacks) {
        assert.equal(c.ParentCallSid, parent);
        assert.equal(c.Direction, 'outbound-dial');
      }
      assert.ok(Number(callbacks[3]?.CallDuration) >= 1);
    });

    test('several numbers ring at once: the first to answer is bridged and the others are canceled', async () => {
      const slow = await createPhone(platform, { ringSeconds: 5 });
      const fast = await createPhone(platform, { ringSeconds: 1, script: [{ waitFor: 'bridged' }, { wait: 1 }, { hangup: true }] });
      const caller = await createPhone(platform);
      answer = `<Response><Dial action="/after"><Number>${slow}</Number><Number>${fast}</Number></Dial></Response>`;
      const parent = await callIn(caller);
      const children = await childrenOf(parent);
      assert.equal(children.length, 2);
      const byTo = new Map(children.map((c) => [c.to, c]));
      assert.equal(byTo.get(fast)?.status, 'completed');
      assert.equal(byTo.get(slow)?.status, 'canceled');
      assert.deepEqual(steps(await transcript(platform, byTo.get(slow)?.sid ?? '')), ['ringing', 'hangup: platform']);
      const [dialed] = await requestsFor(app, '/after', parent);
      assert.equal(dialed?.DialCallSid, byTo.get(fast)?.sid);
      assert.equal(dialed?.DialCallStatus, 'completed');
    });

    test('nobody answers: DialCallStatus is no-answer after the timeout, busy for a busy phone; without action the caller goes on', async () => {
      const silent = await createPhone(platform, { answer: 'no-answer' });
      const caller = await createPhone(platform);
      answer = `<Response><Dial action="/after" timeout="3">${silent}</Dial></Response>`;
      const parent = await callIn(caller);
      const [dialed] = await requestsFor(app, '/after', parent);
      assert.equal(dialed?.DialCallStatus, 'no-answer');
      assert.equal(dialed?.DialBridged, 'false');
      assert.equal(dialed?.DialCallDuration, undefined);
      const [child] = await childrenOf(parent);
      assert.equal(child?.status, 'no-answer');
      const ringing = (await transcript(platform, child?.sid ?? '')).filter((e) => e.event === 'ringing' || e.event === 'hangup');
      assert.ok((ringing[1]?.at ?? 0) >= 3000, 'the phone rang for the whole timeout');

      const busy = await createPhone(platform, { answer: 'busy' });
      answer = `<Response><Dial>${busy}</Dial><Say>Sorry, the line is busy.</Say></Response>`;
      const second = await callIn(caller);
      assert.deepEqual(steps(await transcript(platform, second)), ['ringing', 'answered', 'dial-tone', 'say: Sorry, the line is busy.', 'hangup: platform']);
      const [busyChild] = await childrenOf(second);
      assert.equal(busyChild?.status, 'busy');
    });

    test('a whisper plays to the called party before the bridge; hangupOnStar lets the caller end it and go on', async () => {
      const callee = await createPhone(platform, { script: [{ waitFor: 'bridged' }] });
      const caller = await createPhone(platform, { script: [{ waitFor: 'bridged' }, { wait: 2 }, { press: '*' }] });
      answer = `<Response><Dial hangupOnStar="true"><Number url="/whisper">${callee}</Number></Dial><Say>Back with you.</Say></Response>`;
      const parent = await callIn(caller);
      const [child] = await childrenOf(parent);
      assert.deepEqual(steps(await transcript(platform, child?.sid ?? '')), ['ringing', 'answered', 'say: Call for you.', `bridged: ${caller}`, `unbridged: ${caller}`, 'hangup: platform']);
      assert.deepEqual(steps(await transcript(platform, parent)), [
        'ringing', 'answered', 'dial-tone', `bridged: ${callee}`, 'digits-sent: *', `unbridged: ${callee}`, 'say: Back with you.', 'hangup: platform',
      ]);
      const whisper = app.hits('/whisper').map(form).find((p) => p.CallSid === child?.sid);
      assert.equal(whisper?.ParentCallSid, parent, 'the whisper is fetched with the child call\'s parameters');
      assert.equal(whisper?.Direction, 'outbound-dial');
    });

    test('a whisper that hangs up screens the call: nobody is bridged', async () => {
      const callee = await createPhone(platform);
      const caller = await createPhone(platform);
      answer = `<Response><Dial action="/after"><Number url="/screen">${callee}</Number></Dial></Response>`;
      const parent = await callIn(caller);
      const [dialed] = await requestsFor(app, '/after', parent);
      assert.equal(dialed?.DialBridged, 'false');
      assert.ok(!steps(await transcript(platform, parent)).some((s) => s.startsWith('bridged')));
    });

    test('answerOnBridge: the caller is answered only when the called party is, and hears no ringback', async () => {
      const callee = await createPhone(platform, { ringSeconds: 3, script: [{ waitFor: 'bridged' }, { hangup: true }] });
      const caller = await createPhone(platform);
      answer = `<Response><Dial answerOnBridge="true">${callee}</Dial></Response>`;
      const parent = await callIn(caller);
      const events = await transcript(platform, parent);
      assert.deepEqual(steps(events), ['ringing', 'answered', `bridged: ${callee}`, `unbridged: ${callee}`, 'hangup: platform']);
      assert.ok((events[1]?.at ?? 0) >= 3000, `answered at ${events[1]?.at} ms, after the called party's 3 s of ringing`);
    });

    test('a callerId the account does not own fails the Dial with 13214', async () => {
      const callee = await createPhone(platform);
      const caller = await createPhone(platform);
      answer = `<Response><Dial action="/after" callerId="+14155550199">${callee}</Dial></Response>`;
      const parent = await callIn(caller);
      const [dialed] = await requestsFor(app, '/after', parent);
      assert.equal(dialed?.DialCallStatus, 'failed');
      assert.equal((await childrenOf(parent)).length, 0);
      const notifications = await platform.client.api.v2010.accounts(platform.sid).notifications.list();
      assert.ok(notifications.some((n) => n.errorCode === '13214' && n.callSid === parent), JSON.stringify(notifications.map((n) => [n.errorCode, n.callSid])));
    });

    test('record="record-from-answer" records the bridged conversation and reports it to the action', async () => {
      const callee = await createPhone(platform, { script: [{ waitFor: 'bridged' }, { speak: 'this is the callee' }, { hangup: true }] });
      const caller = await createPhone(platform, { script: [{ waitFor: 'bridged' }, { speak: 'this is the caller' }] });
      answer = `<Response><Dial action="/after" record="record-from-answer">${callee}</Dial></Response>`;
      const parent = await callIn(caller);
      const [dialed] = await requestsFor(app, '/after', parent);
      assert.ok(dialed?.RecordingSid?.startsWith('RE'), JSON.stringify(dialed));
      assert.ok(Number(dialed?.RecordingDuration) >= 1);
      const recording = await platform.client.recordings(dialed?.RecordingSid ?? '').fetch();
      assert.equal(recording.callSid, parent);
      assert.equal(recording.source, 'DialVerb');
    });
  });
}
