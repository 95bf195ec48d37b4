/**
 * Notifications: the alerts the webhook layer records (failed requests, invalid TwiML), as
 * Twilio lists them — account-wide and under a call — with the request and response that caused
 * each. Filters: Log (0 error, 1 warning), MessageDate, MessageDate<, MessageDate>.
 */
import type { FastifyPluginAsync } from 'fastify';
import { TwilioError, moreInfoUrl } from '../errors/index.js';
import type { Store } from '../store/index.js';
import { findNotification, listNotifications } from '../store/notifications.js';
import type { Notification, NotificationFilter } from '../store/notifications.js';
import { accessAccount } from './auth.js';
import { dateFilterParam, dateRange } from './date-filter.js';
import { listBody, listSchema, pagingQuery, readPaging } from './pagination.js';
import type { PagingParams } from './pagination.js';
import { API_ROOT, API_VERSION, accountPath, nullableStr, recordSchema, rfc2822, str } from './wire.js';

function renderNotification(n: Notification) {
  const path = n.callSid ? accountPath(n.accountSid, 'Calls', n.callSid, 'Notifications', n.sid) : accountPath(n.accountSid, 'Notifications', n.sid);
  return {
    account_sid: n.accountSid, api_version: API_VERSION, call_sid: n.callSid, date_created: rfc2822(n.dateCreated),
    date_updated: rfc2822(n.dateUpdated), error_code: String(n.errorCode), log: n.log, message_date: rfc2822(n.messageDate),
    message_text: n.messageText, more_info: moreInfoUrl(n.errorCode), request_method: n.requestMethod, request_url: n.requestUrl,
    sid: n.sid, uri: path,
  };
}

function renderInstance(n: Notification) {
  return { ...renderNotification(n), request_variables: n.requestVariables, response_body: n.responseBody, response_headers: n.responseHeaders };
}

const itemProps = {
  account_sid: str, api_version: str, call_sid: nullableStr, date_created: str, date_updated: str, error_code: str, log: str,
  message_date: str, message_text: str, more_info: str, request_method: nullableStr, request_url: nullableStr, sid: str, uri: str,
};
const itemSchema = recordSchema(itemProps);
const instanceSchema = recordSchema({ ...itemProps, request_variables: nullableStr, response_body: nullableStr, response_headers: nullableStr });

const listQuery = { type: 'object', properties: { ...pagingQuery, Log: { type: 'string', enum: ['0', '1'], 'x-code': 20001 }, MessageDate: dateFilterParam, 'MessageDate<': dateFilterParam, 'MessageDate>': dateFilterParam } } as const;

interface ListQuery extends PagingParams { Log?: '0' | '1'; MessageDate?: string; 'MessageDate<'?: string; 'MessageDate>'?: string }

function filterOf(q: ListQuery, callSid?: string): NotificationFilter {
  return { log: q.Log, messageDate: dateRange('MessageDate', q.MessageDate, q['MessageDate<'], q['MessageDate>']), callSid };
}

export const notificationsRoutes: FastifyPluginAsync<{ store: Store }> = async (app, { store }) => {
  const accountBase = `${API_ROOT}/Accounts/:AccountSid`;

  for (const scoped of [false, true]) {
    const base = scoped ? `${accountBase}/Calls/:CallSid/Notifications` : `${accountBase}/Notifications`;
    app.get<{ Params: { AccountSid: string; CallSid?: string }; Querystring: ListQuery }>(`${base}.json`, {
      schema: { querystring: listQuery, response: { 200: listSchema('notifications', itemSchema) } },
    }, async (request) => {
      const { account } = await accessAccount(store, request, request.params.AccountSid);
      const paging = readPaging(request.query, 'desc');
      const page = await listNotifications(store.db, account.sid, filterOf(request.query, request.params.CallSid), paging);
      return listBody(request, 'notifications', paging, page, renderNotification);
    });

    app.get<{ Params: { AccountSid: string; CallSid?: string; Sid: string } }>(`${base}/:Sid.json`, {
      schema: { response: { 200: instanceSchema } },
    }, async (request) => {
      const { account } = await accessAccount(store, request, request.params.AccountSid);
      const found = await findNotification(store.db, account.sid, request.params.Sid);
      if (!found || (request.params.CallSid !== undefined && found.callSid !== request.params.CallSid)) {
        throw new TwilioError(20404, `The requested resource ${request.url.split('?')[0] ?? ''} was not found`);
      }
      return renderInstance(found);
    });
  }
};
