/**
 * Accounts: the caller's own account and its subaccounts. List, fetch, create a subaccount,
 * rename, suspend, reactivate and close. Only the account's own token reaches this resource.
 */
import type { FastifyPluginAsync } from 'fastify';
import { TwilioError } from '../errors/index.js';
import { createAccount, listAccounts, updateAccount } from '../store/accounts.js';
import type { Account } from '../store/accounts.js';
import type { Store } from '../store/index.js';
import type { AccountStatus } from '../store/schema.js';
import { accessAccount } from './auth.js';
import { listBody, listSchema, pagingQuery, readPaging } from './pagination.js';
import type { PagingParams } from './pagination.js';
import { API_ROOT, accountPath, nullableStr, recordSchema, rfc2822, str, uriMap } from './wire.js';

/** The subresources Twilio lists on every account, by key and path segment. */
const SUBRESOURCES: ReadonlyArray<readonly [string, string]> = [
  ['addresses', 'Addresses'], ['conferences', 'Conferences'], ['signing_keys', 'SigningKeys'],
  ['transcriptions', 'Transcriptions'], ['connect_apps', 'ConnectApps'], ['sip', 'SIP'],
  ['authorized_connect_apps', 'AuthorizedConnectApps'], ['usage', 'Usage'], ['keys', 'Keys'],
  ['applications', 'Applications'], ['recordings', 'Recordings'], ['short_codes', 'SMS/ShortCodes'],
  ['calls', 'Calls'], ['notifications', 'Notifications'], ['incoming_phone_numbers', 'IncomingPhoneNumbers'],
  ['queues', 'Queues'], ['messages', 'Messages'], ['outgoing_caller_ids', 'OutgoingCallerIds'],
  ['available_phone_numbers', 'AvailablePhoneNumbers'], ['balance', 'Balance'],
];

export function renderAccount(account: Account) {
  return {
    auth_token: account.authToken,
    date_created: rfc2822(account.dateCreated),
    date_updated: rfc2822(account.dateUpdated),
    friendly_name: account.friendlyName,
    owner_account_sid: account.parentSid ?? account.sid,
    sid: account.sid,
    status: account.status,
    subresource_uris: Object.fromEntries(SUBRESOURCES.map(([key, path]) => [key, accountPath(account.sid, path)])),
    type: account.type,
    uri: accountPath(account.sid),
  };
}

const accountSchema = recordSchema({
  auth_token: str, date_created: str, date_updated: str, friendly_name: str, owner_account_sid: str,
  sid: str, status: str, subresource_uris: uriMap, type: str, uri: nullableStr,
});

const STATUSES = ['active', 'suspended', 'closed'] as const;
const friendlyName = { type: 'string', maxLength: 64, 'x-code': 20001 } as const;

interface AccountListQuery extends PagingParams { FriendlyName?: string; Status?: AccountStatus }
interface AccountBody { FriendlyName?: string; Status?: AccountStatus }

function defaultSubaccountName(): string {
  return `SubAccount Created at ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export const accountsRoutes: FastifyPluginAsync<{ store: Store }> = async (app, { store }) => {
  const config = { noApiKeys: true };

  app.get<{ Querystring: AccountListQuery }>(`${API_ROOT}/Accounts.json`, {
    config,
    schema: {
      querystring: { type: 'object', properties: { ...pagingQuery, FriendlyName: str, Status: { type: 'string', enum: STATUSES, 'x-code': 20001 } } },
      response: { 200: listSchema('accounts', accountSchema) },
    },
  }, async (request) => {
    const principal = request.principal;
    if (!principal) throw new TwilioError(20003, 'Authenticate');
    const paging = readPaging(request.query);
    const filter = { visibleTo: principal.account.sid, friendlyName: request.query.FriendlyName, status: request.query.Status };
    return listBody(request, 'accounts', paging, await listAccounts(store.db, filter, paging), renderAccount);
  });

  app.post<{ Body: AccountBody }>(`${API_ROOT}/Accounts.json`, {
    config,
    schema: { body: { type: 'object', properties: { FriendlyName: friendlyName } }, response: { 201: accountSchema } },
  }, async (request, reply) => {
    const principal = request.principal;
    if (!principal) throw new TwilioError(20003, 'Authenticate');
    if (principal.account.parentSid) throw new TwilioError(20003, 'A subaccount cannot create subaccounts.', 403);
    const account = await createAccount(store.db, {
      friendlyName: request.body?.FriendlyName || defaultSubaccountName(),
      parentSid: principal.account.sid,
    });
    return reply.status(201).send(renderAccount(account));
  });

  app.get<{ Params: { Sid: string } }>(`${API_ROOT}/Accounts/:Sid.json`, {
    config,
    schema: { response: { 200: accountSchema } },
  }, async (request) => renderAccount((await accessAccount(store, request, request.params.Sid, true)).account));

  app.post<{ Params: { Sid: string }; Body: AccountBody }>(`${API_ROOT}/Accounts/:Sid.json`, {
    config,
    schema: {
      body: { type: 'object', properties: { FriendlyName: friendlyName, Status: { type: 'string', enum: STATUSES, 'x-code': 20001 } } },
      response: { 200: accountSchema },
    },
  }, async (request) => {
    const { account, principal } = await accessAccount(store, request, request.params.Sid, true);
    const status = request.body?.Status;
    if (status !== undefined && status !== account.status) {
      if (account.sid === principal.account.sid) {
        throw new TwilioError(20001, 'An account cannot change its own status; its parent account changes a subaccount\'s status.');
      }
      if (account.status === 'closed') throw new TwilioError(20001, `Account ${account.sid} is closed and cannot be reopened.`);
    }
    if (account.status === 'closed' && request.body?.FriendlyName !== undefined) {
      throw new TwilioError(20001, `Account ${account.sid} is closed and cannot be changed.`);
    }
    const updated = await updateAccount(store.db, account.sid, { friendlyName: request.body?.FriendlyName, status });
    if (!updated) throw new TwilioError(20404, `The requested resource ${accountPath(account.sid)} was not found`);
    return renderAccount(updated);
  });
};
