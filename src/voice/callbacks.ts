/**
 * A call's status callbacks: one request per subscribed event (initiated ringing answered
 * completed), with Twilio's parameters, sent in order on the call's own queue so the app sees
 * them as they happened, never blocking the call (Twilio sends them asynchronously too).
 * https://www.twilio.com/docs/voice/api/call-resource#statuscallbackevent
 */
import type { Call } from '../store/calls.js';
import { rfc2822 } from '../store/sid.js';
import type { Webhooks } from '../webhooks/index.js';
import { callParams } from './params.js';
import type { Locate } from './params.js';

export type CallEvent = 'initiated' | 'ringing' | 'answered' | 'completed';

export const CALL_EVENTS: readonly CallEvent[] = ['initiated', 'ringing', 'answered', 'completed'];

/** The events a call subscribes to (Twilio sends only `completed` when none were named). */
export function subscribedEvents(call: Call): CallEvent[] {
  const named = call.statusCallbackEvents.split(' ').filter((e): e is CallEvent => (CALL_EVENTS as readonly string[]).includes(e));
  return named.length > 0 ? named : ['completed'];
}

export class CallCallbacks {
  private sequence = 0;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly webhooks: Webhooks, private readonly locate: Locate, private readonly account: { readonly sid: string; readonly authToken: string }) {}

  /** Queues the status callback for `event` when the call subscribes to it. */
  notify(call: Call, event: CallEvent, at: number, extra: Readonly<Record<string, string>> = {}): void {
    if (!call.statusCallback || !subscribedEvents(call).includes(event)) return;
    const params = {
      ...callParams(call, this.locate),
      CallStatus: event === 'initiated' ? 'initiated' : call.status,
      Timestamp: rfc2822(at), CallbackSource: 'call-progress-events', SequenceNumber: String(this.sequence++),
      ...extra,
    };
    const callback = { url: call.statusCallback, method: call.statusCallbackMethod, params, account: this.account, resourceSid: call.sid, purpose: 'status-callback' };
    this.queue = this.queue.then(() => this.webhooks.sendCallback(callback));
  }

  /** Resolves once every queued callback has been sent. */
  async drain(): Promise<void> {
    await this.queue;
  }
}
