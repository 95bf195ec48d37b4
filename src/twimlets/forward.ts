/**
 * The Forward twimlet (`/twimlets/forward`): dials another number, and when it does not answer
 * continues at `FailUrl` (or hangs up). https://www.twilio.com/labs/twimlets/forward
 *
 * Parameters: `PhoneNumber` (required), `CallerId`, `Timeout` (default 20 seconds, as
 * forward.php), `FailUrl`, and `AllowedCallers[]`: when given, only a caller (or called number)
 * on the list is forwarded; others hear "Sorry, you are calling from a restricted number. Good
 * bye." Numbers are compared by their digits, ignoring a North American leading 1 (forward.php
 * meant to; its comparison only ever matched 2008-API ten-digit numbers). The `<Dial>` action
 * comes back here with `Dial=true`, where a completed call hangs up and any other
 * `DialCallStatus` fails over. A missing or undiallable `PhoneNumber` fails over too. No I/O.
 */
import { voiceResponse } from '../twiml/index.js';
import { afterDial, dialOutcome, dialableNumbers, failOver, isListedParty, ringTimeout } from './dialling.js';
import type { TwimletParams } from './params.js';

const OWN = ['PhoneNumber', 'CallerId', 'Timeout', 'FailUrl', 'AllowedCallers'];
const RESTRICTED = 'Sorry, you are calling from a restricted number. Good bye.';
/** The documented list has five entries (AllowedCallers[0] to [4]); Dialtone takes up to 50. */
const MAX_ALLOWED_CALLERS = 50;

/** The forward step for this request. */
export function forwardTwiml(params: TwimletParams): string {
  if (dialOutcome(params) !== 'first') return afterDial(params);
  const allowed = params.list('AllowedCallers').slice(0, MAX_ALLOWED_CALLERS);
  if (allowed.length > 0 && !isListedParty(params, allowed)) return voiceResponse().say(RESTRICTED).toString();
  const [number] = dialableNumbers(params, 'PhoneNumber', 1);
  if (number === undefined) return failOver(params);
  const callerId = params.text('CallerId');
  return voiceResponse()
    .dial(number, {
      action: params.selfUrl('forward', OWN, [['Dial', 'true']]),
      timeout: ringTimeout(params, 20),
      ...(callerId === '' ? {} : { callerId }),
    })
    .toString();
}
