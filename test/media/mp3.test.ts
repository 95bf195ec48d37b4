/** MP3 files as Twilio serves recordings with `.mp3`: valid Layer III frames of the right length. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { concatPcm, durationMs, encodeMp3, mp3DurationMs, readMp3Info, silence, tone } from '../../src/media/index.js';
import { parseFrameHeader } from '../../src/media/mp3-frames.js';

const speechLike = concatPcm([tone(300, 800), silence(400), tone(700, 1300), silence(500)]);

/** Every frame's header, walking from the first byte. */
function frameHeaders(mp3: Buffer): Array<NonNullable<ReturnType<typeof parseFrameHeader>>> {
  const headers = [];
  let offset = 0;
  for (let header = parseFrameHeader(mp3, 0); header !== null; header = parseFrameHeader(mp3, offset)) {
    headers.push(header);
    offset += header.frameBytes;
  }
  assert.equal(offset, mp3.length, 'frames fill the file exactly');
  return headers;
}

test('an 8 kHz recording encodes as MPEG-2.5 Layer III frames, mono, 32 kbit/s by default', () => {
  const mp3 = encodeMp3(speechLike);
  const headers = frameHeaders(mp3);
  assert.ok(headers.length > 20);
  for (const header of headers) {
    assert.deepEqual([header.version, header.sampleRate, header.channels, header.bitrateKbps], [2.5, 8000, 1, 32]);
    assert.equal(header.frameBytes, 288, '72 × 32000 / 8000');
  }
  assert.ok(Math.abs(mp3.length - 4000 * (durationMs(speechLike) / 1000)) < 2000, '32 kbit/s is 4 kB a second');
});

test('the MP3\'s parsed duration is within 5% of the audio\'s', () => {
  for (const pcm of [speechLike, silence(1000), tone(1000, 250), silence(61_000)]) {
    const mp3 = encodeMp3(pcm);
    const ratio = mp3DurationMs(mp3) / durationMs(pcm);
    assert.ok(Math.abs(ratio - 1) <= 0.05, `${mp3DurationMs(mp3)} ms for ${durationMs(pcm)} ms`);
  }
});

test('the Info frame\'s LAME tag makes the playable length exact: encoder delay and padding are left out', () => {
  const info = readMp3Info(encodeMp3(speechLike));
  assert.ok(info);
  assert.equal(info.encoderDelaySamples, 576);
  assert.equal(info.frames * 576 - info.encoderDelaySamples - info.paddingSamples, speechLike.samples.length);
  assert.equal(info.durationMs, durationMs(speechLike));
});

test('without its Info frame a stream still times by its frames, delay included', () => {
  const mp3 = encodeMp3(speechLike);
  const first = parseFrameHeader(mp3, 0);
  assert.ok(first);
  const bare = mp3.subarray(first.frameBytes);
  const info = readMp3Info(bare);
  assert.ok(info);
  assert.equal(info.encoderDelaySamples, 0);
  assert.equal(info.durationMs, (info.frames * 576 * 1000) / 8000);
  const tagged = readMp3Info(mp3);
  assert.ok(tagged);
  const extraMs = ((tagged.encoderDelaySamples + tagged.paddingSamples) * 1000) / 8000;
  assert.equal(info.durationMs, durationMs(speechLike) + extraMs);
  assert.ok(extraMs < 300, `${extraMs} ms of encoder delay and padding`);
});

test('the bitrate option sets every frame\'s bitrate; one Layer III lacks at the rate is refused', () => {
  const mp3 = encodeMp3(speechLike, { bitrateKbps: 16 });
  assert.ok(frameHeaders(mp3).every((h) => h.bitrateKbps === 16 && h.frameBytes === 144));
  assert.equal(readMp3Info(mp3)?.bitrateKbps, 16);
  assert.throws(() => encodeMp3(speechLike, { bitrateKbps: 320 }), RangeError, '320 kbit/s is MPEG-1 only');
  assert.throws(() => encodeMp3(speechLike, { bitrateKbps: 33 }), RangeError);
});

test('wideband audio encodes at its own rate, and rates MP3 lacks are resampled up', () => {
  const cd = readMp3Info(encodeMp3(tone(440, 2000, 44100), { bitrateKbps: 128 }));
  assert.deepEqual([cd?.sampleRate, cd?.bitrateKbps, cd?.durationMs], [44100, 128, 2000]);
  const odd = readMp3Info(encodeMp3(tone(440, 1000, 9000)));
  assert.equal(odd?.sampleRate, 11025);
  assert.ok(Math.abs((odd?.durationMs ?? 0) - 1000) < 1);
});

test('an ID3v2 tag before the frames is skipped; an ID3v1 tag after them is ignored', () => {
  const mp3 = encodeMp3(speechLike);
  const id3v2 = Buffer.concat([Buffer.from('ID3\x04\x00\x00\x00\x00\x00\x0a', 'latin1'), Buffer.alloc(10)]);
  const id3v1 = Buffer.concat([Buffer.from('TAG'), Buffer.alloc(125)]);
  assert.equal(mp3DurationMs(Buffer.concat([id3v2, mp3, id3v1])), mp3DurationMs(mp3));
});

test('a buffer with no MP3 frames has no duration', () => {
  assert.equal(mp3DurationMs(Buffer.alloc(0)), 0);
  assert.equal(mp3DurationMs(Buffer.from('RIFF....WAVEfmt not an mp3 at all')), 0);
  assert.equal(readMp3Info(Buffer.alloc(1000)), null);
});

test('two channels encode as stereo frames of the same length as one channel would', () => {
  const callee = concatPcm([silence(1000), tone(500, 2000)]);
  const mp3 = encodeMp3([speechLike, callee]);
  const headers = frameHeaders(mp3);
  assert.ok(headers.every((h) => h.channels === 2), 'every frame is stereo');
  assert.equal(readMp3Info(mp3)?.channels, 2);
  assert.ok(Math.abs(mp3DurationMs(mp3) - durationMs(speechLike)) < 1, 'the Info frame times it exactly');
  assert.throws(() => encodeMp3([speechLike, callee, callee]), RangeError);
});
