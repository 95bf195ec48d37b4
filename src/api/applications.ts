/**
 * Applications: reusable voice and SMS URL sets that phone numbers point at. Create, list
 * (filter FriendlyName), fetch, update, delete.
 */
import type { FastifyPluginAsync } from 'fastify';
import { TwilioError } from '../errors/index.js';
import { createApplication, deleteApplication, findApplication, listApplications, updateApplication } from '../store/applications.js';
import type { Application } from '../store/applications.js';
import type { Store } from '../store/index.js';
import { accessAccount } from './auth.js';
import { listBody, listSchema, pagingQuery, readPaging } from './pagination.js';
import type { PagingParams } from './pagination.js';
import { definedOnly, readUrl } from './params.js';
import { newRouting, readRouting, renderRouting, routingBody, routingSchema } from './routing.js';
import type { RoutingParams } from './routing.js';
import { API_ROOT, API_VERSION, accountPath, bool, nullableStr, orEmpty, recordSchema, rfc2822, str } from './wire.js';

function renderApplication(app: Application) {
  return {
    account_sid: app.accountSid,
    api_version: API_VERSION,
    date_created: rfc2822(app.dateCreated),
    date_updated: rfc2822(app.dateUpdated),
    friendly_name: app.friendlyName,
    message_status_callback: orEmpty(app.messageStatusCallback),
    sid: app.sid,
    sms_status_callback: orEmpty(app.smsStatusCallback),
    uri: accountPath(app.accountSid, 'Applications', app.sid),
    public_application_connect_enabled: app.publicApplicationConnectEnabled === 1,
    ...renderRouting(app),
  };
}

const applicationSchema = recordSchema({
  account_sid: str, api_version: str, date_created: str, date_updated: str, friendly_name: str,
  message_status_callback: str, sid: str, sms_status_callback: str, uri: nullableStr,
  public_application_connect_enabled: bool, ...routingSchema,
});

interface ApplicationBody extends RoutingParams {
  FriendlyName?: string;
  SmsStatusCallback?: string;
  MessageStatusCallback?: string;
  PublicApplicationConnectEnabled?: boolean;
}

const body = {
  type: 'object',
  properties: {
    ...routingBody,
    FriendlyName: { type: 'string', maxLength: 64, 'x-code': 20001 },
    SmsStatusCallback: { type: 'string', maxLength: 4096, 'x-code': 21205 },
    MessageStatusCallback: { type: 'string', maxLength: 4096, 'x-code': 21205 },
    PublicApplicationConnectEnabled: { type: 'boolean', 'x-code': 20001 },
  },
} as const;

function readApplication(b: ApplicationBody) {
  return definedOnly({
    friendlyName: b.FriendlyName,
    smsStatusCallback: readUrl('SmsStatusCallback', b.SmsStatusCallback),
    messageStatusCallback: readUrl('MessageStatusCallback', b.MessageStatusCallback),
    publicApplicationConnectEnabled: b.PublicApplicationConnectEnabled === undefined ? undefined : Number(b.PublicApplicationConnectEnabled),
  });
}

type Params = { AccountSid: string; Sid: string };

export const applicationsRoutes: FastifyPluginAsync<{ store: Store }> = async (app, { store }) => {
  const base = `${API_ROOT}/Accounts/:AccountSid/Applications`;
  const notFound = (accountSid: string, sid: string) => new TwilioError(20404, `The requested resource ${accountPath(accountSid, 'Applications', sid)} was not found`);

  app.post<{ Params: { AccountSid: string }; Body: ApplicationBody }>(`${base}.json`, {
    schema: { body, response: { 201: applicationSchema } },
  }, async (request, reply) => {
    const { account } = await accessAccount(store, request, request.params.AccountSid);
    const b = request.body ?? {};
    const created = await createApplication(store.db, account.sid, {
      friendlyName: '', smsStatusCallback: null, messageStatusCallback: null, publicApplicationConnectEnabled: 1,
      ...newRouting(b), ...readApplication(b),
    });
    return reply.status(201).send(renderApplication(created));
  });

  app.get<{ Params: { AccountSid: string }; Querystring: PagingParams & { FriendlyName?: string } }>(`${base}.json`, {
    schema: { querystring: { type: 'object', properties: { ...pagingQuery, FriendlyName: str } }, response: { 200: listSchema('applications', applicationSchema) } },
  }, async (request) => {
    const { account } = await accessAccount(store, request, request.params.AccountSid);
    const paging = readPaging(request.query);
    const page = await listApplications(store.db, account.sid, { friendlyName: request.query.FriendlyName }, paging);
    return listBody(request, 'applications', paging, page, renderApplication);
  });

  app.get<{ Params: Params }>(`${base}/:Sid.json`, { schema: { response: { 200: applicationSchema } } }, async (request) => {
    const { account } = await accessAccount(store, request, request.params.AccountSid);
    const found = await findApplication(store.db, account.sid, request.params.Sid);
    if (!found) throw notFound(account.sid, request.params.Sid);
    return renderApplication(found);
  });

  app.post<{ Params: Params; Body: ApplicationBody }>(`${base}/:Sid.json`, {
    schema: { body, response: { 200: applicationSchema } },
  }, async (request) => {
    const { account } = await accessAccount(store, request, request.params.AccountSid);
    const b = request.body ?? {};
    const changes = { ...readRouting(b), ...readApplication(b) };
    if (!(await findApplication(store.db, account.sid, request.params.Sid))) throw notFound(account.sid, request.params.Sid);
    const updated = await updateApplication(store.db, account.sid, request.params.Sid, changes);
    if (!updated) throw notFound(account.sid, request.params.Sid);
    return renderApplication(updated);
  });

  app.delete<{ Params: Params }>(`${base}/:Sid.json`, async (request, reply) => {
    const { account } = await accessAccount(store, request, request.params.AccountSid);
    if (!(await deleteApplication(store.db, account.sid, request.params.Sid))) throw notFound(account.sid, request.params.Sid);
    return reply.status(204).send();
  });
};
