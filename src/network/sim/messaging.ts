/**
 * The simulated network's messaging half: virtual phones receive what the platform sends them
 * (or fail as their `sms` mode says: `unreachable` 30003, `undeliverable` 30006, `filtered`
 * 30007, `fail` 30008), send messages to platform numbers (inbound to the app) or to each
 * other, and keep an inbox. See ../shared/SIM-NETWORK.md.
 */
import { EventEmitter } from 'node:events';
import type { Kysely } from 'kysely';
import { findPhoneNumberByE164 } from '../../store/phone-numbers.js';
import type { Database } from '../../store/schema.js';
import { newSid } from '../../store/sid.js';
import { findSimPhone, recordSimMessage } from '../../store/sim-phones.js';
import type { SimInboxEntry, SimPhone } from '../../store/sim-phones.js';
import type { InboundSmsHandler, MessagingCarrier, NumberGeography, OutboundSms, SmsDelivery } from '../carrier.js';
import { locateNumber } from './inventory.js';

/** Events for the /sim/v1/Events stream: each inbox entry as it is recorded. */
export interface SimMessageEvent {
  readonly type: 'message';
  readonly phone: string;
  readonly entry: SimInboxEntry;
}

/** What a phone's `sms` mode does to a message, as a carrier would report it; `deliver` is absent. */
const SMS_REFUSALS: Readonly<Record<SimPhone['sms'], SmsDelivery | undefined>> = {
  deliver: undefined,
  unreachable: { status: 'undelivered', errorCode: 30003, errorMessage: 'Unreachable destination handset' },
  undeliverable: { status: 'undelivered', errorCode: 30006, errorMessage: 'Landline or unreachable carrier' },
  filtered: { status: 'undelivered', errorCode: 30007, errorMessage: 'Message filtered' },
  fail: { status: 'failed', errorCode: 30008, errorMessage: 'Unknown error' },
};

export class SimMessaging implements MessagingCarrier {
  private inbound: InboundSmsHandler | null = null;

  constructor(private readonly db: Kysely<Database>, readonly events: EventEmitter = new EventEmitter()) {
    this.events.setMaxListeners(0);
  }

  onInboundMessage(handler: InboundSmsHandler): void {
    this.inbound = handler;
  }

  /**
   * Delivers to a virtual phone, or fails as its `sms` mode says; any other number is unknown
   * (30005). The platform's own numbers never come here: the messaging engine delivers those.
   */
  async sendMessage(message: OutboundSms): Promise<SmsDelivery> {
    const phone = await findSimPhone(this.db, message.to);
    if (!phone) return { status: 'undelivered', errorCode: 30005, errorMessage: 'Unknown destination handset' };
    const refusal = SMS_REFUSALS[phone.sms];
    if (refusal) return refusal;
    await this.record({ phoneNumber: phone.number, direction: 'in', fromNumber: message.from, toNumber: message.to, body: message.body, mediaUrls: JSON.stringify(message.mediaUrls), messageSid: message.sid });
    return { status: 'delivered' };
  }

  /** Where a number is, from the simulated network's numbering data (Twilio's From/To geography). */
  locate(number: string): NumberGeography {
    return locateNumber(number);
  }

  /**
   * A virtual phone sends a message: to a platform number it is inbound to that number's app;
   * to another virtual phone it is delivered directly, unless that phone's `sms` mode refuses it
   * (then only the sender's outbox has it, as a handset's sent folder would). Resolves to the
   * MessageSid, or null when the destination is neither.
   */
  async sendFromPhone(from: string, to: string, body: string, mediaUrls: readonly string[]): Promise<string | null> {
    const entry = (phoneNumber: string, direction: 'in' | 'out', messageSid: string) =>
      ({ phoneNumber, direction, fromNumber: from, toNumber: to, body, mediaUrls: JSON.stringify(mediaUrls), messageSid });
    if (await findPhoneNumberByE164(this.db, to)) {
      if (!this.inbound) return null;
      const { messageSid } = await this.inbound({ from, to, body, mediaUrls });
      await this.record(entry(from, 'out', messageSid));
      return messageSid;
    }
    const phone = await findSimPhone(this.db, to);
    if (!phone) return null;
    const messageSid = newSid(mediaUrls.length > 0 ? 'MM' : 'SM');
    // Sent, then received: the sender's outbox first, so the inbox of a phone texting itself reads in order.
    await this.record(entry(from, 'out', messageSid));
    if (!SMS_REFUSALS[phone.sms]) await this.record(entry(to, 'in', messageSid));
    return messageSid;
  }

  /** Records an inbox entry and tells the event stream; a repeat (a delivery retried after a crash) is told once. */
  private async record(entry: Omit<SimInboxEntry, 'id' | 'at'>): Promise<void> {
    const recorded = await recordSimMessage(this.db, entry);
    if (recorded === null) return;
    const event: SimMessageEvent = { type: 'message', phone: entry.phoneNumber, entry: recorded };
    this.events.emit('event', event);
  }
}
