/**
 * `<Dial record>` beyond mono: the dual-channel variants (the caller on channel 1, the dialled
 * party on channel 2, `channels: 2`, a stereo WAV and MP3), `trim`, and `ringTone` on the
 * caller's ringback. https://www.twilio.com/docs/voice/twiml/dial#record
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decodeWavChannels, durationMs, readMp3Info, TELEPHONE_SAMPLE_RATE } from '../../src/media/index.js';
import type { Pcm } from '../../src/media/index.js';
import { DIALECTS } from '../support/platform.js';
import { xml } from '../support/app-server.js';
import { callEnded, createPhone, phoneCall, recordingMedia, requestsFor, transcript, twimlFor, useVoiceApp } from '../support/voice.js';

/** Milliseconds into the track of its first sample louder than -40 dBFS; null for silence. */
function firstSoundMs(track: Pcm): number | null {
  const at = track.samples.findIndex((s) => Math.abs(s) > 327);
  return at < 0 ? null : (at * 1000) / TELEPHONE_SAMPLE_RATE;
}

for (const dialect of DIALECTS) {
  describe(`<Dial> recordings (${dialect})`, () => {
    let answer = '<Response/>';
    const voice = useVoiceApp(dialect, (app) => {
      app.route('/voice', twimlFor(() => answer));
      app.route('/after', xml('<Response/>'));
      app.route('/recorded', xml('<Response/>'));
    });

    async function callIn(caller: string): Promise<string> {
      const callSid = await phoneCall(voice.platform, caller, voice.number);
      assert.equal((await callEnded(voice.platform, callSid)).status, 'completed');
      return callSid;
    }

    test('record="record-from-answer-dual" records the caller on channel 1 and the dialled party on channel 2: channels 2, a stereo WAV and MP3', async () => {
      const callee = await createPhone(voice.platform, { script: [{ waitFor: 'say', match: 'this is the caller' }, { wait: 1 }, { speak: 'and this is the callee' }, { hangup: true }] });
      const caller = await createPhone(voice.platform, { script: [{ waitFor: 'bridged' }, { speak: 'this is the caller' }] });
      answer = `<Response><Dial action="/after" record="record-from-answer-dual" recordingStatusCallback="/recorded">${callee}</Dial></Response>`;
      const parent = await callIn(caller);
      const [dialed] = await requestsFor(voice.app, '/after', parent);
      const [callback] = await requestsFor(voice.app, '/recorded', parent);
      assert.equal(callback?.RecordingChannels, '2');
      assert.equal(callback?.RecordingSource, 'DialVerb');
      const recording = await voice.platform.client.recordings(dialed?.RecordingSid ?? '').fetch();
      assert.equal(recording.channels, 2);
      assert.equal(recording.source, 'DialVerb');

      const wav = await recordingMedia(voice.platform, dialed?.RecordingUrl ?? '');
      assert.equal(Buffer.from(wav.bytes).readUInt16LE(22), 2, 'the WAV header says 2 channels');
      const [callerTrack, calleeTrack] = decodeWavChannels(wav.bytes) ?? [];
      assert.ok(callerTrack && calleeTrack);
      assert.equal(callerTrack.samples.length, calleeTrack.samples.length);
      const callerStarts = firstSoundMs(callerTrack);
      const calleeStarts = firstSoundMs(calleeTrack);
      assert.ok(callerStarts !== null, 'the caller\'s channel holds the caller\'s speech (espeak-ng is installed by the test scripts)');
      assert.ok(calleeStarts !== null, 'the callee\'s channel holds the callee\'s speech');
      // The callee spoke only after hearing the caller out and a second more: its channel is silent meanwhile.
      assert.ok(calleeStarts > callerStarts + 1000, `caller from ${callerStarts} ms, callee from ${calleeStarts} ms`);
      assert.equal(firstSoundMs({ ...calleeTrack, samples: calleeTrack.samples.subarray(0, Math.round((calleeStarts - 50) * 8)) }), null);

      const mp3 = await recordingMedia(voice.platform, `${dialed?.RecordingUrl ?? ''}.mp3`);
      assert.equal(mp3.type, 'audio/mpeg');
      assert.equal(readMp3Info(mp3.bytes)?.channels, 2, 'the MP3 is stereo');
    });

    test('record="record-from-ringing-dual" starts at the ringing; mono variants stay one channel', async () => {
      const callee = await createPhone(voice.platform, { ringSeconds: 3, script: [{ waitFor: 'bridged' }, { speak: 'hello' }, { hangup: true }] });
      const caller = await createPhone(voice.platform, {});
      answer = `<Response><Dial action="/after" record="record-from-ringing-dual">${callee}</Dial></Response>`;
      const parent = await callIn(caller);
      const [dialed] = await requestsFor(voice.app, '/after', parent);
      const recording = await voice.platform.client.recordings(dialed?.RecordingSid ?? '').fetch();
      assert.equal(recording.channels, 2);
      const [, calleeTrack] = decodeWavChannels((await recordingMedia(voice.platform, dialed?.RecordingUrl ?? '')).bytes) ?? [];
      assert.ok(calleeTrack);
      assert.ok((firstSoundMs(calleeTrack) ?? 0) >= 2900, 'the ringing is recorded before the callee speaks');

      const mono = await createPhone(voice.platform, { script: [{ waitFor: 'bridged' }, { speak: 'hello' }, { hangup: true }] });
      answer = `<Response><Dial action="/after" record="record-from-answer">${mono}</Dial></Response>`;
      const second = await callIn(caller);
      const [monoDialed] = await requestsFor(voice.app, '/after', second);
      assert.equal((await voice.platform.client.recordings(monoDialed?.RecordingSid ?? '').fetch()).channels, 1);
    });

    test('trim="trim-silence" cuts the silence before and after what was said from a <Dial> recording; do-not-trim (the default) keeps it', async () => {
      const durations: Record<string, number> = {};
      for (const trim of ['trim-silence', 'do-not-trim']) {
        const callee = await createPhone(voice.platform, { ringSeconds: 3, script: [{ waitFor: 'bridged' }, { wait: 2 }, { speak: 'hello' }, { wait: 2 }, { hangup: true }] });
        const caller = await createPhone(voice.platform, {});
        answer = `<Response><Dial action="/after" record="record-from-ringing" trim="${trim}">${callee}</Dial></Response>`;
        const parent = await callIn(caller);
        const [dialed] = await requestsFor(voice.app, '/after', parent);
        const [track] = decodeWavChannels((await recordingMedia(voice.platform, dialed?.RecordingUrl ?? '')).bytes) ?? [];
        assert.ok(track);
        durations[trim] = durationMs(track);
        if (trim === 'trim-silence') assert.equal(firstSoundMs(track), 0, 'the recording starts with the speech');
      }
      assert.ok((durations['trim-silence'] ?? 0) < 2000, `trimmed: ${durations['trim-silence']} ms`);
      assert.ok((durations['do-not-trim'] ?? 0) >= 7000, `untrimmed: ${durations['do-not-trim']} ms (3 s ringing, 2 s, speech, 2 s)`);
    });

    test('ringTone names the ringback the caller hears while the <Dial> rings', async () => {
      const callee = await createPhone(voice.platform, { ringSeconds: 1, script: [{ waitFor: 'bridged' }, { hangup: true }] });
      const caller = await createPhone(voice.platform, {});
      answer = `<Response><Say>Connecting</Say><Dial ringTone="uk">${callee}</Dial></Response>`;
      const parent = await callIn(caller);
      const tone = (await transcript(voice.platform, parent)).find((e) => e.event === 'dial-tone');
      assert.equal(tone?.tone, 'ringback');
      assert.equal(tone?.ringTone, 'uk');
    });
  });
}
