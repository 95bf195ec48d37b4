/**
 * How API inputs become typed values: phone numbers to E.164, URLs checked, methods upper-cased.
 * Each refusal names the parameter in Twilio's words.
 */
import { TwilioError } from '../errors/index.js';
import type { TwilioErrorCode } from '../errors/index.js';

const MAX_URL_LENGTH = 4096;

/**
 * Normalises a phone number to E.164, as Twilio accepts numbers written with spaces, dashes,
 * dots and parentheses, and 10-digit North American numbers without the country code.
 * Returns null when the result is not a plausible E.164 number.
 */
export function toE164(input: string): string | null {
  const trimmed = input.trim();
  if (trimmed.length === 0 || trimmed.length > 32 || !/^\+?[\d\s().-]+$/.test(trimmed)) return null;
  const digits = trimmed.replace(/\D/g, '');
  let e164: string;
  if (trimmed.startsWith('+')) e164 = `+${digits}`;
  else if (digits.length === 10) e164 = `+1${digits}`;
  else if (digits.length === 11 && digits.startsWith('1')) e164 = `+${digits}`;
  else e164 = `+${digits}`;
  return /^\+[1-9]\d{6,14}$/.test(e164) ? e164 : null;
}

/** `+14155550100` → `(415) 555-0100`; other countries keep E.164. Twilio's default friendly name. */
export function formatFriendly(e164: string): string {
  const nanp = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(e164);
  return nanp ? `(${nanp[1]}) ${nanp[2]}-${nanp[3]}` : e164;
}

/** Whether `value` is an absolute http(s) URL Dialtone can request. */
export function isWebhookUrl(value: string): boolean {
  if (value.length > MAX_URL_LENGTH) return false;
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.length > 0;
  } catch {
    return false;
  }
}

/**
 * An optional URL parameter: undefined when absent, null when sent empty (which clears it), the
 * URL otherwise. Refuses anything that is not an absolute http(s) URL.
 */
export function readUrl(name: string, value: string | undefined, code: TwilioErrorCode = 21205): string | null | undefined {
  if (value === undefined) return undefined;
  if (value === '') return null;
  if (!isWebhookUrl(value)) throw new TwilioError(code, `${name} is not a valid URL: ${value.slice(0, 200)}`);
  return value;
}

/** Schema for a `*Method` parameter (Twilio accepts any case). */
export const methodParam = { type: 'string', enum: ['GET', 'POST', 'get', 'post', 'Get', 'Post'], 'x-code': 20001 } as const;

export function readMethod(value: string | undefined): 'GET' | 'POST' | undefined {
  return value === undefined ? undefined : value.toUpperCase() === 'GET' ? 'GET' : 'POST';
}

/** Drops undefined values, so a partial update touches only what was sent. */
export function definedOnly<T extends Record<string, unknown>>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * Refuses NUL characters in any parameter: PostgreSQL cannot store them in text, and no Twilio
 * parameter has a use for one. Applied to every request's query and body on both dialects, so
 * the answer does not depend on the store.
 */
export function refuseNulCharacters(params: unknown): void {
  if (typeof params !== 'object' || params === null) return;
  for (const [name, value] of Object.entries(params)) {
    for (const item of [value].flat()) {
      if (typeof item === 'string' && item.includes('\u0000')) throw new TwilioError(20001, `${name} must not contain NUL characters.`);
    }
  }
}
