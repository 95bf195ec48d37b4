/**
 * Attribute kinds: how one TwiML attribute's text becomes a typed value, what its default is,
 * how to describe its allowed values in a message, and how to write it back out.
 *
 * Each spec is built once, at module load, and shared; parsing a value is a few comparisons or a
 * character loop — never a regular expression in the hot path. Must never do I/O.
 */

/** Returned by {@link AttributeSpec.parse} when the text is not an allowed value. */
export const INVALID: unique symbol = Symbol('invalid attribute value');

/**
 * How to read, default and write one attribute.
 *
 * @example
 * const timeout = integer({ default: 5, min: 1 });
 * timeout.parse('10'); // 10
 * timeout.parse('ten'); // INVALID — report `timeout.expected`
 */
export interface AttributeSpec<T> {
  /** The value when the attribute is absent (Twilio's documented default, or null for "none"). */
  readonly default: T;
  /** The allowed values, as a phrase for messages: "an integer from 5 to 600". */
  readonly expected: string;
  /** Reads the attribute's text; returns {@link INVALID} when it is not allowed. */
  parse(raw: string): T | typeof INVALID;
  /** Writes a value back as attribute text (the builder's side). */
  format(value: T): string;
  /** The attribute's XML name when it is not the property name (`interpret-as`, `xml:lang`). */
  readonly xmlName?: string;
}

/** One spec per attribute of an element's attributes interface `A`, complete and exact. */
export type AttributeSpecs<A> = { readonly [K in keyof A]-?: AttributeSpec<A[K]> };

/** The HTTP methods TwiML accepts for callbacks. */
export type HttpMethod = 'GET' | 'POST';

function isXmlSpace(code: number): boolean {
  return code === 32 || code === 10 || code === 9 || code === 13;
}

/** Trims XML whitespace (space, tab, CR, LF) from both ends, without a regex. */
export function trimXmlSpace(raw: string): string {
  let start = 0;
  let end = raw.length;
  while (start < end && isXmlSpace(raw.charCodeAt(start))) start++;
  while (end > start && isXmlSpace(raw.charCodeAt(end - 1))) end--;
  return start === 0 && end === raw.length ? raw : raw.slice(start, end);
}

/** Trims XML whitespace from one end (`start` or `end`). */
export function trimXmlSpaceAt(raw: string, side: 'start' | 'end'): string {
  let start = 0;
  let end = raw.length;
  if (side === 'start') while (start < end && isXmlSpace(raw.charCodeAt(start))) start++;
  else while (end > start && isXmlSpace(raw.charCodeAt(end - 1))) end--;
  return raw.slice(start, end);
}

/** True when the text is empty or only XML whitespace. */
export function isBlank(raw: string): boolean {
  for (let i = 0; i < raw.length; i++) if (!isXmlSpace(raw.charCodeAt(i))) return false;
  return true;
}

const identity = (value: string): string => value;

/** A URL (relative or absolute); absent means none. Twilio resolves it at run time. */
export function url(): AttributeSpec<string | null> {
  return {
    default: null,
    expected: 'a relative or absolute URL',
    parse: (raw) => trimXmlSpace(raw),
    format: (value) => value ?? '',
  };
}

/** Free text with an optional default (a name, a SID, a voice, hints); trimmed unless `trim: false`. */
export function text<D extends string | null>(options: { default: D; nonEmpty?: boolean; trim?: boolean }): AttributeSpec<string | D> {
  const nonEmpty = options.nonEmpty ?? false;
  const trim = options.trim ?? true;
  return {
    default: options.default,
    expected: nonEmpty ? 'a non-empty value' : 'text',
    parse: (raw) => {
      const value = trim ? trimXmlSpace(raw) : raw;
      return nonEmpty && value === '' ? INVALID : value;
    },
    format: (value) => value ?? '',
  };
}

/** `true` or `false`, case-insensitively (Twilio accepts `True` and `FALSE`). */
export function bool(defaultValue: boolean): AttributeSpec<boolean> {
  return {
    default: defaultValue,
    expected: '"true" or "false"',
    parse: (raw) => {
      if (raw === 'true') return true;
      if (raw === 'false') return false;
      const lower = trimXmlSpace(raw).toLowerCase();
      return lower === 'true' ? true : lower === 'false' ? false : INVALID;
    },
    format: (value) => (value ? 'true' : 'false'),
  };
}

/** Reads a base-10 non-negative integer made only of digits; -1 when it is not one. */
export function readInteger(raw: string): number {
  const value = trimXmlSpace(raw);
  if (value.length === 0 || value.length > 9) return -1;
  let n = 0;
  for (let i = 0; i < value.length; i++) {
    const digit = value.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    n = n * 10 + digit;
  }
  return n;
}

function rangePhrase(min: number, max: number | undefined): string {
  if (max !== undefined) return `an integer from ${min} to ${max}`;
  return min === 0 ? 'an integer of 0 or more' : `an integer of ${min} or more`;
}

/** A whole number in a range (inclusive), with a default. */
export function integer(options: { default: number; min: number; max?: number }): AttributeSpec<number> {
  const { min, max } = options;
  return {
    default: options.default,
    expected: rangePhrase(min, max),
    parse: (raw) => {
      const n = readInteger(raw);
      return n < min || (max !== undefined && n > max) ? INVALID : n;
    },
    format: String,
  };
}

/** A whole number in a range, or absent (null: Twilio's "unlimited" or "platform default"). */
export function optionalInteger(options: { min: number; max?: number }): AttributeSpec<number | null> {
  const { min, max } = options;
  return {
    default: null,
    expected: rangePhrase(min, max),
    parse: (raw) => {
      const n = readInteger(raw);
      return n < min || (max !== undefined && n > max) ? INVALID : n;
    },
    format: (value) => (value === null ? '' : String(value)),
  };
}

/** `GET` or `POST`, case-insensitively, defaulting to `POST` as every TwiML callback does. */
export function method(): AttributeSpec<HttpMethod> {
  return {
    default: 'POST',
    expected: '"GET" or "POST"',
    parse: (raw) => {
      if (raw === 'POST' || raw === 'GET') return raw;
      const upper = trimXmlSpace(raw).toUpperCase();
      return upper === 'POST' || upper === 'GET' ? upper : INVALID;
    },
    format: identity,
  };
}

function quoteList(values: readonly string[]): string {
  const quoted = values.map((v) => `"${v}"`);
  if (quoted.length <= 1) return quoted.join('');
  return `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1] ?? ''}`;
}

/** Builds an exact-then-case-insensitive lookup over a closed set of values. */
function lookupTable<V extends string>(values: readonly V[]): (raw: string) => V | undefined {
  const exact = new Map<string, V>();
  const folded = new Map<string, V>();
  for (const v of values) {
    exact.set(v, v);
    folded.set(v.toLowerCase(), v);
  }
  return (raw) => exact.get(raw) ?? folded.get(trimXmlSpace(raw).toLowerCase());
}

/** One value from a closed set (matched exactly, or else case-insensitively), with a default. */
export function oneOf<V extends string, D extends V | null>(values: readonly V[], defaultValue: D): AttributeSpec<V | D> {
  const find = lookupTable(values);
  return {
    default: defaultValue,
    expected: `one of ${quoteList(values)}`,
    parse: (raw) => find(raw) ?? INVALID,
    format: (value) => value ?? '',
  };
}

/** A list of values from a closed set, separated by spaces or commas (Twilio writes spaces). */
export function listOf<V extends string>(values: readonly V[], defaultValue: readonly V[]): AttributeSpec<readonly V[]> {
  const find = lookupTable(values);
  return {
    // Shared by every node that takes the default, hence frozen: trees are values, never mutated.
    default: Object.freeze([...defaultValue]),
    expected: `a space-separated list of ${quoteList(values)}`,
    parse: (raw) => {
      const out: V[] = [];
      for (const part of splitList(raw)) {
        const v = find(part);
        if (v === undefined) return INVALID;
        if (!out.includes(v)) out.push(v);
      }
      return out.length === 0 ? INVALID : out;
    },
    format: (value) => value.join(' '),
  };
}

/** Splits a list on XML whitespace and commas, dropping empty parts. */
function splitList(raw: string): string[] {
  const parts: string[] = [];
  let start = -1;
  for (let i = 0; i <= raw.length; i++) {
    const c = i < raw.length ? raw.charCodeAt(i) : 32;
    const separator = c === 44 || isXmlSpace(c);
    if (!separator && start < 0) start = i;
    else if (separator && start >= 0) {
      parts.push(raw.slice(start, i));
      start = -1;
    }
  }
  return parts;
}

/** True when every character of `value` is in `allowed`. */
function onlyChars(value: string, allowed: string): boolean {
  for (let i = 0; i < value.length; i++) if (allowed.indexOf(value.charAt(i)) < 0) return false;
  return true;
}

/** DTMF keys a caller can press. */
export const DTMF_KEYS = '0123456789*#';

/** A set of keys (finishOnKey): each character one of `0-9 * #`; `single` allows at most one. */
export function keys(options: { default: string; single: boolean }): AttributeSpec<string> {
  return {
    default: options.default,
    expected: options.single
      ? 'one key of 0-9, "#" or "*", or "" for none'
      : 'keys from 0-9, "#" and "*" (for example "#*"), or "" for none',
    parse: (raw) => {
      const value = trimXmlSpace(raw);
      if (options.single && value.length > 1) return INVALID;
      return onlyChars(value, DTMF_KEYS) ? value : INVALID;
    },
    format: identity,
  };
}

/** DTMF digits to play or send: `0-9 * #` and `w` (a half-second wait); absent means none. */
export function digits(): AttributeSpec<string | null> {
  return {
    default: null,
    expected: 'digits 0-9, "*", "#" and "w" (a half-second pause)',
    parse: (raw) => {
      const value = trimXmlSpace(raw);
      return value !== '' && onlyChars(value, `${DTMF_KEYS}wW`) ? value : INVALID;
    },
    format: (value) => value ?? '',
  };
}

/** A BCP-47-shaped language tag (`en-US`, `cmn-Hans-CN`), with a default. */
export function languageTag<D extends string | null>(defaultValue: D, xmlName?: string): AttributeSpec<string | D> {
  return {
    default: defaultValue,
    expected: 'a language tag such as "en-US"',
    parse: (raw) => {
      const value = trimXmlSpace(raw);
      return isLanguageTag(value) ? value : INVALID;
    },
    format: (value) => value ?? '',
    ...(xmlName === undefined ? {} : { xmlName }),
  };
}

function isLanguageTag(value: string): boolean {
  if (value.length < 2 || value.length > 35) return false;
  let run = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    const alnum = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
    if (alnum) run++;
    else if ((c === 45 || c === 95) && run > 0) run = 0;
    else return false;
  }
  return run > 0;
}
