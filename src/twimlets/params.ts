/**
 * The parameters a twimlet reads, as twimlets.com (PHP) read them: from the query string and a
 * form-encoded POST body, the body winning (PHP's `$_REQUEST`), with PHP's array spellings
 * (`Message[0]`, `Message%5B0%5D`, repeated `Message[]`, or a bare `Message`). Every input is
 * bounded here, at the edge, so the twimlets behind it trust what they read. No I/O.
 */

/** Where Dialtone serves its twimlets. */
export const TWIMLETS_ROOT = '/twimlets';

/** At most this many parameters, query and body together (a Twilio request sends about 30). */
export const MAX_PARAMS = 256;
/** The longest parameter name. */
export const MAX_NAME_LENGTH = 128;
/** The longest value, in characters: Twilio's limit on `<Say>` text, and Dialtone's on URLs. */
export const MAX_VALUE_LENGTH = 4096;

type Pair = readonly [name: string, value: string];

/** What reading a request's parameters gave: the parameters, or why they were refused. */
export type ReadParams =
  | { readonly ok: true; readonly params: TwimletParams }
  | { readonly ok: false; readonly status: 400 | 413; readonly message: string };

/** `Message[0]` → `Message` and `0`; `Message[]` → `Message` and `''`; `Message` → `Message` and null. */
function splitName(name: string): { base: string; key: string | null } {
  const open = name.indexOf('[');
  if (open <= 0 || !name.endsWith(']')) return { base: name, key: null };
  const key = name.slice(open + 1, -1);
  if (key.includes('[') || key.includes(']')) return { base: name, key: null };
  return { base: name.slice(0, open), key };
}

function bodyPairs(body: unknown): Pair[] {
  if (body === null || typeof body !== 'object') return [];
  const pairs: Pair[] = [];
  for (const [name, value] of Object.entries(body)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (typeof item === 'string') pairs.push([name, item]);
    }
  }
  return pairs;
}

function refuse(status: 400 | 413, message: string): ReadParams {
  return { ok: false, status, message };
}

/**
 * Reads a twimlet request's parameters: `rawQuery` is the query string (without `?`), `body`
 * the parsed form body. `longValues` names parameters allowed past MAX_VALUE_LENGTH, with their
 * limit in UTF-8 bytes (echo's `Twiml`).
 */
export function readParams(rawQuery: string, body: unknown, longValues: Readonly<Record<string, number>> = {}): ReadParams {
  const query: Pair[] = [...new URLSearchParams(rawQuery)];
  const form = bodyPairs(body);
  if (query.length + form.length > MAX_PARAMS) return refuse(400, `A twimlet takes at most ${MAX_PARAMS} parameters.`);
  for (const [name, value] of [...query, ...form]) {
    if (name.length > MAX_NAME_LENGTH) return refuse(400, `Parameter names are at most ${MAX_NAME_LENGTH} characters long.`);
    const base = splitName(name).base;
    const limit = Object.hasOwn(longValues, base) ? longValues[base] : undefined;
    if (limit === undefined && value.length > MAX_VALUE_LENGTH) {
      return refuse(400, `${name.slice(0, 40)} is longer than ${MAX_VALUE_LENGTH} characters.`);
    }
    if (limit !== undefined && Buffer.byteLength(value, 'utf8') > limit) return refuse(413, `${name} is larger than ${limit} bytes.`);
  }
  return { ok: true, params: new TwimletParams(query, form) };
}

/**
 * One request's parameters.
 *
 * @example
 * const read = readParams('Message%5B0%5D=Hello&Message%5B1%5D=https://example.com/a.mp3', undefined);
 * if (read.ok) read.params.list('Message'); // ['Hello', 'https://example.com/a.mp3']
 */
export class TwimletParams {
  constructor(private readonly query: readonly Pair[], private readonly body: readonly Pair[]) {}

  /** The pairs a parameter is read from: the body's when it sends the parameter, else the query's. */
  private source(base: string): readonly Pair[] {
    return this.body.some(([name]) => splitName(name).base === base) ? this.body : this.query;
  }

  /** Whether the parameter was sent at all (even empty). */
  has(name: string): boolean {
    return [...this.query, ...this.body].some(([n]) => n === name);
  }

  /** The parameter's last value as sent; `''` when absent. */
  raw(name: string): string {
    let value = '';
    for (const [n, v] of this.source(name)) if (n === name) value = v;
    return value;
  }

  /** The parameter's last value, trimmed; `''` when absent. */
  text(name: string): string {
    return this.raw(name).trim();
  }

  /**
   * The parameter as PHP reads an array: keyed entries in the order first written, a later
   * `name[key]` replacing the earlier one's value, `name[]` taking the next integer key, and a
   * bare `name` (or a bare one after the brackets) standing for `name[0]`. Blank values are
   * dropped, as the twimlets' `array_filter` does.
   */
  entries(name: string): Map<string, string> {
    let entries = new Map<string, string>();
    let fromBare = false;
    for (const [n, v] of this.source(name)) {
      const { base, key } = splitName(n);
      if (base !== name) continue;
      if (key === null) {
        entries = new Map([['0', v]]);
        fromBare = true;
        continue;
      }
      if (fromBare) entries = new Map();
      fromBare = false;
      entries.set(key === '' ? String(nextIndex(entries)) : key, v);
    }
    const kept = new Map<string, string>();
    for (const [key, value] of entries) if (value.trim() !== '') kept.set(key, value.trim());
    return kept;
  }

  /** The values of an array parameter, in order (see {@link entries}). */
  list(name: string): string[] {
    return [...this.entries(name).values()];
  }

  /**
   * The URL of this twimlet again, relative to the server, with the twimlet's own parameters
   * (`own`, by base name) as they were sent, then `extra`. Twilio's call parameters are left out,
   * so a loop through GET requests (where Twilio appends them to the query) does not grow the URL.
   */
  selfUrl(twimlet: string, own: readonly string[], extra: readonly Pair[] = []): string {
    const isOwn = (name: string) => own.includes(splitName(name).base);
    const inQuery = new Set(this.query.map(([name]) => splitName(name).base));
    const pairs = [
      ...this.query.filter(([name]) => isOwn(name)),
      ...this.body.filter(([name]) => isOwn(name) && !inQuery.has(splitName(name).base)),
      ...extra,
    ];
    const search = new URLSearchParams(pairs.map(([n, v]): [string, string] => [n, v])).toString();
    return `${TWIMLETS_ROOT}/${twimlet}${search === '' ? '' : `?${search}`}`;
  }
}

/** PHP's next key for `name[]`: one past the largest integer key, or 0. */
function nextIndex(entries: ReadonlyMap<string, string>): number {
  let next = 0;
  for (const key of entries.keys()) if (/^(0|[1-9]\d{0,8})$/.test(key)) next = Math.max(next, Number(key) + 1);
  return next;
}
