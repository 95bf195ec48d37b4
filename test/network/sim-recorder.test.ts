/**
 * The simulated network's recordings (src/network/sim/recorder.ts): utterances placed on their
 * channel at the moment they were said, and the pauses of Twilio's Recording update
 * (`PauseBehavior=silence` keeps the pause as silence, `skip` leaves it out).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Clock } from '../../src/clock/clock.js';
import { durationMs, estimateSpeechMs, isSilent, TELEPHONE_SAMPLE_RATE, tone } from '../../src/media/index.js';
import type { Pcm, SpeechSynthesizer } from '../../src/media/index.js';
import { TimelineRecorder } from '../../src/network/sim/recorder.js';
import type { Utterance } from '../../src/network/sim/recorder.js';

/** A clock that moves only when told to. */
function manualClock(): Clock & { advance(ms: number): void } {
  let at = 0;
  return {
    kind: 'fast',
    now: () => at,
    advance: (ms) => { at += ms; },
    setTimer: () => ({ cancel: () => {} }),
    sleep: () => Promise.resolve(true),
    hold: () => () => {},
  };
}

/** Speech as a tone as long as the text takes to say: loud where something was said. */
const tones: SpeechSynthesizer = { name: 'tone', synthesize: (text) => Promise.resolve(tone(440, estimateSpeechMs(text))) };

const said = (clock: Clock, text: string, side: Utterance['side'] = 'phone'): Utterance => ({ side, atMs: clock.now(), text, voice: 'woman', language: 'en-US' });

/** Whether the track is silent from `fromMs` to `toMs`. */
function silentBetween(track: Pcm, fromMs: number, toMs: number): boolean {
  const rate = TELEPHONE_SAMPLE_RATE / 1000;
  return isSilent({ ...track, samples: track.samples.subarray(Math.round(fromMs * rate), Math.round(toMs * rate)) });
}

test('a two-channel recording puts each utterance on its own channel, at the moment it was said, both channels as long as the recording', async () => {
  const clock = manualClock();
  const recorder = new TimelineRecorder({ clock, synthesizer: tones }, 2, () => {});
  recorder.take(said(clock, 'hi'), 0);
  clock.advance(3000);
  recorder.take(said(clock, 'hello', 'platform'), 1);
  clock.advance(3000);
  const [caller, callee] = await recorder.stop();
  assert.ok(caller && callee);
  assert.equal(durationMs(caller), 6000);
  assert.equal(durationMs(callee), 6000);
  assert.ok(!silentBetween(caller, 0, 200) && silentBetween(caller, 2900, 6000));
  assert.ok(silentBetween(callee, 0, 2990) && !silentBetween(callee, 3000, 3200));
});

test('a pause is silence in the recording (PauseBehavior silence), or left out of it (skip); what is said meanwhile is not recorded', async () => {
  for (const skip of [false, true]) {
    const clock = manualClock();
    let detached = false;
    const recorder = new TimelineRecorder({ clock, synthesizer: tones }, 1, () => { detached = true; });
    clock.advance(1000);
    recorder.pause(skip);
    recorder.take(said(clock, 'a secret'), 0);
    clock.advance(4000);
    recorder.resume();
    recorder.take(said(clock, 'after'), 0);
    clock.advance(2000);
    const [track] = await recorder.stop();
    assert.ok(track);
    assert.ok(detached, 'stopping detaches the recorder from what it records');
    assert.equal(durationMs(track), skip ? 3000 : 7000);
    const resumedAt = skip ? 1000 : 5000;
    assert.ok(silentBetween(track, 0, resumedAt), 'nothing before the resume: the secret was not recorded');
    assert.ok(!silentBetween(track, resumedAt, resumedAt + 200), 'what was said after the resume is where it was said');
    assert.deepEqual(await recorder.stop(), [track], 'stopping again gives the same recording');
  }
});
