/** Recordings rendered from a timeline of what the far end said, as the simulated network makes them. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { durationMs, isSilent, renderRecording, silence, tone, type Pcm } from '../../src/media/index.js';

/** The first and last index of a sample above the silence threshold, or null. */
function soundSpan(pcm: Pcm): [number, number] | null {
  const loud = (s: number): boolean => Math.abs(s) > 327;
  const first = pcm.samples.findIndex(loud);
  return first < 0 ? null : [first, pcm.samples.findLastIndex(loud)];
}

test('a recording lasts totalMs at 8 kHz, silent where nothing was said', () => {
  const recording = renderRecording([], 5000, { trim: false });
  assert.equal(recording.sampleRate, 8000);
  assert.equal(durationMs(recording), 5000);
  assert.equal(isSilent(recording), true);
});

test('each segment is placed at its offset', () => {
  const hello = tone(500, 400);
  const recording = renderRecording([{ atMs: 1000, pcm: hello }, { atMs: 3000, pcm: hello }], 5000, { trim: false });
  assert.equal(recording.samples.length, 40_000);
  assert.deepEqual(recording.samples.subarray(8000, 8000 + hello.samples.length), hello.samples);
  assert.deepEqual(recording.samples.subarray(24_000, 24_000 + hello.samples.length), hello.samples);
  assert.equal(isSilent({ sampleRate: 8000, samples: recording.samples.subarray(0, 8000) }), true);
  assert.equal(isSilent({ sampleRate: 8000, samples: recording.samples.subarray(11_200, 24_000) }), true);
});

test('trim-silence cuts the recording from the first to the last sound, keeping the pause between', () => {
  const hello = tone(500, 400);
  const trimmed = renderRecording([{ atMs: 1000, pcm: hello }, { atMs: 3000, pcm: hello }], 5000, { trim: true });
  const span = soundSpan(trimmed);
  assert.ok(span);
  assert.equal(span[0], 0);
  assert.equal(span[1], trimmed.samples.length - 1);
  assert.ok(Math.abs(durationMs(trimmed) - 2400) < 3, `${durationMs(trimmed)} ms`);
});

test('speech at another rate is resampled to 8 kHz before it is placed', () => {
  const wideband = tone(500, 1000, 22050);
  const recording = renderRecording([{ atMs: 500, pcm: wideband }], 2000, { trim: false });
  const span = soundSpan(recording);
  assert.ok(span);
  assert.ok(Math.abs(span[0] - 4000) < 20 && Math.abs(span[1] - 12_000) < 20, `${span.join('–')}`);
});

test('a segment running past the end is cut at totalMs; one before the start loses its head', () => {
  const long = tone(500, 3000);
  assert.equal(renderRecording([{ atMs: 1000, pcm: long }], 2000, { trim: false }).samples.length, 16_000);
  const early = renderRecording([{ atMs: -1000, pcm: long }], 4000, { trim: false });
  assert.deepEqual(early.samples.subarray(0, 16_000), long.samples.subarray(8000));
  assert.equal(isSilent({ sampleRate: 8000, samples: early.samples.subarray(16_000) }), true);
});

test('overlapping speech is mixed, clipped to 16 bits', () => {
  const loud = { sampleRate: 8000, samples: new Int16Array(800).fill(30_000) };
  const recording = renderRecording([{ atMs: 0, pcm: loud }, { atMs: 50, pcm: loud }], 200, { trim: false });
  assert.equal(recording.samples[100], 30_000);
  assert.equal(recording.samples[500], 32_767);
  assert.equal(recording.samples[1000], 30_000);
});

test('a recording of silence alone trims to nothing', () => {
  assert.equal(renderRecording([{ atMs: 100, pcm: silence(500) }], 3000, { trim: true }).samples.length, 0);
});
