/**
 * Dialtone's API for a number's own opt-out handling (Twilio keeps this in Messaging Services'
 * Advanced Opt-Out): `GET`, `POST` (form parameters, each optional, merged into what is set)
 * and `DELETE` (back to Twilio's defaults) on `/dialtone/v1/PhoneNumbers/{PN… or E.164}/OptOut`.
 *
 * - `Enabled=false`: no message is a keyword for this number: nothing is recorded, nothing
 *   replied, and the app gets no `OptOutType`. Opt-outs recorded before still hold.
 * - `StopKeywords`, `StartKeywords`, `HelpKeywords`: words separated by commas or spaces, in
 *   place of Twilio's for that kind; '' for none. A word may belong to one kind only.
 * - `StopReply`, `StartReply`, `HelpReply`: the automatic reply; '' sends none.
 */
import type { FastifyPluginAsync } from 'fastify';
import { TwilioError } from '../errors/index.js';
import { policyOf } from '../messaging/inbound.js';
import { KEYWORD_KINDS, MAX_REPLY_LENGTH, parseKeywords, sharedKeyword } from '../messaging/opt-out.js';
import type { KeywordKind } from '../messaging/opt-out.js';
import type { Store } from '../store/index.js';
import { deleteOptOutSetting, findOptOutSetting, saveOptOutSetting } from '../store/opt-out-settings.js';
import type { OptOutSetting } from '../store/opt-out-settings.js';
import { findPhoneNumber, findPhoneNumberByE164 } from '../store/phone-numbers.js';
import type { PhoneNumber } from '../store/phone-numbers.js';
import { DIALTONE_ROOT, accountOf } from './dialtone.js';
import { rfc2822 } from './wire.js';

type Kind = 'Stop' | 'Start' | 'Help';
const KINDS: Readonly<Record<KeywordKind, Kind>> = { stop: 'Stop', start: 'Start', help: 'Help' };

interface Body {
  Enabled?: string;
  StopKeywords?: string; StartKeywords?: string; HelpKeywords?: string;
  StopReply?: string; StartReply?: string; HelpReply?: string;
}

const field = (max: number) => ({ type: 'string', maxLength: max, 'x-code': 20001 }) as const;
const bodySchema = {
  type: 'object',
  properties: {
    Enabled: { type: 'string', enum: ['true', 'false', 'True', 'False'], 'x-code': 20001 },
    StopKeywords: field(1024), StartKeywords: field(1024), HelpKeywords: field(1024),
    StopReply: field(MAX_REPLY_LENGTH), StartReply: field(MAX_REPLY_LENGTH), HelpReply: field(MAX_REPLY_LENGTH),
  },
} as const;

function render(number: PhoneNumber, setting: OptOutSetting | undefined) {
  const policy = policyOf(setting);
  return {
    account_sid: number.accountSid, phone_number_sid: number.sid, phone_number: number.phoneNumber,
    defaults: setting === undefined, enabled: policy.enabled,
    stop_keywords: policy.keywords.stop, start_keywords: policy.keywords.start, help_keywords: policy.keywords.help,
    stop_reply: policy.replies.stop, start_reply: policy.replies.start, help_reply: policy.replies.help,
    date_updated: setting ? rfc2822(setting.dateUpdated) : null,
    url: `${DIALTONE_ROOT}/PhoneNumbers/${number.sid}/OptOut`,
  };
}

/** The stored row after applying the request's parameters to what was set. */
function merged(number: PhoneNumber, current: OptOutSetting | undefined, body: Body): Omit<OptOutSetting, 'dateUpdated'> {
  const keywords = (value: string | undefined, stored: string | null | undefined, name: string) => {
    if (value === undefined) return stored ?? null;
    try {
      return parseKeywords(value).join(' ');
    } catch (err) {
      throw new TwilioError(20001, `${name}: ${(err as Error).message}`);
    }
  };
  const next = {
    phoneNumberSid: number.sid,
    enabled: body.Enabled === undefined ? (current?.enabled ?? 1) : body.Enabled.toLowerCase() === 'true' ? 1 : 0,
    stopKeywords: keywords(body.StopKeywords, current?.stopKeywords, 'StopKeywords'),
    startKeywords: keywords(body.StartKeywords, current?.startKeywords, 'StartKeywords'),
    helpKeywords: keywords(body.HelpKeywords, current?.helpKeywords, 'HelpKeywords'),
    stopReply: body.StopReply ?? current?.stopReply ?? null,
    startReply: body.StartReply ?? current?.startReply ?? null,
    helpReply: body.HelpReply ?? current?.helpReply ?? null,
  };
  const shared = sharedKeyword(policyOf({ ...next, dateUpdated: '' }).keywords);
  if (shared !== null) throw new TwilioError(20001, `${shared} cannot be a keyword of two kinds (${KEYWORD_KINDS.map((k) => KINDS[k]).join(', ')}).`);
  return next;
}

export const optOutSettingsRoutes: FastifyPluginAsync<{ store: Store }> = async (app, { store }) => {
  const path = `${DIALTONE_ROOT}/PhoneNumbers/:Number/OptOut`;

  /** The account's number, by SID or E.164; 20404 for anyone else's. */
  async function numberOf(accountSid: string, ref: string): Promise<PhoneNumber> {
    const number = ref.startsWith('+') ? await findPhoneNumberByE164(store.db, ref) : await findPhoneNumber(store.db, accountSid, ref);
    if (!number || number.accountSid !== accountSid) throw new TwilioError(20404, `The requested resource ${DIALTONE_ROOT}/PhoneNumbers/${ref}/OptOut was not found`);
    return number;
  }

  app.get<{ Params: { Number: string } }>(path, async (request) => {
    const number = await numberOf(accountOf(request).sid, request.params.Number);
    return render(number, await findOptOutSetting(store.db, number.sid));
  });

  app.post<{ Params: { Number: string }; Body: Body }>(path, { schema: { body: bodySchema } }, async (request) => {
    const number = await numberOf(accountOf(request).sid, request.params.Number);
    const current = await findOptOutSetting(store.db, number.sid);
    const saved = await saveOptOutSetting(store.db, merged(number, current, request.body ?? {}));
    return render(number, saved);
  });

  app.delete<{ Params: { Number: string } }>(path, async (request, reply) => {
    const number = await numberOf(accountOf(request).sid, request.params.Number);
    await deleteOptOutSetting(store.db, number.sid);
    return reply.status(204).send();
  });
};
