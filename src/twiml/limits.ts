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

/**
 * How large a document over MAX_TWIML_BYTES (in UTF-8) is, for a message ("at least 52428811
 * bytes"), or null when it is within the limit.
 * UTF-8 takes at least one byte and at most three per UTF-16 unit (a surrogate pair: four bytes
 * for two units; a lone surrogate: three), so the string's length alone decides both ends, and
 * the bytes are counted, once, only in between: a 50 MB body is refused without reading it.
 */
export function describeOversize(text: string): string | null {
  if (text.length <= MAX_TWIML_BYTES / 3) return null;
  if (text.length > MAX_TWIML_BYTES) return `at least ${text.length} bytes`;
  const bytes = Buffer.byteLength(text, 'utf8');
  return bytes > MAX_TWIML_BYTES ? `${bytes} bytes` : null;
}

