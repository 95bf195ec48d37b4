/**
 * Twilio's default opt-out keywords and replies for long codes: a message whose whole body
 * (trimmed, any case) is a keyword opts the sender out of, or back into, messages from that
 * number, or asks for help. See https://help.twilio.com/articles/223134027. No I/O.
 */

export type KeywordKind = 'stop' | 'start' | 'help';

const KEYWORDS: Readonly<Record<string, KeywordKind>> = {
  STOP: 'stop', STOPALL: 'stop', UNSUBSCRIBE: 'stop', CANCEL: 'stop', END: 'stop', QUIT: 'stop', OPTOUT: 'stop', REVOKE: 'stop',
  START: 'start', YES: 'start', UNSTOP: 'start',
  HELP: 'help', INFO: 'help',
};

/** The keyword a message body is, if it is exactly one (ignoring case and surrounding space). */
export function classifyKeyword(body: string): KeywordKind | null {
  return KEYWORDS[body.trim().toUpperCase()] ?? null;
}

/** Twilio's default automatic replies. */
export const DEFAULT_REPLIES: Readonly<Record<KeywordKind, string>> = {
  stop: 'You have successfully been unsubscribed. You will not receive any more messages from this number. Reply START to resubscribe.',
  start: 'You have successfully been re-subscribed to messages from this number. Reply HELP for help. Reply STOP to unsubscribe. Msg&Data Rates May Apply.',
  help: 'Reply STOP to unsubscribe. Msg&Data Rates May Apply.',
};
