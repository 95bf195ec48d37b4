/**
 * The Carrier seam: where phones live. Voice and messaging talk to carriers only through these
 * interfaces; the simulated network, SMPP links, SIP trunks and WebRTC each implement them.
 * A call's media side is the Leg seam (./leg.ts).
 */
import type { Leg } from './leg.js';

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

/** A call the platform places through a carrier. */
export interface DialRequest {
  readonly callSid: string;
  readonly accountSid: string;
  readonly from: string;
  readonly to: string;
  /** Ring this long before giving up (`no-answer`). */
  readonly ringTimeoutMs: number;
  /** Called once the far end is ringing. */
  readonly onRinging: () => void;
  /** Aborting cancels the attempt (`canceled`). */
  readonly signal: AbortSignal;
}

/** What came of a dial attempt: an answered leg, or Twilio's status for a call that never connected. */
export type DialOutcome =
  | { readonly answered: true; readonly leg: Leg }
  | { readonly answered: false; readonly status: 'busy' | 'no-answer' | 'failed' | 'canceled'; readonly sipResponseCode: number };

/** A call a carrier received for one of the platform's numbers: the leg rings until the engine answers or rejects it. */
export interface InboundCall {
  readonly callSid: string;
  readonly from: string;
  readonly to: string;
  /** The caller's name, when the carrier knows it (shown with caller ID lookup). */
  readonly callerName: string | null;
  readonly leg: Leg;
}

/** Called by a carrier for every inbound call; throws when the number takes no calls. */
export type InboundCallHandler = (call: InboundCall) => Promise<void>;

/** Where a number is, for Twilio's geographic parameters (empty strings when unknown). */
export interface NumberGeography {
  readonly city: string;
  readonly state: string;
  readonly zip: string;
  readonly country: string;
}

export interface VoiceCarrier {
  /** Where a number is, as far as this carrier's numbering data tells. */
  locate(number: string): NumberGeography;
  /** Whether this carrier can reach `to` for `accountSid` (routing between carriers; clients are an account's). */
  reaches(to: string, accountSid: string): Promise<boolean>;
  /** Places a call; resolves when it is answered or has failed to connect. */
  dial(request: DialRequest): Promise<DialOutcome>;
  /** Registers where inbound calls go. */
  onInboundCall(handler: InboundCallHandler): void;
}
