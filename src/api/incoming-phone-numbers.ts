/**
 * IncomingPhoneNumbers: the numbers an account owns, bought from the simulated network's
 * inventory by `PhoneNumber` or `AreaCode`, with their voice and SMS routing. Also the
 * `Local`, `TollFree` and `Mobile` subresources, and Twilio's magic numbers for test credentials.
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { TwilioError } from '../errors/index.js';
import { lookupInventory, searchInventory } from '../network/sim/inventory.js';
import type { InventoryNumber } from '../network/sim/inventory.js';
import { findApplication } from '../store/applications.js';
import type { Store } from '../store/index.js';
import {
  createPhoneNumber, deletePhoneNumber, findPhoneNumber, listPhoneNumbers, ownedAmong, transferPhoneNumber, updatePhoneNumber,
} from '../store/phone-numbers.js';
import type { PhoneNumber, PhoneNumberFields } from '../store/phone-numbers.js';
import type { NumberType } from '../store/schema.js';
import { newSid, nowIso } from '../store/sid.js';
import { accessAccount } from './auth.js';
import { listBody, listSchema, pagingQuery, readPaging } from './pagination.js';
import type { PagingParams } from './pagination.js';
import { definedOnly, formatFriendly, toE164 } from './params.js';
import { newRouting, readRouting, renderRouting, routingBody, routingSchema } from './routing.js';
import type { RoutingParams } from './routing.js';
import { API_ROOT, API_VERSION, accountPath, bool, nullableStr, recordSchema, rfc2822, str } from './wire.js';

/** Subresource path segment → the number type it holds (the bare resource holds all). */
const SUBRESOURCES: ReadonlyArray<readonly [string, NumberType | undefined]> = [['', undefined], ['/Local', 'local'], ['/TollFree', 'toll-free'], ['/Mobile', 'mobile']];

export function renderPhoneNumber(n: PhoneNumber) {
  return {
    account_sid: n.accountSid, address_sid: null, address_requirements: 'none', api_version: API_VERSION, beta: false,
    capabilities: { voice: n.capVoice === 1, sms: n.capSms === 1, mms: n.capMms === 1, fax: n.capFax === 1 },
    date_created: rfc2822(n.dateCreated), date_updated: rfc2822(n.dateUpdated), friendly_name: n.friendlyName,
    identity_sid: null, phone_number: n.phoneNumber, origin: 'twilio', sid: n.sid,
    sms_application_sid: n.smsApplicationSid, trunk_sid: null,
    uri: accountPath(n.accountSid, 'IncomingPhoneNumbers', n.sid), voice_receive_mode: 'voice',
    voice_application_sid: n.voiceApplicationSid, emergency_status: 'Inactive', emergency_address_sid: null,
    emergency_address_status: 'unregistered', bundle_sid: null, status: 'in-use', type: n.numberType === 'toll-free' ? 'tollfree' : n.numberType,
    ...renderRouting(n),
  };
}

const capabilities = { type: 'object', properties: { voice: bool, sms: bool, mms: bool, fax: bool }, required: ['voice', 'sms', 'mms', 'fax'] } as const;
const numberSchema = recordSchema({
  account_sid: str, address_sid: nullableStr, address_requirements: str, api_version: str, beta: bool, capabilities,
  date_created: str, date_updated: str, friendly_name: str, identity_sid: nullableStr, phone_number: str, origin: str, sid: str,
  sms_application_sid: nullableStr, trunk_sid: nullableStr, uri: str, voice_receive_mode: str, voice_application_sid: nullableStr,
  emergency_status: str, emergency_address_sid: nullableStr, emergency_address_status: str, bundle_sid: nullableStr,
  status: str, type: str, ...routingSchema,
});

interface NumberBody extends RoutingParams {
  PhoneNumber?: string;
  AreaCode?: string;
  FriendlyName?: string;
  VoiceApplicationSid?: string;
  SmsApplicationSid?: string;
  AccountSid?: string;
}

const sidParam = { type: 'string', maxLength: 34, 'x-code': 21218 } as const;
const body = {
  type: 'object',
  properties: {
    ...routingBody,
    PhoneNumber: { type: 'string', maxLength: 32, 'x-code': 21421 },
    AreaCode: { type: 'string', maxLength: 8, 'x-code': 21451 },
    FriendlyName: { type: 'string', maxLength: 64, 'x-code': 20001 },
    VoiceApplicationSid: sidParam,
    SmsApplicationSid: sidParam,
    AccountSid: { type: 'string', maxLength: 34, 'x-code': 20001 },
  },
} as const;

/** Twilio's documented answers to test credentials (nothing is bought or stored). */
function magicNumber(testSid: string, b: NumberBody): ReturnType<typeof renderPhoneNumber> {
  const number = b.PhoneNumber !== undefined ? toE164(b.PhoneNumber) : null;
  if (b.PhoneNumber !== undefined) {
    if (number === '+15005550001' || number === null) throw new TwilioError(21421, `PhoneNumber ${b.PhoneNumber} is invalid.`);
    if (number !== '+15005550006') throw new TwilioError(21422, `PhoneNumber ${number} is not available.`);
  } else if (b.AreaCode === '533') {
    throw new TwilioError(21452, 'No phone numbers found in area code 533.');
  } else if (b.AreaCode !== '500') {
    throw new TwilioError(21452, `No phone numbers found in area code ${b.AreaCode ?? ''}.`);
  }
  const now = nowIso();
  return renderPhoneNumber({
    sid: newSid('PN'), accountSid: testSid, phoneNumber: '+15005550006', friendlyName: b.FriendlyName || formatFriendly('+15005550006'),
    numberType: 'local', isoCountry: 'US', voiceApplicationSid: null, smsApplicationSid: null,
    capVoice: 1, capSms: 1, capMms: 1, capFax: 0, dateCreated: now, dateUpdated: now, ...newRouting(b),
  });
}

/** The inventory number a purchase asks for, or Twilio's reason why not. */
async function chooseNumber(store: Store, b: NumberBody, type: NumberType | undefined): Promise<InventoryNumber> {
  if (b.PhoneNumber !== undefined) {
    const e164 = toE164(b.PhoneNumber);
    if (e164 === null) throw new TwilioError(21421, `PhoneNumber ${b.PhoneNumber} is not a valid phone number.`);
    const entry = lookupInventory(e164);
    if (!entry || (type !== undefined && entry.type !== type)) throw new TwilioError(21422, `PhoneNumber ${e164} is not available.`);
    return entry;
  }
  if (b.AreaCode === undefined) throw new TwilioError(21421, 'A PhoneNumber or an AreaCode is required.');
  if (!/^\d{3}$/.test(b.AreaCode)) throw new TwilioError(21451, `AreaCode ${b.AreaCode} is not a valid area code.`);
  const isOwned = (batch: readonly string[]) => ownedAmong(store.db, batch);
  for (const isoCountry of ['US', 'CA']) {
    const [found] = await searchInventory({ isoCountry, type: type ?? 'local', areaCode: b.AreaCode, limit: 1 }, isOwned);
    if (found) return found;
  }
  throw new TwilioError(21452, `No phone numbers found in area code ${b.AreaCode}.`);
}

async function checkApplications(store: Store, accountSid: string, b: NumberBody): Promise<{ voiceApplicationSid?: string | null; smsApplicationSid?: string | null }> {
  const read = async (name: string, value: string | undefined) => {
    if (value === undefined) return undefined;
    if (value === '') return null;
    if (!(await findApplication(store.db, accountSid, value))) throw new TwilioError(21218, `${name} ${value} is not an application of this account.`);
    return value;
  };
  return definedOnly({ voiceApplicationSid: await read('VoiceApplicationSid', b.VoiceApplicationSid), smsApplicationSid: await read('SmsApplicationSid', b.SmsApplicationSid) });
}

type Params = { AccountSid: string; Sid: string };
type ListQuery = PagingParams & { PhoneNumber?: string; FriendlyName?: string };

export const incomingPhoneNumbersRoutes: FastifyPluginAsync<{ store: Store }> = async (app, { store }) => {
  const base = `${API_ROOT}/Accounts/:AccountSid/IncomingPhoneNumbers`;
  const notFound = (accountSid: string, sid: string) => new TwilioError(20404, `The requested resource ${accountPath(accountSid, 'IncomingPhoneNumbers', sid)} was not found`);

  const buy = async (request: FastifyRequest<{ Params: { AccountSid: string }; Body: NumberBody }>, type: NumberType | undefined) => {
    const { account, principal } = await accessAccount(store, request, request.params.AccountSid);
    const b = request.body ?? {};
    if (principal.credential === 'test') return magicNumber(account.testSid, b);
    const entry = await chooseNumber(store, b, type);
    const fields: PhoneNumberFields = {
      phoneNumber: entry.phoneNumber, friendlyName: b.FriendlyName || formatFriendly(entry.phoneNumber),
      numberType: entry.type, isoCountry: entry.isoCountry, voiceApplicationSid: null, smsApplicationSid: null,
      capVoice: 1, capSms: 1, capMms: entry.isoCountry === 'US' || entry.isoCountry === 'CA' ? 1 : 0, capFax: 0,
      ...newRouting(b), ...(await checkApplications(store, account.sid, b)),
    };
    const created = await createPhoneNumber(store.db, account.sid, fields);
    if (created === 'taken') throw new TwilioError(21422, `PhoneNumber ${entry.phoneNumber} is not available.`);
    return renderPhoneNumber(created);
  };

  for (const [segment, type] of SUBRESOURCES) {
    app.post<{ Params: { AccountSid: string }; Body: NumberBody }>(`${base}${segment}.json`, {
      config: { testCredentials: true }, schema: { body, response: { 201: numberSchema } },
    }, async (request, reply) => reply.status(201).send(await buy(request, type)));

    app.get<{ Params: { AccountSid: string }; Querystring: ListQuery }>(`${base}${segment}.json`, {
      schema: {
        querystring: { type: 'object', properties: { ...pagingQuery, PhoneNumber: { type: 'string', maxLength: 32 }, FriendlyName: str } },
        response: { 200: listSchema('incoming_phone_numbers', numberSchema) },
      },
    }, async (request) => {
      const { account } = await accessAccount(store, request, request.params.AccountSid);
      const paging = readPaging(request.query);
      const filter = { phoneNumber: request.query.PhoneNumber, friendlyName: request.query.FriendlyName, numberType: type };
      return listBody(request, 'incoming_phone_numbers', paging, await listPhoneNumbers(store.db, account.sid, filter, paging), renderPhoneNumber);
    });
  }

  app.get<{ Params: Params }>(`${base}/:Sid.json`, { schema: { response: { 200: numberSchema } } }, async (request) => {
    const { account } = await accessAccount(store, request, request.params.AccountSid);
    const found = await findPhoneNumber(store.db, account.sid, request.params.Sid);
    if (!found) throw notFound(account.sid, request.params.Sid);
    return renderPhoneNumber(found);
  });

  app.post<{ Params: Params; Body: NumberBody }>(`${base}/:Sid.json`, { schema: { body, response: { 200: numberSchema } } }, async (request) => {
    const { account } = await accessAccount(store, request, request.params.AccountSid);
    const b = request.body ?? {};
    if (!(await findPhoneNumber(store.db, account.sid, request.params.Sid))) throw notFound(account.sid, request.params.Sid);
    const changes = { ...readRouting(b), ...definedOnly({ friendlyName: b.FriendlyName }), ...(await checkApplications(store, account.sid, b)) };
    // Moving a number: the caller must reach both accounts (its own and its subaccounts), checked
    // before anything is written; the changes and the move are one transaction.
    const target = b.AccountSid !== undefined && b.AccountSid !== account.sid ? (await accessAccount(store, request, b.AccountSid)).account : null;
    const updated = await store.db.transaction().execute(async (tx) => {
      const changed = await updatePhoneNumber(tx, account.sid, request.params.Sid, changes);
      return changed && target ? transferPhoneNumber(tx, account.sid, changed.sid, target.sid) : changed;
    });
    if (!updated) throw notFound(account.sid, request.params.Sid);
    return renderPhoneNumber(updated);
  });

  app.delete<{ Params: Params }>(`${base}/:Sid.json`, async (request, reply) => {
    const { account } = await accessAccount(store, request, request.params.AccountSid);
    if (!(await deletePhoneNumber(store.db, account.sid, request.params.Sid))) throw notFound(account.sid, request.params.Sid);
    return reply.status(204).send();
  });
};
