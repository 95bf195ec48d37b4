/**
 * The Conferences and Participants API on the system clock, driven through the official npm SDK
 * while the calls run: a participant dialled into a conference, muted (the others stop hearing
 * it), a caller put on hold with hold music and back, a participant removed (its call goes on
 * after its `<Dial>`), and the conference completed through the API.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../support/platform.js';
import { xml } from '../support/app-server.js';
import type { AppServer } from '../support/app-server.js';
import { eventually, sim } from '../support/sim.js';
import { callEnded, createPhone, form, phoneCall, requestsFor, startVoiceApp, steps, transcript } from '../support/voice.js';
import type { VoiceApp, VoicePlatform } from '../support/voice.js';

for (const dialect of DIALECTS) {
  describe(`Conferences and Participants API (${dialect})`, () => {
    let platform: VoicePlatform;
    let app: AppServer;
    let number: string;

    let setup: VoiceApp;
    before(async () => {
      setup = await startVoiceApp(dialect, (app) => {
        app.route('/voice', xml('<Response><Dial action="/after"><Conference waitUrl="" statusCallback="/events" statusCallbackEvent="start end join leave mute hold">sdk-room</Conference></Dial></Response>'));
        app.route('/hold', xml('<Response><Say>You are on hold.</Say><Pause length="10"/></Response>'));
        app.route('/after', xml('<Response><Say>Goodbye.</Say></Response>'));
        app.route('/events', xml('<Response/>'));
      }, { live: true });
      ({ platform, app, number } = setup);
    });
    after(() => setup.stop());

    const heard = (callSid: string, step: string) => eventually(async () => steps(await transcript(platform, callSid)).includes(step));
    const speak = (callSid: string, text: string) => sim(platform, 'POST', `/Calls/${callSid}/Speech`, { text });

    test('participants are added, muted, held and removed through the SDK, and the conference is completed', async () => {
      const host = await createPhone(platform, { ringSeconds: 0 });
      const agent = await createPhone(platform, { answer: 'manual' });
      const callSid = await phoneCall(platform, host, number);
      const hostCall = callSid;
      const conference = await eventually(async () => (await platform.client.conferences.list({ friendlyName: 'sdk-room', status: 'init' }))[0]);
      assert.equal(conference.status, 'init', 'alone in the room, the host waits for the conference to start');

      const added = await platform.client.conferences(conference.sid).participants.create({ from: number, to: agent, label: 'agent', beep: 'false' });
      assert.match(added.callSid, /^CA[0-9a-f]{32}$/);
      assert.equal(added.conferenceSid, conference.sid);
      assert.equal(added.label, 'agent');
      assert.equal(added.status, 'queued');
      assert.match(added.queueTime ?? '', /^\d+$/, 'the create response alone has queue_time, in milliseconds');
      const agentCall = added.callSid;
      await eventually(async () => (await platform.client.conferences(conference.sid).participants(agentCall).fetch()).status === 'ringing');
      assert.equal((await sim(platform, 'POST', `/Calls/${agentCall}/Answer`)).status, 200);
      await eventually(async () => (await platform.client.conferences(conference.sid).fetch()).status === 'in-progress');
      const joined = await platform.client.conferences(conference.sid).participants('agent').fetch();
      assert.equal(joined.status, 'connected');
      assert.equal(joined.callSid, agentCall);
      const call = await platform.client.calls(agentCall).fetch();
      assert.equal(call.direction, 'outbound-api');
      assert.equal(call.to, agent);

      await speak(agentCall, 'agent here');
      await heard(hostCall, 'say: agent here');

      const muted = await platform.client.conferences(conference.sid).participants(agentCall).update({ muted: true });
      assert.equal(muted.muted, true);
      assert.deepEqual((await platform.client.conferences(conference.sid).participants.list({ muted: true })).map((p) => p.callSid), [agentCall]);
      await speak(agentCall, 'a secret');
      await heard(agentCall, 'speech-sent: a secret');
      assert.ok(!steps(await transcript(platform, hostCall)).includes('say: a secret'), 'a muted participant is not heard');

      const held = await platform.client.conferences(conference.sid).participants(hostCall).update({ hold: true, holdUrl: `${app.origin}/hold` });
      assert.equal(held.hold, true);
      await heard(hostCall, 'say: You are on hold.');
      await platform.client.conferences(conference.sid).participants(hostCall).update({ hold: false });

      await platform.client.conferences(conference.sid).participants('agent').remove();
      assert.equal((await callEnded(platform, agentCall)).status, 'completed', "the removed participant's call ends after its <Dial>");
      assert.ok(steps(await transcript(platform, agentCall)).includes('conference-left: sdk-room'));
      assert.deepEqual((await platform.client.conferences(conference.sid).participants.list()).map((p) => p.callSid), [hostCall]);

      const completed = await platform.client.conferences(conference.sid).update({ status: 'completed' });
      assert.equal(completed.status, 'completed');
      assert.equal(completed.reasonConferenceEnded, 'conference-ended-via-api');
      assert.equal((await callEnded(platform, hostCall)).status, 'completed');
      const [action] = await requestsFor(app, '/after', hostCall);
      assert.equal(action?.DialCallStatus, 'completed');
      assert.deepEqual(steps(await transcript(platform, hostCall)).slice(-3), ['conference-left: sdk-room', 'say: Goodbye.', 'hangup: platform']);

      const events = await eventually(async () => {
        const all = app.hits('/events').map(form).filter((p) => p.ConferenceSid === conference.sid);
        return all.some((p) => p.StatusCallbackEvent === 'conference-end') ? all : null;
      });
      const names = events.sort((a, b) => Number(a.SequenceNumber) - Number(b.SequenceNumber)).map((p) => p.StatusCallbackEvent);
      assert.deepEqual(names, [
        'participant-join', 'participant-join', 'conference-start', 'participant-mute', 'participant-hold', 'participant-unhold',
        'participant-leave', 'participant-leave', 'conference-end',
      ]);
      assert.equal(events.find((p) => p.StatusCallbackEvent === 'participant-mute')?.Muted, 'true');
      assert.equal(events.find((p) => p.StatusCallbackEvent === 'conference-end')?.ReasonConferenceEnded, 'conference-ended-via-api');
    });

    test('unknown conferences and participants are 20404; a bad participant is refused with the Calls API codes', async () => {
      await assert.rejects(platform.client.conferences('CF00000000000000000000000000000000').fetch(), (err: { status: number; code: number }) => err.status === 404 && err.code === 20404);
      await assert.rejects(platform.client.conferences('nobody-room').participants.create({ from: number, to: 'not a number' }), (err: { code: number }) => err.code === 21211);
      const [opened] = await platform.client.conferences.list({ friendlyName: 'nobody-room' });
      assert.equal(opened?.status, 'completed', 'the room opened for a participant that could not be dialled does not stay open');
      const [closed] = await platform.client.conferences.list({ status: 'completed', limit: 1 });
      assert.ok(closed);
      await assert.rejects(platform.client.conferences(closed.sid).participants('CA00000000000000000000000000000000').fetch(), (err: { code: number }) => err.code === 20404);
      const missing = 'CF00000000000000000000000000000000';
      await assert.rejects(platform.client.conferences(missing).participants.list(),
        (err: { code: number; message: string }) => err.code === 20404 && err.message.includes(`/Conferences/${missing}/Participants.json was not found`));
    });
  });
}
