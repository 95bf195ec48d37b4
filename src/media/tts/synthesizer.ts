/**
 * The text-to-speech seam: what the platform needs from a speech vendor to turn `<Say>` text into
 * audio. Code that speaks imports this interface; the implementations (`espeak.ts`, the
 * `silent.ts` fallback) are picked once, by `detectSynthesizer`, and injected.
 */
import type { Pcm } from '../pcm.js';

/** How to speak: Twilio's `<Say>` attributes, as written in the TwiML. */
export interface SpeechOptions {
  /** Twilio's `voice`: `man`, `woman`, `alice`, `Polly.Joanna`…; each vendor maps what it can. */
  readonly voice?: string;
  /** Twilio's `language`: a BCP 47 tag such as `en-US`, `en-GB`, `es-ES`, `fr-FR`, `de-DE`. */
  readonly language?: string;
}

/** A text-to-speech vendor. */
export interface SpeechSynthesizer {
  /** Which vendor this is (`espeak-ng`, `silent`), for logs and diagnostics. */
  readonly name: string;
  /**
   * Speaks `text` (at most `MAX_SPEECH_CHARACTERS` of it; the rest is dropped, as Twilio reads
   * no further) and resolves to the audio, mono 16-bit at 8 kHz.
   *
   * @throws SpeechSynthesisError when the vendor fails (crashed, timed out, made no audio).
   * @example
   * const audio = await synthesizer.synthesize('Hello World', { voice: 'woman', language: 'en-GB' });
   */
  synthesize(text: string, options: SpeechOptions): Promise<Pcm>;
}

/**
 * The most text one `<Say>` speaks: Twilio limits the text to 4 kB, "4,000 ASCII characters"
 * (https://www.twilio.com/docs/voice/twiml/say). Counted here in characters (code points).
 */
export const MAX_SPEECH_CHARACTERS = 4000;

/** A speech vendor could not produce audio. The message says why; `synthesizer` says which vendor. */
export class SpeechSynthesisError extends Error {
  constructor(
    message: string,
    readonly synthesizer: string,
  ) {
    super(message);
    this.name = 'SpeechSynthesisError';
  }
}

/**
 * The text a synthesizer speaks: control characters and whitespace runs (newlines, tabs) collapsed
 * to one space, ends trimmed, cut at `MAX_SPEECH_CHARACTERS`.
 */
export function speechText(text: string): string {
  const collapsed = text.replace(/[\s\p{Cc}]+/gu, ' ').trim();
  const characters = [...collapsed];
  return characters.length <= MAX_SPEECH_CHARACTERS ? collapsed : characters.slice(0, MAX_SPEECH_CHARACTERS).join('');
}
