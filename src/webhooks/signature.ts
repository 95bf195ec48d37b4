/**
 * Twilio's request signature (X-Twilio-Signature): HMAC-SHA1, keyed with the account's auth
 * token, over the URL followed (for form POSTs) by each parameter name and value, names sorted
 * by code unit; standard Base64. JSON bodies are signed through a `bodySHA256` query parameter.
 * See https://www.twilio.com/docs/usage/webhooks/webhooks-security. No I/O.
 */
import { createHash, createHmac } from 'node:crypto';

/**
 * The signature of a request to `url` with form parameters (null for GET and JSON requests).
 *
 * @example
 * computeSignature('12345', 'https://mycompany.com/myapp.php?foo=1&bar=2', { CallSid: 'CA1234567890ABCDE', … })
 */
export function computeSignature(authToken: string, url: string, params: Readonly<Record<string, string>> | null): string {
  let data = url;
  if (params) {
    for (const name of Object.keys(params).sort()) data += name + params[name];
  }
  return createHmac('sha1', authToken).update(data, 'utf8').digest('base64');
}

/** Hex SHA-256 of a JSON body, for the `bodySHA256` query parameter. */
export function bodySha256(body: string): string {
  return createHash('sha256').update(body, 'utf8').digest('hex');
}

/** `url` with `bodySHA256=<hash>` appended to its query, as Twilio does for JSON bodies. */
export function withBodyHash(url: string, body: string): string {
  return `${url}${url.includes('?') ? '&' : '?'}bodySHA256=${bodySha256(body)}`;
}
