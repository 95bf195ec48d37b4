/**
 * Raw audio as the rest of `media/` passes it around: mono, signed 16-bit linear PCM at a known
 * sample rate (8 kHz, the telephone rate, unless said otherwise). Generators (silence, tones),
 * joining, resampling, trimming and silence detection.
 *
 * Pure functions only: no I/O, no state. A `Pcm` is never changed in place; every function returns
 * a new one (or the same one when there is nothing to do).
 */

/** Mono 16-bit linear PCM audio. */
export interface Pcm {
  /** Samples per second, e.g. 8000 for the telephone network. */
  readonly sampleRate: number;
  /** Signed 16-bit samples, one per tick of `sampleRate`. */
  readonly samples: Int16Array;
}

/** The sample rate of the telephone network (G.711), and of every recording Dialtone makes. */
export const TELEPHONE_SAMPLE_RATE = 8000;

/** Below this level (dBFS) a sample counts as silence for `trimSilence` and `isSilent`. */
export const DEFAULT_SILENCE_THRESHOLD_DB = -40;

const FULL_SCALE = 32767;
/** Zero crossings of the sinc kernel on each side of a resampled point (the filter's length). */
const SINC_HALF_WIDTH = 16;
/** Points per input sample at which the kernel is tabulated; values between are interpolated. */
const KERNEL_STEPS = 512;

/** Samples needed for `ms` milliseconds at `sampleRate`, rounded to the nearest sample. */
export function samplesFor(ms: number, sampleRate: number): number {
  return Math.max(0, Math.round((ms * sampleRate) / 1000));
}

/**
 * Digital silence (all zero samples).
 *
 * @example
 * silence(500).samples.length; // 4000: half a second at 8 kHz
 */
export function silence(ms: number, sampleRate = TELEPHONE_SAMPLE_RATE): Pcm {
  return { sampleRate, samples: new Int16Array(samplesFor(ms, sampleRate)) };
}

/**
 * A pure sine tone, such as the beep `<Record>` plays before it listens. The first and last 5 ms
 * fade in and out so the tone starts and stops without a click.
 *
 * @param amplitude Peak level as a fraction of full scale, 0 to 1.
 * @example
 * const beep = tone(1000, 250); // Twilio-like record beep: 1 kHz for a quarter second
 */
export function tone(frequencyHz: number, ms: number, sampleRate = TELEPHONE_SAMPLE_RATE, amplitude = 0.5): Pcm {
  const count = samplesFor(ms, sampleRate);
  const samples = new Int16Array(count);
  const peak = Math.min(1, Math.max(0, amplitude)) * FULL_SCALE;
  const ramp = Math.max(1, samplesFor(5, sampleRate));
  for (let i = 0; i < count; i++) {
    const envelope = Math.min(1, (i + 1) / ramp, (count - i) / ramp);
    samples[i] = Math.round(peak * envelope * Math.sin((2 * Math.PI * frequencyHz * i) / sampleRate));
  }
  return { sampleRate, samples };
}

/** Length of the audio in milliseconds (fractional). */
export function durationMs(pcm: Pcm): number {
  return (pcm.samples.length * 1000) / pcm.sampleRate;
}

/**
 * Joins audio end to end. Parts at another rate are resampled to the first part's rate; no parts
 * make empty audio at 8 kHz.
 *
 * @example
 * concatPcm([speech, silence(1000), tone(1000, 250)]);
 */
export function concatPcm(parts: readonly Pcm[]): Pcm {
  const sampleRate = parts[0]?.sampleRate ?? TELEPHONE_SAMPLE_RATE;
  const same = parts.map((part) => resample(part, sampleRate));
  const samples = new Int16Array(same.reduce((sum, part) => sum + part.samples.length, 0));
  let offset = 0;
  for (const part of same) {
    samples.set(part.samples, offset);
    offset += part.samples.length;
  }
  return { sampleRate, samples };
}

/**
 * Converts audio to another sample rate with a windowed-sinc (Blackman) interpolator whose cutoff
 * follows the lower of the two rates, so downsampling (espeak-ng's 22,050 Hz to the telephone's
 * 8,000 Hz) does not fold high frequencies back as aliasing. The result lasts as long as the input,
 * to the nearest output sample.
 *
 * @example
 * resample(speech22k, 8000);
 */
export function resample(pcm: Pcm, toRate: number): Pcm {
  if (!Number.isFinite(toRate) || toRate <= 0) throw new RangeError(`invalid sample rate ${toRate}`);
  if (pcm.sampleRate === toRate) return pcm;
  const input = pcm.samples;
  const ratio = pcm.sampleRate / toRate;
  const cutoff = Math.min(1, toRate / pcm.sampleRate);
  const reach = SINC_HALF_WIDTH / cutoff;
  const table = kernelTable(cutoff, reach);
  const output = new Int16Array(Math.round(input.length / ratio));
  for (let j = 0; j < output.length; j++) {
    const centre = j * ratio;
    const first = Math.max(0, Math.ceil(centre - reach));
    const last = Math.min(input.length - 1, Math.floor(centre + reach));
    let sum = 0;
    for (let i = first; i <= last; i++) {
      // The kernel is symmetric: look it up by distance, interpolating between table steps.
      const at = Math.abs(i - centre) * KERNEL_STEPS;
      const step = Math.floor(at);
      const below = table[step] ?? 0;
      sum += (input[i] ?? 0) * (below + (at - step) * ((table[step + 1] ?? 0) - below));
    }
    output[j] = clampSample(sum);
  }
  return { sampleRate: toRate, samples: output };
}

/**
 * The low-pass interpolation kernel, sinc at `cutoff` (a fraction of the input's Nyquist
 * frequency) under a Blackman window `reach` input samples wide on each side, tabulated at
 * `KERNEL_STEPS` points per input sample from distance 0 outwards.
 */
function kernelTable(cutoff: number, reach: number): Float64Array {
  const table = new Float64Array(Math.ceil(reach * KERNEL_STEPS) + 2);
  for (let k = 0; k < table.length; k++) {
    const distance = k / KERNEL_STEPS;
    if (distance >= reach) continue;
    const x = Math.PI * cutoff * distance;
    const w = Math.PI * (distance / reach);
    const window = 0.42 + 0.5 * Math.cos(w) + 0.08 * Math.cos(2 * w);
    table[k] = distance === 0 ? cutoff : cutoff * (Math.sin(x) / x) * window;
  }
  return table;
}

/** Rounds and clips a mixed value to the 16-bit range. */
export function clampSample(value: number): number {
  return Math.max(-32768, Math.min(32767, Math.round(value)));
}

/** The sample magnitude a level in dBFS stands for. */
function thresholdAmplitude(thresholdDb: number): number {
  return FULL_SCALE * 10 ** (thresholdDb / 20);
}

/**
 * Removes leading and trailing silence, as Twilio's `trim="trim-silence"` does for recordings:
 * the result runs from the first to the last sample louder than `thresholdDb`. Audio with no such
 * sample trims to nothing.
 *
 * @example
 * durationMs(trimSilence(concatPcm([silence(1000), speech, silence(2000)]))) === durationMs(speech);
 */
export function trimSilence(pcm: Pcm, thresholdDb = DEFAULT_SILENCE_THRESHOLD_DB): Pcm {
  return trimChannels([pcm], thresholdDb)[0] ?? pcm;
}

/**
 * `trimSilence` for the channels of one recording (same rate, same length), cut at the same
 * samples so they stay aligned: from the first to the last sample loud in any channel.
 *
 * @example
 * const [caller, callee] = trimChannels([callerTrack, calleeTrack]);
 */
export function trimChannels(channels: readonly Pcm[], thresholdDb = DEFAULT_SILENCE_THRESHOLD_DB): Pcm[] {
  const limit = thresholdAmplitude(thresholdDb);
  const length = Math.max(0, ...channels.map((c) => c.samples.length));
  const loud = (i: number) => channels.some((c) => Math.abs(c.samples[i] ?? 0) > limit);
  let start = 0;
  while (start < length && !loud(start)) start++;
  let end = length;
  while (end > start && !loud(end - 1)) end--;
  if (start === 0 && end === length) return [...channels];
  return channels.map((c) => ({ sampleRate: c.sampleRate, samples: c.samples.slice(start, end) }));
}

/** True when no sample is louder than `thresholdDb` (empty audio is silent). */
export function isSilent(pcm: Pcm, thresholdDb = DEFAULT_SILENCE_THRESHOLD_DB): boolean {
  const limit = thresholdAmplitude(thresholdDb);
  return pcm.samples.every((sample) => Math.abs(sample) <= limit);
}
