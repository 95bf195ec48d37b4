/**
 * Recordings built from a timeline: what the simulated network hands back when a `<Record>` (or a
 * whole-call recording) ends. Each thing the far end said is placed at the moment it was said on
 * a silent 8 kHz track as long as the recording; Twilio's `trim="trim-silence"` then cuts the
 * leading and trailing silence.
 *
 * Pure functions only: no I/O.
 */
import { clampSample, resample, samplesFor, TELEPHONE_SAMPLE_RATE, trimSilence, type Pcm } from './pcm.js';

/** Audio heard `atMs` milliseconds after the recording started. */
export interface RecordingSegment {
  readonly atMs: number;
  readonly pcm: Pcm;
}

/** How to finish the recording. */
export interface RenderOptions {
  /** Remove leading and trailing silence (Twilio's `trim-silence`, the default on `<Record>`). */
  readonly trim: boolean;
}

/**
 * Mixes segments onto `totalMs` of silence at 8 kHz. Segments at other rates are resampled; a
 * segment running past the end is cut there, one starting before 0 loses its start, and
 * overlapping segments are summed (clipped to 16 bits), as two voices on one line would be.
 *
 * @example
 * // The caller spoke 1.2 s into a 10 s recording:
 * renderRecording([{ atMs: 1200, pcm: speech }], 10_000, { trim: false });
 */
export function renderRecording(segments: readonly RecordingSegment[], totalMs: number, { trim }: RenderOptions): Pcm {
  const samples = new Int16Array(samplesFor(totalMs, TELEPHONE_SAMPLE_RATE));
  for (const segment of segments) {
    const audio = resample(segment.pcm, TELEPHONE_SAMPLE_RATE).samples;
    const start = Math.round((segment.atMs * TELEPHONE_SAMPLE_RATE) / 1000);
    const from = Math.max(0, -start);
    const to = Math.min(audio.length, samples.length - start);
    for (let i = from; i < to; i++) samples[start + i] = clampSample((samples[start + i] ?? 0) + (audio[i] ?? 0));
  }
  const recording: Pcm = { sampleRate: TELEPHONE_SAMPLE_RATE, samples };
  return trim ? trimSilence(recording) : recording;
}
