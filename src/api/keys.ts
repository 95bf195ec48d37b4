/**
 * API keys (`SK…`): create (the secret is returned this once), list, fetch, rename, delete.
 * Keys authenticate as their account for every resource but Accounts and Keys.
 */
import type { FastifyPluginAsync } from 'fastify';
import { TwilioError } from '../errors/index.js';
import type { Store } from '../store/index.js';
import { createKey, deleteKey, findKey, listKeys, renameKey } from '../store/keys.js';
import type { ApiKey } from '../store/keys.js';
import { accessAccount } from './auth.js';
import { listBody, listSchema, pagingQuery, readPaging } from './pagination.js';
import type { PagingParams } from './pagination.js';
import { API_ROOT, accountPath, recordSchema, rfc2822, str } from './wire.js';

function renderKey(key: ApiKey) {
  return { sid: key.sid, friendly_name: key.friendlyName, date_created: rfc2822(key.dateCreated), date_updated: rfc2822(key.dateUpdated) };
}

const keySchema = recordSchema({ sid: str, friendly_name: str, date_created: str, date_updated: str });
const newKeySchema = recordSchema({ sid: str, friendly_name: str, date_created: str, date_updated: str, secret: str });
const body = { type: 'object', properties: { FriendlyName: { type: 'string', maxLength: 64, 'x-code': 20001 } } } as const;

type Params = { AccountSid: string; Sid: string };

export const keysRoutes: FastifyPluginAsync<{ store: Store }> = async (app, { store }) => {
  const config = { noApiKeys: true };
  const base = `${API_ROOT}/Accounts/:AccountSid/Keys`;
  const notFound = (accountSid: string, sid: string) => new TwilioError(20404, `The requested resource ${accountPath(accountSid, 'Keys', sid)} was not found`);

  app.post<{ Params: { AccountSid: string }; Body: { FriendlyName?: string } }>(`${base}.json`, {
    config, schema: { body, response: { 201: newKeySchema } },
  }, async (request, reply) => {
    const { account } = await accessAccount(store, request, request.params.AccountSid);
    const { key, secret } = await createKey(store.db, account.sid, request.body?.FriendlyName ?? '');
    return reply.status(201).send({ ...renderKey(key), secret });
  });

  app.get<{ Params: { AccountSid: string }; Querystring: PagingParams }>(`${base}.json`, {
    config, schema: { querystring: { type: 'object', properties: pagingQuery }, response: { 200: listSchema('keys', keySchema) } },
  }, async (request) => {
    const { account } = await accessAccount(store, request, request.params.AccountSid);
    const paging = readPaging(request.query);
    return listBody(request, 'keys', paging, await listKeys(store.db, account.sid, paging), renderKey);
  });

  app.get<{ Params: Params }>(`${base}/:Sid.json`, { config, schema: { response: { 200: keySchema } } }, async (request) => {
    const { account } = await accessAccount(store, request, request.params.AccountSid);
    const key = await findKey(store.db, account.sid, request.params.Sid);
    if (!key) throw notFound(account.sid, request.params.Sid);
    return renderKey(key);
  });

  app.post<{ Params: Params; Body: { FriendlyName?: string } }>(`${base}/:Sid.json`, {
    config, schema: { body, response: { 200: keySchema } },
  }, async (request) => {
    const { account } = await accessAccount(store, request, request.params.AccountSid);
    const existing = await findKey(store.db, account.sid, request.params.Sid);
    if (!existing) throw notFound(account.sid, request.params.Sid);
    const key = await renameKey(store.db, account.sid, existing.sid, request.body?.FriendlyName ?? existing.friendlyName);
    if (!key) throw notFound(account.sid, request.params.Sid);
    return renderKey(key);
  });

  app.delete<{ Params: Params }>(`${base}/:Sid.json`, { config }, async (request, reply) => {
    const { account } = await accessAccount(store, request, request.params.AccountSid);
    if (!(await deleteKey(store.db, account.sid, request.params.Sid))) throw notFound(account.sid, request.params.Sid);
    return reply.status(204).send();
  });
};
