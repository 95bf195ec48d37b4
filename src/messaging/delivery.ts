/**
 * Delivering a queued message: `queued → sending → sent → delivered | undelivered` (or
 * `failed`), with a status callback on every transition. Each step is compare-and-set on the
 * previous status, and the carrier is idempotent per MessageSid, so a job repeated after a
 * crash resumes where the message stands and the recipient gets it once. A message still
 * queued past its validity period fails unsent (30036); one whose job fails for good fails
 * with 30008. A message to one of the platform's own numbers never leaves the platform.
 */
import type { JobContext } from '../jobs/worker.js';
import type { MessagingCarrier, SmsDelivery } from '../network/carrier.js';
import { findAccount } from '../store/accounts.js';
import { findMessageBySid, listMedia, transitionMessage } from '../store/messages.js';
import type { Message } from '../store/messages.js';
import { findPhoneNumberByE164 } from '../store/phone-numbers.js';
import type { MessageStatus } from '../store/schema.js';
import { nowIso } from '../store/sid.js';
import { statusCallbackParams } from './callbacks.js';
import { receiveOnNet } from './inbound.js';
import type { InboundDeps } from './inbound.js';
import { VALIDITY_MAX_S } from './outbound.js';

export interface DeliveryDeps extends InboundDeps {
  readonly carrier: MessagingCarrier;
}

/** Statuses a message can still leave through delivery. */
const PENDING: readonly MessageStatus[] = ['scheduled', 'queued', 'sending', 'sent'];

async function notify(deps: DeliveryDeps, sid: string): Promise<void> {
  const message = await findMessageBySid(deps.store.db, sid);
  if (!message?.statusCallback) return;
  const account = await findAccount(deps.store.db, message.accountSid);
  if (!account) return;
  await deps.webhooks.sendCallback({
    url: message.statusCallback, method: 'POST', params: statusCallbackParams(message),
    account: { sid: account.sid, authToken: account.authToken }, resourceSid: message.sid, purpose: 'status-callback',
  });
}

/** Moves the message if it is in one of `from`, and tells the app; false when it was not. */
async function step(deps: DeliveryDeps, message: Message, from: readonly MessageStatus[], to: MessageStatus, changes: Parameters<typeof transitionMessage>[4] = {}): Promise<boolean> {
  if (!(await transitionMessage(deps.store.db, message.sid, from, to, changes))) return false;
  await notify(deps, message.sid);
  return true;
}

/** Whether a message waiting to be sent has outlived its ValidityPeriod (counted from when it was due). */
export function validityExpired(message: Pick<Message, 'validityPeriod' | 'sendAt' | 'dateCreated'>, now: number): boolean {
  const due = Date.parse(message.sendAt ?? message.dateCreated);
  return now > due + (message.validityPeriod ?? VALIDITY_MAX_S) * 1000;
}

/** Hands the message to the carrier, or (to a platform number) straight to the inbound side. */
async function handOver(deps: DeliveryDeps, message: Message): Promise<SmsDelivery> {
  const media = message.numMedia > 0 ? await listMedia(deps.store.db, message.accountSid, message.sid) : [];
  if (await findPhoneNumberByE164(deps.store.db, message.toNumber)) {
    await receiveOnNet(deps, message, media.map((m) => m.url));
    return { status: 'delivered' };
  }
  return deps.carrier.sendMessage({
    sid: message.sid, accountSid: message.accountSid, from: message.fromNumber, to: message.toNumber, body: message.body,
    mediaUrls: media.map((m) => m.url),
  });
}

async function deliver(deps: DeliveryDeps, sid: string): Promise<void> {
  const message = await findMessageBySid(deps.store.db, sid);
  // A canceled scheduled message, or one already final, has nothing left to do.
  if (!message || !PENDING.includes(message.status)) return;
  let status = message.status;
  const move = async (from: MessageStatus, to: MessageStatus, changes: Parameters<typeof transitionMessage>[4] = {}) => {
    if (status === from && (await step(deps, message, [from], to, changes))) status = to;
  };
  await move('scheduled', 'queued');
  if (status === 'queued' && validityExpired(message, Date.now())) await move('queued', 'failed', { errorCode: 30036, errorMessage: 'Validity Period Expired' });
  await move('queued', 'sending');
  if (status !== 'sending' && status !== 'sent') return;
  const outcome = await handOver(deps, message);
  if (outcome.status === 'failed') return move('sending', 'failed', { errorCode: outcome.errorCode, errorMessage: outcome.errorMessage });
  await move('sending', 'sent', { dateSent: nowIso() });
  if (outcome.status === 'delivered') await move('sent', 'delivered');
  else await move('sent', 'undelivered', { errorCode: outcome.errorCode, errorMessage: outcome.errorMessage });
}

/**
 * The `message.send` job. When its last attempt fails too, the message is not left `sending`
 * for ever: it fails with Twilio's 30008 (unknown error) and the app hears of it.
 */
export async function deliverMessage(deps: DeliveryDeps, payload: { sid: string }, context: JobContext): Promise<void> {
  try {
    await deliver(deps, payload.sid);
  } catch (err) {
    if (context.finalAttempt) {
      const message = await findMessageBySid(deps.store.db, payload.sid);
      if (message) await step(deps, message, PENDING, 'failed', { errorCode: 30008, errorMessage: 'Unknown error' });
    }
    throw err;
  }
}
