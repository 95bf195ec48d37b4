/**
 * The leg as verb executors see it: the carrier's leg, with every wait on the far end (prompts,
 * recording, detection) run through `idle`, which lets a fast clock move while the call waits
 * and holds it still while the engine works (webhook round trips, store writes). See
 * ../clock/clock.ts `hold`.
 */
import type { Leg } from '../network/leg.js';

export function heldLeg(leg: Leg, idle: <T>(promise: Promise<T>) => Promise<T>): Leg {
  return {
    get callSid() { return leg.callSid; },
    get ended() { return leg.ended; },
    get live() { return leg.live; },
    answer: () => leg.answer(),
    reject: (reason) => leg.reject(reason),
    hangup: () => leg.hangup(),
    say: (text, options, signal) => idle(leg.say(text, options, signal)),
    play: (url, signal) => idle(leg.play(url, signal)),
    playDigits: (digits, signal) => idle(leg.playDigits(digits, signal)),
    pause: (ms, signal) => idle(leg.pause(ms, signal)),
    beep: (signal) => idle(leg.beep(signal)),
    onDigit: (listener) => leg.onDigit(listener),
    onSpeech: (listener) => leg.onSpeech(listener),
    record: (options, signal) => idle(leg.record(options, signal)),
    recordCall: () => leg.recordCall(),
    detectMachine: (mode, timeoutMs, signal) => idle(leg.detectMachine(mode, timeoutMs, signal)),
  };
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

  idle = async <T>(promise: Promise<T>): Promise<T> => {
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
  };

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
