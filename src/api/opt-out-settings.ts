/**
 * Dialtone's API for a number's own opt-out handling (on Twilio, a Messaging Service's
 * Advanced Opt-Out): `GET`, `POST` (form parameters, each optional, merged into what is set)
 * and `DELETE` (back to Twilio's defaults) on `/dialtone/v1/PhoneNumbers/{PN… or E.164}/OptOut`,
 * for the number's account or its parent.
 *
 * - `StopKeywords`, `StartKeywords`, `HelpKeywords`: words separated by commas or spaces, in
 *   place of Twilio's others of that kind; STOP, START and HELP always stay. A word may belong
 *   to one kind only.
 * - `StopReply`, `StartReply`, `HelpReply`: the automatic reply (1 to 320 characters).
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { TwilioError } from '../errors/index.js';
import { KEYWORD_KINDS, MAX_REPLY_LENGTH, parseKeywords, policyOf, sharedKeyword } from '../messaging/opt-out.js';
import type { KeywordKind } from '../messaging/opt-out.js';
import type { Store } from '../store/index.js';
import { deleteOptOutSetting, findOptOutSetting, updateOptOutSetting } from '../store/opt-out-settings.js';
import type { OptOutChanges, OptOutSetting } from '../store/opt-out-settings.js';
import { findPhoneNumberByE164, findPhoneNumberBySid } from '../store/phone-numbers.js';
import type { PhoneNumber } from '../store/phone-numbers.js';
import { accessAccount } from './auth.js';
import { DIALTONE_ROOT, accountOf } from './dialtone.js';
import { nullableStr, recordSchema, rfc2822, str } from './wire.js';

const NAMES: Readonly<Record<KeywordKind, 'Stop' | 'Start' | 'Help'>> = { stop: 'Stop', start: 'Start', help: 'Help' };
const KEYWORD_COLUMNS = { stop: 'stopKeywords', start: 'startKeywords', help: 'helpKeywords' } as const;
const REPLY_COLUMNS = { stop: 'stopReply', start: 'startReply', help: 'helpReply' } as const;

type Body = Partial<Record<'StopKeywords' | 'StartKeywords' | 'HelpKeywords' | 'StopReply' | 'StartReply' | 'HelpReply', string>>;

const reply = { type: 'string', minLength: 1, maxLength: MAX_REPLY_LENGTH, 'x-code': 20001 } as const;
const keywords = { type: 'string', maxLength: 1024, 'x-code': 20001 } as const;
const bodySchema = {
  type: 'object',
  properties: { StopKeywords: keywords, StartKeywords: keywords, HelpKeywords: keywords, StopReply: reply, StartReply: reply, HelpReply: reply },
} as const;
const words = { type: 'array', items: str } as const;
const settingSchema = recordSchema({
  account_sid: str, phone_number_sid: str, phone_number: str, defaults: { type: 'boolean' },
  stop_keywords: words, start_keywords: words, help_keywords: words, stop_reply: str, start_reply: str, help_reply: str,
  date_updated: nullableStr, url: str,
});

function render(number: PhoneNumber, setting: OptOutSetting | undefined) {
  const policy = policyOf(setting);
  const own = setting !== undefined && KEYWORD_KINDS.some((k) => setting[KEYWORD_COLUMNS[k]] !== null || setting[REPLY_COLUMNS[k]] !== null);
  return {
    account_sid: number.accountSid, phone_number_sid: number.sid, phone_number: number.phoneNumber, defaults: !own,
    stop_keywords: policy.keywords.stop, start_keywords: policy.keywords.start, help_keywords: policy.keywords.help,
    stop_reply: policy.replies.stop, start_reply: policy.replies.start, help_reply: policy.replies.help,
    date_updated: setting ? rfc2822(setting.dateUpdated) : null,
    url: `${DIALTONE_ROOT}/PhoneNumbers/${number.sid}/OptOut`,
  };
}

/** The stored columns after applying the request's parameters to what was set (20001 for bad ones). */
function merged(current: OptOutSetting | undefined, body: Body): OptOutChanges {
  const next: Record<string, string | null> = {};
  for (const kind of KEYWORD_KINDS) {
    const name = `${NAMES[kind]}Keywords` as const;
    const given = body[name];
    try {
      next[KEYWORD_COLUMNS[kind]] = given === undefined ? (current?.[KEYWORD_COLUMNS[kind]] ?? null) : parseKeywords(given, kind).join(' ');
    } catch (err) {
      throw new TwilioError(20001, `${name}: ${(err as Error).message}`);
    }
    next[REPLY_COLUMNS[kind]] = body[`${NAMES[kind]}Reply`] ?? current?.[REPLY_COLUMNS[kind]] ?? null;
  }
  const changes = next as unknown as OptOutChanges;
  const shared = sharedKeyword(policyOf(changes).keywords);
  if (shared) throw new TwilioError(20001, `${shared.word} cannot be both a ${NAMES[shared.kinds[0]]} and a ${NAMES[shared.kinds[1]]} keyword.`);
  return changes;
}

const notFound = (ref: string) => new TwilioError(20404, `The requested resource ${DIALTONE_ROOT}/PhoneNumbers/${ref}/OptOut was not found`);

export const optOutSettingsRoutes: FastifyPluginAsync<{ store: Store }> = async (app, { store }) => {
  const path = `${DIALTONE_ROOT}/PhoneNumbers/:Number/OptOut`;

  /** The number, by SID or E.164, if the caller's account owns it or is its owner's parent; 20404 otherwise. */
  async function numberOf(request: FastifyRequest<{ Params: { Number: string } }>): Promise<PhoneNumber> {
    accountOf(request);
    const ref = request.params.Number;
    const number = ref.startsWith('+') ? await findPhoneNumberByE164(store.db, ref) : await findPhoneNumberBySid(store.db, ref);
    const reachable = number && await accessAccount(store, request, number.accountSid).then(() => true, (err: unknown) => {
      if (err instanceof TwilioError) return false;
      throw err;
    });
    if (!number || !reachable) throw notFound(ref);
    return number;
  }

  app.get<{ Params: { Number: string } }>(path, { schema: { response: { 200: settingSchema } } }, async (request) => {
    const number = await numberOf(request);
    return render(number, await findOptOutSetting(store.db, number.accountSid, number.sid));
  });

  app.post<{ Params: { Number: string }; Body: Body }>(path, { schema: { body: bodySchema, response: { 200: settingSchema } } }, async (request) => {
    const number = await numberOf(request);
    const saved = await updateOptOutSetting(store.db, store.dialect, number.accountSid, number.sid, (current) => merged(current, request.body));
    // Released (or moved to another account) since it was looked up.
    if (!saved) throw notFound(request.params.Number);
    return render(number, saved);
  });

  app.delete<{ Params: { Number: string } }>(path, async (request, reply) => {
    const number = await numberOf(request);
    await deleteOptOutSetting(store.db, number.accountSid, number.sid);
    return reply.status(204).send();
  });
};
