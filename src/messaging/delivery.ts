/**
 * Delivering a queued message: `queued → sending → sent → delivered | undelivered` (or
 * `failed`), with a status callback on every transition, in order. Each step is
 * compare-and-set on the previous status, and the carrier is idempotent per MessageSid, so a
 * job repeated after a crash resumes where the message stands and the recipient gets it once.
 * An MMS's media is copied onto the platform first (./media.ts); media that cannot be fetched,
 * of a type Twilio does not accept, or over 5 MB fails the message unsent with Twilio's code.
 * A job run again (an earlier attempt failed, or its process died) first repeats the callback
 * of the status the message stands in, unless this process saw it sent: a move is committed
 * before its callback goes out, so that callback is the one a failure can have cost (status
 * callbacks are at least once). A message still queued past its validity period (counted when
 * its job starts, not after any callback) fails unsent (30036), a scheduled one whose recipient
 * replied STOP meanwhile fails with 21610, and so does a reply
 * past Twilio's loop guard (14107: more than 30 in a row between two numbers, each within 30 s
 * of the last; store/reply-rates.ts); one whose job fails for good fails with 30008. A message
 * to one of the platform's own numbers never leaves the platform. Status moves of messages in
 * flight share statements (store/message-writes.ts), and callbacks are built from what the
 * flow knows, not read back.
 */
import type { JobContext } from '../jobs/worker.js';
import type { MessagingCarrier, SmsDelivery } from '../network/carrier.js';
import { findAccount } from '../store/accounts.js';
import type { Account } from '../store/accounts.js';
import { moveMessage } from '../store/message-writes.js';
import type { StatusMove } from '../store/message-writes.js';
import { findMessageBySid, isOptedOut, listMedia } from '../store/messages.js';
import type { Message } from '../store/messages.js';
import { findPhoneNumberByE164 } from '../store/phone-numbers.js';
import { countReply } from '../store/reply-rates.js';
import type { MessageStatus } from '../store/schema.js';
import { statusCallbackParams } from './callbacks.js';
import { receiveOnNet } from './inbound.js';
import type { InboundDeps } from './inbound.js';
import { copyMedia } from './media.js';
import type { MediaProblem } from './media.js';
import { VALIDITY_MAX_S } from './outbound.js';

export interface DeliveryDeps extends InboundDeps {
  readonly carrier: MessagingCarrier;
  /** What this process knows of jobs that failed here: the status each one's app was last told of. */
  readonly toldBeforeFailure: ToldBeforeFailure;
}

/**
 * The status whose callback was sent last, by message, for delivery jobs that failed in this
 * process and will run again: their retry here need not repeat it. Bounded: a retry that finds
 * nothing here (it runs on another node, or was forgotten) repeats the callback, at least once.
 */
export class ToldBeforeFailure {
  private readonly told = new Map<string, MessageStatus | null>();

  constructor(private readonly limit = 10_000) {}

  remember(sid: string, status: MessageStatus | null): void {
    this.told.delete(sid);
    this.told.set(sid, status);
    if (this.told.size > this.limit) this.told.delete(this.told.keys().next().value as string);
  }

  /** What was remembered for `sid` (and forgets it); undefined when nothing was. */
  take(sid: string): MessageStatus | null | undefined {
    const status = this.told.get(sid);
    this.told.delete(sid);
    return status;
  }
}

/** Whether the status a message stands in has a callback: not its first, unless it got there from `scheduled`. */
function hasCallback(message: Message): boolean {
  if (message.status === 'scheduled') return false;
  return message.status !== 'queued' || message.sendAt !== null;
}

/** Statuses a message can still leave through delivery. */
const PENDING: readonly MessageStatus[] = ['scheduled', 'queued', 'sending', 'sent'];

/** Whether a message waiting to be sent has outlived its ValidityPeriod (counted from when it was due). */
export function validityExpired(message: Pick<Message, 'validityPeriod' | 'sendAt' | 'dateCreated'>, now: number): boolean {
  const due = Date.parse(message.sendAt ?? message.dateCreated);
  return now > due + (message.validityPeriod ?? VALIDITY_MAX_S) * 1000;
}

/** One message on its way: its state as last written, and the app to tell about each move. */
class Delivery {
  private account: Promise<Account | undefined> | null = null;
  /** The status the app was last told of by this run. */
  told: MessageStatus | null = null;

  constructor(private readonly deps: DeliveryDeps, public message: Message) {}

  get status(): MessageStatus {
    return this.message.status;
  }

  /** Moves the message if it is in one of `from`, then tells the app (before any later move); false when it was not. */
  async move(from: readonly MessageStatus[], to: MessageStatus, change: Omit<StatusMove, 'sid' | 'from' | 'to'> = {}): Promise<boolean> {
    const at = await moveMessage(this.deps.store.db, { sid: this.message.sid, from, to, ...change });
    if (at === null) return false;
    this.message = {
      ...this.message, status: to, dateUpdated: at, ...(change.sent ? { dateSent: at } : {}),
      ...(change.errorCode !== undefined ? { errorCode: change.errorCode, errorMessage: change.errorMessage ?? null } : {}),
    };
    await this.notify();
    return true;
  }

  private loadAccount(): Promise<Account | undefined> {
    this.account ??= findAccount(this.deps.store.db, this.message.accountSid);
    return this.account;
  }

  /** Sends the status callback for the message as it now stands (failures are recorded by the webhooks layer). */
  async notify(): Promise<void> {
    const message = this.message;
    if (!message.statusCallback) return;
    const account = await this.loadAccount();
    if (!account) return;
    await this.deps.webhooks.sendCallback({
      url: message.statusCallback, method: message.statusCallbackMethod, params: statusCallbackParams(message),
      account: { sid: account.sid, authToken: account.authToken }, resourceSid: message.sid, purpose: 'status-callback',
    });
    this.told = message.status;
  }

  /** On a job's repeat: the callback of the status the message stands in, unless this process saw it sent before the failure. */
  async repeatCallback(context: JobContext): Promise<void> {
    if (context.attempt <= 1) return;
    const told = this.deps.toldBeforeFailure.take(this.message.sid);
    // What an earlier attempt here told carries on, so that this one's failure passes it on.
    if (told !== undefined) this.told = told;
    if (this.told !== this.status && hasCallback(this.message)) await this.notify();
  }

  /** The failure of this attempt; a later one will know what the app was told. */
  failed(context: JobContext): void {
    if (!context.finalAttempt) this.deps.toldBeforeFailure.remember(this.message.sid, this.told);
  }

  /** Copies an MMS's media onto the platform; what fails the message, if anything does. */
  async copyMedia(): Promise<MediaProblem | null> {
    if (this.message.numMedia === 0) return null;
    const account = await this.loadAccount();
    return account ? copyMedia(this.deps, account, this.message) : null;
  }

  /** Whether the recipient has opted out of the sender (a STOP received while the message waited). */
  optedOut(): Promise<boolean> {
    return isOptedOut(this.deps.store.db, this.message.fromNumber, this.message.toNumber);
  }

  /** Whether this reply would make one too many in a row between its two numbers (Twilio's 14107). */
  loops(): Promise<boolean> {
    const { accountSid, fromNumber: from, toNumber: to } = this.message;
    return countReply(this.deps.store.db, { accountSid, from, to });
  }

  /** Hands the message to the carrier, or (to a platform number) straight to the inbound side. */
  async handOver(): Promise<SmsDelivery> {
    const { deps, message } = this;
    const media = message.numMedia > 0 ? await listMedia(deps.store.db, message.accountSid, message.sid) : [];
    if (await findPhoneNumberByE164(deps.store.db, message.toNumber)) {
      await receiveOnNet(deps, message, media);
      return { status: 'delivered' };
    }
    return deps.carrier.sendMessage({
      sid: message.sid, accountSid: message.accountSid, from: message.fromNumber, to: message.toNumber, body: message.body,
      mediaUrls: media.map((m) => m.url),
    });
  }
}

/** Delivers from where the message stands; `started` is when its job started (what ValidityPeriod is judged by). */
async function deliver(flow: Delivery, started: number): Promise<void> {
  if (flow.status === 'scheduled') await flow.move(['scheduled'], 'queued');
  if (flow.status === 'queued' && validityExpired(flow.message, started)) {
    await flow.move(['queued'], 'failed', { errorCode: 30036, errorMessage: 'Validity Period Expired' });
  }
  // A STOP received while the message was scheduled stands: it is not sent (Twilio does not cancel it either).
  if (flow.status === 'queued' && flow.message.sendAt !== null && await flow.optedOut()) {
    await flow.move(['queued'], 'failed', { errorCode: 21610, errorMessage: 'Attempt to send to unsubscribed recipient' });
  }
  if (flow.status === 'queued' && flow.message.direction === 'outbound-reply' && await flow.loops()) {
    await flow.move(['queued'], 'failed', { errorCode: 14107, errorMessage: 'SMS send rate limit exceeded' });
  }
  if (flow.status === 'queued') {
    const problem = await flow.copyMedia();
    if (problem) await flow.move(['queued'], 'failed', { errorCode: problem.code, errorMessage: problem.message });
  }
  if (flow.status === 'queued') await flow.move(['queued'], 'sending');
  if (flow.status !== 'sending' && flow.status !== 'sent') return;
  const outcome = await flow.handOver();
  if (outcome.status === 'failed') {
    // Refused at the hand-over: failed while sending; once the carrier had taken it (a repeat), undelivered.
    await flow.move([flow.status], flow.status === 'sent' ? 'undelivered' : 'failed', { errorCode: outcome.errorCode, errorMessage: outcome.errorMessage });
    return;
  }
  if (flow.status === 'sending') await flow.move(['sending'], 'sent', { sent: true });
  if (flow.status !== 'sent') return;
  if (outcome.status === 'delivered') await flow.move(['sent'], 'delivered');
  else await flow.move(['sent'], 'undelivered', { errorCode: outcome.errorCode, errorMessage: outcome.errorMessage });
}

/**
 * The `message.send` job. When its last attempt fails too, the message is not left `sending`
 * for ever: it fails with Twilio's 30008 (unknown error), or is undelivered if the carrier had
 * it already (`sent`), and the app hears of it.
 */
export async function deliverMessage(deps: DeliveryDeps, payload: { sid: string }, context: JobContext): Promise<void> {
  const message = await findMessageBySid(deps.store.db, payload.sid);
  if (!message) return;
  // A canceled scheduled message has nothing left to do; one already final, at most its callback.
  if (!PENDING.includes(message.status)) {
    if (message.status !== 'canceled') await new Delivery(deps, message).repeatCallback(context);
    return;
  }
  await deliverStored(deps, message, context);
}

/** The `message.send` job of a message as stored (by whoever has it in hand: the job's handler, or the API that just stored it). */
export async function deliverStored(deps: DeliveryDeps, message: Message, context: JobContext): Promise<void> {
  const flow = new Delivery(deps, message);
  try {
    const started = Date.now();
    await flow.repeatCallback(context);
    await deliver(flow, started);
  } catch (err) {
    flow.failed(context);
    if (context.finalAttempt) await giveUp(flow);
    throw err;
  }
}

/** The end of a message whose delivery cannot go on: failed with 30008, or undelivered once the carrier had it. */
async function giveUp(flow: Delivery): Promise<void> {
  const change = { errorCode: 30008, errorMessage: 'Unknown error' };
  // By the store's status, not the flow's: a move whose commit went through unacknowledged counts.
  if (!(await flow.move(['sent'], 'undelivered', change))) await flow.move(PENDING.filter((s) => s !== 'sent'), 'failed', change);
}

/** A `message.send` job abandoned (its worker died on every attempt): the message ends as one whose job failed for good. */
export async function abandonDelivery(deps: DeliveryDeps, payload: { sid: string }): Promise<void> {
  const message = await findMessageBySid(deps.store.db, payload.sid);
  if (message && PENDING.includes(message.status)) await giveUp(new Delivery(deps, message));
}

/** The job that tells the app a scheduled message was canceled (stored with the cancellation). */
export const CANCELED_JOB = 'message.canceled';

/** The `message.canceled` job: the status callback of a message canceled while scheduled (at least once). */
export async function tellCanceled(deps: DeliveryDeps, payload: { sid: string }): Promise<void> {
  const message = await findMessageBySid(deps.store.db, payload.sid);
  if (message?.status === 'canceled') await new Delivery(deps, message).notify();
}
