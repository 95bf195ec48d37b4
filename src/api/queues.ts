/**
 * Queues and their Members: create (`FriendlyName` required and unique in the account,
 * `MaxSize` 1–5000, default 1000), list, fetch, update, delete (only an empty queue, as
 * Twilio's "Remove an empty queue"); list a queue's members front first, fetch one (or
 * `Front`), and dequeue one with `Url` (+ `Method`): it leaves the queue and its call runs the
 * TwiML at `Url`. Sizes, positions and wait times are computed when asked.
 * https://www.twilio.com/docs/voice/api/queue-resource, /docs/voice/api/member-resource
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { TwilioError } from '../errors/index.js';
import { findCallBySid } from '../store/calls.js';
import { isUniqueViolation } from '../store/constraint.js';
import type { Store } from '../store/index.js';
import { DEFAULT_MAX_SIZE, LARGEST_MAX_SIZE, createQueue, deleteQueue, findMember, findQueue, listMembers, listQueues, queueState, updateQueue } from '../store/queues.js';
import type { MemberState, Queue, QueueState } from '../store/queues.js';
import type { VoiceEngine } from '../voice/engine.js';
import { accessAccount } from './auth.js';
import { listBody, listSchema, pagingQuery, readPaging } from './pagination.js';
import type { PagingParams } from './pagination.js';
import { methodParam, readMethod, readUrl } from './params.js';
import { API_ROOT, accountPath, recordSchema, requestedPath, rfc2822, str, uriMap } from './wire.js';

const int = { type: 'integer' } as const;

function renderQueue(q: QueueState) {
  const uri = accountPath(q.accountSid, 'Queues', q.sid);
  return {
    account_sid: q.accountSid, average_wait_time: q.averageWaitTime, current_size: q.currentSize, date_created: rfc2822(q.dateCreated),
    date_updated: rfc2822(q.dateUpdated), friendly_name: q.friendlyName, max_size: q.maxSize, sid: q.sid, uri,
    subresource_uris: { members: uri.replace(/\.json$/, '/Members.json') },
  };
}
const queueSchema = recordSchema({
  account_sid: str, average_wait_time: int, current_size: int, date_created: str, date_updated: str, friendly_name: str, max_size: int, sid: str, uri: str, subresource_uris: uriMap,
});

function renderMember(m: MemberState) {
  return {
    call_sid: m.sid, date_enqueued: rfc2822(m.dateCreated), position: m.position, queue_sid: m.queueSid, wait_time: m.waitTime,
    uri: accountPath(m.accountSid, 'Queues', m.queueSid, 'Members', m.sid),
  };
}
const memberSchema = recordSchema({ call_sid: str, date_enqueued: str, position: int, queue_sid: str, wait_time: int, uri: str });

interface QueueBody { FriendlyName?: string; MaxSize?: number }
const maxSize = { type: 'integer', minimum: 1, maximum: LARGEST_MAX_SIZE, 'x-code': 20001 } as const;
const friendlyName = { type: 'string', minLength: 1, maxLength: 64, 'x-code': 20001 } as const;
const createBody = { type: 'object', required: ['FriendlyName'], properties: { FriendlyName: friendlyName, MaxSize: maxSize } } as const;
const updateBody = { type: 'object', properties: { FriendlyName: friendlyName, MaxSize: maxSize } } as const;
const memberBody = { type: 'object', required: ['Url'], properties: { Url: { type: 'string', maxLength: 4096, 'x-code': 21205 }, Method: methodParam } } as const;

type QueueParams = { AccountSid: string; Sid: string };
type MemberParams = { AccountSid: string; QueueSid: string; CallSid: string };

/** Runs a write that may break the unique FriendlyName, in Twilio's terms. */
async function uniqueName<T>(name: string | undefined, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (isUniqueViolation(err)) throw new TwilioError(20001, `A queue with FriendlyName ${name ?? ''} already exists in this account.`);
    throw err;
  }
}

export const queuesRoutes: FastifyPluginAsync<{ store: Store; voice: VoiceEngine }> = async (app, { store, voice }) => {
  const base = `${API_ROOT}/Accounts/:AccountSid/Queues`;
  const notFound = (request: FastifyRequest) => new TwilioError(20404, `The requested resource ${requestedPath(request)} was not found`);
  const ownQueue = async (request: FastifyRequest, accountSid: string, sid: string): Promise<Queue> => {
    const { account } = await accessAccount(store, request, accountSid);
    const found = await findQueue(store.db, account.sid, sid);
    if (!found) throw notFound(request);
    return found;
  };
  const ownMember = async (request: FastifyRequest<{ Params: MemberParams }>): Promise<MemberState> => {
    const queue = await ownQueue(request, request.params.AccountSid, request.params.QueueSid);
    const member = await findMember(store.db, queue.sid, request.params.CallSid);
    if (!member) throw notFound(request);
    return member;
  };

  app.post<{ Params: { AccountSid: string }; Body: QueueBody }>(`${base}.json`, { schema: { body: createBody, response: { 201: queueSchema } } }, async (request, reply) => {
    const { account } = await accessAccount(store, request, request.params.AccountSid);
    const { FriendlyName: name = '', MaxSize: size = DEFAULT_MAX_SIZE } = request.body;
    const created = await uniqueName(name, () => createQueue(store.db, account.sid, name, size));
    return reply.status(201).send(renderQueue(await queueState(store.db, created)));
  });

  app.get<{ Params: { AccountSid: string }; Querystring: PagingParams }>(`${base}.json`, {
    schema: { querystring: { type: 'object', properties: pagingQuery }, response: { 200: listSchema('queues', queueSchema) } },
  }, async (request) => {
    const { account } = await accessAccount(store, request, request.params.AccountSid);
    const paging = readPaging(request.query);
    const page = await listQueues(store.db, account.sid, paging);
    const rows: QueueState[] = [];
    for (const q of page.rows) rows.push(await queueState(store.db, q));
    return listBody(request, 'queues', paging, { rows, hasMore: page.hasMore }, renderQueue);
  });

  app.get<{ Params: QueueParams }>(`${base}/:Sid.json`, { schema: { response: { 200: queueSchema } } }, async (request) =>
    renderQueue(await queueState(store.db, await ownQueue(request, request.params.AccountSid, request.params.Sid))));

  app.post<{ Params: QueueParams; Body: QueueBody }>(`${base}/:Sid.json`, { schema: { body: updateBody, response: { 200: queueSchema } } }, async (request) => {
    const queue = await ownQueue(request, request.params.AccountSid, request.params.Sid);
    const b = request.body ?? {};
    const changes = { ...(b.FriendlyName !== undefined ? { friendlyName: b.FriendlyName } : {}), ...(b.MaxSize !== undefined ? { maxSize: b.MaxSize } : {}) };
    const updated = await uniqueName(b.FriendlyName, () => updateQueue(store.db, queue.accountSid, queue.sid, changes));
    if (!updated) throw notFound(request);
    return renderQueue(await queueState(store.db, updated));
  });

  app.delete<{ Params: QueueParams }>(`${base}/:Sid.json`, async (request, reply) => {
    const queue = await ownQueue(request, request.params.AccountSid, request.params.Sid);
    const state = await queueState(store.db, queue);
    if (state.currentSize > 0) throw new TwilioError(20001, `Queue ${queue.sid} has ${state.currentSize} member(s); only an empty queue can be deleted.`);
    await deleteQueue(store.db, queue.accountSid, queue.sid);
    return reply.status(204).send();
  });

  app.get<{ Params: { AccountSid: string; QueueSid: string }; Querystring: PagingParams }>(`${base}/:QueueSid/Members.json`, {
    schema: { querystring: { type: 'object', properties: pagingQuery }, response: { 200: listSchema('queue_members', memberSchema) } },
  }, async (request) => {
    const queue = await ownQueue(request, request.params.AccountSid, request.params.QueueSid);
    const paging = readPaging(request.query);
    return listBody(request, 'queue_members', paging, await listMembers(store.db, queue.sid, paging), renderMember);
  });

  app.get<{ Params: MemberParams }>(`${base}/:QueueSid/Members/:CallSid.json`, { schema: { response: { 200: memberSchema } } }, async (request) =>
    renderMember(await ownMember(request)));

  app.post<{ Params: MemberParams; Body: { Url: string; Method?: string } }>(`${base}/:QueueSid/Members/:CallSid.json`, {
    schema: { body: memberBody, response: { 200: memberSchema } },
  }, async (request) => {
    const member = await ownMember(request);
    const url = readUrl('Url', request.body.Url) ?? null;
    if (url === null) throw new TwilioError(21205, 'Url is not a valid URL: (empty)');
    const call = await findCallBySid(store.db, member.sid);
    if (!call) throw notFound(request);
    // The call leaves the queue and runs the TwiML at Url, as a live redirect does (the Enqueue action is not requested).
    await voice.modify(call, { url, method: readMethod(request.body.Method) ?? 'POST' });
    const waiter = voice.queues.find(member.queueSid, member.sid);
    if (waiter) await voice.queues.leave(waiter);
    return renderMember(member);
  });
};
