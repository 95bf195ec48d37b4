/**
 * The addresses a virtual phone answers besides its number: a SIP URI (`<Dial><Sip>`) and a
 * client identity (`<Dial><Client>`). Pure parsing; never touches the store.
 */

const SIP_URI = /^sips?:([^@;?\s]+)@([^;?:\s]+)(?::\d{1,5})?(?:[;?].*)?$/i;
const USER = /^[A-Za-z0-9\-_.!~*'()&=+$,%]+$/;
const HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*$/;
/** Twilio (docs: voice/twiml/client): up to 256 characters; mobile SDKs allow only letters, digits and underscore. */
const IDENTITY = /^[A-Za-z0-9_]{1,256}$/;

/**
 * A SIP URI as the network matches it: `sip:user@host` in lower case, without port, URI
 * parameters (`;transport=tls`) or headers (`?x-header=…`); null when `raw` is not a SIP URI.
 * @example normaliseSipUri('sip:Alice@Example.com;transport=tls?X-Id=1') // 'sip:alice@example.com'
 */
export function normaliseSipUri(raw: string): string | null {
  const m = SIP_URI.exec(raw.trim());
  if (!m) return null;
  const [, user, host] = m;
  if (user === undefined || host === undefined || !USER.test(user) || !HOST.test(host)) return null;
  return `sip:${user}@${host}`.toLowerCase();
}

/** Whether `raw` is a client identity Twilio accepts. */
export function isClientIdentity(raw: string): boolean {
  return IDENTITY.test(raw);
}

/** What a dialled address names: a number, a SIP URI (normalised) or a client identity. */
export type DialledAddress =
  | { readonly kind: 'number'; readonly number: string }
  | { readonly kind: 'sip'; readonly uri: string | null }
  | { readonly kind: 'client'; readonly identity: string };

/** Classifies the `to` of a carrier dial (`+1…`, `sip:…`, `client:…`). */
export function parseDialled(to: string): DialledAddress {
  if (/^sips?:/i.test(to)) return { kind: 'sip', uri: normaliseSipUri(to) };
  if (to.startsWith('client:')) return { kind: 'client', identity: to.slice('client:'.length) };
  return { kind: 'number', number: to };
}
