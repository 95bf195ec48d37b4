/**
 * The simulated network's messaging half: virtual phones receive what the platform sends them
 * (or fail as their `sms` mode says), send messages to platform numbers (inbound to the app)
 * or to each other, and keep an inbox. See ../shared/SIM-NETWORK.md.
 */
import { EventEmitter } from 'node:events';
import type { Kysely } from 'kysely';
import { findPhoneNumberByE164 } from '../../store/phone-numbers.js';
import type { Database } from '../../store/schema.js';
import { newSid } from '../../store/sid.js';
import { findSimPhone, recordSimMessage } from '../../store/sim-phones.js';
import type { SimInboxEntry } from '../../store/sim-phones.js';
import type { InboundSmsHandler, MessagingCarrier, OutboundSms, SmsDelivery } from '../carrier.js';

/** Events for the /sim/v1/Events stream: each inbox entry as it is recorded. */
export interface SimMessageEvent {
  readonly type: 'message';
  readonly phone: string;
  readonly entry: SimInboxEntry;
}

export class SimMessaging implements MessagingCarrier {
  private inbound: InboundSmsHandler | null = null;

  constructor(private readonly db: Kysely<Database>, readonly events: EventEmitter = new EventEmitter()) {
    this.events.setMaxListeners(0);
  }

  onInboundMessage(handler: InboundSmsHandler): void {
    this.inbound = handler;
  }

  async sendMessage(message: OutboundSms): Promise<SmsDelivery> {
    const phone = await findSimPhone(this.db, message.to);
    if (phone) {
      if (phone.sms === 'unreachable') return { status: 'undelivered', errorCode: 30003, errorMessage: 'Unreachable destination handset' };
      if (phone.sms === 'undeliverable') return { status: 'undelivered', errorCode: 30006, errorMessage: 'Landline or unreachable carrier' };
      await this.record({ phoneNumber: phone.number, direction: 'in', fromNumber: message.from, toNumber: message.to, body: message.body, mediaUrls: JSON.stringify(message.mediaUrls), messageSid: message.sid });
      return { status: 'delivered' };
    }
    if (this.inbound && (await findPhoneNumberByE164(this.db, message.to))) {
      // One platform number texting another: it arrives as an inbound message.
      await this.inbound({ from: message.from, to: message.to, body: message.body, mediaUrls: message.mediaUrls });
      return { status: 'delivered' };
    }
    return { status: 'undelivered', errorCode: 30005, errorMessage: 'Unknown destination handset' };
  }

  /**
   * A virtual phone sends a message: to a platform number it is inbound to that number's app;
   * to another virtual phone it is delivered directly. Resolves to the MessageSid, or null when
   * the destination is neither.
   */
  async sendFromPhone(from: string, to: string, body: string, mediaUrls: readonly string[]): Promise<string | null> {
    let messageSid: string;
    if (await findPhoneNumberByE164(this.db, to)) {
      if (!this.inbound) return null;
      messageSid = (await this.inbound({ from, to, body, mediaUrls })).messageSid;
    } else if (await findSimPhone(this.db, to)) {
      messageSid = newSid(mediaUrls.length > 0 ? 'MM' : 'SM');
      await this.record({ phoneNumber: to, direction: 'in', fromNumber: from, toNumber: to, body, mediaUrls: JSON.stringify(mediaUrls), messageSid });
    } else {
      return null;
    }
    await this.record({ phoneNumber: from, direction: 'out', fromNumber: from, toNumber: to, body, mediaUrls: JSON.stringify(mediaUrls), messageSid });
    return messageSid;
  }

  private async record(entry: Omit<SimInboxEntry, 'id' | 'at'>): Promise<void> {
    const recorded = await recordSimMessage(this.db, entry);
    const event: SimMessageEvent = { type: 'message', phone: entry.phoneNumber, entry: recorded };
    this.events.emit('event', event);
  }
}
