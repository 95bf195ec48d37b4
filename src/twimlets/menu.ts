/**
 * The Simple Menu twimlet (`/twimlets/menu`): plays a prompt while gathering digits, and sends
 * the caller to the URL of the option pressed. https://www.twilio.com/labs/twimlets/menu
 *
 * Parameters: `Message` (text to say, or an audio URL to play while listening) and
 * `Options[<digits>]=<url>`. The `<Gather>` waits for as many digits as the longest option key
 * and posts them back here; when `Digits` names an option the caller continues at its URL,
 * otherwise they hear "I'm sorry, that wasn't a valid option." and the menu again (the words of
 * twimlets.com's menu.php). With no input, the menu repeats. No I/O.
 */
import { voiceResponse } from '../twiml/index.js';
import type { TwimletParams } from './params.js';
import { addPrompt, continueAt } from './prompt.js';

const OWN = ['Message', 'Options'];
const INVALID_OPTION = "I'm sorry, that wasn't a valid option.";

/** Keys a caller can press: twimlets.com counted every key, Dialtone only DTMF ones. */
const DTMF_KEY = /^[0-9*#]{1,32}$/;

/** The menu's TwiML: the option's URL once one was pressed, else the prompt and its `<Gather>`. */
export function menuTwiml(params: TwimletParams): string {
  const options = params.entries('Options');
  const digits = params.text('Digits');
  const response = voiceResponse();
  if (digits !== '') {
    const url = options.get(digits);
    if (url !== undefined) return continueAt(response, url).toString();
    response.say(INVALID_OPTION);
  }
  const numDigits = Math.max(1, ...[...options.keys()].filter((key) => DTMF_KEY.test(key)).map((key) => key.length));
  const self = params.selfUrl('menu', OWN);
  return response
    .gather({ numDigits, action: self }, (gather) => addPrompt(gather, params.text('Message')))
    .redirect(self)
    .toString();
}
