/**
 * The Whisper twimlet (`/twimlets/whisper`), which simulring and findme put on each `<Number url>`:
 * before the call is bridged, the answering party hears who is calling and is asked to press a
 * key. twimlets.com served it undocumented (whisper.php); Dialtone serves it the same way.
 *
 * Parameters: `Message` (text or audio URL; default "You are receiving a call from <the caller's
 * number, spelled out>.  Press any key to accept.") and `HumanCheck`: when set, the call is hung
 * up if no key is pressed, so a voicemail that answers does not take the call. When a key is
 * pressed (`Digits`), the empty `<Response/>` ends the whisper and the calls are bridged. No I/O.
 */
import { voiceResponse } from '../twiml/index.js';
import { callParties } from './dialling.js';
import type { TwimletParams } from './params.js';
import { TWIMLETS_ROOT } from './params.js';
import { addPrompt } from './prompt.js';

const OWN = ['Message', 'HumanCheck'];

/** The whisper URL to put on a `<Number>`, as simulring.php and findme.php wrote it. */
export function whisperUrl(message: string, humanCheck: boolean): string {
  const query = new URLSearchParams({ Message: message, ...(humanCheck ? { HumanCheck: '1' } : {}) });
  return `${TWIMLETS_ROOT}/whisper?${query.toString()}`;
}

/** whisper.php's default: each character of the number followed by ". ", so it is read digit by digit. */
function announce(from: string): string {
  return `You are receiving a call from ${from.replace(/(\S)/g, '$1. ')}.  Press any key to accept.`;
}

/** The whisper step for this request. */
export function whisperTwiml(params: TwimletParams): string {
  if (params.has('Digits')) {
    return (params.text('Digits') === '' ? voiceResponse().hangup() : voiceResponse()).toString();
  }
  const response = voiceResponse().gather({ numDigits: 1, action: params.selfUrl('whisper', OWN) }, (gather) => {
    addPrompt(gather, params.text('Message'), announce(callParties(params).from));
  });
  if (params.has('HumanCheck')) response.hangup();
  return response.toString();
}
