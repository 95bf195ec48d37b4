/**
 * One event stream per account and path for all of the console's tabs. Browsers open at most
 * six connections to a host over HTTP/1.1: with a stream held by every tab (and every page
 * component), a seventh tab could not load anything at all. Here the reader holding a Web Lock
 * named after the stream reads it and passes each event to the others over a BroadcastChannel
 * of the same name (in this tab and in the others); when it stops (its tab closed, its page
 * left), the next reader waiting for the lock opens the stream. Where a browser has neither,
 * each reader streams on its own.
 */
export type OnEvent = (type: string, data: unknown) => void;

interface Relayed {
  readonly type: string;
  readonly data: unknown;
}

/** Runs `open` (which streams until `signal` aborts) for one reader of `name` at a time; every reader gets every event. */
export async function sharedStream(name: string, open: (onEvent: OnEvent, signal: AbortSignal) => Promise<void>, onEvent: OnEvent, signal: AbortSignal): Promise<void> {
  if (typeof BroadcastChannel === 'undefined' || typeof navigator === 'undefined' || !('locks' in navigator)) return open(onEvent, signal);
  const channel = new BroadcastChannel(name);
  channel.onmessage = (message: MessageEvent<Relayed>) => onEvent(message.data.type, message.data.data);
  try {
    await navigator.locks.request(name, { signal }, () => open((type, data) => {
      onEvent(type, data);
      channel.postMessage({ type, data } satisfies Relayed);
    }, signal));
  } catch {
    // Aborted while waiting for the lock: this reader is gone.
  } finally {
    channel.close();
  }
}
