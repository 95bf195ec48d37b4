/**
 * The fallback synthesizer for machines without a speech engine: it "speaks" silence lasting as
 * long as the text would take to say, so call timing (`<Say>` then `<Gather>` timeouts, recording
 * lengths) stays the same with or without espeak-ng installed.
 *
 * No I/O.
 */
import { silence, type Pcm } from '../pcm.js';
import { speechText, type SpeechSynthesizer } from './synthesizer.js';

/**
 * The speaking rate assumed: 150 words a minute, a conversational pace, counting a word as six
 * characters (five letters and a space), so 900 characters a minute.
 */
export const SPEECH_CHARACTERS_PER_SECOND = 15;

/**
 * How long `text` takes to say, in whole milliseconds: its characters (after `speechText`
 * collapses whitespace and applies the 4,000-character cap) at `SPEECH_CHARACTERS_PER_SECOND`,
 * about 67 ms a character. Deterministic, so the engine can time `<Say>` without audio.
 *
 * @example
 * estimateSpeechMs('Hello World'); // 733: 11 characters
 */
export function estimateSpeechMs(text: string): number {
  return Math.round(([...speechText(text)].length * 1000) / SPEECH_CHARACTERS_PER_SECOND);
}

/**
 * A synthesizer whose speech is silence of `estimateSpeechMs(text)` at 8 kHz, whatever the voice.
 *
 * @example
 * const audio = await createSilentSynthesizer().synthesize('Hello World', {}); // 733 ms of silence
 */
export function createSilentSynthesizer(): SpeechSynthesizer {
  return {
    name: 'silent',
    synthesize: (text: string): Promise<Pcm> => Promise.resolve(silence(estimateSpeechMs(text))),
  };
}
