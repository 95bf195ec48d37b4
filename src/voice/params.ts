/**
 * Twilio's voice request parameters: what every TwiML request and status callback of a call
 * carries (https://www.twilio.com/docs/usage/webhooks/voice-webhooks), built from the call.
 * Geography comes from the numbering plan where the number is known, empty otherwise.
 */
import type { NumberGeography } from '../network/carrier.js';
import type { Call } from '../store/calls.js';

export const API_VERSION = '2010-04-01';

/** Where numbers are, as the carrier knows. */
export type Locate = (number: string) => NumberGeography;

function geoParams(prefixes: readonly string[], geo: NumberGeography): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of prefixes) {
    out[`${p}City`] = geo.city;
    out[`${p}State`] = geo.state;
    out[`${p}Zip`] = geo.zip;
    out[`${p}Country`] = geo.country;
  }
  return out;
}

/** The parameters of every request Twilio makes for a call, with the call's current status. */
export function callParams(call: Call, locate: Locate): Record<string, string> {
  const from = locate(call.fromNumber);
  const to = locate(call.toNumber);
  const params: Record<string, string> = {
    AccountSid: call.accountSid, ApiVersion: API_VERSION, CallSid: call.sid, CallStatus: call.status, Direction: call.direction,
    From: call.fromNumber, To: call.toNumber, Caller: call.fromNumber, Called: call.toNumber,
    ...geoParams(['From', 'Caller'], from),
    ...geoParams(['To', 'Called'], to),
  };
  if (call.parentCallSid) params.ParentCallSid = call.parentCallSid;
  if (call.applicationSid) params.ApplicationSid = call.applicationSid;
  if (call.forwardedFrom) params.ForwardedFrom = call.forwardedFrom;
  if (call.callerName) params.CallerName = call.callerName;
  if (call.answeredBy) params.AnsweredBy = call.answeredBy;
  return params;
}
