/**
 * Keeps what the webhook layer did: every exchange in the request log (for the call and
 * message traces) and every failure as an alert in Twilio's Notifications shape.
 */
import type { Kysely } from 'kysely';
import { moreInfoUrl } from '../errors/index.js';
import { createNotification } from '../store/notifications.js';
import type { Database } from '../store/schema.js';
import { recordWebhookRequest } from '../store/webhook-requests.js';
import type { WebhookExchange } from './client.js';

/** What an exchange belongs to. */
export interface ExchangeContext {
  readonly accountSid: string;
  /** The call (CA…) or message (SM…/MM…) the request was made for. */
  readonly resourceSid: string | null;
  /** Why the request was made: `twiml`, `twiml-fallback`, `status-callback`, … */
  readonly purpose: string;
}

const MAX_KEPT_BODY = 64 * 1024;

const formEncode = (record: Readonly<Record<string, string>>) => new URLSearchParams(record).toString();

export async function recordExchange(db: Kysely<Database>, context: ExchangeContext, exchange: WebhookExchange): Promise<void> {
  const { authorization: _secret, ...headers } = exchange.requestHeaders;
  recordWebhookRequest(db, {
    accountSid: context.accountSid,
    resourceSid: context.resourceSid,
    purpose: context.purpose,
    method: exchange.method,
    url: exchange.url,
    requestParams: JSON.stringify(exchange.params),
    requestHeaders: JSON.stringify(headers),
    attempts: exchange.attempts,
    status: exchange.response?.status ?? null,
    responseHeaders: exchange.response ? JSON.stringify(exchange.response.headers) : null,
    responseBody: exchange.response ? exchange.response.body.slice(0, MAX_KEPT_BODY) : null,
    errorCode: exchange.failure?.code ?? null,
    errorMessage: exchange.failure?.message ?? null,
    durationMs: exchange.durationMs,
    startedAt: exchange.startedAt.toISOString(),
  });
}

export interface AlertInput {
  readonly code: number;
  readonly message: string;
  readonly level: 'error' | 'warning';
  /** The exchange that caused it, when a request did. */
  readonly exchange: WebhookExchange | null;
}

/** Records an alert the user can list through the Notifications resource. */
export async function raiseAlert(db: Kysely<Database>, context: ExchangeContext, alert: AlertInput): Promise<void> {
  const exchange = alert.exchange;
  await createNotification(db, {
    accountSid: context.accountSid,
    callSid: context.resourceSid?.startsWith('CA') ? context.resourceSid : null,
    resourceSid: context.resourceSid,
    errorCode: alert.code,
    log: alert.level === 'error' ? '0' : '1',
    // Twilio's message_text is form-encoded: the message, the code and the URL involved.
    messageText: formEncode({ Msg: alert.message, ErrorCode: String(alert.code), ...(exchange ? { url: exchange.url } : {}), moreInfo: moreInfoUrl(alert.code) }),
    requestMethod: exchange?.method ?? null,
    requestUrl: exchange?.url ?? null,
    requestVariables: exchange ? formEncode(exchange.params) : null,
    responseBody: exchange?.response ? exchange.response.body.slice(0, MAX_KEPT_BODY) : null,
    responseHeaders: exchange?.response ? formEncode(exchange.response.headers) : null,
  });
}
