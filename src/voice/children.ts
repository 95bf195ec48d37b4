/**
 * Child calls: the calls a `<Dial>` places to the parties it rings (`direction: outbound-dial`,
 * `parent_call_sid` the caller's call). Each is a call of its own — in the Calls API, with its
 * status callbacks, live-modifiable — run by the engine like an outbound call, except that once
 * answered it is handed to the `<Dial>` (`connect`) instead of fetching TwiML, and hung up when
 * the `<Dial>` is done with it.
 */
import { nowIso, orderedSid, storeTime } from '../store/sid.js';
import type { Leg } from '../network/leg.js';
import type { Call } from '../store/calls.js';
import type { HttpMethod } from '../store/schema.js';
import type { CallEvent } from './callbacks.js';
import type { Ending, TwimlSource } from './sources.js';

/** What a `<Dial>` asks of one party. */
export interface ChildRequest {
  /** E.164 number, `sip:` URI or `client:identity`. */
  readonly to: string;
  readonly from: string;
  /** Ring time, seconds. */
  readonly timeout: number;
  /** Longest call, seconds. */
  readonly timeLimit: number;
  readonly statusCallback: { readonly url: string; readonly method: HttpMethod; readonly events: readonly CallEvent[] } | null;
  readonly sendDigits: string | null;
  readonly machineDetection: 'Enable' | 'DetectMessageEnd' | null;
  readonly machineDetectionTimeout: number;
  /**
   * Called once the party has answered (after detection and SendDigits), with its leg; the child
   * is hung up when it resolves. Not called for a party that never answered.
   */
  readonly connect: (child: ChildCall, leg: Leg) => Promise<void>;
}

/** A child call as its `<Dial>` holds it. */
export interface ChildCall {
  readonly sid: string;
  /** Resolves to the call's final row once it has ended. */
  readonly done: Promise<Call>;
  /** The SIP response it ended with (200 once it was answered), once it has ended. */
  sipResponseCode(): number | null;
  /** Stops ringing it (`canceled`); false once it has been answered or has ended. */
  cancel(): boolean;
  /** Runs TwiML on the answered party before it is bridged (`<Number url>`): how it ended. */
  whisper(source: TwimlSource): Promise<Ending>;
  /** Waits for `promise` with the child waiting on its far ends (a fast clock may move; see ../clock). */
  idle<T>(promise: Promise<T>): Promise<T>;
}

/** The row of a child call about to be placed. */
export function childCallRow(parent: Call, request: ChildRequest, engineId: string): Call {
  const now = nowIso();
  return {
    sid: orderedSid('CA'), accountSid: parent.accountSid, parentCallSid: parent.sid, direction: 'outbound-dial', fromNumber: request.from, toNumber: request.to,
    phoneNumberSid: null, status: 'queued', startTime: storeTime(new Date()), endTime: null, duration: null, answeredBy: null, forwardedFrom: null,
    callerName: null, queueTime: 0, url: null, method: 'POST', fallbackUrl: null, fallbackMethod: 'POST', twiml: null, applicationSid: null,
    statusCallback: request.statusCallback?.url ?? null, statusCallbackMethod: request.statusCallback?.method ?? 'POST',
    statusCallbackEvents: request.statusCallback?.events.join(' ') ?? '', timeout: request.timeout, timeLimit: request.timeLimit, sendDigits: request.sendDigits,
    record: 0, recordingStatusCallback: null, recordingStatusCallbackMethod: 'POST', recordingStatusCallbackEvents: 'completed', recordingTrack: 'both', trim: 'do-not-trim',
    machineDetection: request.machineDetection, machineDetectionTimeout: request.machineDetectionTimeout, engineId, dateCreated: now, dateUpdated: now,
  };
}
