/**
 * `<Dial><Conference>` end to end on the fast clock: virtual phones call the app's numbers and
 * the app puts them in a conference room. Each test asserts what every phone heard (wait music
 * before the start, who joined and left, what the others said, beeps), the Conferences and
 * Participants resources, the conference's status callbacks, and the `<Dial>` action.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../support/platform.js';
import { xml } from '../support/app-server.js';
import type { AppServer, ReceivedRequest } from '../support/app-server.js';
import { eventually } from '../support/sim.js';
import { callEnded, createPhone, form, phoneCall, received, requestsFor, startVoiceApp, steps, transcript } from '../support/voice.js';
import type { VoiceApp, VoicePlatform } from '../support/voice.js';

for (const dialect of DIALECTS) {
  describe(`<Dial><Conference> (${dialect})`, () => {
    let platform: VoicePlatform;
    let app: AppServer;
    let number: string;
    /** The TwiML the number answers with, by caller. */
    const answers = new Map<string, string>();

    let setup: VoiceApp;
    before(async () => {
      setup = await startVoiceApp(dialect, (app) => {
        app.route('/voice', (_req, res, entry: ReceivedRequest) => {
          res.writeHead(200, { 'content-type': 'text/xml' });
          res.end(answers.get(form(entry).From ?? '') ?? '<Response/>');
        });
        app.route('/wait', xml('<Response><Say>Please wait for the moderator.</Say><Pause length="3"/></Response>'));
        app.route('/hold', xml('<Response><Say>You are on hold.</Say><Pause length="5"/></Response>'));
        app.route('/after', xml('<Response><Say>The conference has ended.</Say></Response>'));
        app.route('/events', xml('<Response/>'));
        // The coach's conference, which names the CallSid of the call of phone `?coach=`.
        app.route('/coach', (req, res) => {
          const phone = new URL(req.url ?? '', app.origin).searchParams.get('coach');
          const coached = app.hits('/voice').map(form).find((p) => p.From === phone)?.CallSid ?? '';
          res.writeHead(200, { 'content-type': 'text/xml' });
          res.end(`<Response><Dial><Conference waitUrl="" coach="${coached}">coached</Conference></Dial></Response>`);
        });
      });
      ({ platform, app, number } = setup);
    });
    after(() => setup.stop());

    /** The phone calls the number; resolves to the call's SID. */
    async function callIn(caller: string): Promise<string> {
      const callSid = await phoneCall(platform, caller, number);
      return callSid;
    }

    /** The conference's status callbacks, once `count` have arrived: `event CallSid`. */
    async function events(conferenceSid: string, count: number): Promise<string[]> {
      const hits = await eventually(async () => {
        const all = app.hits('/events').map(form).filter((p) => p.ConferenceSid === conferenceSid);
        return all.length >= count ? all : null;
      });
      return hits.sort((a, b) => Number(a.SequenceNumber) - Number(b.SequenceNumber)).map((p) => `${p.StatusCallbackEvent}${p.CallSid ? ` ${p.CallSid}` : ''}`);
    }

    test('three callers: wait music until the moderator starts it, everyone hears everyone, and it ends when the moderator leaves', async () => {
      const one = await createPhone(platform, { script: [{ waitFor: 'beep' }, { speak: 'hello from one' }] });
      const two = await createPhone(platform);
      const moderator = await createPhone(platform, { script: [{ waitFor: 'say', match: 'hello from one' }, { speak: 'welcome all' }, { wait: 2 }, { hangup: true }] });
      const waiting = '<Dial action="/after"><Conference startConferenceOnEnter="false" waitUrl="/wait" statusCallback="/events" statusCallbackEvent="start end join leave">team</Conference></Dial>';
      answers.set(one, `<Response>${waiting}</Response>`);
      answers.set(two, `<Response>${waiting}</Response>`);
      // The moderator arrives a few seconds after the others.
      answers.set(moderator, '<Response><Pause length="8"/><Dial><Conference endConferenceOnExit="true">team</Conference></Dial></Response>');
      // The three calls start at one instant of call time: on a loaded machine, the moderator's
      // call could otherwise run through its pause before the others' requests even arrive.
      const release = platform.clock.hold();
      const [c1, c2, cm] = await Promise.all([callIn(one), callIn(two), callIn(moderator)]).finally(release);
      for (const sid of [c1, c2, cm]) assert.equal((await callEnded(platform, sid)).status, 'completed');

      const heard = steps(await transcript(platform, c1));
      const joined = heard.indexOf('conference-joined: team');
      const started = heard.indexOf('beep');
      assert.ok(joined >= 0 && started > joined, heard.join('\n'));
      assert.equal(heard.slice(joined, started).filter((s) => s === 'say: Please wait for the moderator.').length, 2, 'the wait music played, and was fetched again when it ran out, before the start');
      assert.ok(!heard.slice(started).includes('say: Please wait for the moderator.'), 'and stopped at the start');
      // Of the two who wait, whoever comes second finds the other in the room; the first sees it join.
      assert.deepEqual(heard.filter((s) => s.startsWith('participant-') && s.endsWith(moderator)), [`participant-joined: ${moderator}`, `participant-left: ${moderator}`]);
      const events1 = await transcript(platform, c1);
      const sawTwo = heard.includes(`participant-joined: ${two}`) || events1.some((e) => e.event === 'conference-joined' && (e.members as string[]).includes(two));
      assert.ok(sawTwo, 'the first two know of each other');
      assert.ok(heard.includes('say: welcome all'), 'the moderator was heard');
      assert.deepEqual(heard.slice(-3), ['conference-left: team', 'say: The conference has ended.', 'hangup: platform']);
      const heardTwo = steps(await transcript(platform, c2));
      assert.ok(heardTwo.includes('say: hello from one') && heardTwo.includes('say: welcome all'), heardTwo.join('\n'));
      const heardModerator = steps(await transcript(platform, cm));
      assert.ok(!heardModerator.includes('say: Please wait for the moderator.'), 'the moderator started the conference on entering');

      const [conference] = await platform.client.conferences.list({ friendlyName: 'team' });
      assert.ok(conference, 'the conference is listed by FriendlyName');
      assert.equal(conference.status, 'completed');
      assert.equal(conference.reasonConferenceEnded, 'participant-with-end-conference-on-exit-left');
      assert.equal(conference.callSidEndingConference, cm);
      assert.deepEqual(await platform.client.conferences(conference.sid).participants.list(), [], 'nobody is left in it');

      const sequence = await events(conference.sid, 8);
      assert.deepEqual(sequence.slice(0, 2).sort(), [`participant-join ${c1}`, `participant-join ${c2}`].sort());
      assert.deepEqual(sequence.slice(2, 5), [`participant-join ${cm}`, 'conference-start', `participant-leave ${cm}`]);
      assert.deepEqual(sequence.slice(5, 7).sort(), [`participant-leave ${c1}`, `participant-leave ${c2}`].sort());
      assert.equal(sequence[7], 'conference-end');
      const [end] = app.hits('/events').map(form).filter((p) => p.ConferenceSid === conference.sid && p.StatusCallbackEvent === 'conference-end');
      assert.equal(end?.ReasonConferenceEnded, 'participant-with-end-conference-on-exit-left');
      assert.equal(end?.CallSidEndingConference, cm);
      assert.equal(end?.FriendlyName, 'team');

      const [action] = await requestsFor(app, '/after', c1);
      assert.equal(action?.DialCallStatus, 'completed');
      assert.equal(action?.ConferenceSid, conference.sid);
      const waits = (await received(app, '/wait')).map(form).filter((p) => p.CallSid === c1);
      assert.equal(waits[0]?.ConferenceSid, conference.sid, 'the wait URL gets the conference parameters');
      assert.equal(waits[0]?.FriendlyName, 'team');
    });

    test('a full conference refuses the caller with 16020, and its <Dial> action gets DialCallStatus=failed', async () => {
      const stay = [{ waitFor: 'conference-joined' }, { wait: 6 }, { hangup: true }];
      const one = await createPhone(platform, { script: stay });
      const two = await createPhone(platform, { script: stay });
      const late = await createPhone(platform);
      const room = '<Conference maxParticipants="2" waitUrl="">small</Conference>';
      answers.set(one, `<Response><Dial>${room}</Dial></Response>`);
      answers.set(two, `<Response><Dial>${room}</Dial></Response>`);
      answers.set(late, `<Response><Pause length="2"/><Dial action="/after">${room}</Dial></Response>`);
      const [, , refused] = await Promise.all([callIn(one), callIn(two), callIn(late)]);
      await callEnded(platform, refused);
      const [action] = await requestsFor(app, '/after', refused);
      assert.equal(action?.DialCallStatus, 'failed');
      assert.ok(!steps(await transcript(platform, refused)).includes('conference-joined: small'));
      const notifications = await platform.client.api.v2010.accounts(platform.sid).notifications.list();
      assert.ok(notifications.some((n) => n.errorCode === '16020' && n.callSid === refused));
    });

    test('hangupOnStar takes the caller out of the conference and on to the next verb; the others stay', async () => {
      const leaver = await createPhone(platform, { script: [{ waitFor: 'beep' }, { wait: 1 }, { press: '*' }] });
      const stayer = await createPhone(platform, { script: [{ waitFor: 'conference-joined' }, { wait: 8 }, { hangup: true }] });
      answers.set(leaver, '<Response><Pause length="1"/><Dial hangupOnStar="true"><Conference waitUrl="">star</Conference></Dial><Say>You left the room.</Say></Response>');
      answers.set(stayer, '<Response><Dial><Conference waitUrl="">star</Conference></Dial></Response>');
      const [left, stayed] = await Promise.all([callIn(leaver), callIn(stayer)]);
      await Promise.all([callEnded(platform, left), callEnded(platform, stayed)]);
      const heardLeaver = steps(await transcript(platform, left));
      assert.deepEqual(heardLeaver.slice(heardLeaver.indexOf('digits-sent: *')), ['digits-sent: *', 'conference-left: star', 'say: You left the room.', 'hangup: platform']);
      const heardStayer = steps(await transcript(platform, stayed));
      assert.ok(heardStayer.includes(`participant-left: ${leaver}`), heardStayer.join('\n'));
      assert.equal(heardStayer.at(-1), 'hangup: phone', 'the other participant stayed until it hung up');
      const [conference] = await platform.client.conferences.list({ friendlyName: 'star' });
      assert.equal(conference?.reasonConferenceEnded, 'last-participant-left');
      assert.equal(conference?.callSidEndingConference, stayed);
    });

    test('a coach is heard only by the participant it coaches; a muted participant by nobody; speaker events for who is heard', async () => {
      const customer = await createPhone(platform, { script: [{ waitFor: 'conference-joined' }, { wait: 10 }, { speak: 'customer speaking' }, { wait: 5 }, { hangup: true }] });
      const agent = await createPhone(platform, { script: [{ waitFor: 'conference-joined' }, { wait: 20 }, { hangup: true }] });
      answers.set(customer, '<Response><Dial><Conference waitUrl="" endConferenceOnExit="true" statusCallback="/events" statusCallbackEvent="speaker">coached</Conference></Dial></Response>');
      // Only the customer names a status callback: whoever opens the room, the conference takes it.
      answers.set(agent, '<Response><Dial><Conference waitUrl="">coached</Conference></Dial></Response>');
      const coach = await createPhone(platform, { script: [{ waitFor: 'conference-joined' }, { wait: 2 }, { speak: 'offer the discount' }] });
      const listener = await createPhone(platform, { script: [{ waitFor: 'conference-joined' }, { wait: 2 }, { speak: 'can anyone hear me' }] });
      answers.set(coach, `<Response><Pause length="1"/><Redirect>/coach?coach=${encodeURIComponent(agent)}</Redirect></Response>`);
      answers.set(listener, '<Response><Pause length="1"/><Dial><Conference waitUrl="" muted="true">coached</Conference></Dial></Response>');
      const [customerCall, agentCall, coachCall, listenerCall] = await Promise.all([callIn(customer), callIn(agent), callIn(coach), callIn(listener)]);
      await Promise.all([customerCall, agentCall, coachCall, listenerCall].map((sid) => callEnded(platform, sid)));
      const heardBy = async (sid: string) => steps(await transcript(platform, sid));
      assert.ok((await heardBy(agentCall)).includes('say: offer the discount'), 'the coached agent hears the coach');
      assert.ok(!(await heardBy(customerCall)).includes('say: offer the discount'), 'the customer does not');
      assert.ok(!(await heardBy(listenerCall)).includes('say: offer the discount'));
      assert.ok((await heardBy(coachCall)).includes('say: customer speaking'), 'the coach hears the others');
      assert.ok((await heardBy(listenerCall)).includes('say: customer speaking'), 'a muted participant still hears');
      for (const sid of [customerCall, agentCall, coachCall]) assert.ok(!(await heardBy(sid)).includes('say: can anyone hear me'), 'nobody hears a muted participant');
      const [conference] = await platform.client.conferences.list({ friendlyName: 'coached' });
      assert.deepEqual(await events(conference?.sid ?? '', 4), [
        `participant-speech-start ${coachCall}`, `participant-speech-stop ${coachCall}`, `participant-speech-start ${customerCall}`, `participant-speech-stop ${customerCall}`,
      ], 'speech the room mixes is reported; the muted participant speaking is not');
    });
  });
}
