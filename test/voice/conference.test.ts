/**
 * `<Dial><Conference>` end to end on the fast clock: virtual phones call the app's numbers and
 * the app puts them in a conference room. Each test asserts what every phone heard (wait music
 * before the start, who joined and left, what the others said, beeps), the Conferences and
 * Participants resources, the conference's status callbacks, and the `<Dial>` action.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../support/platform.js';
import { startAppServer, xml } from '../support/app-server.js';
import type { AppServer, ReceivedRequest } from '../support/app-server.js';
import { eventually, sim } from '../support/sim.js';
import { buyNumber, callEnded, createPhone, form, received, requestsFor, startVoicePlatform, steps, transcript } from '../support/voice.js';
import type { VoicePlatform } from '../support/voice.js';

for (const dialect of DIALECTS) {
  describe(`<Dial><Conference> (${dialect})`, () => {
    let platform: VoicePlatform;
    let app: AppServer;
    let number: string;
    /** The TwiML the number answers with, by caller. */
    const answers = new Map<string, string>();

    before(async () => {
      platform = await startVoicePlatform(dialect);
      app = await startAppServer();
      app.route('/voice', (_req, res, entry: ReceivedRequest) => {
        res.writeHead(200, { 'content-type': 'text/xml' });
        res.end(answers.get(form(entry).From ?? '') ?? '<Response/>');
      });
      app.route('/wait', xml('<Response><Say>Please wait for the moderator.</Say><Pause length="3"/></Response>'));
      app.route('/hold', xml('<Response><Say>You are on hold.</Say><Pause length="5"/></Response>'));
      app.route('/after', xml('<Response><Say>The conference has ended.</Say></Response>'));
      app.route('/events', xml('<Response/>'));
      number = await buyNumber(platform, { voiceUrl: `${app.origin}/voice` });
    });
    after(async () => {
      await platform.stop();
      await app.close();
    });

    /** The phone calls the number; resolves to the call's SID. */
    async function callIn(caller: string): Promise<string> {
      const placed = await sim<{ callSid: string }>(platform, 'POST', `/Phones/${caller}/Calls`, { to: number });
      assert.equal(placed.status, 201, JSON.stringify(placed.body));
      return placed.body.callSid;
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
      const [c1, c2, cm] = await Promise.all([callIn(one), callIn(two), callIn(moderator)]);
      for (const sid of [c1, c2, cm]) assert.equal((await callEnded(platform, sid)).status, 'completed');

      const heard = steps(await transcript(platform, c1));
      const joined = heard.indexOf('conference-joined: team');
      const started = heard.indexOf('beep');
      assert.ok(joined >= 0 && started > joined, heard.join('\n'));
      assert.equal(heard.slice(joined, started).filter((s) => s === 'say: Please wait for the moderator.').length, 2, 'the wait music played, and was fetched again when it ran out, before the start');
      assert.ok(!heard.slice(started).includes('say: Please wait for the moderator.'), 'and stopped at the start');
      assert.deepEqual(heard.filter((s) => s.startsWith('participant-')), [`participant-joined: ${two}`, `participant-joined: ${moderator}`, `participant-left: ${moderator}`].filter((s) => heard.includes(s)));
      assert.ok(heard.includes(`participant-joined: ${moderator}`));
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
  });
}
