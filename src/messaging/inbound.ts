/**
 * Inbound messages: stored (`direction: inbound`, `received`), opt-out keywords applied, posted
 * to the number's SMS URL (or SMS application) with every parameter Twilio sends, and the TwiML
 * reply executed (./reply.ts). Every step is journaled (store/message-steps.ts), so a
 * `message.inbound` job repeated after a crash replays what was done instead of redoing it: the
 * app is not asked again and no reply is sent twice.
 */
import { TwilioError } from '../errors/index.js';
import type { InboundSms, NumberGeography } from '../network/carrier.js';
import { findAccount } from '../store/accounts.js';
import type { Account } from '../store/accounts.js';
import { findApplication } from '../store/applications.js';
import type { Store } from '../store/index.js';
import { enqueueJob, newJob } from '../store/jobs.js';
import { copyStoredContent } from '../store/media-content.js';
import { loadMessageSteps, recordMessageStep } from '../store/message-steps.js';
import { announceStatuses } from '../store/message-history.js';
import { storeNewMessage } from '../store/message-writes.js';
import { findMessageBySid, insertMessageOnce, isOptedOut, listMedia, optOutChangedAfter, setOptOut } from '../store/messages.js';
import type { Message, MessageMedia } from '../store/messages.js';
import { findOptOutSetting } from '../store/opt-out-settings.js';
import { findPhoneNumberByE164 } from '../store/phone-numbers.js';
import type { PhoneNumber } from '../store/phone-numbers.js';
import { derivedSid, nowIso, orderedSid } from '../store/sid.js';
import { loadSmsCookies, saveSmsCookies } from '../store/sms-cookies.js';
import { ConversationCookies, SMS_COOKIE_MAX_AGE_S } from '../webhooks/index.js';
import type { Webhooks } from '../webhooks/index.js';
import { raiseAlert } from '../webhooks/journal.js';
import { MAX_BODY_LENGTH, bodyLength, segmentBody } from './encoding.js';
import { copyMedia } from './media.js';
import { classifyKeyword, policyOf } from './opt-out.js';
import type { KeywordKind, OptOutPolicy } from './opt-out.js';
import { acceptOutbound, guessContentType } from './outbound.js';
import { runReply } from './reply.js';
import type { ReplyHop } from './reply.js';

export const INBOUND_JOB = 'message.inbound';

export interface InboundDeps {
  readonly store: Store;
  readonly webhooks: Webhooks;
  /** Wakes the job worker after work is queued. */
  readonly notifyWorker: () => void;
  /** Where a number is, for the geographic parameters (empty strings when unknown). */
  readonly locate: (number: string) => NumberGeography;
  /** The platform's URL as users reach it. */
  readonly publicUrl: () => string;
  /** Runs one conversation's opt-out keywords one at a time in this process (the store orders them across processes). */
  readonly keywordTurns: KeyedTurns;
  /** Whether messages may go to this number's country (Twilio's geographic permissions); absent: everywhere. */
  readonly smsPermitted?: (to: string) => boolean;
}

/**
 * One turn at a time per key: what `run` is given for a key starts once the previous run for
 * that key has settled. For opt-out keywords, so that of a STOP and a START handled side by
 * side, the confirmation sent last is the one whose choice stands.
 */
export class KeyedTurns {
  private readonly tails = new Map<string, Promise<void>>();

  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const mine = previous.then(work);
    const tail = mine.then(() => undefined, () => undefined);
    this.tails.set(key, tail);
    try {
      return await mine;
    } finally {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}

/** A body cut to Twilio's limit (never between the halves of a surrogate pair). */
function truncated(body: string): string {
  const cut = body.slice(0, MAX_BODY_LENGTH);
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}

/**
 * The inbound message as stored. Twilio: "Incoming messages to Twilio that exceed 1600
 * characters will be truncated to 1600 characters, and will be marked as failed with Error
 * 21617"; such a message is kept, but no app hears of it (an alert says why).
 */
function inboundMessage(number: PhoneNumber, sid: string, sms: InboundSms): Message {
  const now = nowIso();
  const tooLong = bodyLength(sms.body) > MAX_BODY_LENGTH;
  const body = tooLong ? truncated(sms.body) : sms.body;
  return {
    sid, accountSid: number.accountSid, direction: 'inbound', fromNumber: sms.from, toNumber: sms.to, body, status: tooLong ? 'failed' : 'received',
    numSegments: segmentBody(body).segments, numMedia: sms.mediaUrls.length, statusCallback: null, statusCallbackMethod: 'POST',
    errorCode: tooLong ? 21617 : null, errorMessage: tooLong ? TOO_LONG : null,
    applicationSid: null, validityPeriod: null, sendAt: null, dateSent: now, dateCreated: now, dateUpdated: now,
  };
}

const TOO_LONG = `The concatenated message body exceeds the ${MAX_BODY_LENGTH} character limit`;

const mediaOf = (urls: readonly string[]) => urls.map((url) => ({ url, contentType: guessContentType(url) }));

/** Stores an inbound message and queues its webhook; resolves once it is safely stored. */
export async function receiveInbound(deps: InboundDeps, sms: InboundSms): Promise<{ messageSid: string }> {
  const number = await findPhoneNumberByE164(deps.store.db, sms.to);
  if (!number) throw new Error(`${sms.to} is not a platform number`);
  const message = inboundMessage(number, orderedSid(sms.mediaUrls.length > 0 ? 'MM' : 'SM'), sms);
  await storeNewMessage(deps.store.db, { message, media: mediaOf(sms.mediaUrls), job: newJob(INBOUND_JOB, { sid: message.sid }), feedback: false, journal: null });
  deps.notifyWorker();
  return { messageSid: message.sid };
}

/**
 * One platform number texting another: the message arrives as an inbound message of the other
 * number, under a SID derived from the outbound one, so a delivery repeated after a crash finds
 * it instead of making a second.
 */
export async function receiveOnNet(deps: InboundDeps, outbound: Message, media: readonly MessageMedia[]): Promise<string> {
  const number = await findPhoneNumberByE164(deps.store.db, outbound.toNumber);
  if (!number) throw new Error(`${outbound.toNumber} is not a platform number`);
  const sid = derivedSid(media.length > 0 ? 'MM' : 'SM', 'on-net', outbound.sid);
  const mediaUrls = media.map((m) => m.url);
  const message = inboundMessage(number, sid, { from: outbound.fromNumber, to: outbound.toNumber, body: outbound.body, mediaUrls });
  const created = await deps.store.db.transaction().execute(async (tx) => {
    const fresh = await insertMessageOnce(tx, message, media.map((m) => ({ url: m.url, contentType: m.contentType })));
    if (!fresh) return false;
    // The media as the outbound message copied them: handed over, not fetched again.
    if (media.length > 0) await copyStoredContent(tx, media, await listMedia(tx, message.accountSid, sid));
    await enqueueJob(tx, INBOUND_JOB, { sid });
    return true;
  });
  if (created) {
    announceStatuses(deps.store.db, [{ messageSid: sid, accountSid: message.accountSid, status: message.status, at: message.dateCreated }]);
    deps.notifyWorker();
  }
  return sid;
}

/** Where the number's inbound messages go: its SMS application, else its own URLs. */
async function smsRoute(store: Store, number: PhoneNumber): Promise<Omit<ReplyHop, 'params'> | null> {
  const app = number.smsApplicationSid ? await findApplication(store.db, number.accountSid, number.smsApplicationSid) : undefined;
  const source = app ?? number;
  return source.smsUrl ? { url: source.smsUrl, method: source.smsMethod, fallbackUrl: source.smsFallbackUrl, fallbackMethod: source.smsFallbackMethod } : null;
}

/**
 * Twilio's inbound message parameters, geography included where the network knows it.
 * `OptOutType` is given only with the number's own opt-out settings, Dialtone's
 * Advanced Opt-Out: Twilio includes it "only when the message is sent to a phone number within
 * a Messaging Service that has Advanced Opt-Out enabled".
 */
async function inboundParams(deps: InboundDeps, message: Message, optOutType: KeywordKind | null): Promise<Record<string, string>> {
  const media = message.numMedia > 0 ? await listMedia(deps.store.db, message.accountSid, message.sid) : [];
  const from = deps.locate(message.fromNumber);
  const to = deps.locate(message.toNumber);
  const params: Record<string, string> = {
    MessageSid: message.sid, SmsSid: message.sid, SmsMessageSid: message.sid, AccountSid: message.accountSid, MessagingServiceSid: '',
    From: message.fromNumber, To: message.toNumber, Body: message.body, NumMedia: String(media.length), NumSegments: String(message.numSegments),
    SmsStatus: 'received', ApiVersion: '2010-04-01',
    FromCity: from.city, FromState: from.state, FromZip: from.zip, FromCountry: from.country,
    ToCity: to.city, ToState: to.state, ToZip: to.zip, ToCountry: to.country,
  };
  // As on Twilio, MediaUrl{N} is the platform's own Media resource (its content is the copy, ./media.ts).
  const content = (m: { sid: string }) => `${deps.publicUrl()}/2010-04-01/Accounts/${message.accountSid}/Messages/${message.sid}/Media/${m.sid}`;
  media.forEach((m, i) => { params[`MediaUrl${i}`] = content(m); params[`MediaContentType${i}`] = m.contentType; });
  if (optOutType) params.OptOutType = optOutType.toUpperCase();
  return params;
}

/**
 * Handling STOP, START and HELP, by the number's policy (Twilio's words and replies unless it
 * sets its own): the confirmation is sent (a STOP's before the opt-out takes effect, a START's
 * after it is lifted), and the choice recorded. Someone
 * opted out gets no reply at all (a second STOP, a HELP); the message still goes on to the app.
 * A STOP or START handled after a later one (their jobs run side by side) changes nothing and
 * confirms nothing: the recipient's last word stands, and is the last they were told. A reply
 * refused for any other reason is an alert, not a failed job. Both the opt-out change and the
 * journaled reply are safe to repeat.
 */
async function applyKeyword(deps: InboundDeps, account: Account, message: Message, journal: ReadonlyMap<string, string>, policy: OptOutPolicy, keyword: KeywordKind): Promise<void> {
  if (keyword === 'start') await setOptOut(deps.store.db, message.toNumber, message.fromNumber, false, message.dateCreated);
  const reply = policy.replies[keyword];
  // A keyword sent later and handled first has the last word: this one's confirmation would contradict it.
  const superseded = keyword !== 'help' && (await optOutChangedAfter(deps.store.db, message.toNumber, message.fromNumber, message.dateCreated));
  if (!journal.has('keyword') && !superseded && !(await isOptedOut(deps.store.db, message.toNumber, message.fromNumber))) {
    try {
      await acceptOutbound(deps, account, {
        to: message.fromNumber, from: message.toNumber, body: reply, mediaUrls: [], statusCallback: null,
        applicationSid: null, validityPeriod: null, direction: 'outbound-reply', journal: { messageSid: message.sid, step: 'keyword' },
      });
    } catch (err) {
      if (!(err instanceof TwilioError)) throw err;
      await raiseAlert(deps.store.db, { accountSid: account.sid, resourceSid: message.sid, purpose: 'opt-out' }, {
        code: err.code, message: `The ${keyword.toUpperCase()} reply was not sent: ${err.message}`, level: 'warning', exchange: null,
      });
    }
  }
  if (keyword === 'stop') await setOptOut(deps.store.db, message.toNumber, message.fromNumber, true, message.dateCreated);
}

/** The end of a message too long to pass on: its alert and the job's end together, so a repeated job raises nothing. */
async function endTooLong(deps: InboundDeps, account: Account, message: Message): Promise<void> {
  await deps.store.db.transaction().execute(async (tx) => {
    await raiseAlert(tx, { accountSid: account.sid, resourceSid: message.sid, purpose: 'inbound' }, {
      code: 21617, message: `${TOO_LONG}: an incoming message from ${message.fromNumber} was truncated and not passed on to the app.`, level: 'error', exchange: null,
    });
    await recordMessageStep(tx, message.sid, 'done', '');
  });
}

/** The `message.inbound` job: opt-out keywords, the app's webhook and its TwiML reply. */
export async function handleInbound(deps: InboundDeps, payload: { sid: string }): Promise<void> {
  const message = await findMessageBySid(deps.store.db, payload.sid);
  if (!message) return;
  const number = await findPhoneNumberByE164(deps.store.db, message.toNumber);
  const account = number && (await findAccount(deps.store.db, number.accountSid));
  if (!number || !account) return;
  const journal = await loadMessageSteps(deps.store.db, message.sid);
  if (journal.has('done')) return;
  if (message.status === 'failed') {
    await endTooLong(deps, account, message);
    return;
  }
  // The media first, so the app hears of the types they really have.
  if (message.numMedia > 0) await copyMedia(deps, account, message);
  const settings = await findOptOutSetting(deps.store.db, number.accountSid, number.sid);
  const policy = policyOf(settings);
  const keyword = classifyKeyword(message.body, policy);
  if (keyword) await deps.keywordTurns.run(`${message.toNumber} ${message.fromNumber}`, () => applyKeyword(deps, account, message, journal, policy, keyword));
  const route = await smsRoute(deps.store, number);
  // A number with no SMS URL takes the message and says nothing to any app.
  if (route) {
    const conversation = { accountSid: account.sid, from: message.fromNumber, to: message.toNumber };
    const saved = await loadSmsCookies(deps.store.db, conversation, SMS_COOKIE_MAX_AGE_S);
    const cookies = saved === null ? ConversationCookies.empty(SMS_COOKIE_MAX_AGE_S) : ConversationCookies.restore(saved, SMS_COOKIE_MAX_AGE_S);
    const saveCookies = async () => {
      if (!cookies.changed) return;
      await saveSmsCookies(deps.store.db, conversation, SMS_COOKIE_MAX_AGE_S, (current) => cookies.mergeInto(current));
      cookies.markSaved();
    };
    await runReply({ ...deps, account, message, journal, cookies, saveCookies }, { ...route, params: await inboundParams(deps, message, settings ? keyword : null) });
    await saveCookies();
  }
  await recordMessageStep(deps.store.db, message.sid, 'done', '');
  deps.notifyWorker();
}
