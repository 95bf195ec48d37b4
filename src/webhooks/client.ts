/**
 * The one way out to apps: signed HTTP requests with Twilio's headers, bounded in time (connect,
 * read and total timeouts, from the URL's connection overrides) and size, retried as the
 * overrides say, redirects followed, and every failure classified to Twilio's code. Connections
 * are pooled per origin (undici). It never throws for a dead webhook: failures are values.
 */
import type { WebhookCookies } from './cookies.js';
import { randomUUID } from 'node:crypto';
import { Agent } from 'undici';
import type { Dispatcher } from 'undici';
import { PrivateAddressError, isPrivateAddress, publicOnlyLookup } from './address-policy.js';
import { deadlineSignal } from './deadline.js';
import { computeSignature, withBodyHash } from './signature.js';
import { appendQuery, parseWebhookUrl, refetchUrl } from './target.js';
import type { RetryReason, WebhookTarget } from './target.js';

export type WebhookFailureCode = 11100 | 11200 | 11205 | 11206 | 11210 | 11215 | 11220 | 11750;

export interface WebhookFailure {
  readonly code: WebhookFailureCode;
  readonly message: string;
  /** The retry-policy class of the failure, if any (`ct`, `rt`, `4xx`, `5xx`). */
  readonly retryReason: RetryReason | null;
}

export interface WebhookRequest {
  /** The URL as configured (fragment overrides and `user:pass@` included). */
  readonly url: string;
  readonly method: 'GET' | 'POST';
  /** Form parameters (query parameters for GET). Never repeated keys: Twilio sends none. */
  readonly params: Readonly<Record<string, string>>;
  /** The account's auth token, which signs the request. */
  readonly authToken: string;
  /** A JSON body instead of form parameters (signed with the bodySHA256 scheme). */
  readonly json?: string;
  /** Response bodies past this size are cut (`truncate`) or a failure, 11750 (`fail`). */
  readonly maxBodyBytes: number;
  readonly oversize: 'fail' | 'truncate';
  /** The conversation's cookies: sent with the request, and updated by its answer (./cookies.ts). */
  readonly cookies?: WebhookCookies;
  /** Keep the response body as bytes (`WebhookResponse.bytes`), not text: media. */
  readonly binary?: boolean;
  /**
   * Sign the request (default true). Media fetches are not signed: their URL is the sender's
   * choice (any phone can text any number), so a signature would let one account have another's
   * token sign a request of its making.
   */
  readonly sign?: boolean;
  /** Answers of these content types are not read (their body is ''): audio played from its URL, not a document. */
  readonly unreadTypes?: RegExp;
}

export interface WebhookResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** The body as text (empty for a binary request). */
  readonly body: string;
  /** The body as received, for a binary request. */
  readonly bytes?: Buffer;
  /**
   * For an answer left unread (`unreadTypes`): where it can be fetched again. The last hop's URL
   * as configured or redirected to, without the request's parameters, with its `user:pass@`.
   */
  readonly location?: string;
}

/** One request and what came of it: what the trace and alerts record. */
export interface WebhookExchange {
  /** The URL the last attempt went to (query included, no credentials or fragment). */
  readonly url: string;
  readonly method: 'GET' | 'POST';
  readonly params: Readonly<Record<string, string>>;
  readonly requestHeaders: Readonly<Record<string, string>>;
  readonly response: WebhookResponse | null;
  /** Null when the app answered 2xx (or 3xx that was followed to a 2xx). */
  readonly failure: WebhookFailure | null;
  readonly attempts: number;
  readonly startedAt: Date;
  readonly durationMs: number;
}

/** Where a request for `url` is really sent: another origin and path (the platform's built-in twimlets), or null for the URL itself. */
export type WebhookRoute = (url: URL) => { readonly origin: string; readonly path: string } | null;

export interface WebhookClientOptions {
  /** Refuse loopback, private and link-local destinations (production); default false. */
  readonly refusePrivateAddresses?: boolean;
  readonly userAgent?: string;
  /**
   * Serves some URLs from elsewhere while they stay, for signing and the journal, the URL the app
   * gave: `http://twimlets.com/…` is answered by the platform's own twimlets.
   */
  readonly route?: WebhookRoute;
}

const MAX_REDIRECTS = 10;
const MAX_CACHED_TARGETS = 1000;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** Classifies a transport error from undici or the socket layer. */
export function classifyError(err: unknown): WebhookFailure {
  const e = err as { code?: string; message?: string; cause?: unknown; name?: string };
  const code = e?.code ?? (e?.cause as { code?: string } | undefined)?.code ?? '';
  const message = e?.message ?? String(err);
  if (err instanceof PrivateAddressError || code === 'DIALTONE_PRIVATE_ADDRESS') return { code: 11205, message: `Refused: ${message}`, retryReason: null };
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME') return { code: 11210, message: `Bad host name: ${message}`, retryReason: 'ct' };
  if (/^(ERR_TLS|ERR_SSL|CERT_|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO_)/.test(code) || code === 'EPROTO') return { code: 11220, message: `TLS handshake failed: ${message}`, retryReason: 'ct' };
  if (code === 'UND_ERR_CONNECT_TIMEOUT') return { code: 11205, message: 'Connection timed out', retryReason: 'ct' };
  if (['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL'].includes(code)) return { code: 11205, message: `Connection failed: ${code}`, retryReason: 'ct' };
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') return { code: 11205, message: 'Read timed out', retryReason: 'rt' };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError' || code === 'UND_ERR_ABORTED') return { code: 11205, message: 'Total time for the request ran out', retryReason: null };
  if (code.startsWith('HPE_') || code === 'UND_ERR_INVALID_ARG' || code === 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH') return { code: 11206, message: `HTTP protocol violation: ${message}`, retryReason: 'rt' };
  if (code === 'UND_ERR_SOCKET' || code === 'ECONNRESET' || code === 'EPIPE') return { code: 11205, message: `Connection closed: ${message}`, retryReason: 'rt' };
  return { code: 11200, message: `HTTP retrieval failure: ${message}`, retryReason: null };
}

class OversizeError extends Error {}

/** Drops a body unread: a body already fully received errors when destroyed, and nothing else would be listening. */
function discard(body: Dispatcher.ResponseData['body']): void {
  body.on('error', () => {});
  body.destroy();
}

async function readBody(body: Dispatcher.ResponseData['body'], limit: number, oversize: 'fail' | 'truncate', length: string | undefined): Promise<Buffer> {
  // Most status callbacks are answered with nothing: no stream to iterate.
  if (length === '0') {
    await body.dump();
    return Buffer.alloc(0);
  }
  if (oversize === 'fail' && length !== undefined && Number(length) > limit) {
    discard(body);
    throw new OversizeError(`Response body is over ${limit} bytes`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buffer = Buffer.from(chunk as Uint8Array);
    size += buffer.length;
    if (size > limit) {
      body.destroy();
      if (oversize === 'fail') throw new OversizeError(`Response body is over ${limit} bytes`);
      chunks.push(buffer.subarray(0, buffer.length - (size - limit)));
      break;
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

function headerRecord(headers: Dispatcher.ResponseData['headers']): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v ?? '')]));
}

interface Hop { target: WebhookTarget; method: 'GET' | 'POST'; params: Readonly<Record<string, string>> }

const basicAuth = (c: { username: string; password: string }) => `Basic ${Buffer.from(`${c.username}:${c.password}`).toString('base64')}`;

export class WebhookClient {
  private readonly agents = new Map<number, Agent>();
  private readonly targets = new Map<string, WebhookTarget | null>();
  private readonly refusePrivate: boolean;
  private readonly userAgent: string;
  private readonly route: WebhookRoute;

  constructor(options: WebhookClientOptions = {}) {
    this.refusePrivate = options.refusePrivateAddresses ?? false;
    this.userAgent = options.userAgent ?? 'TwilioProxy/1.1';
    this.route = options.route ?? (() => null);
  }

  /** One pooled agent per connect timeout (the overrides allow a bounded set of them). */
  private agent(connectTimeout: number): Agent {
    let agent = this.agents.get(connectTimeout);
    if (!agent) {
      agent = new Agent({
        connect: { timeout: connectTimeout, ...(this.refusePrivate ? { lookup: publicOnlyLookup } : {}) },
        keepAliveTimeout: 10_000,
        // Per origin: an app serving thousands of live calls gets that many requests at once.
        connections: 256,
      });
      this.agents.set(connectTimeout, agent);
    }
    return agent;
  }

  /** A configured URL's parsed target: apps use a few URLs many times, so each is parsed once (targets are never modified). */
  private target(raw: string): WebhookTarget | null {
    let target = this.targets.get(raw);
    if (target === undefined) {
      target = parseWebhookUrl(raw);
      if (this.targets.size >= MAX_CACHED_TARGETS) this.targets.clear();
      this.targets.set(raw, target);
    }
    return target;
  }

  /** Sends the request (with retries and redirects); never throws for the app's failures. */
  async send(request: WebhookRequest): Promise<WebhookExchange> {
    const startedAt = new Date();
    const target = this.target(request.url);
    const idempotencyToken = randomUUID();
    if (!target) {
      return { url: request.url, method: request.method, params: request.params, requestHeaders: {}, response: null, failure: { code: 11100, message: `Invalid URL format: ${request.url.slice(0, 200)}`, retryReason: null }, attempts: 0, startedAt, durationMs: 0 };
    }
    // The total time for all attempts; shared with requests due at the same time (./deadline.ts).
    const deadline = deadlineSignal(target.overrides.totalTimeout);
    let attempts = 0;
    let last: Omit<WebhookExchange, 'attempts' | 'startedAt' | 'durationMs'>;
    for (;;) {
      attempts++;
      last = await this.attempt({ target, method: request.method, params: request.params }, request, idempotencyToken, deadline);
      const reason = last.failure?.retryReason;
      const retry = reason !== null && reason !== undefined && target.overrides.retryPolicy.has(reason)
        && attempts <= target.overrides.retryCount && !deadline.aborted;
      if (!retry) break;
    }
    return { ...last, attempts, startedAt, durationMs: Date.now() - startedAt.getTime() };
  }

  private async attempt(first: Hop, request: WebhookRequest, idempotencyToken: string, deadline: AbortSignal): Promise<Omit<WebhookExchange, 'attempts' | 'startedAt' | 'durationMs'>> {
    let hop = first;
    let headers: Record<string, string> = {};
    let sentUrl = first.target.url.href;
    for (let redirects = 0; ; redirects++) {
      const built = this.build(hop, request, idempotencyToken);
      headers = built.headers;
      sentUrl = built.url;
      const fail = (failure: WebhookFailure, response: WebhookResponse | null = null) =>
        ({ url: sentUrl, method: hop.method, params: hop.params, requestHeaders: headers, response, failure });
      if (this.refusePrivate && isPrivateAddress(hop.target.url.hostname.replace(/^\[|\]$/g, ''))) {
        return fail({ code: 11205, message: `Refused: ${hop.target.url.hostname} is a private address`, retryReason: null });
      }
      let data: Dispatcher.ResponseData;
      try {
        const sent = built.url === hop.target.url.href ? hop.target.url : new URL(built.url);
        const routed = this.route(sent);
        data = await this.agent(hop.target.overrides.connectTimeout).request({
          origin: routed?.origin ?? sent.origin, path: routed?.path ?? sent.pathname + sent.search, method: hop.method, headers, body: built.body,
          headersTimeout: hop.target.overrides.readTimeout, bodyTimeout: hop.target.overrides.readTimeout, signal: deadline,
        });
      } catch (err) {
        return fail(classifyError(err));
      }
      const responseHeaders = headerRecord(data.headers);
      const setCookies = data.headers['set-cookie'];
      if (request.cookies && setCookies !== undefined) request.cookies.take(sentUrl, Array.isArray(setCookies) ? setCookies : [setCookies]);
      const location = responseHeaders.location;
      if (REDIRECTS.has(data.statusCode) && location) {
        await data.body.dump();
        if (redirects >= MAX_REDIRECTS) return fail({ code: 11215, message: `More than ${MAX_REDIRECTS} redirects`, retryReason: null }, { status: data.statusCode, headers: responseHeaders, body: '' });
        const next = parseWebhookUrl(new URL(location, hop.target.url).href);
        if (!next) return fail({ code: 11100, message: `Redirected to an invalid URL: ${location.slice(0, 200)}`, retryReason: null });
        // 303 (and 301/302 after a POST, as browsers do) continue as GET; 307/308 keep the method.
        const keep = data.statusCode === 307 || data.statusCode === 308;
        hop = { target: { ...next, overrides: first.target.overrides, credentials: next.url.origin === first.target.url.origin ? first.target.credentials : next.credentials }, method: keep ? hop.method : 'GET', params: hop.params };
        continue;
      }
      if (request.unreadTypes?.test(responseHeaders['content-type'] ?? '') && data.statusCode < 300) {
        discard(data.body);
        const response = { status: data.statusCode, headers: responseHeaders, body: '', location: refetchUrl(hop.target) };
        return { url: sentUrl, method: hop.method, params: hop.params, requestHeaders: headers, response, failure: null };
      }
      let bytes: Buffer;
      try {
        bytes = await readBody(data.body, request.maxBodyBytes, request.oversize, responseHeaders['content-length']);
      } catch (err) {
        if (err instanceof OversizeError) return fail({ code: 11750, message: err.message, retryReason: null }, { status: data.statusCode, headers: responseHeaders, body: '' });
        return fail(classifyError(err), { status: data.statusCode, headers: responseHeaders, body: '' });
      }
      const response = request.binary
        ? { status: data.statusCode, headers: responseHeaders, body: '', bytes }
        : { status: data.statusCode, headers: responseHeaders, body: bytes.toString('utf8') };
      if (data.statusCode >= 400) {
        return fail({ code: 11200, message: `HTTP ${data.statusCode} from ${sentUrl}`, retryReason: data.statusCode >= 500 ? '5xx' : '4xx' }, response);
      }
      if (data.statusCode >= 300) return fail({ code: 11206, message: `HTTP ${data.statusCode} without a usable Location`, retryReason: null }, response);
      return { url: sentUrl, method: hop.method, params: hop.params, requestHeaders: headers, response, failure: null };
    }
  }

  /** The request as sent: final URL, signed headers, body. */
  private build(hop: Hop, request: WebhookRequest, idempotencyToken: string): { url: string; headers: Record<string, string>; body: string | undefined } {
    const headers: Record<string, string> = { 'user-agent': this.userAgent, accept: '*/*' };
    if (hop.target.credentials) headers.authorization = basicAuth(hop.target.credentials);
    // Unsigned: nothing of the account's (no signature, no token, no cookies).
    if (request.sign === false) return { url: appendQuery(hop.target.url.href, hop.params), headers, body: undefined };
    headers['i-twilio-idempotency-token'] = idempotencyToken;
    const cookie = request.cookies?.header(hop.target.url.href);
    if (cookie) headers.cookie = cookie;
    const signed = hop.target.signedUrl;
    if (request.json !== undefined && hop.method === 'POST') {
      const url = withBodyHash(hop.target.url.href, request.json);
      headers['content-type'] = 'application/json';
      headers['x-twilio-signature'] = computeSignature(request.authToken, withBodyHash(signed, request.json), null);
      return { url, headers, body: request.json };
    }
    if (hop.method === 'GET') {
      headers['x-twilio-signature'] = computeSignature(request.authToken, appendQuery(signed, hop.params), null);
      return { url: appendQuery(hop.target.url.href, hop.params), headers, body: undefined };
    }
    headers['content-type'] = 'application/x-www-form-urlencoded; charset=utf-8';
    headers['x-twilio-signature'] = computeSignature(request.authToken, signed, hop.params);
    return { url: hop.target.url.href, headers, body: new URLSearchParams(hop.params).toString() };
  }

  /** Closes every pooled connection. */
  async close(): Promise<void> {
    await Promise.all([...this.agents.values()].map((agent) => agent.close()));
    this.agents.clear();
  }
}
