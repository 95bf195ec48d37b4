/**
 * The leg as verb executors see it: the carrier's leg, with every wait on the far end (prompts,
 * recording, detection) run through `idle`, which lets a fast clock move while the call waits
 * and holds it still while the engine works (webhook round trips, store writes). See
 * ../clock/clock.ts `hold`.
 */
import type { AnsweredBy, AudioRoom, CallRecorder, CallRecordingOptions, HangupSide, Leg, PromptEnd, RecordOptions, Recorded, SayOptions, SpeechEvent } from '../network/leg.js';

/** Prototype methods, not closures: a node runs thousands of these at once. */
export class HeldLeg implements Leg {
  constructor(private readonly leg: Leg, private readonly hold: IdleHold) {}

  get callSid(): string { return this.leg.callSid; }
  get ended(): Promise<HangupSide> { return this.leg.ended; }
  get live(): boolean { return this.leg.live; }
  get hangupSignal(): AbortSignal { return this.leg.hangupSignal; }
  answer(): Promise<void> { return this.leg.answer(); }
  reject(reason: 'busy' | 'rejected'): Promise<void> { return this.leg.reject(reason); }
  hangup(): Promise<void> { return this.leg.hangup(); }
  say(text: string, options: SayOptions, signal: AbortSignal): Promise<PromptEnd> { return this.hold.idle(this.leg.say(text, options, signal)); }
  play(url: string, signal: AbortSignal): Promise<PromptEnd> { return this.hold.idle(this.leg.play(url, signal)); }
  playDigits(digits: string, signal: AbortSignal): Promise<PromptEnd> { return this.hold.idle(this.leg.playDigits(digits, signal)); }
  pause(ms: number, signal: AbortSignal): Promise<PromptEnd> { return this.hold.idle(this.leg.pause(ms, signal)); }
  beep(signal: AbortSignal): Promise<PromptEnd> { return this.hold.idle(this.leg.beep(signal)); }
  onDigit(listener: (digit: string) => void): () => void { return this.leg.onDigit(listener); }
  onSpeech(listener: (event: SpeechEvent) => void): () => void { return this.leg.onSpeech(listener); }
  record(options: RecordOptions, signal: AbortSignal): Promise<Recorded> { return this.hold.idle(this.leg.record(options, signal)); }
  recordCall(options: CallRecordingOptions): CallRecorder { return this.leg.recordCall(options); }
  recordRoom(room: AudioRoom): CallRecorder { return this.leg.recordRoom(room); }
  /** Not a wait of its own: ringback plays beside the `<Dial>` that waits (and places calls meanwhile). */
  ringback(signal: AbortSignal, ringTone: string | null): Promise<PromptEnd> { return this.leg.ringback(signal, ringTone); }
  /** Bridged time is time waiting on the far ends. */
  bridge(other: Leg, signal: AbortSignal): Promise<void> { return this.hold.idle(this.leg.bridge(other instanceof HeldLeg ? other.leg : other, signal)); }
  /**
   * Not a wait of its own: the `<Conference>` in the room waits beside it (and fetches its wait
   * music meanwhile, which must hold the clock).
   */
  join(room: AudioRoom, signal: AbortSignal): Promise<void> { return this.leg.join(room, signal); }
  detectMachine(mode: 'Enable' | 'DetectMessageEnd', timeoutMs: number, signal: AbortSignal): Promise<AnsweredBy> {
    return this.hold.idle(this.leg.detectMachine(mode, timeoutMs, signal));
  }
}

/**
 * A clock hold that can be let go while waiting: `idle(p)` releases the hold until `p` settles
 * (overlapping idles count), then takes it again.
 */
export class IdleHold {
  private release: (() => void) | null;
  private waiting = 0;
  private idleSince = 0;
  private idleTotal = 0;

  constructor(private readonly take: () => () => void) {
    this.release = take();
  }

  async idle<T>(promise: Promise<T>): Promise<T> {
    if (this.waiting++ === 0) {
      this.release?.();
      this.release = null;
      this.idleSince = performance.now();
    }
    try {
      return await promise;
    } finally {
      if (--this.waiting === 0) {
        this.idleTotal += performance.now() - this.idleSince;
        if (!this.done) this.release = this.take();
      }
    }
  }

  /** Wall-clock milliseconds spent idle (waiting on the far end) so far. */
  idleMs(): number {
    return this.idleTotal + (this.waiting > 0 ? performance.now() - this.idleSince : 0);
  }

  private done = false;

  /** Lets go for good (the call is over). */
  end(): void {
    this.done = true;
    this.release?.();
    this.release = null;
  }
}
