/**
 * The messaging engine: what the API and the carriers call. It accepts outbound messages,
 * receives inbound ones, and provides the durable job handlers that deliver them.
 */
import type { JobHandler } from '../jobs/worker.js';
import type { InboundSms, MessagingCarrier, NumberGeography } from '../network/carrier.js';
import type { Account } from '../store/accounts.js';
import type { Store } from '../store/index.js';
import type { Message } from '../store/messages.js';
import type { Webhooks } from '../webhooks/index.js';
import { deliverMessage } from './delivery.js';
import { INBOUND_JOB, handleInbound, receiveInbound } from './inbound.js';
import type { InboundDeps } from './inbound.js';
import { SEND_JOB, acceptOutbound } from './outbound.js';
import type { OutboundInput } from './outbound.js';

export interface MessagingDeps {
  readonly store: Store;
  readonly webhooks: Webhooks;
  readonly carrier: MessagingCarrier;
  /** Wakes the job worker after work is queued. */
  readonly notifyWorker: () => void;
}

/** A carrier that knows where numbers are (the simulated network does), for Twilio's geographic parameters. */
interface LocatingCarrier {
  locate(number: string): NumberGeography;
}

function isLocating(carrier: object): carrier is LocatingCarrier {
  return typeof (carrier as Partial<LocatingCarrier>).locate === 'function';
}

const NOWHERE: NumberGeography = Object.freeze({ city: '', state: '', zip: '', country: '' });

export class MessagingEngine {
  private readonly inbound: InboundDeps & MessagingDeps;

  constructor(private readonly deps: MessagingDeps) {
    const carrier = deps.carrier;
    const locate = isLocating(carrier) ? (number: string) => carrier.locate(number) : () => NOWHERE;
    this.inbound = { ...deps, locate };
    deps.carrier.onInboundMessage((sms) => this.receive(sms));
  }

  /** Judges, stores and queues an outbound message (throws TwilioError for bad input). */
  async send(account: Account, input: OutboundInput): Promise<Message> {
    const message = await acceptOutbound(this.deps.store, account, input);
    this.deps.notifyWorker();
    return message;
  }

  /** A carrier's inbound message for one of the platform's numbers. */
  receive(sms: InboundSms): Promise<{ messageSid: string }> {
    return receiveInbound(this.inbound, sms);
  }

  /** The durable jobs this engine runs. */
  jobHandlers(): Record<string, JobHandler> {
    return {
      [SEND_JOB]: (payload, _job, context) => deliverMessage(this.inbound, payload as { sid: string }, context),
      [INBOUND_JOB]: (payload) => handleInbound(this.inbound, payload as { sid: string }),
    };
  }
}
