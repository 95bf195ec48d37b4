/**
 * Conference recordings: `<Conference record="record-from-start">` (and the Participants API's
 * `ConferenceRecord`) records the room's mix from the conference's start to its end, as a
 * Recording with `conference_sid` and `source: Conference`, listed under the conference and in
 * Recordings.json, paused, resumed and stopped through the API, with Twilio's recording status
 * callbacks. https://www.twilio.com/docs/voice/twiml/conference#record
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decodeWavChannels, durationMs, isSilent } from '../../src/media/index.js';
import { DIALECTS } from '../support/platform.js';
import { xml } from '../support/app-server.js';
import type { AppServer } from '../support/app-server.js';
import { eventually, sim } from '../support/sim.js';
import { twilioCode } from '../support/twilio.js';
import { callEnded, createPhone, form, phoneCall, recordingMedia, steps, transcript, twimlFor, useVoiceApp } from '../support/voice.js';

/** The recording status callbacks that arrived for a conference, once `count` have. */
async function recordingCallbacks(app: AppServer, conferenceSid: string, count: number): Promise<Array<Record<string, string>>> {
  return eventually(async () => {
    const hits = app.hits('/recorded').map(form).filter((p) => p.ConferenceSid === conferenceSid);
    return hits.length >= count ? hits : null;
  });
}

for (const dialect of DIALECTS) {
  describe(`<Conference record> (${dialect})`, () => {
    /** The TwiML the number answers with, by caller. */
    const answers = new Map<string, string>();
    const voice = useVoiceApp(dialect, (app) => {
      app.route('/voice', twimlFor((request) => answers.get(form(request).From ?? '') ?? '<Response/>'));
      app.route('/recorded', xml('<Response/>'));
    });

    test('record="record-from-start" records the mix from the start to the end: a Conference recording under the conference and in Recordings.json, with in-progress and completed callbacks', async () => {
      const one = await createPhone(voice.platform, { script: [{ waitFor: 'conference-joined' }, { wait: 4 }, { speak: 'hello from one' }] });
      const two = await createPhone(voice.platform, { script: [{ waitFor: 'say', match: 'hello from one' }, { speak: 'hello from two' }, { wait: 1 }, { hangup: true }] });
      const room = (extra: string) => `<Response><Dial><Conference beep="false" waitUrl="" ${extra}>recorded-room</Conference></Dial></Response>`;
      answers.set(one, room('record="record-from-start" trim="do-not-trim" recordingStatusCallback="/recorded" recordingStatusCallbackEvent="in-progress completed"'));
      answers.set(two, room('endConferenceOnExit="true"'));
      const [first, second] = await Promise.all([phoneCall(voice.platform, one, voice.number), phoneCall(voice.platform, two, voice.number)]);
      for (const sid of [first, second]) assert.equal((await callEnded(voice.platform, sid)).status, 'completed');

      const [conference] = await voice.platform.client.conferences.list({ friendlyName: 'recorded-room' });
      assert.ok(conference);
      const [inProgress, completed] = await recordingCallbacks(voice.app, conference.sid, 2);
      assert.equal(inProgress?.RecordingStatus, 'in-progress');
      assert.equal(completed?.RecordingStatus, 'completed');
      for (const callback of [inProgress, completed]) {
        assert.equal(callback?.RecordingSource, 'Conference');
        assert.equal(callback?.RecordingChannels, '1');
        assert.equal(callback?.AccountSid, voice.platform.sid);
        assert.equal(callback?.CallSid, undefined, 'a conference recording names its conference, not a call');
      }
      assert.equal(completed?.RecordingSid, inProgress?.RecordingSid);
      assert.ok(Number(completed?.RecordingDuration) >= 1);

      const listed = await voice.platform.client.conferences(conference.sid).recordings.list();
      assert.equal(listed.length, 1);
      const recording = listed[0];
      assert.ok(recording);
      assert.equal(recording.sid, completed?.RecordingSid);
      assert.equal(recording.conferenceSid, conference.sid);
      assert.equal(recording.callSid, null);
      assert.equal(recording.source, 'Conference');
      assert.equal(recording.status, 'completed');
      assert.equal(recording.channels, 1);
      assert.equal(recording.uri, `/2010-04-01/Accounts/${voice.platform.sid}/Conferences/${conference.sid}/Recordings/${recording.sid}.json`);
      assert.equal((await voice.platform.client.conferences(conference.sid).recordings(recording.sid).fetch()).duration, completed?.RecordingDuration);
      assert.deepEqual((await voice.platform.client.recordings.list({ conferenceSid: conference.sid })).map((r) => r.sid), [recording.sid]);
      assert.equal((await voice.platform.client.recordings(recording.sid).fetch()).conferenceSid, conference.sid);

      const [mix] = decodeWavChannels((await recordingMedia(voice.platform, completed?.RecordingUrl ?? '')).bytes) ?? [];
      assert.ok(mix && !isSilent(mix), 'the mix holds what the participants said (espeak-ng is installed by the test scripts)');
      // From the start (the second caller joined) to the end (it left): not the first caller's wait alone before.
      const seconds = durationMs(mix) / 1000;
      assert.ok(seconds >= 4 && seconds < 12, `${seconds} s`);

      assert.equal(await twilioCode(voice.platform.client.conferences(conference.sid).recordings(recording.sid).update({ status: 'paused' })), 21220, 'a completed recording cannot be paused');
      await voice.platform.client.conferences(conference.sid).recordings(recording.sid).remove();
      assert.equal(await twilioCode(voice.platform.client.recordings(recording.sid).fetch()), 20404);
    });

    test('a conference recording that heard nothing is absent with 16102, and its callback says so', async () => {
      const one = await createPhone(voice.platform, { script: [{ waitFor: 'conference-joined' }, { wait: 3 }, { hangup: true }] });
      const two = await createPhone(voice.platform, {});
      const room = (extra: string) => `<Response><Dial><Conference beep="false" waitUrl="" ${extra}>silent-room</Conference></Dial></Response>`;
      answers.set(two, room('record="record-from-start" recordingStatusCallback="/recorded" recordingStatusCallbackEvent="completed absent"'));
      answers.set(one, room('endConferenceOnExit="true"'));
      const calls = await Promise.all([phoneCall(voice.platform, two, voice.number), phoneCall(voice.platform, one, voice.number)]);
      for (const sid of calls) await callEnded(voice.platform, sid);
      const [conference] = await voice.platform.client.conferences.list({ friendlyName: 'silent-room' });
      assert.ok(conference);
      const [absent] = await recordingCallbacks(voice.app, conference.sid, 1);
      assert.equal(absent?.RecordingStatus, 'absent');
      assert.equal(absent?.ErrorCode, '16102');
      const [recording] = await voice.platform.client.conferences(conference.sid).recordings.list();
      assert.equal(recording?.status, 'absent');
      assert.equal(recording?.errorCode, 16102);
    });

    test('a conference nobody asks to record has no recording; a recording is listed only under its own conference', async () => {
      const one = await createPhone(voice.platform, { script: [{ waitFor: 'conference-joined' }, { wait: 2 }, { speak: 'not recorded' }, { hangup: true }] });
      const two = await createPhone(voice.platform, {});
      answers.set(one, '<Response><Dial><Conference waitUrl="" endConferenceOnExit="true">plain-room</Conference></Dial></Response>');
      answers.set(two, '<Response><Dial><Conference waitUrl="">plain-room</Conference></Dial></Response>');
      const calls = [await phoneCall(voice.platform, two, voice.number), await phoneCall(voice.platform, one, voice.number)];
      for (const sid of calls) await callEnded(voice.platform, sid);
      const [conference] = await voice.platform.client.conferences.list({ friendlyName: 'plain-room' });
      assert.ok(conference);
      assert.deepEqual(await voice.platform.client.conferences(conference.sid).recordings.list(), []);
      const [other] = await voice.platform.client.recordings.list({ limit: 1 });
      if (other) assert.equal(await twilioCode(voice.platform.client.conferences(conference.sid).recordings(other.sid).fetch()), 20404);
    });
  });

  describe(`Conference recordings through the API (${dialect})`, () => {
    const voice = useVoiceApp(dialect, (app) => {
      app.route('/voice', xml('<Response><Dial><Conference beep="false" waitUrl="">api-room</Conference></Dial></Response>'));
      app.route('/recorded', xml('<Response/>'));
    }, { live: true });

    const heard = (callSid: string, text: string) => eventually(async () => steps(await transcript(voice.platform, callSid)).includes(`say: ${text}`));
    const speak = (callSid: string, text: string) => sim(voice.platform, 'POST', `/Calls/${callSid}/Speech`, { text });

    test('ConferenceRecord on a created participant records the conference; the recording is paused, resumed and stopped with Status', async () => {
      const host = await createPhone(voice.platform, { ringSeconds: 0 });
      const agent = await createPhone(voice.platform, { ringSeconds: 0 });
      const hostCall = await phoneCall(voice.platform, host, voice.number);
      const conference = await eventually(async () => (await voice.platform.client.conferences.list({ friendlyName: 'api-room', status: 'init' }))[0]);
      const added = await voice.platform.client.conferences(conference.sid).participants.create({
        from: voice.number, to: agent, conferenceRecord: 'record-from-start', conferenceTrim: 'do-not-trim',
        conferenceRecordingStatusCallback: `${voice.app.origin}/recorded`, conferenceRecordingStatusCallbackEvent: ['in-progress', 'completed'],
      });
      const [started] = await recordingCallbacks(voice.app, conference.sid, 1);
      assert.equal(started?.RecordingStatus, 'in-progress');
      const recordings = voice.platform.client.conferences(conference.sid).recordings;
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
      const [, completed] = await recordingCallbacks(voice.app, conference.sid, 2);
      assert.equal(completed?.RecordingStatus, 'completed');
      assert.equal(await twilioCode(recordings(sid).update({ status: 'in-progress' })), 21220);
      assert.equal((await voice.platform.client.conferences(conference.sid).fetch()).status, 'in-progress', 'the conference goes on without its recording');
      await voice.platform.client.conferences(conference.sid).update({ status: 'completed' });
      assert.equal((await recordings.list()).length, 1, 'the end of the conference makes no second recording');
    });
  });
}
