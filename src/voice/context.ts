/**
 * What a verb executor works with (VerbContext) and what it hands back (VerbOutcome). Each
 * TwiML verb is one small executor in ./verbs/, written against this context alone.
 */
import type { Clock } from '../clock/clock.js';
import type { Leg } from '../network/leg.js';
import type { Account } from '../store/accounts.js';
import type { Call } from '../store/calls.js';
import type { HttpMethod, VoiceVerb } from '../twiml/index.js';
import type { Webhooks } from '../webhooks/index.js';
import type { ChildCall, ChildRequest } from './children.js';
import type { ConferenceService } from './conference/service.js';
import type { CallQueues } from './queues.js';
import type { RecordingService } from './recordings.js';

/** What the interpreter does after a verb. */
export type VerbOutcome =
  /** Go on with the next verb of the document. */
  | { readonly next: 'continue' }
  /**
   * Request TwiML from `url` (an action URL, `<Redirect>`) and run it instead of the rest of the
   * document. `afterHangup`: the request is made even though the call has ended (Record's
   * action after the caller hung up), and its answer is ignored.
   */
  | { readonly next: 'request'; readonly url: string; readonly method: HttpMethod; readonly params: Readonly<Record<string, string>>; readonly afterHangup?: boolean }
  | { readonly next: 'hangup' }
  /** `<Leave>`: ends the wait TwiML of a queue (./wait.ts); elsewhere the document goes on. */
  | { readonly next: 'leave' }
  /** `<Reject>`: end the call without answering it. */
  | { readonly next: 'reject'; readonly reason: 'busy' | 'rejected' };

export const CONTINUE: VerbOutcome = { next: 'continue' };

/** A message a verb sends during the call (`<Sms>`, `<Message>`). */
export interface CallMessage {
  readonly to: string;
  readonly from: string;
  readonly body: string;
  readonly mediaUrls: readonly string[];
  readonly statusCallback: string | null;
}

/** The outcome of sending a CallMessage: its SID and status, or Twilio's refusal. */
export type CallMessageResult = { readonly ok: true; readonly sid: string; readonly status: string } | { readonly ok: false; readonly code: number; readonly message: string };

/** Wait TwiML: what a queue's or conference's `waitUrl` plays, requested over and over while the caller waits. */
export interface WaitTwiml {
  readonly url: string;
  readonly method: HttpMethod;
  /** Each request's parameters: the call's, with the queue's or conference's. */
  readonly params: () => Record<string, string>;
  /** The verbs wait TwiML may use; any other is skipped with alert `invalidVerbCode`. */
  readonly verbs: readonly VoiceVerb['verb'][];
  readonly invalidVerbCode: number;
  /** What the wait is for, in alerts (`<Enqueue> waitUrl`). */
  readonly label: string;
  /** Run the TwiML once, not again each time it runs out (`<Queue url>`). */
  readonly once?: boolean;
}

/**
 * How waiting ended: `stopped` by its signal (the queue or conference took the caller), `leave`
 * (`<Leave>`), `hangup` (the TwiML said `<Hangup>`), `remote` (the caller hung up), or `failed`
 * (no TwiML could be had).
 */
export type WaitEnding = 'stopped' | 'leave' | 'hangup' | 'remote' | 'failed';

export interface VerbContext {
  readonly account: Account;
  /** The call as it stands now. */
  readonly call: Call;
  /** The leg, with waits accounted to the clock (see ./held-leg.ts). */
  readonly leg: Leg;
  readonly clock: Clock;
  /** Aborted when the verb must stop: the call ended, was redirected, or hit its time limit. */
  readonly signal: AbortSignal;
  /** The URL of the document being executed (null for inline TwiML): the base of relative URLs and the default action. */
  readonly documentUrl: string | null;
  readonly webhooks: Webhooks;
  readonly recordings: RecordingService;
  /** The engine's conference rooms (`<Dial><Conference>`). */
  readonly conferences: ConferenceService;
  /** The engine's call queues (`<Enqueue>`, `<Dial><Queue>`). */
  readonly queues: CallQueues;
  /** Twilio's request parameters for the call now. */
  params(): Record<string, string>;
  /** Waits `ms` of call time (false when the verb was stopped first). */
  wait(ms: number, signal?: AbortSignal): Promise<boolean>;
  /** Waits for `promise` with the clock free to move (the platform is idle, waiting on the call). */
  idle<T>(promise: Promise<T>): Promise<T>;
  /** A URL of the document resolved to an absolute http(s) URL; null (after an alert) when it is not one. */
  resolve(url: string, attribute: string): Promise<string | null>;
  /** Adds a step to the call's trace. */
  trace(kind: string, detail: Readonly<Record<string, unknown>>): void;
  /** Records an alert against the call. */
  alert(code: number, message: string, level: 'error' | 'warning'): Promise<void>;
  /** Sends a message from the call (judged like the Messages API). */
  sendMessage(message: CallMessage): Promise<CallMessageResult>;
  /** Places a child call to one party of a `<Dial>`. */
  dial(request: ChildRequest): Promise<ChildCall>;
  /** Answers the call if it is still ringing (`<Dial answerOnBridge>` answers once the party does). */
  answer(): Promise<void>;
  answered(): boolean;
  /** Whether the account may show `number` as caller ID (a voice number it owns). */
  mayCallFrom(number: string): Promise<boolean>;
  /**
   * Runs wait TwiML on the call, fetching it again each time it runs out, until `signal` aborts,
   * the TwiML leaves or hangs up, or the call ends. A document that cannot be had ends the wait
   * (`failed`) after an alert.
   */
  waitLoop(wait: WaitTwiml, signal: AbortSignal): Promise<WaitEnding>;
  /** The same context with another stop signal (a Gather's prompts stop at barge-in). */
  withSignal(signal: AbortSignal): VerbContext;
}
