/**
 * AvailablePhoneNumbers: searching the simulated network's inventory for numbers to buy, by
 * country and type (Local, TollFree, Mobile; the network has no National, Voip, SharedCost or
 * MachineToMachine numbers, so those searches come back empty), with Twilio's filters. The
 * proximity filters (NearNumber, NearLatLong, Distance) are accepted and ignored.
 */
import type { FastifyPluginAsync } from 'fastify';
import { TwilioError } from '../errors/index.js';
import { compileContains, findCountry, inventoryCountries, searchInventory } from '../network/sim/inventory.js';
import type { InventoryNumber, InventoryType } from '../network/sim/inventory.js';
import type { Store } from '../store/index.js';
import { ownedAmong } from '../store/phone-numbers.js';
import { accessAccount } from './auth.js';
import { pagingQuery, readPageSize } from './pagination.js';
import type { PagingParams } from './pagination.js';
import { formatFriendly } from './params.js';
import { API_ROOT, accountPath, bool, nullableStr, recordSchema, str } from './wire.js';

/** Twilio's subresource names: path segment, JSON key, and the inventory type (null: none here). */
const TYPES: ReadonlyArray<readonly [string, string, InventoryType | null]> = [
  ['Local', 'local', 'local'], ['TollFree', 'toll_free', 'toll-free'], ['Mobile', 'mobile', 'mobile'],
  ['National', 'national', null], ['Voip', 'voip', null], ['SharedCost', 'shared_cost', null], ['MachineToMachine', 'machine_to_machine', null],
];

function renderAvailable(n: InventoryNumber) {
  const mms = n.isoCountry === 'US' || n.isoCountry === 'CA';
  return {
    friendly_name: formatFriendly(n.phoneNumber), phone_number: n.phoneNumber, lata: n.area.lata || null,
    locality: n.area.locality, rate_center: n.area.rateCenter, latitude: n.area.latitude, longitude: n.area.longitude,
    region: n.area.region, postal_code: n.area.postalCode, iso_country: n.isoCountry, address_requirements: 'none', beta: false,
    capabilities: { voice: true, sms: true, mms, fax: false },
  };
}

const nullableNum = { type: ['number', 'null'] } as const;
const availableSchema = recordSchema({
  friendly_name: str, phone_number: str, lata: nullableStr, locality: nullableStr, rate_center: nullableStr,
  latitude: nullableNum, longitude: nullableNum, region: nullableStr, postal_code: nullableStr, iso_country: str,
  address_requirements: str, beta: bool,
  capabilities: { type: 'object', properties: { voice: bool, sms: bool, mms: bool, fax: bool }, required: ['voice', 'sms', 'mms', 'fax'] },
});
const countrySchema = recordSchema({ country_code: str, country: str, uri: str, beta: bool, subresource_uris: { type: 'object', additionalProperties: str } });

interface SearchQuery extends PagingParams {
  AreaCode?: string; Contains?: string; SmsEnabled?: boolean; MmsEnabled?: boolean; VoiceEnabled?: boolean; FaxEnabled?: boolean;
  InPostalCode?: string; InRegion?: string; InRateCenter?: string; InLata?: string; InLocality?: string;
}

const flag = { type: 'boolean', 'x-code': 20001 } as const;
const text = { type: 'string', maxLength: 64 } as const;
const searchQuery = {
  type: 'object',
  properties: {
    ...pagingQuery, AreaCode: { type: 'string', pattern: '^[0-9]{1,4}$', 'x-code': 21451 }, Contains: { type: 'string', maxLength: 32, 'x-code': 20001 },
    SmsEnabled: flag, MmsEnabled: flag, VoiceEnabled: flag, FaxEnabled: flag,
    InPostalCode: text, InRegion: text, InRateCenter: text, InLata: text, InLocality: text,
  },
} as const;

export const availablePhoneNumbersRoutes: FastifyPluginAsync<{ store: Store }> = async (app, { store }) => {
  const base = `${API_ROOT}/Accounts/:AccountSid/AvailablePhoneNumbers`;

  const renderCountry = (accountSid: string, isoCountry: string, name: string) => ({
    country_code: isoCountry, country: name, uri: accountPath(accountSid, 'AvailablePhoneNumbers', isoCountry), beta: false,
    subresource_uris: Object.fromEntries(
      [...new Set(findCountry(isoCountry)?.areas.map((a) => a.type))].map((type) => {
        const [segment, key] = TYPES.find(([, , t]) => t === type) ?? ['Local', 'local'];
        return [key, accountPath(accountSid, 'AvailablePhoneNumbers', isoCountry, segment)];
      }),
    ),
  });

  app.get<{ Params: { AccountSid: string } }>(`${base}.json`, {
    schema: { response: { 200: { type: 'object', properties: { countries: { type: 'array', items: countrySchema }, uri: str }, required: ['countries', 'uri'] } } },
  }, async (request) => {
    const { account } = await accessAccount(store, request, request.params.AccountSid);
    return {
      countries: inventoryCountries().map((c) => renderCountry(account.sid, c.isoCountry, c.name)),
      uri: accountPath(account.sid, 'AvailablePhoneNumbers'),
    };
  });

  app.get<{ Params: { AccountSid: string; CountryCode: string } }>(`${base}/:CountryCode.json`, {
    schema: { response: { 200: countrySchema } },
  }, async (request) => {
    const { account } = await accessAccount(store, request, request.params.AccountSid);
    const country = findCountry(request.params.CountryCode);
    if (!country) throw new TwilioError(20404, `The requested resource ${accountPath(account.sid, 'AvailablePhoneNumbers', request.params.CountryCode)} was not found`);
    return renderCountry(account.sid, country.isoCountry, country.name);
  });

  for (const [segment, , type] of TYPES) {
    app.get<{ Params: { AccountSid: string; CountryCode: string }; Querystring: SearchQuery }>(`${base}/:CountryCode/${segment}.json`, {
      schema: {
        querystring: searchQuery,
        response: { 200: { type: 'object', properties: { available_phone_numbers: { type: 'array', items: availableSchema }, end: { type: 'integer' }, first_page_uri: str, next_page_uri: nullableStr, page: { type: 'integer' }, page_size: { type: 'integer' }, previous_page_uri: nullableStr, start: { type: 'integer' }, uri: str } } },
      },
    }, async (request) => {
      const { account } = await accessAccount(store, request, request.params.AccountSid);
      const country = findCountry(request.params.CountryCode);
      const path = accountPath(account.sid, 'AvailablePhoneNumbers', request.params.CountryCode, segment);
      if (!country) throw new TwilioError(20404, `The requested resource ${path} was not found`);
      const q = request.query;
      if (q.Contains !== undefined && compileContains(q.Contains) === null) {
        throw new TwilioError(20001, `Contains ${q.Contains} is not a valid pattern: use digits, letters and * for any one digit.`);
      }
      const limit = readPageSize(q.PageSize);
      const mmsOnly = q.MmsEnabled === true && !(country.isoCountry === 'US' || country.isoCountry === 'CA');
      const impossible = type === null || q.FaxEnabled === true || q.SmsEnabled === false || q.VoiceEnabled === false || mmsOnly;
      const found = impossible ? [] : await searchInventory({
        isoCountry: country.isoCountry, type, areaCode: q.AreaCode, contains: q.Contains,
        inRegion: q.InRegion, inLocality: q.InLocality, inPostalCode: q.InPostalCode, inLata: q.InLata, inRateCenter: q.InRateCenter, limit,
      }, (batch) => ownedAmong(store.db, batch));
      const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
      return {
        available_phone_numbers: found.map(renderAvailable), end: Math.max(0, found.length - 1), first_page_uri: path + query,
        next_page_uri: null, page: 0, page_size: limit, previous_page_uri: null, start: 0, uri: path + query,
      };
    });
  }
};
