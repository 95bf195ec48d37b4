/**
 * Recording end to end: a voicemail (`<Record>` → action, the recording fetched as WAV and MP3
 * with the right duration, its transcription and status callbacks), keys that end a recording,
 * silence that keeps none, and a whole call recorded with `Record=true`.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { decodeWav, durationMs, mp3DurationMs, estimateSpeechMs, isSilent } from '../../src/media/index.js';
import { DIALECTS, basic } from '../support/platform.js';
import { startAppServer, xml } from '../support/app-server.js';
import type { AppServer } from '../support/app-server.js';
import { eventually } from '../support/sim.js';
import { buyNumber, callEnded, createPhone, form, requestsFor, startVoicePlatform, steps, transcript } from '../support/voice.js';
import type { VoicePlatform } from '../support/voice.js';

const MESSAGE = 'Hi, this is Bob. Please call me back about the invoice.';

for (const dialect of DIALECTS) {
  describe(`recordings (${dialect})`, () => {
    let platform: VoicePlatform;
    let app: AppServer;
    let number: string;

    before(async () => {
      platform = await startVoicePlatform(dialect);
      app = await startAppServer();
      app.route('/voicemail', xml('<Response><Say>Leave a message after the beep.</Say><Record action="/recorded" timeout="3" maxLength="30" transcribe="true" transcribeCallback="/transcribed" recordingStatusCallback="/recording-status" recordingStatusCallbackEvent="in-progress completed absent"/><Say>No message was left.</Say></Response>'));
      app.route('/recorded', xml('<Response><Say>Thank you, goodbye.</Say></Response>'));
      app.route('/transcribed', xml('<Response/>'));
      app.route('/recording-status', xml('<Response/>'));
      number = await buyNumber(platform, { voiceUrl: `${app.origin}/voicemail` });
    });
    after(async () => {
      await platform.stop();
      await app.close();
    });

    const fetchMedia = (url: string, auth = true) => fetch(url, { headers: auth ? { authorization: basic(platform.sid, platform.token) } : {} });

    test('a voicemail: <Record> posts the recording to the action, and the recording is real audio of the right length', async () => {
      const phone = await createPhone(platform, { script: [{ waitFor: 'beep' }, { speak: MESSAGE }] });
      const call = await platform.client.calls.create({ to: phone, from: number, url: `${app.origin}/voicemail` });
      await callEnded(platform, call.sid);
      assert.deepEqual(steps(await transcript(platform, call.sid)), [
        'ringing', 'answered', 'say: Leave a message after the beep.', 'beep', `speech-sent: ${MESSAGE}`, 'say: Thank you, goodbye.', 'hangup: platform',
      ]);
      const recorded = (await requestsFor(app, '/recorded', call.sid))[0];
      assert.ok(recorded);
      assert.match(recorded.RecordingSid ?? '', /^RE[0-9a-f]{32}$/);
      assert.equal(recorded.RecordingUrl, `${platform.url}/2010-04-01/Accounts/${platform.sid}/Recordings/${recorded.RecordingSid}`);
      assert.equal(recorded.Digits, undefined, 'silence ended it: no key');
      const spokenSeconds = estimateSpeechMs(MESSAGE) / 1000;
      assert.equal(recorded.RecordingDuration, String(Math.round(spokenSeconds)), 'trim-silence keeps only what was said');

      const wav = await fetchMedia(recorded.RecordingUrl ?? '');
      assert.equal(wav.status, 200);
      assert.equal(wav.headers.get('content-type'), 'audio/x-wav');
      const pcm = decodeWav(new Uint8Array(await wav.arrayBuffer()));
      assert.ok(pcm, 'a WAV file');
      assert.ok(Math.abs(durationMs(pcm) - spokenSeconds * 1000) < 50, `WAV lasts ${durationMs(pcm)} ms`);
      assert.equal(isSilent(pcm), false, 'the caller\'s speech was synthesised (espeak-ng is installed by the test scripts)');
      const mp3 = await fetchMedia(`${recorded.RecordingUrl ?? ''}.mp3`);
      assert.equal(mp3.headers.get('content-type'), 'audio/mpeg');
      assert.ok(Math.abs(mp3DurationMs(new Uint8Array(await mp3.arrayBuffer())) - spokenSeconds * 1000) < 100);
      assert.equal((await fetchMedia(recorded.RecordingUrl ?? '', false)).status, 401, 'recordings need the account\'s credentials');

      const recording = await platform.client.recordings(recorded.RecordingSid ?? '').fetch();
      assert.equal(recording.callSid, call.sid);
      assert.equal(recording.source, 'RecordVerb');
      assert.equal(recording.status, 'completed');
      assert.equal(recording.duration, recorded.RecordingDuration);

      const transcribed = (await requestsFor(app, '/transcribed', call.sid))[0];
      assert.equal(transcribed?.TranscriptionText, MESSAGE);
      assert.equal(transcribed?.TranscriptionStatus, 'completed');
      assert.equal(transcribed?.RecordingSid, recorded.RecordingSid);
      const [transcription] = await platform.client.recordings(recorded.RecordingSid ?? '').transcriptions.list();
      assert.equal(transcription?.transcriptionText, MESSAGE);

      const statuses = await eventually(async () => {
        const s = app.hits('/recording-status').map(form).filter((p) => p.CallSid === call.sid);
        return s.length >= 2 ? s : null;
      });
      assert.deepEqual(statuses.map((s) => s.RecordingStatus), ['in-progress', 'completed']);
      assert.equal(statuses[1]?.RecordingSid, recorded.RecordingSid);
      assert.equal(statuses[1]?.RecordingSource, 'RecordVerb');
    });

    test('a key in finishOnKey ends the recording and is sent as Digits', async () => {
      app.route('/keyed', xml('<Response><Record action="/recorded" finishOnKey="#" playBeep="false" trim="do-not-trim"/></Response>'));
      const phone = await createPhone(platform, { script: [{ speak: 'short note' }, { wait: 2 }, { press: '#' }] });
      const call = await platform.client.calls.create({ to: phone, from: number, url: `${app.origin}/keyed` });
      await callEnded(platform, call.sid);
      const recorded = (await requestsFor(app, '/recorded', call.sid))[0];
      assert.equal(recorded?.Digits, '#');
      // do-not-trim keeps the two seconds of silence after the words.
      assert.equal(recorded?.RecordingDuration, String(Math.round((estimateSpeechMs('short note') + 2000) / 1000)));
    });

    test('a recording of silence is not kept: no action request, the next verb runs, absent callback and warning 16102', async () => {
      const phone = await createPhone(platform);
      const call = await platform.client.calls.create({ to: phone, from: number, url: `${app.origin}/voicemail` });
      await callEnded(platform, call.sid);
      assert.deepEqual(steps(await transcript(platform, call.sid)), ['ringing', 'answered', 'say: Leave a message after the beep.', 'beep', 'say: No message was left.', 'hangup: platform']);
      assert.equal(app.hits('/recorded').map(form).filter((p) => p.CallSid === call.sid).length, 0);
      assert.equal((await platform.client.calls(call.sid).recordings.list()).length, 0);
      const absent = await eventually(async () => app.hits('/recording-status').map(form).find((p) => p.CallSid === call.sid && p.RecordingStatus === 'absent'));
      assert.equal(absent.RecordingSid, '');
      assert.deepEqual((await platform.client.calls(call.sid).notifications.list()).map((n) => n.errorCode), ['16102']);
    });

    test('a caller hanging up while recording: the action is still requested, with Digits=hangup', async () => {
      const phone = await createPhone(platform, { script: [{ waitFor: 'beep' }, { speak: 'in a hurry' }, { hangup: true }] });
      const call = await platform.client.calls.create({ to: phone, from: number, url: `${app.origin}/voicemail` });
      await callEnded(platform, call.sid);
      const recorded = (await requestsFor(app, '/recorded', call.sid))[0];
      assert.equal(recorded?.Digits, 'hangup');
      assert.equal(steps(await transcript(platform, call.sid)).at(-1), 'hangup: phone');
    });

    test('Record=true records the whole call; the completed status callback carries the recording', async () => {
      app.route('/chat', xml('<Response><Say>Tell me about your day.</Say><Pause length="4"/><Say>Interesting.</Say></Response>'));
      app.route('/status', xml('<Response/>'));
      const phone = await createPhone(platform, { script: [{ waitFor: 'say', match: 'day' }, { speak: 'it was fine' }] });
      const call = await platform.client.calls.create({
        to: phone, from: number, url: `${app.origin}/chat`, record: true, statusCallback: `${app.origin}/status`,
        recordingStatusCallback: `${app.origin}/recording-status`,
      });
      const ended = await callEnded(platform, call.sid);
      const [recording] = await platform.client.calls(call.sid).recordings.list();
      assert.ok(recording);
      assert.equal(recording.source, 'OutboundAPI');
      assert.equal(recording.duration, ended.duration);
      const completed = await eventually(async () => app.hits('/status').map(form).find((p) => p.CallSid === call.sid && p.CallStatus === 'completed'));
      assert.equal(completed.RecordingSid, recording.sid);
      assert.equal(completed.RecordingDuration, recording.duration);
      const wav = decodeWav(new Uint8Array(await (await fetchMedia(completed.RecordingUrl ?? '')).arrayBuffer()));
      assert.ok(wav && !isSilent(wav));
      // No RecordingStatusCallbackEvent named: Twilio sends `completed` alone.
      const statuses = await eventually(async () => {
        const seen = app.hits('/recording-status').map(form).filter((p) => p.CallSid === call.sid);
        return seen.length > 0 ? seen : null;
      });
      assert.deepEqual(statuses.map((p) => [p.RecordingSid, p.RecordingStatus]), [[recording.sid, 'completed']]);
    });
  });
}
