/**
 * Calls: place a call (`client.calls.create`), list with Twilio's filters (To, From, Status,
 * ParentCallSid, StartTime and EndTime with `<`/`>`; most recent first), fetch, modify a live
 * call (redirect with `Url`/`Twiml`, `Status=canceled|completed`), delete an ended call. With
 * test credentials, Twilio's magic numbers answer and nothing is dialled.
 */
import type { FastifyPluginAsync } from 'fastify';
import { TwilioError } from '../errors/index.js';
import type { Store } from '../store/index.js';
import { deleteCall, findCall, listCalls } from '../store/calls.js';
import type { Call } from '../store/calls.js';
import type { CallStatus } from '../store/schema.js';
import { listWebhookRequests } from '../store/webhook-requests.js';
import type { WebhookRequestRecord } from '../store/webhook-requests.js';
import { newSid, nowIso } from '../store/sid.js';
import { judgeTwiml } from '../voice/accept.js';
import type { CallInput } from '../voice/accept.js';
import type { VoiceEngine } from '../voice/engine.js';
import { accessAccount } from './auth.js';
import { dateFilterParam, dateRange } from './date-filter.js';
import { listBody, listSchema, pagingQuery, readPaging } from './pagination.js';
import type { PagingParams } from './pagination.js';
import { callInput, createCallBody, updateCallBody, updateInput } from './call-params.js';
import type { CreateCallBody, UpdateCallBody } from './call-params.js';
import { formatFriendly, toE164 } from './params.js';
import { API_ROOT, API_VERSION, accountPath, nullableStr, recordSchema, rfc2822, str, uriMap } from './wire.js';

export function renderCall(c: Call) {
  const uri = accountPath(c.accountSid, 'Calls', c.sid);
  const sub = (name: string) => uri.replace(/\.json$/, `/${name}.json`);
  return {
    account_sid: c.accountSid, answered_by: c.answeredBy, api_version: API_VERSION, caller_name: c.callerName,
    date_created: rfc2822(c.dateCreated), date_updated: rfc2822(c.dateUpdated), direction: c.direction,
    duration: c.duration === null ? null : String(c.duration), end_time: c.endTime ? rfc2822(c.endTime) : null,
    forwarded_from: c.forwardedFrom, from: c.fromNumber, from_formatted: formatFriendly(c.fromNumber), group_sid: null,
    parent_call_sid: c.parentCallSid, phone_number_sid: c.phoneNumberSid, price: null, price_unit: 'USD',
    queue_time: String(c.queueTime), sid: c.sid, start_time: c.startTime ? rfc2822(c.startTime) : null, status: c.status,
    subresource_uris: { notifications: sub('Notifications'), recordings: sub('Recordings'), events: sub('Events') },
    to: c.toNumber, to_formatted: formatFriendly(c.toNumber), trunk_sid: null, uri,
  };
}

export const callSchema = recordSchema({
  account_sid: str, answered_by: nullableStr, api_version: str, caller_name: nullableStr, date_created: str, date_updated: str,
  direction: str, duration: nullableStr, end_time: nullableStr, forwarded_from: nullableStr, from: str, from_formatted: str,
  group_sid: nullableStr, parent_call_sid: nullableStr, phone_number_sid: nullableStr, price: nullableStr, price_unit: str,
  queue_time: str, sid: str, start_time: nullableStr, status: str, subresource_uris: uriMap, to: str, to_formatted: str,
  trunk_sid: nullableStr, uri: str,
});

/** A request Dialtone made for the call and its answer (Twilio's Call Events). */
function renderEvent(r: WebhookRequestRecord) {
  const headers = r.responseHeaders ? (JSON.parse(r.responseHeaders) as Record<string, string>) : {};
  return {
    request: { method: r.method, url: r.url, parameters: JSON.parse(r.requestParams) as Record<string, string> },
    response: {
      response_code: r.status, request_duration: r.durationMs, content_type: headers['content-type'] ?? null, response_body: r.responseBody,
      date_created: rfc2822(r.dateCreated), error_code: r.errorCode,
    },
  };
}
const eventSchema = { type: 'object', properties: { request: { type: 'object', additionalProperties: true }, response: { type: 'object', additionalProperties: true } } } as const;

const STATUSES: readonly CallStatus[] = ['queued', 'ringing', 'in-progress', 'completed', 'busy', 'failed', 'no-answer', 'canceled'];

/**
 * Twilio's documented answers to test credentials (https://www.twilio.com/docs/iam/test-credentials):
 * the magic From and To numbers; every other parameter is judged as with live credentials.
 */
function magicCall(testSid: string, input: CallInput): ReturnType<typeof renderCall> {
  const to = input.to ?? '';
  const from = input.from ?? '';
  if (!to) throw new TwilioError(21201, "No 'To' number is specified.");
  if (!from) throw new TwilioError(21213, "No 'From' number is specified.");
  if (toE164(to) === null) throw new TwilioError(21211, `The phone number you are attempting to call, ${to}, is not valid.`);
  if (from === '+15005550001' || toE164(from) === null) throw new TwilioError(21212, `The phone number you are attempting to call from, ${from}, is not a valid caller ID.`);
  if (from !== '+15005550006') throw new TwilioError(21210, `The source phone number provided, ${from}, is not yet verified for your account.`);
  const toErrors: Record<string, [21217 | 21214 | 21215 | 21216, string]> = {
    '+15005550001': [21217, `The phone number ${to} does not appear to be valid.`],
    '+15005550002': [21214, `The 'To' phone number ${to} cannot be reached.`],
    '+15005550003': [21215, `Account not authorized to call ${to}: your geographic permissions do not allow it.`],
    '+15005550004': [21216, `Calls to ${to} are blocked for this account.`],
  };
  const error = toErrors[to];
  if (error) throw new TwilioError(error[0], error[1]);
  if (input.url === null && input.twiml === null && input.applicationSid === null) throw new TwilioError(21205, "A 'Url', 'Twiml' or 'ApplicationSid' parameter is required.");
  if (input.url === null && input.twiml !== null) judgeTwiml(input.twiml);
  const now = nowIso();
  return renderCall({
    sid: newSid('CA'), accountSid: testSid, parentCallSid: null, direction: 'outbound-api', fromNumber: from, toNumber: to, phoneNumberSid: null,
    status: 'queued', startTime: null, endTime: null, duration: null, answeredBy: null, forwardedFrom: null, callerName: null, queueTime: 0,
    url: input.url, method: input.method, fallbackUrl: input.fallbackUrl, fallbackMethod: input.fallbackMethod, twiml: input.twiml,
    applicationSid: input.applicationSid, statusCallback: input.statusCallback, statusCallbackMethod: input.statusCallbackMethod,
    statusCallbackEvents: input.statusCallbackEvents.join(' '), timeout: input.timeout, timeLimit: input.timeLimit, sendDigits: input.sendDigits,
    record: input.record ? 1 : 0, recordingStatusCallback: input.recordingStatusCallback, recordingStatusCallbackMethod: input.recordingStatusCallbackMethod,
    recordingStatusCallbackEvents: input.recordingStatusCallbackEvents.join(' '), recordingTrack: input.recordingTrack, trim: input.trim,
    machineDetection: input.machineDetection, machineDetectionTimeout: input.machineDetectionTimeout, engineId: null, dateCreated: now, dateUpdated: now,
  });
}

type Params = { AccountSid: string; Sid: string };
interface ListQuery extends PagingParams {
  To?: string; From?: string; Status?: CallStatus; ParentCallSid?: string;
  StartTime?: string; 'StartTime<'?: string; 'StartTime>'?: string; EndTime?: string; 'EndTime<'?: string; 'EndTime>'?: string;
}

const text = (max: number) => ({ type: 'string', maxLength: max, 'x-code': 20001 }) as const;
const listQuery = {
  type: 'object',
  properties: {
    ...pagingQuery, To: text(64), From: text(64), Status: { type: 'string', enum: STATUSES, 'x-code': 20001 }, ParentCallSid: text(34),
    StartTime: dateFilterParam, 'StartTime<': dateFilterParam, 'StartTime>': dateFilterParam, EndTime: dateFilterParam, 'EndTime<': dateFilterParam, 'EndTime>': dateFilterParam,
  },
} as const;

export const callsRoutes: FastifyPluginAsync<{ store: Store; voice: VoiceEngine }> = async (app, { store, voice }) => {
  const base = `${API_ROOT}/Accounts/:AccountSid/Calls`;
  const notFound = (accountSid: string, sid: string) => new TwilioError(20404, `The requested resource ${accountPath(accountSid, 'Calls', sid)} was not found`);

  app.post<{ Params: { AccountSid: string }; Body: CreateCallBody }>(`${base}.json`, {
    config: { testCredentials: true }, schema: { body: createCallBody, response: { 201: callSchema } },
  }, async (request, reply) => {
    const { account, principal } = await accessAccount(store, request, request.params.AccountSid);
    const b = request.body ?? {};
    const input = callInput(b);
    if (principal.credential === 'test') return reply.status(201).send(magicCall(account.testSid, input));
    const call = await voice.create(account, input);
    return reply.status(201).send(renderCall(call));
  });

  app.get<{ Params: { AccountSid: string }; Querystring: ListQuery }>(`${base}.json`, {
    schema: { querystring: listQuery, response: { 200: listSchema('calls', callSchema) } },
  }, async (request) => {
    const { account } = await accessAccount(store, request, request.params.AccountSid);
    const q = request.query;
    const paging = readPaging(q, 'desc');
    const page = await listCalls(store.db, account.sid, {
      to: q.To, from: q.From, status: q.Status, parentCallSid: q.ParentCallSid,
      startTime: dateRange('StartTime', q.StartTime, q['StartTime<'], q['StartTime>']),
      endTime: dateRange('EndTime', q.EndTime, q['EndTime<'], q['EndTime>']),
    }, paging);
    return listBody(request, 'calls', paging, page, renderCall);
  });

  app.get<{ Params: Params }>(`${base}/:Sid.json`, { schema: { response: { 200: callSchema } } }, async (request) => {
    const { account } = await accessAccount(store, request, request.params.AccountSid);
    const found = await findCall(store.db, account.sid, request.params.Sid);
    if (!found) throw notFound(account.sid, request.params.Sid);
    return renderCall(found);
  });

  app.post<{ Params: Params; Body: UpdateCallBody }>(`${base}/:Sid.json`, {
    schema: { body: updateCallBody, response: { 200: callSchema } },
  }, async (request) => {
    const { account } = await accessAccount(store, request, request.params.AccountSid);
    const found = await findCall(store.db, account.sid, request.params.Sid);
    if (!found) throw notFound(account.sid, request.params.Sid);
    return renderCall(await voice.modify(found, updateInput(request.body ?? {})));
  });

  app.get<{ Params: { AccountSid: string; CallSid: string }; Querystring: PagingParams }>(`${base}/:CallSid/Events.json`, {
    schema: { querystring: { type: 'object', properties: pagingQuery }, response: { 200: listSchema('events', eventSchema) } },
  }, async (request) => {
    const { account } = await accessAccount(store, request, request.params.AccountSid);
    if (!(await findCall(store.db, account.sid, request.params.CallSid))) throw notFound(account.sid, request.params.CallSid);
    const paging = readPaging(request.query);
    const all = (await listWebhookRequests(store.db, account.sid, request.params.CallSid)).slice(paging.offset);
    return listBody(request, 'events', paging, { rows: all.slice(0, paging.pageSize), hasMore: all.length > paging.pageSize }, renderEvent);
  });

  app.delete<{ Params: Params }>(`${base}/:Sid.json`, async (request, reply) => {
    const { account } = await accessAccount(store, request, request.params.AccountSid);
    const found = await findCall(store.db, account.sid, request.params.Sid);
    if (!found) throw notFound(account.sid, request.params.Sid);
    if (['queued', 'ringing', 'in-progress'].includes(found.status)) throw new TwilioError(20009, `Call ${found.sid} is ${found.status}: a call can be deleted once it has ended.`);
    await deleteCall(store.db, account.sid, found.sid);
    return reply.status(204).send();
  });
};
