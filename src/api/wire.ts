/**
 * Twilio's JSON conventions in one place: RFC 2822 dates with `+0000`, resource URIs, and the
 * small schema fragments every resource's response schema is built from.
 */

export { rfc2822 } from '../store/sid.js';

/** The API version every resource reports. */
export const API_VERSION = '2010-04-01';

export const API_ROOT = `/${API_VERSION}`;

/** `/2010-04-01/Accounts/AC….json`, or a resource path under it: accountPath(sid, 'Keys', key). */
export function accountPath(accountSid: string, ...parts: string[]): string {
  return `${API_ROOT}/Accounts/${[accountSid, ...parts].join('/')}.json`;
}

/** The path a request asked for (Twilio's 404 messages name it), without its query. */
export function requestedPath(request: { readonly url: string }): string {
  return request.url.split('?')[0] ?? '';
}

/** Twilio represents unset URLs and SIDs on numbers and applications as empty strings. */
export function orEmpty(value: string | null): string {
  return value ?? '';
}

export const str = { type: 'string' } as const;
export const nullableStr = { type: ['string', 'null'] } as const;
export const bool = { type: 'boolean' } as const;
export const nullableBool = { type: ['boolean', 'null'] } as const;
export const uriMap = { type: 'object', additionalProperties: { type: 'string' } } as const;

/** A response schema for one record: every listed property, all required. */
export function recordSchema<P extends Record<string, object>>(properties: P) {
  return { type: 'object', properties, required: Object.keys(properties) } as const;
}
