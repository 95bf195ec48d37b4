/** Raw PCM: silence, tones, joining, resampling, trimming and silence detection. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { concatPcm, durationMs, isSilent, resample, silence, tone, trimChannels, trimSilence, type Pcm } from '../../src/media/index.js';

/** Upward zero crossings a second: a pure tone's frequency. */
function crossingsPerSecond(pcm: Pcm): number {
  let crossings = 0;
  for (let i = 1; i < pcm.samples.length; i++) {
    if ((pcm.samples[i - 1] ?? 0) < 0 && (pcm.samples[i] ?? 0) >= 0) crossings++;
  }
  return crossings / (durationMs(pcm) / 1000);
}

function peak(pcm: Pcm): number {
  return pcm.samples.reduce((max, s) => Math.max(max, Math.abs(s)), 0);
}

test('silence lasts the asked length at 8 kHz by default and is all zeros', () => {
  const half = silence(500);
  assert.equal(half.sampleRate, 8000);
  assert.equal(half.samples.length, 4000);
  assert.ok(half.samples.every((s) => s === 0));
  assert.equal(silence(1000, 16000).samples.length, 16000);
  assert.equal(durationMs(silence(1250)), 1250);
});

test('a 1 kHz tone crosses zero a thousand times a second and peaks at the asked amplitude', () => {
  const beep = tone(1000, 500, 8000, 0.5);
  assert.equal(beep.samples.length, 4000);
  assert.ok(Math.abs(crossingsPerSecond(beep) - 1000) <= 4, `${crossingsPerSecond(beep)} crossings/s`);
  assert.ok(Math.abs(peak(beep) - 0.5 * 32767) < 200, `peak ${peak(beep)}`);
  assert.ok(Math.abs(crossingsPerSecond(tone(440, 1000, 44100)) - 440) <= 2);
});

test('a tone fades in and out, so it starts and ends near zero (no click)', () => {
  const beep = tone(1000, 250);
  assert.ok(Math.abs(beep.samples[0] ?? 1) < 100);
  assert.ok(Math.abs(beep.samples.at(-1) ?? 1) < 2000);
});

test('concatPcm joins parts end to end, resampling others to the first part\'s rate', () => {
  const joined = concatPcm([tone(400, 100), silence(200, 16000), tone(400, 300, 4000)]);
  assert.equal(joined.sampleRate, 8000);
  assert.equal(joined.samples.length, 800 + 1600 + 2400);
  assert.ok(isSilent({ sampleRate: 8000, samples: joined.samples.subarray(850, 2350) }));
  assert.equal(concatPcm([]).samples.length, 0);
});

test('resampling keeps the duration to the nearest sample', () => {
  const speech = tone(300, 1000, 22050);
  assert.equal(resample(speech, 8000).samples.length, 8000);
  assert.equal(resample(silence(1000, 8000), 16000).samples.length, 16000);
  assert.equal(resample(silence(333, 22050), 8000).samples.length, Math.round((silence(333, 22050).samples.length * 8000) / 22050));
  const same = silence(10);
  assert.equal(resample(same, 8000), same, 'no copy when the rate already matches');
});

test('resampling keeps a tone\'s pitch and level both ways', () => {
  const down = resample(tone(440, 1000, 22050, 0.5), 8000);
  assert.ok(Math.abs(crossingsPerSecond(down) - 440) <= 2, `${crossingsPerSecond(down)}`);
  assert.ok(Math.abs(peak(down) - 16384) < 800, `peak ${peak(down)}`);
  const up = resample(tone(1000, 1000, 8000, 0.5), 48000);
  assert.ok(Math.abs(crossingsPerSecond(up) - 1000) <= 2);
  assert.ok(Math.abs(peak(up) - 16384) < 800, `peak ${peak(up)}`);
});

test('downsampling filters out what the lower rate cannot carry instead of aliasing it', () => {
  // 6 kHz is above 8 kHz's 4 kHz Nyquist limit: plain decimation would fold it to 2 kHz at full level.
  const high = resample(tone(6000, 1000, 22050, 0.5), 8000);
  const middle = { sampleRate: 8000, samples: high.samples.subarray(800, 7200) };
  assert.ok(peak(middle) < 0.02 * 32767, `peak ${peak(middle)}`);
});

test('trimSilence removes leading and trailing silence and keeps the sound between', () => {
  const speech = tone(500, 700);
  const padded = concatPcm([silence(1000), speech, silence(2000)]);
  const trimmed = trimSilence(padded);
  assert.ok(Math.abs(durationMs(trimmed) - 700) < 2, `${durationMs(trimmed)} ms`);
  assert.ok(trimmed.samples.length <= speech.samples.length);
  const gap = concatPcm([speech, silence(500), speech]);
  assert.ok(Math.abs(durationMs(trimSilence(concatPcm([silence(300), gap]))) - durationMs(gap)) < 2, 'inner silence stays');
  assert.equal(trimSilence(silence(1000)).samples.length, 0, 'all silence trims to nothing');
});

test('trimSilence treats low noise under the threshold as silence', () => {
  const hiss = { sampleRate: 8000, samples: Int16Array.from({ length: 8000 }, (_, i) => (i % 2 ? 50 : -50)) };
  assert.equal(trimSilence(concatPcm([hiss, tone(500, 100), hiss])).samples.length <= 800, true);
  assert.equal(trimSilence(hiss, -60).samples.length, 8000, 'a lower threshold keeps it');
});

test('isSilent is true for silence and quiet noise, false once anything is heard', () => {
  assert.equal(isSilent(silence(1000)), true);
  assert.equal(isSilent(silence(0)), true);
  assert.equal(isSilent(tone(1000, 100)), false);
  assert.equal(isSilent(concatPcm([silence(2000), tone(1000, 10), silence(2000)])), false);
  assert.equal(isSilent(tone(1000, 100, 8000, 0.005)), true, '-46 dBFS is under the -40 dB threshold');
});

test('trimChannels cuts every channel at the same samples: from the first to the last sound in any of them', () => {
  const caller = concatPcm([silence(500), tone(400, 500), silence(1500)]);
  const callee = concatPcm([silence(1200), tone(600, 500), silence(800)]);
  const [a, b] = trimChannels([caller, callee]);
  assert.equal(a?.samples.length, b?.samples.length);
  assert.ok(Math.abs(durationMs(a ?? silence(0)) - 1200) < 2, `from 0.5 s to 1.7 s: ${durationMs(a ?? silence(0))} ms`);
  assert.deepEqual(trimChannels([silence(500), silence(500)]).map((c) => c.samples.length), [0, 0]);
});
