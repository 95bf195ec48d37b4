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
 * Pure: it classifies and supplies text; recording the opt-out and sending the reply belong to
 * the inbound engine. Never match keywords anywhere else.
 */

/** What a keyword asks for: opt out, opt back in, or help. */
export type KeywordKind = 'stop' | 'start' | 'help';

const KEYWORDS: ReadonlyMap<string, KeywordKind> = new Map([
  ...['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'REVOKE', 'OPTOUT'].map((k) => [k, 'stop'] as const),
  ...['START', 'YES', 'UNSTOP'].map((k) => [k, 'start'] as const),
  ...['HELP', 'INFO'].map((k) => [k, 'help'] as const),
]);

/**
 * The keyword a message body is, if it is exactly one (ignoring case and surrounding
 * whitespace), else null.
 *
 * @example
 * classifyKeyword(' Stop\n')      // 'stop'
 * classifyKeyword('stop please')  // null
 */
export function classifyKeyword(body: string): KeywordKind | null {
  return KEYWORDS.get(body.trim().toUpperCase()) ?? null;
}

/** Twilio's default automatic reply to each kind of keyword (each fits one GSM-7 segment). */
export const DEFAULT_REPLIES: Readonly<Record<KeywordKind, string>> = Object.freeze({
  stop: 'You have successfully been unsubscribed. You will not receive any more messages from this number. Reply START to resubscribe.',
  start: 'You have successfully been re-subscribed to messages from this number. Reply HELP for help. Reply STOP to unsubscribe. Msg&Data Rates May Apply.',
  help: 'Reply STOP to unsubscribe. Msg&Data Rates May Apply.',
});
