/**
 * Message Feedback (`POST /Messages/{MessageSid}/Feedback.json` with `Outcome`): the app reports
 * whether the recipient of a message sent with `ProvideFeedback=true` performed the tracked
 * action. Answers 200, as Twilio's OpenAPI description says. Registered by ./messages.ts.
 */
import type { FastifyPluginAsync } from 'fastify';
import { TwilioError } from '../errors/index.js';
import type { Store } from '../store/index.js';
import { reportFeedback } from '../store/message-feedback.js';
import type { MessageFeedback } from '../store/message-feedback.js';
import { findMessage } from '../store/messages.js';
import { accessAccount } from './auth.js';
import { API_ROOT, accountPath, recordSchema, rfc2822, str } from './wire.js';

function renderFeedback(f: MessageFeedback) {
  return {
    account_sid: f.accountSid, date_created: rfc2822(f.dateCreated), date_updated: rfc2822(f.dateUpdated), message_sid: f.messageSid,
    outcome: f.outcome, uri: accountPath(f.accountSid, 'Messages', f.messageSid, 'Feedback'),
  };
}

const feedbackSchema = recordSchema({ account_sid: str, date_created: str, date_updated: str, message_sid: str, outcome: str, uri: str });

export const messageFeedbackRoutes: FastifyPluginAsync<{ store: Store }> = async (app, { store }) => {
  app.post<{ Params: { AccountSid: string; MessageSid: string }; Body: { Outcome?: 'confirmed' | 'unconfirmed' } }>(`${API_ROOT}/Accounts/:AccountSid/Messages/:MessageSid/Feedback.json`, {
    schema: {
      body: { type: 'object', properties: { Outcome: { type: 'string', enum: ['confirmed', 'unconfirmed'], 'x-code': 20001 } } },
      response: { 200: feedbackSchema },
    },
  }, async (request) => {
    const { account } = await accessAccount(store, request, request.params.AccountSid);
    const sid = request.params.MessageSid;
    if (!(await findMessage(store.db, account.sid, sid))) throw new TwilioError(20404, `The requested resource ${accountPath(account.sid, 'Messages', sid)} was not found`);
    const feedback = await reportFeedback(store.db, account.sid, sid, request.body?.Outcome ?? 'confirmed');
    if (!feedback) throw new TwilioError(20404, `Message ${sid} was not sent with ProvideFeedback=true, so it has no Feedback to report.`);
    return renderFeedback(feedback);
  });
};
