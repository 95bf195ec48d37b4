/**
 * The Simulring twimlet (`/twimlets/simulring`): rings several numbers at once; the first to
 * answer (and pass the whisper) takes the call. https://www.twilio.com/labs/twimlets/simulring
 *
 * Parameters: `PhoneNumbers[]` (or a bare `PhoneNumbers`), `Message` (the whisper's prompt),
 * `Timeout` (default 20 seconds, as simulring.php) and `FailUrl`. Each `<Number>` has the
 * whisper twimlet as its `url`, which asks the answering party to press a key; as in
 * simulring.php it does not set HumanCheck, so the call is bridged even without a key. At most
 * ten numbers are dialled, `<Dial>`'s limit (https://www.twilio.com/docs/voice/twiml/number).
 * The `<Dial>` action comes back here with `Dial=true`: a completed call hangs up, any other
 * `DialCallStatus` (busy, no-answer, failed, canceled) continues at `FailUrl` or hangs up. No I/O.
 */
import { voiceResponse } from '../twiml/index.js';
import { afterDial, dialOutcome, dialableNumbers, failOver, ringTimeout } from './dialling.js';
import type { TwimletParams } from './params.js';
import { whisperUrl } from './whisper.js';

const OWN = ['PhoneNumbers', 'Message', 'Timeout', 'FailUrl'];
const MAX_NUMBERS = 10;

/** The simulring step for this request. */
export function simulringTwiml(params: TwimletParams): string {
  if (dialOutcome(params) !== 'first') return afterDial(params);
  const numbers = dialableNumbers(params, 'PhoneNumbers', MAX_NUMBERS);
  if (numbers.length === 0) return failOver(params);
  const whisper = whisperUrl(params.text('Message'), false);
  const attributes = { action: params.selfUrl('simulring', OWN, [['Dial', 'true']]), timeout: ringTimeout(params, 20) };
  return voiceResponse()
    .dial(attributes, (dial) => { for (const number of numbers) dial.number(number, { url: whisper }); })
    .toString();
}
