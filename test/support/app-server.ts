/**
 * A real local HTTP app for webhook tests: named behaviours (valid TwiML, slow, 500, HTML, a
 * closed connection, a redirect loop, a huge body…) and a record of every request received.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  readonly method: string;
  /** Path and query as received. */
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

export type Behaviour = (req: IncomingMessage, res: ServerResponse, received: ReceivedRequest) => void;

export const VALID_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response><Say>Hello from the app</Say></Response>';

export function xml(body: string, status = 200, type = 'text/xml'): Behaviour {
  return (_req, res) => { res.writeHead(status, { 'content-type': type }); res.end(body); };
}

/** Serves bytes (media) with a content type. */
export function bytes(content: Buffer, type: string, status = 200): Behaviour {
  return (_req, res) => { res.writeHead(status, { 'content-type': type, 'content-length': content.length }); res.end(content); };
}

export interface AppServer {
  readonly origin: string;
  readonly received: ReceivedRequest[];
  /** Requests received on one path (query ignored). */
  hits(path: string): ReceivedRequest[];
  route(path: string, behaviour: Behaviour): void;
  close(): Promise<void>;
}

export async function startAppServer(): Promise<AppServer> {
  const routes = new Map<string, Behaviour>();
  const received: ReceivedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const entry = { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      received.push(entry);
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      const behaviour = routes.get(path);
      if (behaviour) behaviour(req, res, entry);
      else { res.writeHead(404); res.end('not found'); }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    received,
    hits: (path) => received.filter((r) => (r.url.split('?')[0] ?? '') === path),
    route: (path, behaviour) => { routes.set(path, behaviour); },
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
