/**
 * Conference recordings: `<Conference record="record-from-start">` (and the Participants API's
 * `ConferenceRecord`) records the room's mix from the conference's start to its end, as a
 * Recording with `conference_sid` and `source: Conference`, listed under the conference and in
 * Recordings.json, paused, resumed and stopped through the API, with Twilio's recording status
 * callbacks. https://www.twilio.com/docs/voice/twiml/conference#record
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { decodeWavChannels, durationMs, isSilent } from '../../src/media/index.js';
import { DIALECTS } from '../support/platform.js';
import { xml } from '../support/app-server.js';
import type { AppServer, ReceivedRequest } from '../support/app-server.js';
import { eventually, sim } from '../support/sim.js';
import { twilioCode } from '../support/twilio.js';
import { callEnded, createPhone, form, phoneCall, recordingMedia, startVoiceApp, steps, transcript } from '../support/voice.js';
import type { VoiceApp, VoicePlatform } from '../support/voice.js';

/** The recording status callbacks that arrived for a conference, once `count` have. */
async function recordingCallbacks(app: AppServer, conferenceSid: string, count: number): Promise<Array<Record<string, string>>> {
  return eventually(async () => {
    const hits = app.hits('/recorded').map(form).filter((p) => p.ConferenceSid === conferenceSid);
    return hits.length >= count ? hits : null;
  });
}

for (const dialect of DIALECTS) {
  describe(`<Conference record> (${dialect})`, () => {
    let platform: VoicePlatform;
    let app: AppServer;
    let number: string;
    const answers = new Map<string, string>();
    let setup: VoiceApp;
    before(async () => {
      setup = await startVoiceApp(dialect, (app) => {
        app.route('/voice', (_req, res, entry: ReceivedRequest) => {
          res.writeHead(200, { 'content-type': 'text/xml' });
          res.end(answers.get(form(entry).From ?? '') ?? '<Response/>');
        });
        app.route('/recorded', xml('<Response/>'));
      });
      ({ platform, app, number } = setup);
    });
    after(() => setup.stop());

    test('record="record-from-start" records the mix from the start to the end: a Conference recording under the conference and in Recordings.json, with in-progress and completed callbacks', async () => {
      const one = await createPhone(platform, { script: [{ waitFor: 'conference-joined' }, { wait: 4 }, { speak: 'hello from one' }] });
      const two = await createPhone(platform, { script: [{ waitFor: 'say', match: 'hello from one' }, { speak: 'hello from two' }, { wait: 1 }, { hangup: true }] });
      const room = (extra: string) => `<Response><Dial><Conference beep="false" waitUrl="" ${extra}>recorded-room</Conference></Dial></Response>`;
      answers.set(one, room('record="record-from-start" trim="do-not-trim" recordingStatusCallback="/recorded" recordingStatusCallbackEvent="in-progress completed"'));
      answers.set(two, room('endConferenceOnExit="true"'));
      const [first, second] = await Promise.all([phoneCall(platform, one, number), phoneCall(platform, two, number)]);
      for (const sid of [first, second]) assert.equal((await callEnded(platform, sid)).status, 'completed');

      const [conference] = await platform.client.conferences.list({ friendlyName: 'recorded-room' });
      assert.ok(conference);
      const [inProgress, completed] = await recordingCallbacks(app, conference.sid, 2);
      assert.equal(inProgress?.RecordingStatus, 'in-progress');
      assert.equal(completed?.RecordingStatus, 'completed');
      for (const callback of [inProgress, completed]) {
        assert.equal(callback?.RecordingSource, 'Conference');
        assert.equal(callback?.RecordingChannels, '1');
        assert.equal(callback?.AccountSid, platform.sid);
        assert.equal(callback?.CallSid, undefined, 'a conference recording names its conference, not a call');
      }
      assert.equal(completed?.RecordingSid, inProgress?.RecordingSid);
      assert.ok(Number(completed?.RecordingDuration) >= 1);

      const listed = await platform.client.conferences(conference.sid).recordings.list();
      assert.equal(listed.length, 1);
      const recording = listed[0];
      assert.ok(recording);
      assert.equal(recording.sid, completed?.RecordingSid);
      assert.equal(recording.conferenceSid, conference.sid);
      assert.equal(recording.callSid, null);
      assert.equal(recording.source, 'Conference');
      assert.equal(recording.status, 'completed');
      assert.equal(recording.channels, 1);
      assert.equal(recording.uri, `/2010-04-01/Accounts/${platform.sid}/Conferences/${conference.sid}/Recordings/${recording.sid}.json`);
      assert.equal((await platform.client.conferences(conference.sid).recordings(recording.sid).fetch()).duration, completed?.RecordingDuration);
      assert.deepEqual((await platform.client.recordings.list({ conferenceSid: conference.sid })).map((r) => r.sid), [recording.sid]);
      assert.equal((await platform.client.recordings(recording.sid).fetch()).conferenceSid, conference.sid);

      const [mix] = decodeWavChannels((await recordingMedia(platform, completed?.RecordingUrl ?? '')).bytes) ?? [];
      assert.ok(mix && !isSilent(mix), 'the mix holds what the participants said (espeak-ng is installed by the test scripts)');
      // From the start (the second caller joined) to the end (it left): not the first caller's wait alone before.
      const seconds = durationMs(mix) / 1000;
      assert.ok(seconds >= 4 && seconds < 12, `${seconds} s`);

      assert.equal(await twilioCode(platform.client.conferences(conference.sid).recordings(recording.sid).update({ status: 'paused' })), 21220, 'a completed recording cannot be paused');
      await platform.client.conferences(conference.sid).recordings(recording.sid).remove();
      assert.equal(await twilioCode(platform.client.recordings(recording.sid).fetch()), 20404);
    });

    test('a conference nobody asks to record has no recording; a recording is listed only under its own conference', async () => {
      const one = await createPhone(platform, { script: [{ waitFor: 'conference-joined' }, { wait: 2 }, { speak: 'not recorded' }, { hangup: true }] });
      const two = await createPhone(platform, {});
      answers.set(one, '<Response><Dial><Conference waitUrl="" endConferenceOnExit="true">plain-room</Conference></Dial></Response>');
      answers.set(two, '<Response><Dial><Conference waitUrl="">plain-room</Conference></Dial></Response>');
      const calls = [await phoneCall(platform, two, number), await phoneCall(platform, one, number)];
      for (const sid of calls) await callEnded(platform, sid);
      const [conference] = await platform.client.conferences.list({ friendlyName: 'plain-room' });
      assert.ok(conference);
      assert.deepEqual(await platform.client.conferences(conference.sid).recordings.list(), []);
      const [other] = await platform.client.recordings.list({ limit: 1 });
      if (other) assert.equal(await twilioCode(platform.client.conferences(conference.sid).recordings(other.sid).fetch()), 20404);
    });
  });

  describe(`Conference recordings through the API (${dialect})`, () => {
    let platform: VoicePlatform;
    let app: AppServer;
    let number: string;
    let setup: VoiceApp;
    before(async () => {
      setup = await startVoiceApp(dialect, (app) => {
        app.route('/voice', xml('<Response><Dial><Conference beep="false" waitUrl="">api-room</Conference></Dial></Response>'));
        app.route('/recorded', xml('<Response/>'));
      }, { live: true });
      ({ platform, app, number } = setup);
    });
    after(() => setup.stop());

    const heard = (callSid: string, text: string) => eventually(async () => steps(await transcript(platform, callSid)).includes(`say: ${text}`));
    const speak = (callSid: string, text: string) => sim(platform, 'POST', `/Calls/${callSid}/Speech`, { text });

    test('ConferenceRecord on a created participant records the conference; the recording is paused, resumed and stopped with Status', async () => {
      const host = await createPhone(platform, { ringSeconds: 0 });
      const agent = await createPhone(platform, { ringSeconds: 0 });
      const hostCall = await phoneCall(platform, host, number);
      const conference = await eventually(async () => (await platform.client.conferences.list({ friendlyName: 'api-room', status: 'init' }))[0]);
      const added = await platform.client.conferences(conference.sid).participants.create({
        from: number, to: agent, conferenceRecord: 'record-from-start', conferenceTrim: 'do-not-trim',
        conferenceRecordingStatusCallback: `${app.origin}/recorded`, conferenceRecordingStatusCallbackEvent: ['in-progress', 'completed'],
      });
      const [started] = await recordingCallbacks(app, conference.sid, 1);
      assert.equal(started?.RecordingStatus, 'in-progress');
      const recordings = platform.client.conferences(conference.sid).recordings;
      const [live] = await recordings.list();
      assert.equal(live?.status, 'in-progress');
      assert.equal(live?.duration, null);
      const sid = live?.sid ?? '';

      await speak(added.callSid, 'before the pause');
      await heard(hostCall, 'before the pause');
      assert.equal((await recordings(sid).update({ status: 'paused', pauseBehavior: 'skip' })).status, 'paused');
      assert.equal((await recordings(sid).fetch()).status, 'paused');
      await speak(added.callSid, 'while paused');
      await heard(hostCall, 'while paused');
      assert.equal((await recordings(sid).update({ status: 'in-progress' })).status, 'in-progress');
      await speak(added.callSid, 'after the pause');
      await heard(hostCall, 'after the pause');

      const stopped = await recordings(sid).update({ status: 'stopped' });
      assert.equal(stopped.status, 'completed', 'stopping finishes the recording at once');
      assert.ok(Number(stopped.duration) >= 1);
      const [, completed] = await recordingCallbacks(app, conference.sid, 2);
      assert.equal(completed?.RecordingStatus, 'completed');
      assert.equal(await twilioCode(recordings(sid).update({ status: 'in-progress' })), 21220);
      assert.equal((await platform.client.conferences(conference.sid).fetch()).status, 'in-progress', 'the conference goes on without its recording');
      await platform.client.conferences(conference.sid).update({ status: 'completed' });
      assert.equal((await recordings.list()).length, 1, 'the end of the conference makes no second recording');
    });
  });
}
