/**
 * The Find Me twimlet (`/twimlets/findme`): tries several numbers one after the other, each for
 * `Timeout` seconds, then continues at `FailUrl` (or hangs up).
 * https://www.twilio.com/labs/twimlets/findme
 *
 * Parameters: `PhoneNumbers[]` (or a bare `PhoneNumbers`; at most ten, as findme.php meant — its
 * `array_splice` kept the numbers past the tenth instead, a bug Dialtone does not copy),
 * `Message` (the whisper's prompt), `Timeout` (default 60 seconds, as findme.php) and `FailUrl`.
 * Each number is dialled with the whisper twimlet and HumanCheck, so an unanswered whisper (a
 * voicemail) hangs up and the next number is tried. The `<Dial>` action comes back here with
 * `Dial=true` and the numbers not yet tried; a completed call hangs up. No I/O.
 */
import { voiceResponse } from '../twiml/index.js';
import { dialOutcome, dialableNumbers, failOver, ringTimeout } from './dialling.js';
import type { TwimletParams } from './params.js';
import { whisperUrl } from './whisper.js';

/** Own parameters carried to the next step; PhoneNumbers is rewritten with the numbers left. */
const OWN = ['Message', 'Timeout', 'FailUrl'];
const MAX_NUMBERS = 10;

/** The findme step for this request: the next number, or the end of the list. */
export function findmeTwiml(params: TwimletParams): string {
  if (dialOutcome(params) === 'connected') return voiceResponse().hangup().toString();
  const [next, ...rest] = dialableNumbers(params, 'PhoneNumbers', MAX_NUMBERS);
  if (next === undefined) return failOver(params);
  const action = params.selfUrl('findme', OWN, [['Dial', 'true'], ...rest.map((n) => ['PhoneNumbers[]', n] as const)]);
  return voiceResponse()
    .dial({ action, timeout: ringTimeout(params, 60) }, (dial) => dial.number(next, { url: whisperUrl(params.text('Message'), true) }))
    .toString();
}
