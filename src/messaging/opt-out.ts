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
 * A number may depart from these defaults (Dialtone's `/dialtone/v1/PhoneNumbers/{Sid}/OptOut`),
 * as a Messaging Service's Advanced Opt-Out does on Twilio: its own words of each kind in place
 * of Twilio's, and its own replies. STOP, START and HELP themselves always stay (Twilio keeps
 * them, and carriers require them), and every kind keeps a reply. That is an `OptOutPolicy`;
 * `DEFAULT_POLICY` is Twilio's. Words and bodies are compared in Unicode NFC, upper case.
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
  readonly keywords: Readonly<Record<KeywordKind, readonly string[]>>;
  readonly replies: Readonly<Record<KeywordKind, string>>;
}

export const DEFAULT_POLICY: OptOutPolicy = Object.freeze({ keywords: DEFAULT_KEYWORDS, replies: DEFAULT_REPLIES });

/** The word of each kind no number can give up. */
export const REQUIRED_KEYWORDS: Readonly<Record<KeywordKind, string>> = Object.freeze({ stop: 'STOP', start: 'START', help: 'HELP' });

/** Longest keyword, most keywords of one kind, longest reply a number may set. */
export const MAX_KEYWORD_LENGTH = 32;
export const MAX_KEYWORDS = 20;
export const MAX_REPLY_LENGTH = 320;

const KEYWORD_PATTERN = /^[\p{L}\p{M}\p{N}]+$/u;
const normal = (text: string) => text.normalize('NFC').toUpperCase();

/**
 * A keyword list as a number's owner writes it (words separated by commas or spaces, any case),
 * in the stored form: upper case, NFC, each once, in order, without the kind's required word
 * (which is always a keyword anyway). Throws a RangeError saying what is wrong.
 *
 * @example
 * parseKeywords('arret, Stop fin', 'stop') // ['ARRET', 'FIN']
 */
export function parseKeywords(list: string, kind: KeywordKind): string[] {
  const words = [...new Set(list.split(/[\s,]+/).filter((w) => w !== '').map(normal))].filter((w) => w !== REQUIRED_KEYWORDS[kind]);
  for (const w of words) {
    if (!KEYWORD_PATTERN.test(w)) throw new RangeError(`${w} is not a keyword: a keyword is one word of letters and digits.`);
    if ([...w].length > MAX_KEYWORD_LENGTH) throw new RangeError(`${w} is longer than ${MAX_KEYWORD_LENGTH} characters.`);
  }
  if (words.length + 1 > MAX_KEYWORDS) throw new RangeError(`At most ${MAX_KEYWORDS} keywords of each kind, ${REQUIRED_KEYWORDS[kind]} included.`);
  return words;
}

/** A number's own settings as stored: space-separated words, replies; null keeps Twilio's. */
export interface StoredOptOut {
  readonly stopKeywords: string | null;
  readonly startKeywords: string | null;
  readonly helpKeywords: string | null;
  readonly stopReply: string | null;
  readonly startReply: string | null;
  readonly helpReply: string | null;
}

/** The policy of a number's stored settings: what it sets, Twilio's for the rest. */
export function policyOf(stored: StoredOptOut | undefined): OptOutPolicy {
  if (!stored) return DEFAULT_POLICY;
  const words = (kind: KeywordKind, list: string | null) =>
    (list === null ? DEFAULT_KEYWORDS[kind] : [REQUIRED_KEYWORDS[kind], ...list.split(' ').filter((w) => w !== '')]);
  const { replies } = DEFAULT_POLICY;
  return {
    keywords: { stop: words('stop', stored.stopKeywords), start: words('start', stored.startKeywords), help: words('help', stored.helpKeywords) },
    replies: { stop: stored.stopReply ?? replies.stop, start: stored.startReply ?? replies.start, help: stored.helpReply ?? replies.help },
  };
}

/** A word that is a keyword of two kinds in `keywords`, with the two kinds, if any. */
export function sharedKeyword(keywords: Readonly<Record<KeywordKind, readonly string[]>>): { word: string; kinds: [KeywordKind, KeywordKind] } | null {
  const seen = new Map<string, KeywordKind>();
  for (const kind of KEYWORD_KINDS) {
    for (const w of keywords[kind]) {
      const first = seen.get(w);
      if (first !== undefined) return { word: w, kinds: [first, kind] };
      seen.set(w, kind);
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
  const word = normal(body.trim());
  return KEYWORD_KINDS.find((kind) => policy.keywords[kind].includes(word)) ?? null;
}
