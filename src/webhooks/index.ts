/**
 * The webhooks layer, as the engines use it: fetch TwiML (validated, parsed, with fallback) and
 * send status callbacks (retried per the URL's overrides), fetch media. Every request is logged against its
 * call or message; every failure becomes an alert. Engines never see an exception for a dead
 * webhook: they get a parsed document or a typed failure with Twilio's code.
 */
import type { WebhookCookies } from './cookies.js';
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import { MAX_TWIML_BYTES, escapeText, parseTwiml } from '../twiml/index.js';
import type { MessagingResponse, TwimlProblem, VoiceResponse } from '../twiml/index.js';
import { WebhookClient } from './client.js';
import type { WebhookClientOptions, WebhookExchange } from './client.js';
import { raiseAlert, recordExchange } from './journal.js';
import type { ExchangeContext } from './journal.js';

export { WebhookClient } from './client.js';
export type { WebhookExchange, WebhookFailure, WebhookRequest } from './client.js';
export { computeSignature } from './signature.js';
export { ConversationCookies, SMS_COOKIE_MAX_AGE_S } from './cookies.js';
export type { WebhookCookies } from './cookies.js';

export type TwimlKind = 'voice' | 'messaging';
type DocumentOf<K extends TwimlKind> = K extends 'voice' ? VoiceResponse : MessagingResponse;

export interface TwimlFetch<K extends TwimlKind> {
  readonly kind: K;
  readonly url: string;
  readonly method: 'GET' | 'POST';
  readonly fallbackUrl: string | null;
  readonly fallbackMethod: 'GET' | 'POST';
  /** Twilio's request parameters for the call or message. */
  readonly params: Readonly<Record<string, string>>;
  readonly account: { readonly sid: string; readonly authToken: string };
  readonly resourceSid: string | null;
  /** The conversation's cookies (the call's, or the From/To pair's), sent and kept as Twilio does. */
  readonly cookies?: WebhookCookies;
}

export type TwimlResult<K extends TwimlKind> =
  | { readonly ok: true; readonly document: DocumentOf<K>; readonly url: string; readonly usedFallback: boolean }
  | { readonly ok: false; readonly code: number; readonly message: string };

export interface Callback {
  readonly url: string;
  readonly method: 'GET' | 'POST';
  readonly params: Readonly<Record<string, string>>;
  readonly account: { readonly sid: string; readonly authToken: string };
  readonly resourceSid: string | null;
  readonly purpose: string;
}

/** A media fetch: the URL a message names, the most it may weigh, and the content types it may have. */
export interface MediaFetch {
  readonly url: string;
  readonly account: { readonly sid: string; readonly authToken: string };
  readonly resourceSid: string;
  readonly maxBytes: number;
  /** Whether a content type (its essence, lowercased: `image/jpeg`) is acceptable. */
  readonly accepts: (contentType: string) => boolean;
  /** What a failure is: an error of the message's (outbound) or a warning (inbound). */
  readonly level: 'error' | 'warning';
}

export type MediaResult =
  | { readonly ok: true; readonly contentType: string; readonly content: Buffer }
  | { readonly ok: false; readonly code: number; readonly message: string };

/** Twilio's code for media over the size limit (11750 is a TwiML document's). */
const MEDIA_TOO_LARGE = 11751;

/** Content types Twilio reads as TwiML. */
const TWIML_TYPES = /^\s*(text\/xml|application\/xml|text\/html)\s*(;|$)/i;

/**
 * What an HTTP 204 No Content answer is read as: Twilio's documented way to acknowledge a
 * webhook with nothing to do (https://www.twilio.com/docs/api/errors/15003: "Or respond with 204
 * No Content and an empty response body"). No reply to a message; for a call, no verbs, so the
 * call ends. An empty 200 is not the same: Twilio requires a Content-Type (12300) and TwiML.
 */
const NO_CONTENT_TWIML = '<Response/>';

const PLAIN_TEXT = /^\s*text\/plain\s*(;|$)/i;

/**
 * Audio answering a call's TwiML request (Twilio's `<Play>` types): played to the caller from
 * the URL that answered, who is then hung up on, as Twilio does with an audio answer. Its body
 * is not read (an MP3 is larger than any document).
 */
const AUDIO = /^\s*audio\/(mpeg|wav|wave|x-wav|aiff|x-aifc|x-aiff|x-gsm|gsm|ulaw)\s*(;|$)/i;

/**
 * A text/plain answer, as Twilio documents it ("TwiML: Your Response"): on a call the text is
 * read to the caller, who is then hung up on; to a message it is the reply. Blank text is a
 * document with nothing to do.
 */
function plainTextTwiml(kind: TwimlKind, text: string): string {
  const trimmed = text.trim();
  if (trimmed === '') return '<Response/>';
  const verb = kind === 'voice' ? 'Say' : 'Message';
  return `<Response><${verb}>${escapeText(trimmed)}</${verb}></Response>`;
}

type Judged<K extends TwimlKind> = { ok: true; document: DocumentOf<K>; warnings: TwimlProblem[] } | { ok: false; code: number; message: string; problems: TwimlProblem[] };

export class Webhooks {
  constructor(private readonly db: Kysely<Database>, private readonly client: WebhookClient) {}

  /** Fetches and parses TwiML, falling back to the fallback URL on any failure. */
  async fetchTwiml<K extends TwimlKind>(request: TwimlFetch<K>): Promise<TwimlResult<K>> {
    const context = { accountSid: request.account.sid, resourceSid: request.resourceSid, purpose: 'twiml' };
    const primary = await this.tryTwiml(request, request.url, request.method, request.params, context);
    if (primary.ok || !request.fallbackUrl) return primary.ok ? { ...primary, usedFallback: false } : primary;
    // Twilio tells the fallback what went wrong with the primary URL.
    const params = { ...request.params, ErrorCode: String(primary.code), ErrorUrl: request.url };
    const fallback = await this.tryTwiml(request, request.fallbackUrl, request.fallbackMethod, params, { ...context, purpose: 'twiml-fallback' });
    return fallback.ok ? { ...fallback, usedFallback: true } : fallback;
  }

  private async tryTwiml<K extends TwimlKind>(request: TwimlFetch<K>, url: string, method: 'GET' | 'POST', params: Readonly<Record<string, string>>, context: ExchangeContext):
    Promise<{ ok: true; document: DocumentOf<K>; url: string } | { ok: false; code: number; message: string }> {
    const exchange = await this.client.send({
      url, method, params, authToken: request.account.authToken, maxBodyBytes: MAX_TWIML_BYTES, oversize: 'fail', ...(request.cookies ? { cookies: request.cookies } : {}),
      ...(request.kind === 'voice' ? { unreadTypes: AUDIO } : {}),
    });
    await recordExchange(this.db, context, exchange);
    const judged = exchange.failure
      ? { ok: false as const, code: exchange.failure.code, message: exchange.failure.message, problems: [] }
      : this.judge(request.kind, exchange);
    if (!judged.ok) {
      await raiseAlert(this.db, context, { code: judged.code, message: judged.message, level: 'error', exchange });
      return { ok: false, code: judged.code, message: judged.message };
    }
    for (const warning of judged.warnings) {
      await raiseAlert(this.db, context, { code: warning.code, message: `${warning.message} (line ${warning.line}, column ${warning.column}, ${warning.path})`, level: 'warning', exchange });
    }
    return { ok: true, document: judged.document, url };
  }

  private judge<K extends TwimlKind>(kind: K, exchange: WebhookExchange): Judged<K> {
    const response = exchange.response;
    const noContent = response?.status === 204;
    const contentType = response?.headers['content-type'] ?? '';
    const plain = !noContent && PLAIN_TEXT.test(contentType);
    const audio = !noContent && kind === 'voice' && AUDIO.test(contentType);
    if (!response || (!noContent && !plain && !audio && !TWIML_TYPES.test(contentType))) {
      const also = kind === 'voice' ? 'text/plain, or audio' : 'or text/plain';
      return { ok: false, code: 12300, message: `Invalid Content-Type "${contentType}": TwiML must be text/xml, application/xml or text/html (${also})`, problems: [] };
    }
    const body = noContent ? NO_CONTENT_TWIML : plain ? plainTextTwiml(kind, response.body)
      : audio ? `<Response><Play>${escapeText(response.location ?? exchange.url)}</Play></Response>` : response.body;
    // As Twilio runs TwiML: an invalid attribute value is a warning and its default is used.
    const options = { invalidValues: 'default' } as const;
    const parsed = kind === 'voice' ? parseTwiml(body, { kind: 'voice', ...options }) : parseTwiml(body, { kind: 'messaging', ...options });
    if (!parsed.ok) {
      const first = parsed.errors[0];
      const message = first ? `${first.message} (line ${first.line}, column ${first.column}, ${first.path})` : 'Invalid TwiML';
      return { ok: false, code: first?.code ?? 12100, message, problems: parsed.errors };
    }
    return { ok: true, document: parsed.document as DocumentOf<K>, warnings: parsed.warnings };
  }

  /** Fetches a message's media (logged and, when it fails, an alert, as every request is). */
  async fetchMedia(request: MediaFetch): Promise<MediaResult> {
    const context = { accountSid: request.account.sid, resourceSid: request.resourceSid, purpose: 'media' };
    const exchange = await this.client.send({
      url: request.url, method: 'GET', params: {}, authToken: request.account.authToken, maxBodyBytes: request.maxBytes, oversize: 'fail', binary: true, sign: false,
    });
    await recordExchange(this.db, context, exchange);
    const contentType = (exchange.response?.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    let result: MediaResult;
    if (exchange.failure) {
      const code = exchange.failure.code === 11750 ? MEDIA_TOO_LARGE : exchange.failure.code;
      const message = code === MEDIA_TOO_LARGE ? `Media exceeds the size limit of ${request.maxBytes} bytes: ${request.url.slice(0, 200)}` : exchange.failure.message;
      result = { ok: false, code, message };
    } else if (!exchange.response?.bytes?.length) {
      result = { ok: false, code: 11200, message: `HTTP retrieval failure: media ${request.url.slice(0, 200)} is empty` };
    } else if (!request.accepts(contentType)) {
      result = { ok: false, code: 12300, message: `Invalid Content-Type "${contentType}" for media ${request.url.slice(0, 200)}` };
    } else {
      return { ok: true, contentType, content: exchange.response.bytes };
    }
    await raiseAlert(this.db, context, { code: result.code, message: result.message, level: request.level, exchange });
    return result;
  }

  /** Sends a status callback; failures (after the URL's retries) are recorded as warnings. */
  async sendCallback(callback: Callback): Promise<WebhookExchange> {
    const context = { accountSid: callback.account.sid, resourceSid: callback.resourceSid, purpose: callback.purpose };
    const exchange = await this.client.send({
      url: callback.url, method: callback.method, params: callback.params, authToken: callback.account.authToken, maxBodyBytes: MAX_TWIML_BYTES, oversize: 'truncate',
    });
    await recordExchange(this.db, context, exchange);
    if (exchange.failure) {
      const code = exchange.failure.code === 11200 ? 15003 : exchange.failure.code;
      await raiseAlert(this.db, context, { code, message: exchange.failure.message, level: 'warning', exchange });
    }
    return exchange;
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}

/** The webhooks layer over a store. */
export function createWebhooks(db: Kysely<Database>, options: WebhookClientOptions = {}): Webhooks {
  return new Webhooks(db, new WebhookClient(options));
}
