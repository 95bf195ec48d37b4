/**
 * Twilio's default opt-out keywords and replies for long-code numbers: a message whose whole
 * body, trimmed and in any case, is one keyword opts the sender out of messages from that
 * number, opts them back in, or asks for help, and Twilio answers with a fixed reply.
 *
 * Sources:
 * - https://help.twilio.com/articles/223134027 ("Twilio support for opt-out keywords (SMS STOP
 *   filtering)"): the keyword sets and default replies, and that only single-word messages
 *   count ("STOP PLEASE" or "PLEASE CANCEL" do not).
 * - https://www.twilio.com/docs/messaging/tutorials/advanced-opt-out: the current opt-out set,
 *   which adds REVOKE and OPTOUT to STOP, STOPALL, UNSUBSCRIBE, CANCEL, END and QUIT.
 * Neither says punctuation is ignored, so "STOP!" is not a keyword here.
 *
 * A number may depart from these defaults (Dialtone's `/dialtone/v1/PhoneNumbers/{Sid}/OptOut`):
 * handling turned off altogether, its own words for any of the three kinds, its own replies
 * (or none). That is an `OptOutPolicy`; `DEFAULT_POLICY` is Twilio's.
 *
 * Pure: it classifies and supplies text; recording the opt-out and sending the reply belong to
 * the inbound engine. Never match keywords anywhere else.
 */

/** What a keyword asks for: opt out, opt back in, or help. */
export type KeywordKind = 'stop' | 'start' | 'help';

export const KEYWORD_KINDS: readonly KeywordKind[] = ['stop', 'start', 'help'];

/** Twilio's default words of each kind. */
export const DEFAULT_KEYWORDS: Readonly<Record<KeywordKind, readonly string[]>> = Object.freeze({
  stop: ['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'REVOKE', 'OPTOUT'],
  start: ['START', 'YES', 'UNSTOP'],
  help: ['HELP', 'INFO'],
});

/** Twilio's default automatic reply to each kind of keyword (each fits one GSM-7 segment). */
export const DEFAULT_REPLIES: Readonly<Record<KeywordKind, string>> = Object.freeze({
  stop: 'You have successfully been unsubscribed. You will not receive any more messages from this number. Reply START to resubscribe.',
  start: 'You have successfully been re-subscribed to messages from this number. Reply HELP for help. Reply STOP to unsubscribe. Msg&Data Rates May Apply.',
  help: 'Reply STOP to unsubscribe. Msg&Data Rates May Apply.',
});

/** How one number handles keywords. */
export interface OptOutPolicy {
  /** False: no word is a keyword; the platform records no opt-out and sends no reply. */
  readonly enabled: boolean;
  readonly keywords: Readonly<Record<KeywordKind, readonly string[]>>;
  /** The automatic reply of each kind; '' sends none. */
  readonly replies: Readonly<Record<KeywordKind, string>>;
}

export const DEFAULT_POLICY: OptOutPolicy = Object.freeze({ enabled: true, keywords: DEFAULT_KEYWORDS, replies: DEFAULT_REPLIES });

/** Longest keyword, most keywords of one kind, longest reply a number may set. */
export const MAX_KEYWORD_LENGTH = 32;
export const MAX_KEYWORDS = 20;
export const MAX_REPLY_LENGTH = 320;

const KEYWORD_PATTERN = /^[\p{L}\p{N}]+$/u;

/**
 * A keyword list as a number's owner writes it (words separated by commas or spaces, any case),
 * in the stored form: upper case, each once, in order. Throws a RangeError saying what is wrong.
 *
 * @example
 * parseKeywords('arret, Stop stop') // ['ARRET', 'STOP']
 */
export function parseKeywords(list: string): string[] {
  const words = [...new Set(list.split(/[\s,]+/).filter((w) => w !== '').map((w) => w.toUpperCase()))];
  for (const w of words) {
    if (!KEYWORD_PATTERN.test(w)) throw new RangeError(`${w} is not a keyword: a keyword is one word of letters and digits.`);
    if ([...w].length > MAX_KEYWORD_LENGTH) throw new RangeError(`${w} is longer than ${MAX_KEYWORD_LENGTH} characters.`);
  }
  if (words.length > MAX_KEYWORDS) throw new RangeError(`At most ${MAX_KEYWORDS} keywords of each kind.`);
  return words;
}

/** The first word that is a keyword of two kinds in `keywords`, if any. */
export function sharedKeyword(keywords: Readonly<Record<KeywordKind, readonly string[]>>): string | null {
  const seen = new Set<string>();
  for (const kind of KEYWORD_KINDS) {
    for (const w of keywords[kind]) {
      if (seen.has(w)) return w;
      seen.add(w);
    }
  }
  return null;
}

/**
 * The keyword a message body is under `policy` (Twilio's defaults unless given), if it is
 * exactly one (ignoring case and surrounding whitespace), else null.
 *
 * @example
 * classifyKeyword(' Stop\n')      // 'stop'
 * classifyKeyword('stop please')  // null
 */
export function classifyKeyword(body: string, policy: OptOutPolicy = DEFAULT_POLICY): KeywordKind | null {
  if (!policy.enabled) return null;
  const word = body.trim().toUpperCase();
  return KEYWORD_KINDS.find((kind) => policy.keywords[kind].includes(word)) ?? null;
}
