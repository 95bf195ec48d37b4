/** The system clock: call time is wall-clock time. The default for `dialtone start`. */
import type { Clock, Timer } from '../clock.js';
import { sleepOn } from '../clock.js';

const release = () => {};

export function createSystemClock(): Clock {
  const clock: Clock = {
    kind: 'system',
    now: () => Date.now(),
    setTimer(ms: number, fn: () => void): Timer {
      const handle = setTimeout(fn, Math.max(0, ms));
      return { cancel: () => clearTimeout(handle) };
    },
    sleep: (ms, ...signals) => sleepOn(clock, ms, signals),
    hold: () => release,
  };
  return clock;
}
