/**
 * The two kinds of TwiML document, as the parser returns them and the builder makes them.
 */
import type { Redirect } from './common.js';
import type { Dial } from './dial.js';
import type { Message, MessagingResponse } from './messaging.js';
import type {
  Connect, Echo, Enqueue, Gather, Hangup, Leave, Pause, Play, Record, Refer, Reject, Say, Sms, Start, Stop,
} from './voice.js';

/** Any voice verb, discriminated on `verb`. */
export type VoiceVerb =
  | Say | Play | Pause | Gather | Dial | Record | Enqueue | Leave | Hangup | Redirect | Reject
  | Sms | Message | Refer | Connect | Start | Stop | Echo;

/**
 * A parsed voice TwiML document: the verbs of `<Response>`, in order.
 *
 * @example
 * const doc: VoiceResponse = { kind: 'voice', verbs: [{ verb: 'Hangup', parameters: [] }] };
 */
export interface VoiceResponse {
  kind: 'voice';
  verbs: VoiceVerb[];
}

/** Either kind of TwiML document. */
export type TwimlDocument = VoiceResponse | MessagingResponse;
