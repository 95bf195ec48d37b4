/**
 * What a configured webhook URL means: where to send the request, which credentials to send,
 * which string to sign, and Twilio's connection overrides from the URL's fragment
 * (`#ct=…&rt=…&tt=…&rc=…&rp=…&e=…`). See
 * https://www.twilio.com/docs/usage/webhooks/webhooks-connection-overrides. No I/O.
 */

export type RetryReason = 'ct' | 'rt' | '4xx' | '5xx';

export interface ConnectionOverrides {
  /** Connect timeout, ms (Twilio: 100–10000, default 5000). */
  readonly connectTimeout: number;
  /** Read timeout: to the first response byte and between packets, ms (100–15000, default 15000). */
  readonly readTimeout: number;
  /** Total time for all attempts, ms (100–15000, default 15000). */
  readonly totalTimeout: number;
  /** Retries after the first attempt (0–5, default 1). */
  readonly retryCount: number;
  /** Which failures are retried (default connect and read failures). */
  readonly retryPolicy: ReadonlySet<RetryReason>;
}

export const DEFAULT_OVERRIDES: ConnectionOverrides = Object.freeze({
  connectTimeout: 5000, readTimeout: 15000, totalTimeout: 15000, retryCount: 1, retryPolicy: new Set<RetryReason>(['ct', 'rt']),
});

export interface WebhookTarget {
  /** Where the request goes: no fragment, no credentials. */
  readonly url: URL;
  /** The configured URL as it is signed: no fragment, no credentials, and no port for https. */
  readonly signedUrl: string;
  readonly credentials: { readonly username: string; readonly password: string } | null;
  readonly overrides: ConnectionOverrides;
}

const RANGES = { ct: [100, 10000], rt: [100, 15000], tt: [100, 15000], rc: [0, 5] } as const;

function clampedInt(value: string | null, [min, max]: readonly [number, number], fallback: number): number {
  if (value === null || !/^\d{1,6}$/.test(value)) return fallback;
  return Math.min(max, Math.max(min, Number(value)));
}

/** Reads the fragment's overrides; unknown keys (`e`, `sni`) and invalid values fall back to defaults. */
export function parseOverrides(fragment: string): ConnectionOverrides {
  const params = new URLSearchParams(fragment.replace(/^#/, ''));
  const policy = new Set<RetryReason>();
  for (const item of (params.get('rp') ?? '').split(',').map((p) => p.trim())) {
    if (item === 'all') for (const r of ['ct', 'rt', '4xx', '5xx'] as const) policy.add(r);
    else if (item === 'ct' || item === 'rt' || item === '4xx' || item === '5xx') policy.add(item);
  }
  return {
    connectTimeout: clampedInt(params.get('ct'), RANGES.ct, DEFAULT_OVERRIDES.connectTimeout),
    readTimeout: clampedInt(params.get('rt'), RANGES.rt, DEFAULT_OVERRIDES.readTimeout),
    totalTimeout: clampedInt(params.get('tt'), RANGES.tt, DEFAULT_OVERRIDES.totalTimeout),
    retryCount: clampedInt(params.get('rc'), RANGES.rc, DEFAULT_OVERRIDES.retryCount),
    retryPolicy: policy.size > 0 ? policy : DEFAULT_OVERRIDES.retryPolicy,
  };
}

/**
 * The string Twilio signs for a configured URL: the URL exactly as written (never normalised),
 * less its fragment and credentials, and less its port for https — Twilio's documented rule.
 */
export function signableUrl(raw: string): string {
  const withoutFragment = raw.replace(/#.*$/s, '');
  const match = /^(https?:\/\/)([^/?#]*)(.*)$/is.exec(withoutFragment);
  if (!match) return withoutFragment;
  const [, scheme = '', authority = '', rest = ''] = match;
  let host = authority.includes('@') ? authority.slice(authority.lastIndexOf('@') + 1) : authority;
  if (scheme.toLowerCase() === 'https://') host = host.replace(/:\d+$/, '');
  return scheme + host + rest;
}

/** Parses a configured webhook URL; null when it is not an absolute http(s) URL. */
export function parseWebhookUrl(raw: string): WebhookTarget | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') return null;
  const credentials = url.username || url.password
    ? { username: decodeURIComponent(url.username), password: decodeURIComponent(url.password) }
    : null;
  const overrides = parseOverrides(url.hash);
  url.hash = '';
  url.username = '';
  url.password = '';
  return { url, signedUrl: signableUrl(raw), credentials, overrides };
}

/** A target's URL with its credentials put back (the inverse of `parseWebhookUrl`, less the fragment): what fetches the same resource again. */
export function refetchUrl(target: WebhookTarget): string {
  if (!target.credentials) return target.url.href;
  const url = new URL(target.url.href);
  url.username = encodeURIComponent(target.credentials.username);
  url.password = encodeURIComponent(target.credentials.password);
  return url.href;
}

/** Appends form parameters to a URL's query, as GET webhooks carry them. */
export function appendQuery(url: string, params: Readonly<Record<string, string>>): string {
  const query = new URLSearchParams(params).toString();
  if (!query) return url;
  return `${url}${url.includes('?') ? (url.endsWith('?') || url.endsWith('&') ? '' : '&') : '?'}${query}`;
}
