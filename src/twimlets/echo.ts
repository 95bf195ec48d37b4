/**
 * The Echo twimlet (`/twimlets/echo`): answers with its `Twiml` parameter, verbatim.
 * https://www.twilio.com/labs/twimlets/echo
 *
 * twimlets.com did not check the document ("invalid TwiML will fail further in the flow"), and
 * neither does Dialtone: the engine parses it and reports what is wrong, as it does for any app.
 * This is the one twimlet that does not build its TwiML: echoing the text is the point. The
 * parameter is bounded by Twilio's 64 kB limit on a TwiML document (MAX_TWIML_BYTES), enforced
 * where the parameters are read. No I/O.
 */
import { MAX_TWIML_BYTES } from '../twiml/index.js';
import type { TwimletParams } from './params.js';

/** The parameters echo reads past the usual value length, with their limit in bytes. */
export const ECHO_LONG_VALUES: Readonly<Record<string, number>> = { Twiml: MAX_TWIML_BYTES };

/** The `Twiml` parameter as sent (not trimmed: it is returned byte for byte). */
export function echoTwiml(params: TwimletParams): string {
  return params.raw('Twiml');
}
