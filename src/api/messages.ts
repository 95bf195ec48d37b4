/**
 * Messages: send (`client.messages.create`), list with Twilio's filters (To, From, DateSent,
 * DateSent<, DateSent>; most recent first), fetch, redact (`Body=""`), delete, and the Media
 * subresource. With test credentials, Twilio's magic numbers answer and nothing is sent.
 */
import type { FastifyPluginAsync } from 'fastify';
import { TwilioError } from '../errors/index.js';
import type { MessagingEngine } from '../messaging/engine.js';
import { segmentBody } from '../messaging/encoding.js';
import { judgeAddresses, judgeContent } from '../messaging/outbound.js';
import type { OutboundInput } from '../messaging/outbound.js';
import type { Store } from '../store/index.js';
import { findAccount } from '../store/accounts.js';
import { findMediaContent } from '../store/media-content.js';
import { loadMessageSteps } from '../store/message-steps.js';
import { deleteMessage, findMessage, listMedia, listMediaPage, listMessages, redactMessage } from '../store/messages.js';
import type { Message, MessageMedia } from '../store/messages.js';
import type { MessageStatus } from '../store/schema.js';
import { newSid, nowIso } from '../store/sid.js';
import { accessAccount, assertActive } from './auth.js';
import { messageFeedbackRoutes } from './message-feedback.js';
import { dateFilterParam, dateRange } from './date-filter.js';
import { listBody, listSchema, pagingQuery, readPaging } from './pagination.js';
import type { PagingParams } from './pagination.js';
import { API_ROOT, API_VERSION, accountPath, nullableStr, recordSchema, requestedPath, rfc2822, str, uriMap } from './wire.js';

export function renderMessage(m: Message) {
  const uri = accountPath(m.accountSid, 'Messages', m.sid);
  return {
    account_sid: m.accountSid, api_version: API_VERSION, body: m.body, date_created: rfc2822(m.dateCreated),
    date_sent: m.dateSent ? rfc2822(m.dateSent) : null, date_updated: rfc2822(m.dateUpdated), direction: m.direction,
    error_code: m.errorCode, error_message: m.errorMessage, from: m.fromNumber, messaging_service_sid: null,
    num_media: String(m.numMedia), num_segments: String(m.numSegments), price: null, price_unit: null, sid: m.sid, status: m.status,
    subresource_uris: { media: uri.replace(/\.json$/, '/Media.json'), feedback: uri.replace(/\.json$/, '/Feedback.json') },
    to: m.toNumber, uri,
  };
}

/** Statuses of a message not yet sent or received: neither it nor its media may be deleted (20009), nor its body redacted. */
const IN_FLIGHT: ReadonlySet<MessageStatus> = new Set<MessageStatus>(['accepted', 'scheduled', 'queued', 'sending', 'receiving']);

/**
 * What keeps a message from being redacted or deleted, if anything: a status still in flight,
 * or (an inbound message) its app still being asked, whose log would keep what was taken away.
 */
async function stillInFlight(store: Store, message: Message): Promise<string | null> {
  if (IN_FLIGHT.has(message.status)) return message.status;
  if (message.direction !== 'inbound') return null;
  return (await loadMessageSteps(store.db, message.sid)).has('done') ? null : 'being handled by its app';
}

const messageSchema = recordSchema({
  account_sid: str, api_version: str, body: str, date_created: str, date_sent: nullableStr, date_updated: str, direction: str,
  error_code: { type: ['integer', 'null'] }, error_message: nullableStr, from: str, messaging_service_sid: nullableStr,
  num_media: str, num_segments: str, price: nullableStr, price_unit: nullableStr, sid: str, status: str, subresource_uris: uriMap, to: str, uri: str,
});

function renderMedia(m: MessageMedia) {
  return {
    account_sid: m.accountSid, content_type: m.contentType, date_created: rfc2822(m.dateCreated), date_updated: rfc2822(m.dateUpdated),
    parent_sid: m.messageSid, sid: m.sid, uri: accountPath(m.accountSid, 'Messages', m.messageSid, 'Media', m.sid),
  };
}
const mediaSchema = recordSchema({ account_sid: str, content_type: str, date_created: str, date_updated: str, parent_sid: str, sid: str, uri: str });

interface CreateBody {
  To?: string; From?: string; Body?: string; MediaUrl?: string[]; StatusCallback?: string; ApplicationSid?: string;
  ValidityPeriod?: string; MessagingServiceSid?: string; SendAt?: string; ScheduleType?: string; ProvideFeedback?: string; SmartEncoded?: string;
}

const text = (max: number, code = 20001) => ({ type: 'string', maxLength: max, 'x-code': code }) as const;
const createBody = {
  type: 'object',
  properties: {
    To: text(64, 21211), From: text(64, 21212), Body: text(8000, 21617), MediaUrl: { type: 'array', items: text(4096, 21620), maxItems: 100, 'x-code': 21623 },
    StatusCallback: text(4096, 21609), ApplicationSid: text(34, 21218), ValidityPeriod: text(16, 90007),
    MessagingServiceSid: text(34), SendAt: text(64), ScheduleType: text(16), ProvideFeedback: { type: 'string', enum: ['true', 'false', 'True', 'False'], 'x-code': 20001 },
    SmartEncoded: { type: 'string', enum: ['true', 'false', 'True', 'False'], 'x-code': 20001 },
  },
} as const;

/** Twilio's documented answers to test credentials: https://www.twilio.com/docs/iam/test-credentials */
function magicMessage(testSid: string, input: OutboundInput): Message {
  // Everything but the numbers' magic is judged as for live credentials.
  const { to, from } = judgeAddresses(input);
  const fromErrors: Record<string, [21212 | 21606 | 21611, string]> = {
    '+15005550001': [21212, `The 'From' number ${from} is not a valid phone number.`],
    '+15005550007': [21606, `The From phone number ${from} is not a valid, SMS-capable inbound phone number or short code for your account.`],
    '+15005550008': [21611, `This 'From' number ${from} has exceeded the maximum number of queued messages.`],
  };
  const toErrors: Record<string, [21211 | 21612 | 21408 | 21610 | 21614, string]> = {
    '+15005550001': [21211, `The 'To' number ${to} is not a valid phone number.`],
    '+15005550002': [21612, `The 'To' phone number: ${to}, is not currently reachable using the 'From' phone number via SMS.`],
    '+15005550003': [21408, `Permission to send an SMS has not been enabled for the region indicated by the 'To' number: ${to}.`],
    '+15005550004': [21610, `Attempt to send to unsubscribed recipient ${to}.`],
    '+15005550009': [21614, `'To' number ${to} is not a valid mobile number.`],
  };
  const fromError = fromErrors[from];
  if (fromError) throw new TwilioError(fromError[0], fromError[1]);
  if (from !== '+15005550006') throw new TwilioError(21606, `The From phone number ${from} is not a valid, SMS-capable inbound phone number or short code for your account.`);
  const toError = toErrors[to];
  if (toError) throw new TwilioError(toError[0], toError[1]);
  const body = judgeContent(input);
  const now = nowIso();
  const numMedia = input.mediaUrls.length;
  return {
    sid: newSid(numMedia > 0 ? 'MM' : 'SM'), accountSid: testSid, direction: 'outbound-api', fromNumber: from, toNumber: to,
    body, status: 'queued', numSegments: segmentBody(body).segments, numMedia, errorCode: null, errorMessage: null,
    statusCallback: null, statusCallbackMethod: 'POST', applicationSid: null, validityPeriod: null, sendAt: null, dateSent: null, dateCreated: now, dateUpdated: now,
  };
}

/** The message a create request asks for, as the engine (and the test credentials' judge) takes it. */
function outboundInput(b: CreateBody): OutboundInput {
  return {
    to: b.To, from: b.From, body: b.Body, mediaUrls: b.MediaUrl ?? [], statusCallback: b.StatusCallback ?? null,
    applicationSid: b.ApplicationSid ?? null, validityPeriod: validityParam(b.ValidityPeriod), direction: 'outbound-api',
    provideFeedback: b.ProvideFeedback?.toLowerCase() === 'true', smartEncoded: b.SmartEncoded?.toLowerCase() === 'true',
  };
}

/** ValidityPeriod as sent: whole seconds, else NaN (which the engine refuses with 90007). */
function validityParam(value: string | undefined): number | null {
  if (value === undefined) return null;
  return /^\s*-?\d+\s*$/.test(value) ? Number(value) : Number.NaN;
}

type Params = { AccountSid: string; Sid: string };
interface ListQuery extends PagingParams { To?: string; From?: string; DateSent?: string; 'DateSent<'?: string; 'DateSent>'?: string }
interface MediaQuery extends PagingParams { DateCreated?: string; 'DateCreated<'?: string; 'DateCreated>'?: string }

export const messagesRoutes: FastifyPluginAsync<{ store: Store; messaging: MessagingEngine }> = async (app, { store, messaging }) => {
  await app.register(messageFeedbackRoutes, { store });
  const base = `${API_ROOT}/Accounts/:AccountSid/Messages`;
  const notFound = (path: string) => new TwilioError(20404, `The requested resource ${path} was not found`);
  /** The account of a media path asked for without credentials: it must exist and be active (20005), as with them. */
  const publicMediaAccount = async (sid: string): Promise<string> => {
    const account = await findAccount(store.db, sid);
    if (account) await assertActive(store, account);
    return sid;
  };

  app.post<{ Params: { AccountSid: string }; Body: CreateBody }>(`${base}.json`, {
    config: { testCredentials: true }, schema: { body: createBody, response: { 201: messageSchema } },
  }, async (request, reply) => {
    const { account, principal } = await accessAccount(store, request, request.params.AccountSid);
    const b = request.body ?? {};
    if (principal.credential === 'test') return reply.status(201).send(renderMessage(magicMessage(account.testSid, outboundInput(b))));
    if (b.ScheduleType !== undefined && b.ScheduleType !== 'fixed') throw new TwilioError(35126, `ScheduleType must be fixed, not ${b.ScheduleType}.`);
    if ((b.SendAt === undefined) !== (b.ScheduleType === undefined)) throw new TwilioError(35111, 'SendAt and ScheduleType=fixed go together to schedule a message.');
    const sendAt = b.SendAt === undefined ? null : readSendAt(b.SendAt);
    if (b.From === undefined && b.MessagingServiceSid !== undefined) throw new TwilioError(21603, 'Messaging Services are not supported by Dialtone yet: give a From number.');
    const message = await messaging.send(account, { ...outboundInput(b), sendAt });
    return reply.status(201).send(renderMessage(message));
  });

  app.get<{ Params: { AccountSid: string }; Querystring: ListQuery }>(`${base}.json`, {
    schema: {
      querystring: { type: 'object', properties: { ...pagingQuery, To: text(64), From: text(64), DateSent: dateFilterParam, 'DateSent<': dateFilterParam, 'DateSent>': dateFilterParam } },
      response: { 200: listSchema('messages', messageSchema) },
    },
  }, async (request) => {
    const { account } = await accessAccount(store, request, request.params.AccountSid);
    const q = request.query;
    const paging = readPaging(q, 'desc');
    const page = await listMessages(store.db, account.sid, { to: q.To, from: q.From, dateSent: dateRange('DateSent', q.DateSent, q['DateSent<'], q['DateSent>']) }, paging);
    return listBody(request, 'messages', paging, page, renderMessage);
  });

  app.get<{ Params: Params }>(`${base}/:Sid.json`, { schema: { response: { 200: messageSchema } } }, async (request) => {
    const { account } = await accessAccount(store, request, request.params.AccountSid);
    const found = await findMessage(store.db, account.sid, request.params.Sid);
    if (!found) throw notFound(accountPath(account.sid, 'Messages', request.params.Sid));
    return renderMessage(found);
  });

  // Twilio answers every malformed update with 30400 (its page lists each case), and a cancel of
  // a message no longer scheduled with 30409.
  app.post<{ Params: Params; Body: { Body?: string; Status?: string } }>(`${base}/:Sid.json`, {
    schema: { body: { type: 'object', properties: { Body: text(8000, 30400), Status: text(32, 30400) } }, response: { 200: messageSchema } },
  }, async (request) => {
    const { account } = await accessAccount(store, request, request.params.AccountSid);
    const found = await findMessage(store.db, account.sid, request.params.Sid);
    if (!found) throw notFound(accountPath(account.sid, 'Messages', request.params.Sid));
    const b = request.body ?? {};
    if (b.Body === undefined && b.Status === undefined) throw new TwilioError(30400, 'The request is missing parameters Body or Status.');
    if (b.Body !== undefined && b.Status !== undefined) throw new TwilioError(30400, 'A message cannot be canceled and its body redacted in the same request.');
    if (b.Status !== undefined) {
      if (b.Status !== 'canceled') throw new TwilioError(30400, `Status ${b.Status} is not valid: the only value accepted is canceled.`);
      const canceled = await messaging.cancel(found);
      if (!canceled) throw new TwilioError(30409, `Message ${found.sid} cannot be canceled: it is ${(await findMessage(store.db, account.sid, found.sid))?.status ?? found.status}, and only scheduled messages can be.`);
      return renderMessage(canceled);
    }
    if (b.Body !== '') throw new TwilioError(30400, 'Body can only be set to the empty string, which redacts the message.');
    const busy = await stillInFlight(store, found);
    if (busy) throw new TwilioError(20001, `Message ${found.sid} is still ${busy} and cannot be redacted yet.`);
    const redacted = await redactMessage(store.db, account.sid, found.sid);
    if (!redacted) throw notFound(accountPath(account.sid, 'Messages', found.sid));
    return renderMessage(redacted);
  });

  app.delete<{ Params: Params }>(`${base}/:Sid.json`, async (request, reply) => {
    const { account } = await accessAccount(store, request, request.params.AccountSid);
    const found = await findMessage(store.db, account.sid, request.params.Sid);
    if (!found) throw notFound(accountPath(account.sid, 'Messages', request.params.Sid));
    const busy = await stillInFlight(store, found);
    if (busy) throw new TwilioError(20009, `Message ${found.sid} is still ${busy} and cannot be deleted yet (cancel a scheduled message first).`);
    await deleteMessage(store.db, account.sid, found.sid);
    return reply.status(204).send();
  });

  app.get<{ Params: { AccountSid: string; MessageSid: string }; Querystring: MediaQuery }>(`${base}/:MessageSid/Media.json`, {
    schema: {
      querystring: { type: 'object', properties: { ...pagingQuery, DateCreated: dateFilterParam, 'DateCreated<': dateFilterParam, 'DateCreated>': dateFilterParam } },
      response: { 200: listSchema('media_list', mediaSchema) },
    },
  }, async (request) => {
    const { account } = await accessAccount(store, request, request.params.AccountSid);
    if (!(await findMessage(store.db, account.sid, request.params.MessageSid))) throw notFound(requestedPath(request));
    const q = request.query;
    const paging = readPaging(q);
    const dateCreated = dateRange('DateCreated', q.DateCreated, q['DateCreated<'], q['DateCreated>']);
    const page = await listMediaPage(store.db, account.sid, request.params.MessageSid, { dateCreated }, paging);
    return listBody(request, 'media_list', paging, page, renderMedia);
  });

  app.get<{ Params: { AccountSid: string; MessageSid: string; Sid: string } }>(`${base}/:MessageSid/Media/:Sid.json`, {
    schema: { response: { 200: mediaSchema } },
  }, async (request) => {
    const { account } = await accessAccount(store, request, request.params.AccountSid);
    const media = (await listMedia(store.db, account.sid, request.params.MessageSid)).find((m) => m.sid === request.params.Sid);
    if (!media) throw notFound(accountPath(account.sid, 'Messages', request.params.MessageSid, 'Media', request.params.Sid));
    return renderMedia(media);
  });

  // The media's content: the copy the platform made (messaging/media.ts), with the type it was
  // served with. Media not copied (yet: a message still queued; or an inbound copy that failed)
  // redirects to where it came from.
  // Without credentials only when the platform serves media publicly (DIALTONE_PUBLIC_MEDIA): the
  // three SIDs in the path are the only key then, as on Twilio without "Enforce HTTP Auth".
  app.get<{ Params: { AccountSid: string; MessageSid: string; Sid: string } }>(`${base}/:MessageSid/Media/:Sid`, { config: { publicMedia: true } }, async (request, reply) => {
    const accountSid = request.principal === null ? await publicMediaAccount(request.params.AccountSid) : (await accessAccount(store, request, request.params.AccountSid)).account.sid;
    const media = (await listMedia(store.db, accountSid, request.params.MessageSid)).find((m) => m.sid === request.params.Sid);
    if (!media) throw notFound(accountPath(accountSid, 'Messages', request.params.MessageSid, 'Media', request.params.Sid).replace(/\.json$/, ''));
    const content = await findMediaContent(store.db, media.sid);
    if (content) {
      // Served from the platform's origin (the console's): never as a page. Pictures and sound
      // show inline; anything else (a PDF, a vCard, whatever an inbound sender attached) downloads.
      const inline = /^(image\/(jpeg|jpg|gif|png|bmp|tiff|heic|heif|webp)|audio\/[\w.+-]+|video\/[\w.+-]+)$/.test(media.contentType);
      return reply.status(200).header('content-type', media.contentType).header('cache-control', 'private, max-age=3600')
        .header('x-content-type-options', 'nosniff').header('content-security-policy', "sandbox; default-src 'none'")
        .header('content-disposition', inline ? 'inline' : `attachment; filename="${media.sid}"`).send(content);
    }
    return reply.status(307).header('location', media.url).header('content-type', media.contentType).send();
  });

  app.delete<{ Params: { AccountSid: string; MessageSid: string; Sid: string } }>(`${base}/:MessageSid/Media/:Sid.json`, async (request, reply) => {
    const { account } = await accessAccount(store, request, request.params.AccountSid);
    // What is still to be sent keeps its media: a message is never sent without what it was accepted with.
    const message = await findMessage(store.db, account.sid, request.params.MessageSid);
    if (message && IN_FLIGHT.has(message.status)) {
      throw new TwilioError(20009, `Message ${message.sid} is still ${message.status}: its media can be deleted once it has been sent (cancel a scheduled message first).`);
    }
    const result = await store.db.deleteFrom('messageMedia').where('accountSid', '=', account.sid)
      .where('messageSid', '=', request.params.MessageSid).where('sid', '=', request.params.Sid).executeTakeFirst();
    if (Number(result.numDeletedRows) === 0) throw notFound(accountPath(account.sid, 'Messages', request.params.MessageSid, 'Media', request.params.Sid));
    return reply.status(204).send();
  });
};

/** An ISO 8601 time with its zone (`2026-12-01T10:00:00Z`, as the SDKs send it), as Twilio requires of SendAt; none that rolls over. */
const ISO_WITH_ZONE = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/;

function readSendAt(value: string): Date {
  const parts = ISO_WITH_ZONE.exec(value);
  const date = new Date(value);
  const midnight = new Date(`${parts?.[1] ?? ''}T00:00:00Z`);
  const real = parts !== null && !Number.isNaN(date.getTime()) && Number(parts[2]) < 24 && Number(parts[3]) < 60 && Number(parts[4] ?? 0) < 60
    && !Number.isNaN(midnight.getTime()) && midnight.toISOString().slice(0, 10) === parts[1];
  if (!real) throw new TwilioError(35114, `SendAt ${value.slice(0, 64)} is not an ISO 8601 time with its zone (for example 2026-12-01T10:00:00Z).`);
  return date;
}
