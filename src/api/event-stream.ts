/**
 * Server-sent event streams (Dialtone's /dialtone/v1/Events and the simulated network's
 * /sim/v1/Events), written the same way: a keepalive comment while idle (proxies close silent
 * connections), a reader that stops reading let go once 4 MiB wait for it (it reconnects)
 * rather than buffered for without end, and at most MAX_STREAMS_PER_ACCOUNT open at once per
 * account (Twilio's 20429 beyond).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { TwilioError } from '../errors/index.js';

/** How often an idle event stream says it is still there. */
const KEEPALIVE_MS = 15_000;
/** Most an event stream may have waiting to be sent to a slow reader. */
export const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;
/** Most streams one account holds open (the console shares one per kind between its tabs). */
export const MAX_STREAMS_PER_ACCOUNT = 20;

export interface EventStream {
  /** Writes one event (dropped, and the stream closed, when the reader has fallen too far behind). */
  send(type: string, data: unknown): void;
}

/** Counts each account's open streams, across every kind of stream of one server. */
export class EventStreams {
  private readonly open = new Map<string, number>();

  /**
   * Starts a stream on `reply` for `accountSid`; `subscribe` gets its sender and returns what
   * undoes the subscription when the stream closes. Throws 20429 past the account's limit.
   */
  start(request: FastifyRequest, reply: FastifyReply, accountSid: string, subscribe: (stream: EventStream) => () => void): void {
    const count = this.open.get(accountSid) ?? 0;
    if (count >= MAX_STREAMS_PER_ACCOUNT) {
      throw new TwilioError(20429, `Too many event streams: an account may hold ${MAX_STREAMS_PER_ACCOUNT} open at once.`);
    }
    this.open.set(accountSid, count + 1);
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    raw.write(': connected\n\n');
    const unsubscribe = subscribe({
      send(type, data) {
        if (raw.destroyed) return;
        if (raw.writableLength > MAX_BUFFERED_BYTES) { raw.destroy(); return; }
        raw.write(`event: ${type}\ndata: ${JSON.stringify(data)}\n\n`);
      },
    });
    const keepalive = setInterval(() => raw.write(': keepalive\n\n'), KEEPALIVE_MS);
    keepalive.unref();
    request.raw.on('close', () => {
      clearInterval(keepalive);
      unsubscribe();
      const left = (this.open.get(accountSid) ?? 1) - 1;
      if (left > 0) this.open.set(accountSid, left);
      else this.open.delete(accountSid);
    });
  }
}
