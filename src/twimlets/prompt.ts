/**
 * What every twimlet does with a `Message`, a `FailUrl` or a menu option: say text, play an
 * audio URL, or continue at another URL. Builds TwiML through the builder only. No I/O.
 */
import type { VoiceResponseBuilder } from '../twiml/index.js';

/** A builder that can say and play: a `<Response>` or a `<Gather>`. */
export interface Prompts {
  say(text: string): unknown;
  play(url: string): unknown;
}

/** Whether `value` is an absolute http(s) URL. */
export function isHttpUrl(value: string): boolean {
  if (!/^https?:\/\//i.test(value)) return false;
  try {
    return new URL(value).hostname !== '';
  } catch {
    return false;
  }
}

/** Audio Twilio's `<Play>` takes, by file extension (https://www.twilio.com/docs/voice/twiml/play). */
const AUDIO_PATH = /\.(mp3|wav|wave|aif|aiff|gsm|ul|ulaw)$/i;

/** Whether `value` names an audio file (by its path's extension) rather than TwiML. */
export function isAudioFile(value: string): boolean {
  try {
    return AUDIO_PATH.test(new URL(value, 'http://relative.invalid').pathname);
  } catch {
    return false;
  }
}

/**
 * Plays `message` when it is a URL, says it otherwise, and says `fallback` when it is blank.
 * twimlets.com's test was "a simple check": text starting with `http` was played; Dialtone plays
 * only absolute http(s) URLs, so text such as "http is down" is said rather than played.
 */
export function addPrompt(to: Prompts, message: string, fallback = ''): void {
  const text = message.trim() === '' ? fallback : message.trim();
  if (text === '') return;
  if (isHttpUrl(text)) to.play(text);
  else to.say(text);
}

/**
 * Continues the call at `url`. twimlets.com answered with an HTTP 302 to the URL, which Twilio
 * followed as a GET; Dialtone writes that as `<Redirect method="GET">`, and as `<Play>` when the
 * URL is an audio file (Twilio plays an audio response, e.g. the labs page's
 * `FailUrl=http://myapp.com/please-try-later.mp3`: https://www.twilio.com/labs/twimlets/forward).
 */
export function continueAt(response: VoiceResponseBuilder, url: string): VoiceResponseBuilder {
  return isAudioFile(url) ? response.play(url) : response.redirect(url, { method: 'GET' });
}
