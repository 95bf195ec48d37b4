/**
 * Inbound calls: a carrier rings one of the platform's numbers. The call is stored `ringing`
 * with the number's voice routing (its voice application's, when it has one) and claimed by the
 * receiving engine. Calls to numbers of inactive accounts, or without voice, are refused.
 */
import type { InboundCall } from '../network/carrier.js';
import { findAccount } from '../store/accounts.js';
import type { Account } from '../store/accounts.js';
import { findApplication } from '../store/applications.js';
import { insertCall } from '../store/calls.js';
import type { Call } from '../store/calls.js';
import type { Store } from '../store/index.js';
import { findPhoneNumberByE164 } from '../store/phone-numbers.js';
import { nowIso, storeTime } from '../store/sid.js';
import { raiseAlert } from '../webhooks/journal.js';

/** Twilio's defaults for what an inbound call cannot set. */
const DEFAULT_TIME_LIMIT_S = 14_400;

export async function receiveInboundCall(store: Store, inbound: InboundCall, engineId: string): Promise<{ account: Account; call: Call; alert: string | null } | null> {
  const number = await findPhoneNumberByE164(store.db, inbound.to);
  if (!number || number.capVoice !== 1) return null;
  const account = await findAccount(store.db, number.accountSid);
  if (!account || account.status !== 'active') return null;
  const app = number.voiceApplicationSid ? await findApplication(store.db, account.sid, number.voiceApplicationSid) : undefined;
  const route = app ?? number;
  const now = nowIso();
  const call: Call = {
    sid: inbound.callSid, accountSid: account.sid, parentCallSid: null, direction: 'inbound', fromNumber: inbound.from, toNumber: inbound.to,
    phoneNumberSid: number.sid, status: 'ringing', startTime: storeTime(new Date()), endTime: null, duration: null, answeredBy: null,
    forwardedFrom: null, callerName: number.voiceCallerIdLookup === 1 ? inbound.callerName : null, queueTime: 0,
    url: route.voiceUrl, method: route.voiceMethod, fallbackUrl: route.voiceFallbackUrl, fallbackMethod: route.voiceFallbackMethod, twiml: null,
    applicationSid: app?.sid ?? null, statusCallback: route.statusCallback, statusCallbackMethod: route.statusCallbackMethod,
    statusCallbackEvents: 'completed', timeout: 60, timeLimit: DEFAULT_TIME_LIMIT_S, sendDigits: null, record: 0,
    recordingStatusCallback: null, recordingStatusCallbackMethod: 'POST', recordingStatusCallbackEvents: 'completed', recordingTrack: 'both',
    trim: 'trim-silence', machineDetection: null, machineDetectionTimeout: 30, engineId, dateCreated: now, dateUpdated: now,
  };
  await insertCall(store.db, call);
  let alert: string | null = null;
  if (!route.voiceUrl) {
    alert = `${inbound.to} has no Voice URL${app ? ` (its application ${app.sid} has none)` : ''}: the call cannot be handled.`;
    await raiseAlert(store.db, { accountSid: account.sid, resourceSid: call.sid, purpose: 'voice' }, { code: 11100, message: alert, level: 'error', exchange: null });
  }
  return { account, call, alert };
}
