/**
 * Deadlines for webhook requests, shared: requests due to time out at about the same moment
 * share one AbortSignal and one timer (deadlines are rounded up to 100 ms). A signal and a timer
 * of each request's own cost more CPU than the rest of a status callback did; shared ones cost
 * a map lookup, and at most one timer per 100 ms of the longest deadline is ever pending.
 */
import { setMaxListeners } from 'node:events';

/** Deadlines are rounded up to a multiple of this (so a request may run up to this much longer). */
export const DEADLINE_GRAIN_MS = 100;

const pending = new Map<number, AbortController>();

/**
 * A signal that aborts (with a TimeoutError) once `ms` have passed, up to DEADLINE_GRAIN_MS late.
 *
 * @example
 * await agent.request({ …, signal: deadlineSignal(15_000) });
 */
export function deadlineSignal(ms: number): AbortSignal {
  const due = Math.ceil((Date.now() + ms) / DEADLINE_GRAIN_MS) * DEADLINE_GRAIN_MS;
  const shared = pending.get(due);
  if (shared) return shared.signal;
  const controller = new AbortController();
  // Every request due in this slot listens to it.
  setMaxListeners(0, controller.signal);
  pending.set(due, controller);
  setTimeout(() => {
    pending.delete(due);
    controller.abort(new DOMException('The total time for the request ran out', 'TimeoutError'));
  }, due - Date.now()).unref();
  return controller.signal;
}
