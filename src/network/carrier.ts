/**
 * The Carrier seam: where phones live. Voice and messaging talk to carriers only through these
 * interfaces; the simulated network, SMPP links, SIP trunks and WebRTC each implement them.
 */

/** A message handed to a carrier for delivery. */
export interface OutboundSms {
  readonly sid: string;
  readonly accountSid: string;
  readonly from: string;
  readonly to: string;
  readonly body: string;
  readonly mediaUrls: readonly string[];
}

/** What became of a message: the carrier's delivery report. */
export type SmsDelivery =
  | { readonly status: 'delivered' }
  | { readonly status: 'undelivered' | 'failed'; readonly errorCode: number; readonly errorMessage: string };

/** A message a carrier received for one of the platform's numbers. */
export interface InboundSms {
  readonly from: string;
  readonly to: string;
  readonly body: string;
  readonly mediaUrls: readonly string[];
}

/** Called by a carrier for every inbound message; resolves to the platform's MessageSid. */
export type InboundSmsHandler = (message: InboundSms) => Promise<{ messageSid: string }>;

export interface MessagingCarrier {
  /**
   * Delivers a message and reports the outcome. Must be idempotent per `sid`: after a crash the
   * platform may hand the same message again, and the recipient must get it once.
   */
  sendMessage(message: OutboundSms): Promise<SmsDelivery>;
  /** Registers where inbound messages go. */
  onInboundMessage(handler: InboundSmsHandler): void;
}
