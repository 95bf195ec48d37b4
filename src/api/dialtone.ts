/**
 * Dialtone's own API beside Twilio's, for the console: a call's trace (every step the engine
 * took and every request it made to the app), a message's status history with its requests,
 * and a live event stream of both. Authenticated as the REST API is; an account sees only its
 * own calls and messages.
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { Activity, PlatformActivity } from '../activity/index.js';
import { TwilioError } from '../errors/index.js';
import { listCallTrace } from '../store/call-trace.js';
import { findCall } from '../store/calls.js';
import type { Store } from '../store/index.js';
import { listMessageHistory } from '../store/message-history.js';
import { findMessage } from '../store/messages.js';
import { listWebhookRequests } from '../store/webhook-requests.js';
import type { WebhookRequestRecord } from '../store/webhook-requests.js';
import type { VoiceEngine } from '../voice/engine.js';
import type { EventStreams } from './event-stream.js';

export const DIALTONE_ROOT = '/dialtone/v1';

/** The account a Dialtone API request acts for (live credentials only). */
export function accountOf(request: FastifyRequest) {
  if (!request.principal || request.principal.credential === 'test') throw new TwilioError(20003, 'Authenticate');
  return request.principal.account;
}

function parsed(json: string | null): unknown {
  if (json === null) return null;
  try {
    return JSON.parse(json);
  } catch {
    return json;
  }
}

/** A request made to the app, in full: what was sent, what came back, how long it took. */
function renderRequest(r: WebhookRequestRecord) {
  return {
    sid: r.sid, purpose: r.purpose, method: r.method, url: r.url, parameters: parsed(r.requestParams), started_at: r.startedAt,
    duration_ms: r.durationMs, attempts: r.attempts, status: r.status, response_headers: parsed(r.responseHeaders), response_body: r.responseBody,
    error_code: r.errorCode, error_message: r.errorMessage,
  };
}

export const dialtoneRoutes: FastifyPluginAsync<{ store: Store; voice: VoiceEngine; activity: Activity; streams: EventStreams }> = async (app, { store, voice, activity, streams }) => {
  app.get<{ Params: { CallSid: string } }>(`${DIALTONE_ROOT}/Calls/:CallSid/Trace`, async (request) => {
    const account = accountOf(request);
    const call = await findCall(store.db, account.sid, request.params.CallSid);
    if (!call) throw new TwilioError(20404, `The requested resource /Calls/${request.params.CallSid} was not found`);
    await voice.flushTraces();
    const [steps, requests] = await Promise.all([listCallTrace(store.db, call.sid), listWebhookRequests(store.db, account.sid, call.sid)]);
    return {
      call_sid: call.sid, status: call.status,
      steps: steps.map((s) => ({ seq: s.seq, at: s.at, kind: s.kind, detail: parsed(s.detail) })),
      requests: requests.map(renderRequest),
    };
  });

  app.get<{ Params: { MessageSid: string } }>(`${DIALTONE_ROOT}/Messages/:MessageSid/Trace`, async (request) => {
    const account = accountOf(request);
    const message = await findMessage(store.db, account.sid, request.params.MessageSid);
    if (!message) throw new TwilioError(20404, `The requested resource /Messages/${request.params.MessageSid} was not found`);
    const [statuses, requests] = await Promise.all([listMessageHistory(store.db, account.sid, message.sid), listWebhookRequests(store.db, account.sid, message.sid)]);
    return { message_sid: message.sid, status: message.status, statuses: statuses.map((s) => ({ status: s.status, at: s.at })), requests: requests.map(renderRequest) };
  });

  /** Server-sent events: `call-trace` (a step of a call) and `message-status` (a message entered a status). */
  app.get(`${DIALTONE_ROOT}/Events`, async (request, reply) => {
    const account = accountOf(request);
    streams.start(request, reply, account.sid, (stream) => activity.subscribe(account.sid, (event: PlatformActivity) => {
      const { type, accountSid: _account, ...data } = event;
      stream.send(type, data);
    }));
  });
};
