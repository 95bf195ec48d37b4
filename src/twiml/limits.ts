/**
 * The limits every TwiML document must respect, whoever wrote it. They bound the parser's time
 * and memory on hostile input (a huge body, pathological nesting, a flood of problems).
 */

/**
 * The largest TwiML document accepted, in UTF-8 bytes: 64 kB, Twilio's limit on a TwiML response
 * body (Twilio reports a larger body as error 11750 at the webhook layer; the parser refuses it
 * too, with a 12100). Twilio writes "64 kB"; we read it as 64 × 1024 bytes.
 * https://www.twilio.com/docs/errors/11750
 */
export const MAX_TWIML_BYTES = 64 * 1024;

/**
 * The deepest element nesting accepted (`<Response>` is depth 1). Real TwiML is at most about six
 * levels deep (`Response/Dial/Client/Parameter`, or SSML inside `<Say>`); Twilio documents no
 * limit, so this is Dialtone's choice, generous for SSML and small enough to stop nesting bombs.
 */
export const MAX_TWIML_DEPTH = 32;

/**
 * After this many errors the parser stops looking (the document needs fixing first); after this
 * many warnings it stops listing them (the document still runs).
 */
export const MAX_TWIML_PROBLEMS = 100;
