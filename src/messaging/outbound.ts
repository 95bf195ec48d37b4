/**
 * Accepting an outbound message (from the API or a TwiML `<Message>` reply): judged with
 * Twilio's codes, stored as `queued` and handed to delivery in one transaction (shared with
 * other messages accepted at the same time), so a message the API accepted is never lost.
 */
import { TwilioError } from '../errors/index.js';
import type { Account } from '../store/accounts.js';
import { findApplication } from '../store/applications.js';
import type { Store } from '../store/index.js';
import { newJob } from '../store/jobs.js';
import type { Job } from '../store/jobs.js';
import { storeNewMessage } from '../store/message-writes.js';
import { isOptedOut } from '../store/messages.js';
import type { Message } from '../store/messages.js';
import { findPhoneNumberByE164 } from '../store/phone-numbers.js';
import type { HttpMethod, MessageDirection } from '../store/schema.js';
import { nowIso, orderedSid } from '../store/sid.js';
import { MAX_BODY_LENGTH, bodyLength, segmentBody, smartEncode } from './encoding.js';

export const MAX_MEDIA = 10;
export const SEND_JOB = 'message.send';

/** What judging and storing an outbound message needs: the store, and where messages may go. */
export interface OutboundDeps {
  readonly store: Store;
  /** Whether messages may go to this number's country (Twilio's geographic permissions, 21408); absent: everywhere. */
  readonly smsPermitted?: (to: string) => boolean;
}

export interface OutboundInput {
  readonly to: string | undefined;
  readonly from: string | undefined;
  readonly body: string | undefined;
  readonly mediaUrls: readonly string[];
  readonly statusCallback: string | null;
  /** How the status callbacks are sent (POST unless a `<Message action method>` says otherwise). */
  readonly statusCallbackMethod?: HttpMethod;
  readonly applicationSid: string | null;
  readonly validityPeriod: number | null;
  readonly direction: Exclude<MessageDirection, 'inbound'>;
  /** A scheduled message's send time (ScheduleType=fixed); null sends now. */
  readonly sendAt?: Date | null;
  /** ProvideFeedback=true: the message gets a Feedback subresource, `unconfirmed` until the app reports. */
  readonly provideFeedback?: boolean;
  /** SmartEncoded=true: Unicode look-alikes in the body become their GSM-7 characters (encoding.ts). */
  readonly smartEncoded?: boolean;
  /** The inbound handling step this message is the reply of, recorded with it (see store/message-steps.ts). */
  readonly journal?: { readonly messageSid: string; readonly step: string };
}

/** Twilio's ValidityPeriod range, in seconds; unset means the longest. */
export const VALIDITY_MIN_S = 1;
export const VALIDITY_MAX_S = 36_000;

/** Twilio's scheduling window: at least 5 minutes (earlier documentation said 15) and at most 35 days ahead. */
export const SCHEDULE_MIN_MS = 5 * 60_000;
export const SCHEDULE_MAX_MS = 35 * 86_400_000;

const E164 = /^\+[1-9]\d{6,14}$/;

/** `value` (resolved against `base`, if given) as an http(s) URL, or null. */
export function httpUrl(value: string, base?: string): URL | null {
  try {
    const url = new URL(value, base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}

const isHttpUrl = (value: string) => httpUrl(value) !== null;

/**
 * A StatusCallback as Twilio's API takes it: "URL must contain a valid hostname and underscores
 * are not allowed." Only the API's parameter: a reply's action or statusCallback is resolved
 * against the app's own URL, which may well be a host such as `sms_app` on a private network.
 */
function isCallbackUrl(value: string, direction: OutboundInput['direction']): boolean {
  const url = httpUrl(value);
  return url !== null && !(direction === 'outbound-api' && url.hostname.includes('_'));
}

/**
 * A `<Message to>` written without `+` is read in the country of the `from` number, as Twilio
 * reads it: `(415) 555-1212` from a +1 number is +14155551212. The numbering plans known here
 * are NANP (+1: ten digits, or eleven with the leading 1) and the UK (+44: the national number
 * after its leading 0); anything else is left as written (and judged as such).
 */
export function inCountryOf(to: string, from: string): string {
  const written = to.trim();
  if (written.startsWith('+') || !/^[\d\s().-]+$/.test(written)) return written;
  const digits = written.replace(/\D/g, '');
  if (from.startsWith('+1')) {
    if (digits.length === 10) return `+1${digits}`;
    if (digits.length === 11 && digits.startsWith('1')) return `+${digits}`;
  }
  if (from.startsWith('+44') && /^0\d{9,10}$/.test(digits)) return `+44${digits.slice(1)}`;
  return written;
}

/** The first of Twilio's checks, which need nothing stored: To and From are there and well formed. */
export function judgeAddresses(input: Pick<OutboundInput, 'to' | 'from'>): { to: string; from: string } {
  const to = input.to?.trim();
  if (!to) throw new TwilioError(21604, "A 'To' phone number is required.");
  if (!E164.test(to)) throw new TwilioError(21211, `The 'To' number ${to} is not a valid phone number.`);
  const from = input.from?.trim();
  if (!from) throw new TwilioError(21603, "A 'From' phone number is required.");
  if (!E164.test(from)) throw new TwilioError(21212, `The 'From' number ${from} is not a valid phone number, shortcode, or alphanumeric sender ID.`);
  if (to === from) throw new TwilioError(21266, `'To' and 'From' numbers cannot be the same: ${to}.`);
  return { to, from };
}

/** Twilio's judgement of a message, in its order; throws the first problem found. */
async function judge(deps: OutboundDeps, account: Account, input: OutboundInput): Promise<{ to: string; from: string; body: string }> {
  const { store } = deps;
  const { to, from } = judgeAddresses(input);
  const owned = await findPhoneNumberByE164(store.db, from);
  if (!owned || owned.accountSid !== account.sid || owned.capSms !== 1) {
    throw new TwilioError(21606, `The From phone number ${from} is not a valid, SMS-capable inbound phone number or short code for your account.`);
  }
  if (deps.smsPermitted && !deps.smsPermitted(to)) {
    throw new TwilioError(21408, `Permission to send an SMS has not been enabled for the region indicated by the 'To' number: ${to}.`);
  }
  const body = judgeContent(input);
  if (await isOptedOut(store.db, from, to)) throw new TwilioError(21610, `Attempt to send to unsubscribed recipient: ${to} replied STOP to ${from}.`);
  return { to, from, body };
}

/** Twilio's checks of what is sent (body, media, callback, validity), once the numbers are judged; the body to send. */
export function judgeContent(input: Pick<OutboundInput, 'body' | 'mediaUrls' | 'statusCallback' | 'validityPeriod' | 'smartEncoded' | 'direction'>): string {
  const body = input.smartEncoded ? smartEncode(input.body ?? '') : input.body ?? '';
  if (body.length === 0 && input.mediaUrls.length === 0) throw new TwilioError(21602, 'Message body is required.');
  if (bodyLength(body) > MAX_BODY_LENGTH) throw new TwilioError(21617, `The concatenated message body exceeds the ${MAX_BODY_LENGTH} character limit.`);
  if (input.mediaUrls.length > MAX_MEDIA) throw new TwilioError(21623, `Too many media files: at most ${MAX_MEDIA} MediaUrl per message.`);
  const badMedia = input.mediaUrls.find((u) => !isHttpUrl(u));
  if (badMedia !== undefined) throw new TwilioError(21620, `Media URL ${badMedia.slice(0, 200)} is invalid.`);
  if (input.statusCallback !== null && !isCallbackUrl(input.statusCallback, input.direction)) throw new TwilioError(21609, `The StatusCallback URL ${input.statusCallback.slice(0, 200)} is not a valid URL.`);
  const validity = input.validityPeriod;
  if (validity !== null && !(Number.isInteger(validity) && validity >= VALIDITY_MIN_S && validity <= VALIDITY_MAX_S)) {
    throw new TwilioError(90007, `ValidityPeriod ${validity} is out of range: give whole seconds from ${VALIDITY_MIN_S} to ${VALIDITY_MAX_S}.`);
  }
  return body;
}

/**
 * Judges, stores and queues a message; the delivery worker takes it from there. `makeJob` makes
 * its delivery job's row when the caller wants one of its own (already claimed, to deliver the
 * message itself once committed); a scheduled message's job is always the worker's.
 */
export async function acceptOutbound(deps: OutboundDeps, account: Account, input: OutboundInput, makeJob: MakeJob = newJob): Promise<Message> {
  const { store } = deps;
  const { to, from, body } = await judge(deps, account, input);
  let statusCallback = input.statusCallback;
  // Twilio: "The status_callback parameter of a request takes priority over the application_sid
  // parameter; if both are included application_sid is ignored."
  const applicationSid = statusCallback === null ? input.applicationSid : null;
  if (applicationSid !== null) {
    const app = await findApplication(store.db, account.sid, applicationSid);
    if (!app) throw new TwilioError(21218, `ApplicationSid ${applicationSid} is not an application of this account.`);
    // Twilio: "status callback requests are sent to the TwiML App's message_status_callback URL".
    statusCallback ??= app.messageStatusCallback ?? app.smsStatusCallback;
  }
  const sendAt = input.sendAt ?? null;
  if (sendAt !== null) {
    const ahead = sendAt.getTime() - Date.now();
    if (Number.isNaN(ahead) || ahead < SCHEDULE_MIN_MS || ahead > SCHEDULE_MAX_MS) {
      throw new TwilioError(35114, 'SendAt time must be between 300 seconds and 35 days (3024000 seconds) in the future, inclusive.');
    }
  }
  const now = nowIso();
  const message: Message = {
    sid: orderedSid(input.mediaUrls.length > 0 ? 'MM' : 'SM'), accountSid: account.sid, direction: input.direction,
    fromNumber: from, toNumber: to, body, status: sendAt ? 'scheduled' : 'queued', numSegments: segmentBody(body).segments, numMedia: input.mediaUrls.length,
    errorCode: null, errorMessage: null, statusCallback, statusCallbackMethod: input.statusCallbackMethod ?? 'POST', applicationSid, validityPeriod: input.validityPeriod,
    sendAt: sendAt?.toISOString() ?? null, dateSent: null, dateCreated: now, dateUpdated: now,
  };
  // Committed with its job (and many other requests' messages): once this resolves, it is never lost.
  await storeNewMessage(store.db, {
    message, media: input.mediaUrls.map((url) => ({ url, contentType: guessContentType(url) })), job: sendAt ? newJob(SEND_JOB, { sid: message.sid }, sendAt) : makeJob(SEND_JOB, { sid: message.sid }),
    feedback: input.provideFeedback === true, journal: input.journal ?? null,
  });
  return message;
}

/** Makes the row of a job due now. */
type MakeJob = (kind: string, payload: unknown) => Job;

/** A content type from the URL's extension: the media's until it is copied and its real type known (./media.ts). */
export function guessContentType(url: string): string {
  const ext = /\.([a-z0-9]+)(?:[?#]|$)/i.exec(url)?.[1]?.toLowerCase();
  const types: Record<string, string> = { jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', gif: 'image/gif', mp3: 'audio/mpeg', mp4: 'video/mp4', pdf: 'application/pdf', vcf: 'text/vcard', txt: 'text/plain' };
  return (ext && types[ext]) ?? 'application/octet-stream';
}
