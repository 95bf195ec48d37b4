/**
 * The Clock seam: every timer of a call (ring timeouts, `<Pause>`, Gather and Record timeouts,
 * speech and prompt durations, scripted waits) goes through one clock, so tests can run call
 * flows as fast as the machine allows and still see call-time offsets. Engines and carriers
 * take a Clock; they never call `setTimeout` for call time themselves.
 */

/** A scheduled callback; `cancel` is idempotent. */
export interface Timer {
  cancel(): void;
}

export interface Clock {
  /** Which implementation this is, for logs and the start banner. */
  readonly kind: 'system' | 'fast';
  /** The current time, in milliseconds since the epoch (virtual for a fast clock). */
  now(): number;
  /** Runs `fn` after `ms` of clock time. */
  setTimer(ms: number, fn: () => void): Timer;
  /**
   * Resolves after `ms` of clock time, or early (to `false`) when any of `signals` aborts;
   * `true` when the full time passed. (Cheaper than `AbortSignal.any` on hot paths.)
   *
   * @example
   * const finished = await clock.sleep(1500, signal);
   */
  sleep(ms: number, ...signals: ReadonlyArray<AbortSignal | undefined>): Promise<boolean>;
  /**
   * Marks the platform busy until the returned release is called: a fast clock holds time still
   * while any hold is open (webhook round trips, store writes), so that what the app and the
   * engine do between two timers happens at one instant of call time. The system clock ignores it.
   */
  hold(): () => void;
}

/** Sleeps on `clock`, resolving `false` at once when a signal is already aborted. */
export function sleepOn(clock: Clock, ms: number, signals: ReadonlyArray<AbortSignal | undefined>): Promise<boolean> {
  if (signals.some((s) => s?.aborted)) return Promise.resolve(false);
  return new Promise((resolve) => {
    const detach = () => { for (const s of signals) s?.removeEventListener('abort', onAbort); };
    const onAbort = () => { timer.cancel(); detach(); resolve(false); };
    const timer = clock.setTimer(ms, () => { detach(); resolve(true); });
    for (const s of signals) s?.addEventListener('abort', onAbort, { once: true });
  });
}
