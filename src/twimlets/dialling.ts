/**
 * What forward, simulring and findme share: the ring timeout, the numbers they may dial, who is
 * calling, and what to do once `<Dial>` has come back to the twimlet (its action URL carries
 * `Dial=true`, and Twilio posts `DialCallStatus`). No I/O.
 */
import { voiceResponse } from '../twiml/index.js';
import { isPhoneNumber } from '../twiml/vocabulary/common.js';
import type { TwimletParams } from './params.js';
import { continueAt } from './prompt.js';

/** The range `<Dial timeout>` takes (https://www.twilio.com/docs/voice/twiml/dial#timeout). */
const MIN_TIMEOUT = 5;
const MAX_TIMEOUT = 600;

/** `Timeout` in seconds, within `<Dial>`'s range, or the twimlet's default. */
export function ringTimeout(params: TwimletParams, fallback: number): number {
  const text = params.text('Timeout');
  if (!/^\d{1,6}$/.test(text)) return fallback;
  return Math.min(MAX_TIMEOUT, Math.max(MIN_TIMEOUT, Number(text)));
}

/** The phone numbers of an array parameter that `<Number>` can dial, at most `max`. */
export function dialableNumbers(params: TwimletParams, name: string, max: number): string[] {
  return params.list(name).filter(isPhoneNumber).slice(0, max);
}

/**
 * Where a call flow stands: `first` before any `<Dial>`, `connected` when the dialled party
 * answered, `failed` when it did not (busy, no-answer, failed, canceled). twimlets.com checked
 * `DialCallStatus == completed` or the 2008 API's `DialStatus == answered`; Twilio also documents
 * `answered` for DialCallStatus (https://www.twilio.com/docs/voice/twiml/dial#dialcallstatus).
 */
export function dialOutcome(params: TwimletParams): 'first' | 'connected' | 'failed' {
  const status = params.text('DialCallStatus').toLowerCase();
  const legacy = params.text('DialStatus').toLowerCase();
  if (params.text('Dial') === '' || (status === '' && legacy === '')) return 'first';
  return status === 'completed' || status === 'answered' || legacy === 'answered' ? 'connected' : 'failed';
}

/** After a dial that was not answered: continue at `FailUrl`, or hang up when there is none. */
export function failOver(params: TwimletParams): string {
  const failUrl = params.text('FailUrl');
  return (failUrl === '' ? voiceResponse().hangup() : continueAt(voiceResponse(), failUrl)).toString();
}

/** What Twilio's twimlets answered once a dial came back: hang up when connected, else fail over. */
export function afterDial(params: TwimletParams): string {
  return dialOutcome(params) === 'connected' ? voiceResponse().hangup().toString() : failOver(params);
}

/**
 * A phone number as the twimlets compared them: its digits, without the `1` of an 11-digit
 * North American number, so `+1 415-555-1212` and `(415) 555-1212` are the same number.
 */
export function comparableNumber(number: string): string {
  const digits = number.replace(/\D/g, '');
  return digits.length === 11 && digits.startsWith('1') ? digits.slice(1) : digits;
}

/** The caller and the called number, from Twilio's `From`/`To` (or the 2008 API's `Caller`/`Called`). */
export function callParties(params: TwimletParams): { from: string; to: string } {
  return {
    from: params.text('From') || params.text('Caller'),
    to: params.text('To') || params.text('Called'),
  };
}

/** Whether the caller or the called number is one of `numbers` (forward's AllowedCallers, conference's Moderators). */
export function isListedParty(params: TwimletParams, numbers: readonly string[]): boolean {
  const listed = new Set(numbers.map(comparableNumber).filter((n) => n !== ''));
  const { from, to } = callParties(params);
  return [from, to].some((n) => n !== '' && listed.has(comparableNumber(n)));
}
