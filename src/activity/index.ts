/**
 * What happens on the platform as it happens, for the console's live views: every call trace
 * step and every message status, per account. Engines publish; the API's event stream
 * (`/dialtone/v1/Events`) forwards each subscriber its own account's events. Nothing here is
 * durable: the store keeps the same facts for readers who come later.
 */
import { EventEmitter } from 'node:events';

export interface CallTraceActivity {
  readonly type: 'call-trace';
  readonly accountSid: string;
  readonly callSid: string;
  readonly seq: number;
  readonly at: string;
  readonly kind: string;
  readonly detail: Readonly<Record<string, unknown>>;
}

export interface MessageStatusActivity {
  readonly type: 'message-status';
  readonly accountSid: string;
  readonly messageSid: string;
  readonly status: string;
  readonly at: string;
}

export type PlatformActivity = CallTraceActivity | MessageStatusActivity;

export class Activity {
  private readonly emitter = new EventEmitter();

  constructor() {
    // One listener per open console tab.
    this.emitter.setMaxListeners(0);
  }

  publish(event: PlatformActivity): void {
    if (this.emitter.listenerCount('activity') > 0) this.emitter.emit('activity', event);
  }

  /** Calls `listener` with each event of `accountSid`; returns the unsubscribe. */
  subscribe(accountSid: string, listener: (event: PlatformActivity) => void): () => void {
    const forward = (event: PlatformActivity) => {
      if (event.accountSid === accountSid) listener(event);
    };
    this.emitter.on('activity', forward);
    return () => this.emitter.off('activity', forward);
  }
}
