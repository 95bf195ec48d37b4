/**
 * Requests a twimlet from a running Dialtone as the voice engine will (GET, or POST with a
 * form body), and reads the answer back through Dialtone's own TwiML parser, so tests assert
 * typed verbs rather than text.
 */
import assert from 'node:assert/strict';
import { parseTwiml } from '../../src/twiml/index.js';
import type { VoiceResponse, VoiceVerb } from '../../src/twiml/index.js';

export type Form = Record<string, string | readonly string[]>;

export interface TwimletAnswer {
  readonly status: number;
  readonly contentType: string | null;
  readonly text: string;
}

/** A raw request: `path` is the twimlet's path and query; `form` makes it a POST. */
export async function requestTwimlet(platform: { url: string }, path: string, form?: Form, headers: Record<string, string> = {}): Promise<TwimletAnswer> {
  const body = form === undefined ? undefined
    : new URLSearchParams(Object.entries(form).flatMap(([k, v]) => (typeof v === 'string' ? [v] : v).map((x): [string, string] => [k, x]))).toString();
  const response = await fetch(`${platform.url}${path}`, {
    method: form === undefined ? 'GET' : 'POST',
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/x-www-form-urlencoded' }) },
    body,
  });
  return { status: response.status, contentType: response.headers.get('content-type'), text: await response.text() };
}

/** The twimlet's answer as a parsed voice document; fails the test unless it is 200 text/xml valid TwiML. */
export async function fetchTwiml(platform: { url: string }, path: string, form?: Form): Promise<VoiceResponse> {
  const answer = await requestTwimlet(platform, path, form);
  assert.equal(answer.status, 200, answer.text);
  assert.match(answer.contentType ?? '', /^text\/xml\b/);
  const parsed = parseTwiml(answer.text, { kind: 'voice' });
  assert.ok(parsed.ok, `not valid TwiML: ${answer.text}\n${JSON.stringify(parsed)}`);
  assert.deepEqual(parsed.warnings, []);
  return parsed.document;
}

/** The verb names of a document, in order. */
export function verbNames(document: VoiceResponse): string[] {
  return document.verbs.map((v) => v.verb);
}

function isVerb<N extends VoiceVerb['verb']>(verb: VoiceVerb | undefined, name: N): verb is Extract<VoiceVerb, { verb: N }> {
  return verb?.verb === name;
}

/** The document's verb at `index`, which must be a `verb`. */
export function verbAt<N extends VoiceVerb['verb']>(document: VoiceResponse, index: number, verb: N): Extract<VoiceVerb, { verb: N }> {
  const found = document.verbs[index];
  assert.ok(isVerb(found, verb), `expected <${verb}> at ${index}: ${verbNames(document).join(', ')}`);
  return found;
}

/** The parameters of a server-relative URL such as a twimlet's action. */
export function queryOf(url: string): URLSearchParams {
  return new URL(url, 'http://dialtone.invalid').searchParams;
}
