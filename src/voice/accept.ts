/**
 * Accepting an outbound call from the Calls API: judged with Twilio's codes in Twilio's order,
 * stored `queued` and handed to the engine by a durable job in one transaction, so a call the
 * API accepted is placed even if the process dies before it rings.
 */
import { TwilioError } from '../errors/index.js';
import type { Account } from '../store/accounts.js';
import { findApplication } from '../store/applications.js';
import type { Call } from '../store/calls.js';
import { storeNewCall } from '../store/calls.js';
import type { Store } from '../store/index.js';
import { newJob } from '../store/jobs.js';
import { findPhoneNumberByE164 } from '../store/phone-numbers.js';
import type { HttpMethod } from '../store/schema.js';
import { nowIso, orderedSid } from '../store/sid.js';
import { parseTwiml } from '../twiml/index.js';

export const START_JOB = 'call.start';

/** Twilio's limit on the `Twiml` parameter. */
export const MAX_INLINE_TWIML = 4000;

export interface CallInput {
  readonly to: string | undefined;
  readonly from: string | undefined;
  readonly url: string | null;
  readonly method: HttpMethod;
  readonly fallbackUrl: string | null;
  readonly fallbackMethod: HttpMethod;
  readonly twiml: string | null;
  readonly applicationSid: string | null;
  readonly statusCallback: string | null;
  readonly statusCallbackMethod: HttpMethod;
  readonly statusCallbackEvents: readonly string[];
  /** Seconds. */
  readonly timeout: number;
  readonly timeLimit: number;
  readonly sendDigits: string | null;
  readonly record: boolean;
  readonly recordingStatusCallback: string | null;
  readonly recordingStatusCallbackMethod: HttpMethod;
  readonly recordingStatusCallbackEvents: readonly string[];
  readonly recordingTrack: string;
  readonly trim: string;
  readonly machineDetection: 'Enable' | 'DetectMessageEnd' | null;
  readonly machineDetectionTimeout: number;
}

const E164 = /^\+[1-9]\d{6,14}$/;

/** Inline TwiML must parse: Twilio refuses a call whose `Twiml` is not a valid document. */
export function judgeTwiml(twiml: string): void {
  if (twiml.length > MAX_INLINE_TWIML) throw new TwilioError(20001, `Twiml is ${twiml.length} characters long; the limit is ${MAX_INLINE_TWIML}.`);
  const parsed = parseTwiml(twiml, { kind: 'voice' });
  if (!parsed.ok) {
    const first = parsed.errors[0];
    throw new TwilioError(first?.code === 12200 ? 12200 : 12100, `Twiml is not valid TwiML: ${first ? `${first.message} (line ${first.line}, column ${first.column})` : 'it could not be parsed'}.`);
  }
}

/** Where the call's TwiML and callbacks come from: its own parameters, or its application's. */
async function routing(store: Store, account: Account, input: CallInput) {
  if (input.applicationSid === null) {
    if (input.url === null && input.twiml === null) throw new TwilioError(21205, "A 'Url', 'Twiml' or 'ApplicationSid' parameter is required.");
    return { url: input.url, method: input.method, fallbackUrl: input.fallbackUrl, fallbackMethod: input.fallbackMethod, statusCallback: input.statusCallback, statusCallbackMethod: input.statusCallbackMethod };
  }
  const app = await findApplication(store.db, account.sid, input.applicationSid);
  if (!app) throw new TwilioError(21218, `ApplicationSid ${input.applicationSid} is not an application of this account.`);
  // With an application, Twilio ignores the call's URLs, StatusCallback and StatusCallbackEvent
  // and uses the application's (which sends only the completed callback).
  return {
    url: app.voiceUrl, method: app.voiceMethod, fallbackUrl: app.voiceFallbackUrl, fallbackMethod: app.voiceFallbackMethod,
    statusCallback: app.statusCallback, statusCallbackMethod: app.statusCallbackMethod,
  };
}

/** Judges, stores and queues a call; the engine places it from the job. */
export async function acceptCall(store: Store, account: Account, input: CallInput): Promise<Call> {
  const to = input.to?.trim();
  if (!to) throw new TwilioError(21201, "No 'To' number is specified.");
  const from = input.from?.trim();
  if (!from) throw new TwilioError(21213, "No 'From' number is specified.");
  if (!E164.test(to)) throw new TwilioError(21211, `The phone number you are attempting to call, ${to}, is not valid.`);
  if (!E164.test(from)) throw new TwilioError(21212, `The phone number you are attempting to call from, ${from}, is not a valid caller ID.`);
  const owned = await findPhoneNumberByE164(store.db, from);
  if (!owned || owned.accountSid !== account.sid || owned.capVoice !== 1) {
    throw new TwilioError(21210, `The source phone number provided, ${from}, is not yet verified for your account. You may only make calls from phone numbers that you've verified or purchased.`);
  }
  const twiml = input.applicationSid === null && input.url === null ? input.twiml : null;
  if (twiml !== null) judgeTwiml(twiml);
  const route = await routing(store, account, input);
  const now = nowIso();
  const call: Call = {
    sid: orderedSid('CA'), accountSid: account.sid, parentCallSid: null, direction: 'outbound-api', fromNumber: from, toNumber: to,
    phoneNumberSid: owned.sid, status: 'queued', startTime: null, endTime: null, duration: null, answeredBy: null, forwardedFrom: null,
    callerName: null, queueTime: 0, url: route.url, method: route.method, fallbackUrl: route.fallbackUrl, fallbackMethod: route.fallbackMethod,
    twiml, applicationSid: input.applicationSid, statusCallback: route.statusCallback, statusCallbackMethod: route.statusCallbackMethod,
    statusCallbackEvents: input.applicationSid === null ? input.statusCallbackEvents.join(' ') : '', timeout: input.timeout, timeLimit: input.timeLimit, sendDigits: input.sendDigits,
    record: input.record ? 1 : 0, recordingStatusCallback: input.recordingStatusCallback, recordingStatusCallbackMethod: input.recordingStatusCallbackMethod,
    recordingStatusCallbackEvents: input.recordingStatusCallbackEvents.join(' '), recordingTrack: input.recordingTrack, trim: input.trim,
    machineDetection: input.machineDetection, machineDetectionTimeout: input.machineDetectionTimeout, engineId: null,
    dateCreated: now, dateUpdated: now,
  };
  await storeNewCall(store.db, call, newJob(START_JOB, { sid: call.sid }));
  return call;
}
