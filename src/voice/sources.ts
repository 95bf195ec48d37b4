/**
 * Where a call's documents come from and how running them ends: the interpreter's vocabulary
 * (./interpreter.ts), kept apart so that what verbs hold (child calls, ./children.ts) can name
 * it without importing the interpreter.
 */
import type { HttpMethod, VoiceResponse } from '../twiml/index.js';

/** Where the next document comes from. */
export type TwimlSource =
  | {
    readonly kind: 'url'; readonly url: string; readonly method: HttpMethod;
    /** The request's parameters; null: the call's standard parameters at the time of the request. */
    readonly params: Readonly<Record<string, string>> | null;
    readonly fallbackUrl: string | null; readonly fallbackMethod: HttpMethod;
  }
  | { readonly kind: 'inline'; readonly document: VoiceResponse };

export type Loaded = { readonly ok: true; readonly document: VoiceResponse; readonly url: string | null } | { readonly ok: false };

/**
 * How the TwiML ended: the call is to be hung up (`<Hangup>`, a failure), rejected, or was hung
 * up by the far end — or the documents ran out of verbs (`done`: the call ends too, but a
 * `<Dial>` whisper that runs out goes on to the bridge), or wait TwiML said `<Leave>` (./wait.ts).
 */
export type Ending =
  | { readonly kind: 'hangup' } | { readonly kind: 'done' } | { readonly kind: 'reject'; readonly reason: 'busy' | 'rejected' } | { readonly kind: 'remote' }
  | { readonly kind: 'leave' };

/** A URL that names an audio file: played as it is (Twilio plays the audio a wait, hold or announce URL returns). */
export function isAudioUrl(url: string): boolean {
  return /\.(mp3|wav|ul|aiff?|gsm)$/i.test(url.split(/[?#]/)[0] ?? '');
}

/** The document that plays an audio URL `loop` times (0: until stopped). */
export function audioDocument(url: string, loop: number): VoiceResponse {
  return { kind: 'voice', verbs: [{ verb: 'Play', url, loop, digits: null }] };
}
