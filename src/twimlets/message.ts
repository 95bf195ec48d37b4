/**
 * The Simple Message twimlet (`/twimlets/message`): says or plays each `Message` in turn, then
 * the call ends. https://www.twilio.com/labs/twimlets/message
 *
 * Parameters: `Message`, or `Message[0]`, `Message[1]`… (or repeated `Message[]`): text to say,
 * or an http(s) URL of audio to play. Blank items are skipped; no message gives an empty
 * `<Response/>`, as twimlets.com did. No I/O.
 */
import { voiceResponse } from '../twiml/index.js';
import type { TwimletParams } from './params.js';
import { addPrompt } from './prompt.js';

/** The TwiML that says or plays the messages. */
export function messageTwiml(params: TwimletParams): string {
  const response = voiceResponse();
  for (const message of params.list('Message')) addPrompt(response, message);
  return response.toString();
}
