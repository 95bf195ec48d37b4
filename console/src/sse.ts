/** Server-sent events, parsed as they stream in (no DOM: the tests use it too). */

export interface StreamEvent {
  readonly type: string;
  readonly data: unknown;
}

/**
 * Splits complete events off the front of `buffer`; returns them and what is left (the start of
 * an event still arriving). Comments and events without data are skipped.
 */
export function takeEvents(buffer: string): { events: StreamEvent[]; rest: string } {
  const events: StreamEvent[] = [];
  let rest = buffer;
  let end: number;
  while ((end = rest.indexOf('\n\n')) >= 0) {
    const block = rest.slice(0, end);
    rest = rest.slice(end + 2);
    let type = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith('event:')) type = line.slice(6).trim();
      else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
    }
    if (data.length > 0) events.push({ type, data: JSON.parse(data.join('\n')) as unknown });
  }
  return { events, rest };
}

/** Reads `body` (a fetch response's stream) event by event until it ends; stop it by aborting the fetch. */
export async function readEvents(body: ReadableStream<Uint8Array>, onEvent: (event: StreamEvent) => boolean | void): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    const taken = takeEvents(buffer + decoder.decode(value, { stream: true }));
    buffer = taken.rest;
    for (const event of taken.events) {
      if (onEvent(event) === true) {
        await reader.cancel();
        return;
      }
    }
  }
}
