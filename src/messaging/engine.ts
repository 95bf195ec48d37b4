/**
 * The messaging engine: what the API and the carriers call. It accepts outbound messages,
 * receives inbound ones, and provides the durable job handlers that deliver them.
 */
import type { HeldSlot, JobContext, JobHandler } from '../jobs/worker.js';
import type { InboundSms, MessagingCarrier, NumberGeography } from '../network/carrier.js';
import type { Account } from '../store/accounts.js';
import type { Store } from '../store/index.js';
import { newJob } from '../store/jobs.js';
import type { Job } from '../store/jobs.js';
import { cancelScheduledMessage } from '../store/messages.js';
import type { Message } from '../store/messages.js';
import type { Webhooks } from '../webhooks/index.js';
import { CANCELED_JOB, ToldBeforeFailure, abandonDelivery, deliverMessage, deliverStored, tellCanceled } from './delivery.js';
import type { DeliveryDeps } from './delivery.js';
import { INBOUND_JOB, KeyedTurns, handleInbound, receiveInbound } from './inbound.js';
import type { InboundDeps } from './inbound.js';
import { SEND_JOB, acceptOutbound } from './outbound.js';
import type { OutboundInput } from './outbound.js';

export interface MessagingDeps {
  readonly store: Store;
  readonly webhooks: Webhooks;
  readonly carrier: MessagingCarrier;
  /** Wakes the job worker after work is queued. */
  readonly notifyWorker: () => void;
  /** The platform's URL as users reach it (the media URLs of inbound messages point there). */
  readonly publicUrl: () => string;
  /** A slot of the job worker for a job this engine runs itself once stored (null when the worker is full or stopped). */
  readonly holdJob?: () => HeldSlot | null;
  /** The countries messages may go to (Twilio's geographic permissions); null or absent: all. */
  readonly smsCountries?: readonly string[] | null;
}

/** A carrier that knows where numbers are (the simulated network does), for Twilio's geographic parameters. */
interface LocatingCarrier {
  locate(number: string): NumberGeography;
}

function isLocating(carrier: object): carrier is LocatingCarrier {
  return typeof (carrier as Partial<LocatingCarrier>).locate === 'function';
}

const NOWHERE: NumberGeography = Object.freeze({ city: '', state: '', zip: '', country: '' });

/**
 * Attempts of a delivery job that keeps failing (a carrier link down) before its message fails
 * with 30008: with the worker's backoff (doubling from half a second, at most a minute apart),
 * about 13 minutes of retries rather than the default's 16 seconds.
 */
export const SEND_ATTEMPTS = 20;

export class MessagingEngine {
  private readonly inbound: DeliveryDeps & MessagingDeps;

  constructor(private readonly deps: MessagingDeps) {
    const carrier = deps.carrier;
    const locate = isLocating(carrier) ? (number: string) => carrier.locate(number) : () => NOWHERE;
    const countries = deps.smsCountries ? new Set(deps.smsCountries) : null;
    const smsPermitted = countries ? (to: string) => countries.has(locate(to).country) : undefined;
    this.inbound = { ...deps, locate, keywordTurns: new KeyedTurns(), toldBeforeFailure: new ToldBeforeFailure(), ...(smsPermitted ? { smsPermitted } : {}) };
    deps.carrier.onInboundMessage((sms) => this.receive(sms));
  }

  /**
   * Judges, stores and queues an outbound message (throws TwilioError for bad input). When the
   * job worker has room, the message's job is claimed as it is stored and the message delivered
   * from what is in hand; otherwise the worker claims it in turn.
   */
  async send(account: Account, input: OutboundInput): Promise<Message> {
    const slot = input.sendAt ? null : this.deps.holdJob?.() ?? null;
    if (!slot) {
      const message = await acceptOutbound(this.inbound, account, input);
      this.deps.notifyWorker();
      return message;
    }
    const made: Job[] = [];
    try {
      const message = await acceptOutbound(this.inbound, account, input, (kind, payload) => {
        const job = slot.job(kind, payload);
        made.push(job);
        return job;
      });
      const [job] = made;
      if (job) slot.run(job, (context) => deliverStored(this.inbound, message, context));
      return message;
    } finally {
      slot.release();
    }
  }

  /**
   * Cancels a scheduled message (null when it is no longer scheduled). Its status callback
   * follows as a durable job, stored with the cancellation: Twilio calls back on every status
   * change after creation.
   */
  async cancel(message: Message): Promise<Message | null> {
    const at = await cancelScheduledMessage(this.deps.store.db, message.accountSid, message.sid, newJob(CANCELED_JOB, { sid: message.sid }));
    if (at === null) return null;
    this.deps.notifyWorker();
    return { ...message, status: 'canceled', dateUpdated: at };
  }

  /** A carrier's inbound message for one of the platform's numbers. */
  receive(sms: InboundSms): Promise<{ messageSid: string }> {
    return receiveInbound(this.inbound, sms);
  }

  /** The durable jobs this engine runs. */
  jobHandlers(): Record<string, JobHandler> {
    return {
      [SEND_JOB]: Object.assign((payload: unknown, _job: Job, context: JobContext) => deliverMessage(this.inbound, payload as { sid: string }, context), {
        abandon: (payload: unknown) => abandonDelivery(this.inbound, payload as { sid: string }),
        maxAttempts: SEND_ATTEMPTS,
      }),
      [INBOUND_JOB]: (payload) => handleInbound(this.inbound, payload as { sid: string }),
      [CANCELED_JOB]: (payload) => tellCanceled(this.inbound, payload as { sid: string }),
    };
  }
}
