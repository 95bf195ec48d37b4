/**
 * Delivering a queued message: `queued → sending → sent → delivered | undelivered` (or
 * `failed`), with a status callback on every transition. Each step is compare-and-set on the
 * previous status, and the carrier is idempotent per MessageSid, so a job repeated after a
 * crash resumes where the message stands and the recipient gets it once.
 */
import type { MessagingCarrier } from '../network/carrier.js';
import { findAccount } from '../store/accounts.js';
import type { Store } from '../store/index.js';
import { findMessageBySid, listMedia, transitionMessage } from '../store/messages.js';
import type { Message } from '../store/messages.js';
import type { MessageStatus } from '../store/schema.js';
import { nowIso } from '../store/sid.js';
import type { Webhooks } from '../webhooks/index.js';
import { statusCallbackParams } from './callbacks.js';

export interface DeliveryDeps {
  readonly store: Store;
  readonly webhooks: Webhooks;
  readonly carrier: MessagingCarrier;
}

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

async function step(deps: DeliveryDeps, message: Message, from: MessageStatus[], to: MessageStatus, changes: Parameters<typeof transitionMessage>[4] = {}): Promise<void> {
  if (await transitionMessage(deps.store.db, message.sid, from, to, changes)) await notify(deps, message.sid);
}

/** The `message.send` job. */
export async function deliverMessage(deps: DeliveryDeps, payload: { sid: string }): Promise<void> {
  const message = await findMessageBySid(deps.store.db, payload.sid);
  // A canceled scheduled message, or one already final, has nothing left to do.
  if (!message || !['scheduled', 'queued', 'sending', 'sent'].includes(message.status)) return;
  await step(deps, message, ['scheduled'], 'queued');
  await step(deps, message, ['queued'], 'sending');
  const media = await listMedia(deps.store.db, message.accountSid, message.sid);
  const outcome = await deps.carrier.sendMessage({
    sid: message.sid, accountSid: message.accountSid, from: message.fromNumber, to: message.toNumber, body: message.body,
    mediaUrls: media.map((m) => m.url),
  });
  if (outcome.status === 'failed') {
    await step(deps, message, ['sending'], 'failed', { errorCode: outcome.errorCode, errorMessage: outcome.errorMessage });
    return;
  }
  await step(deps, message, ['sending'], 'sent', { dateSent: nowIso() });
  if (outcome.status === 'delivered') await step(deps, message, ['sent'], 'delivered');
  else await step(deps, message, ['sent'], 'undelivered', { errorCode: outcome.errorCode, errorMessage: outcome.errorMessage });
}
