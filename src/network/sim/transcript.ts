/**
 * A virtual phone's call transcript: everything the phone experienced on one call, in order,
 * with millisecond offsets of call time from the call's start. Events are kept in the store
 * (batched) and published on the network's event stream as they happen.
 */
import type { EventEmitter } from 'node:events';
import type { Clock } from '../../clock/clock.js';
import type { EventLog } from '../../store/event-log.js';

/** Transcript event names (../shared/SIM-NETWORK.md, plus busy, rejected and script-failed). */
export type TranscriptEventName =
  | 'ringing' | 'answered' | 'say' | 'play' | 'pause' | 'beep' | 'digits-sent' | 'speech-sent'
  | 'dial-tone' | 'bridged' | 'unbridged' | 'conference-joined' | 'conference-left' | 'participant-joined' | 'participant-left' | 'busy' | 'rejected' | 'hangup' | 'script-failed';

/** What the event stream carries for a call event. */
export interface SimCallEvent {
  readonly type: 'call';
  readonly phone: string;
  readonly callSid: string;
  readonly at: number;
  readonly event: TranscriptEventName;
  readonly detail: Readonly<Record<string, unknown>>;
}

export class Transcript {
  private seq = 0;
  private closed = false;
  private readonly startMs: number;

  constructor(
    readonly callSid: string,
    readonly phone: string,
    private readonly clock: Clock,
    private readonly log: EventLog<'simCallEvents'>,
    private readonly events: EventEmitter,
  ) {
    this.startMs = clock.now();
  }

  /** Milliseconds of call time since the call started. */
  elapsed(): number {
    return Math.round(this.clock.now() - this.startMs);
  }

  /** Records nothing more (the phone was deleted: its number may go to another phone). */
  close(): void {
    this.closed = true;
  }

  record(event: TranscriptEventName, detail: Readonly<Record<string, unknown>> = {}): void {
    if (this.closed) return;
    const at = this.elapsed();
    this.log.push({ callSid: this.callSid, seq: this.seq++, phoneNumber: this.phone, atMs: at, event, detail: JSON.stringify(detail) });
    const published: SimCallEvent = { type: 'call', phone: this.phone, callSid: this.callSid, at, event, detail };
    this.events.emit('event', published);
  }
}
