/**
 * Inbound messages: stored (`direction: inbound`, `received`), opt-out keywords applied, posted
 * to the number's SMS URL (or SMS application) with every parameter Twilio sends, and the TwiML
 * reply executed: `<Message>` sends an `outbound-reply`, `<Redirect>` fetches the next document
 * (at most 10 in a chain). Failures fall back to the SMS fallback URL and raise alerts.
 */
import type { InboundSms } from '../network/carrier.js';
import { findAccount } from '../store/accounts.js';
import type { Account } from '../store/accounts.js';
import { findApplication } from '../store/applications.js';
import type { Store } from '../store/index.js';
import { enqueueJob } from '../store/jobs.js';
import { findMessageBySid, insertMessage, listMedia, setOptOut } from '../store/messages.js';
import type { Message } from '../store/messages.js';
import { findPhoneNumberByE164 } from '../store/phone-numbers.js';
import type { PhoneNumber } from '../store/phone-numbers.js';
import { newSid, nowIso } from '../store/sid.js';
import type { TwimlResult, Webhooks } from '../webhooks/index.js';
import { raiseAlert } from '../webhooks/journal.js';
import { TwilioError } from '../errors/index.js';
import { segmentBody } from './encoding.js';
import { DEFAULT_REPLIES, classifyKeyword } from './opt-out.js';
import { acceptOutbound, guessContentType } from './outbound.js';

export const INBOUND_JOB = 'message.inbound';
const MAX_REDIRECTS = 10;

export interface InboundDeps {
  readonly store: Store;
  readonly webhooks: Webhooks;
  /** Wakes the job worker after work is queued. */
  readonly notifyWorker: () => void;
}

/** Stores an inbound message and queues its webhook; resolves once it is safely stored. */
export async function receiveInbound(deps: InboundDeps, sms: InboundSms): Promise<{ messageSid: string }> {
  const number = await findPhoneNumberByE164(deps.store.db, sms.to);
  if (!number) throw new Error(`${sms.to} is not a platform number`);
  const now = nowIso();
  const message: Message = {
    sid: newSid(sms.mediaUrls.length > 0 ? 'MM' : 'SM'), accountSid: number.accountSid, direction: 'inbound',
    fromNumber: sms.from, toNumber: sms.to, body: sms.body, status: 'received', numSegments: segmentBody(sms.body).segments,
    numMedia: sms.mediaUrls.length, errorCode: null, errorMessage: null, statusCallback: null, applicationSid: null,
    validityPeriod: null, sendAt: null, dateSent: now, dateCreated: now, dateUpdated: now,
  };
  await deps.store.db.transaction().execute(async (tx) => {
    await insertMessage(tx, message, sms.mediaUrls.map((url) => ({ url, contentType: guessContentType(url) })));
    await enqueueJob(tx, INBOUND_JOB, { sid: message.sid });
  });
  deps.notifyWorker();
  return { messageSid: message.sid };
}

/** Where the number's inbound messages go: its SMS application, else its own URLs. */
async function smsRoute(store: Store, number: PhoneNumber) {
  const app = number.smsApplicationSid ? await findApplication(store.db, number.accountSid, number.smsApplicationSid) : undefined;
  const source = app ?? number;
  return source.smsUrl ? { url: source.smsUrl, method: source.smsMethod, fallbackUrl: source.smsFallbackUrl, fallbackMethod: source.smsFallbackMethod } : null;
}

/** Twilio's inbound message parameters. Geographic fields are empty in the simulation. */
async function inboundParams(store: Store, message: Message): Promise<Record<string, string>> {
  const media = await listMedia(store.db, message.accountSid, message.sid);
  const params: Record<string, string> = {
    MessageSid: message.sid, SmsSid: message.sid, SmsMessageSid: message.sid, AccountSid: message.accountSid, MessagingServiceSid: '',
    From: message.fromNumber, To: message.toNumber, Body: message.body, NumMedia: String(media.length), NumSegments: String(message.numSegments),
    SmsStatus: 'received', ApiVersion: '2010-04-01',
    FromCity: '', FromState: '', FromZip: '', FromCountry: '', ToCity: '', ToState: '', ToZip: '', ToCountry: '',
  };
  media.forEach((m, i) => { params[`MediaUrl${i}`] = m.url; params[`MediaContentType${i}`] = m.contentType; });
  const keyword = classifyKeyword(message.body);
  if (keyword) params.OptOutType = keyword.toUpperCase();
  return params;
}

/**
 * Twilio's default handling of STOP, START and HELP: the confirmation is sent (a STOP's before
 * the opt-out takes effect, a START's after it is lifted), and the choice recorded.
 */
async function applyKeyword(deps: InboundDeps, account: Account, message: Message): Promise<void> {
  const keyword = classifyKeyword(message.body);
  if (!keyword) return;
  if (keyword === 'start') await setOptOut(deps.store.db, message.toNumber, message.fromNumber, false);
  await acceptOutbound(deps.store, account, {
    to: message.fromNumber, from: message.toNumber, body: DEFAULT_REPLIES[keyword], mediaUrls: [], statusCallback: null,
    applicationSid: null, validityPeriod: null, direction: 'outbound-reply',
  });
  if (keyword === 'stop') await setOptOut(deps.store.db, message.toNumber, message.fromNumber, true);
  deps.notifyWorker();
}

/** The `message.inbound` job: the app's webhook and its TwiML reply. */
export async function handleInbound(deps: InboundDeps, payload: { sid: string }): Promise<void> {
  const message = await findMessageBySid(deps.store.db, payload.sid);
  if (!message) return;
  const number = await findPhoneNumberByE164(deps.store.db, message.toNumber);
  const account = number && (await findAccount(deps.store.db, number.accountSid));
  if (!number || !account) return;
  await applyKeyword(deps, account, message);
  const route = await smsRoute(deps.store, number);
  if (!route) return;
  const params = await inboundParams(deps.store, message);
  const context = { accountSid: account.sid, resourceSid: message.sid, purpose: 'twiml' };
  let next: { url: string; method: 'GET' | 'POST'; fallbackUrl: string | null; fallbackMethod: 'GET' | 'POST' } | null = route;
  for (let hops = 0; next && hops <= MAX_REDIRECTS; hops++) {
    const result: TwimlResult<'messaging'> = await deps.webhooks.fetchTwiml({
      kind: 'messaging', ...next, params, account: { sid: account.sid, authToken: account.authToken }, resourceSid: message.sid,
    });
    if (!result.ok) return;
    const current: string = result.url;
    next = null;
    for (const verb of result.document.verbs) {
      if (verb.verb === 'Redirect') {
        next = { url: new URL(verb.url, current).href, method: verb.method, fallbackUrl: null, fallbackMethod: 'POST' };
        break;
      }
      try {
        await acceptOutbound(deps.store, account, {
          to: verb.to ?? message.fromNumber, from: verb.from ?? message.toNumber, body: verb.body, mediaUrls: verb.media.map((m) => new URL(m, current).href),
          statusCallback: verb.statusCallback ? new URL(verb.statusCallback, current).href : null, applicationSid: null, validityPeriod: null,
          direction: 'outbound-reply',
        });
      } catch (err) {
        if (!(err instanceof TwilioError)) throw err;
        await raiseAlert(deps.store.db, context, { code: err.code, message: `<Message> reply refused: ${err.message}`, level: 'error', exchange: null });
      }
    }
  }
  if (next) await raiseAlert(deps.store.db, context, { code: 11200, message: `More than ${MAX_REDIRECTS} <Redirect>s in a row; stopped.`, level: 'error', exchange: null });
  deps.notifyWorker();
}
