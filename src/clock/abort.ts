/**
 * Waiting on stop signals: resolves once any of them aborts (a hangup, a redirect, the end of a
 * ring). Not a timer: a fast clock never runs ahead to it.
 */
export function untilAborted(...signals: readonly AbortSignal[]): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      for (const signal of signals) signal.removeEventListener('abort', done);
      resolve();
    };
    if (signals.some((signal) => signal.aborted)) return resolve();
    for (const signal of signals) signal.addEventListener('abort', done, { once: true });
  });
}
