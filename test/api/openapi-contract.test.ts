/**
 * Contract test: every implemented endpoint's responses validate against Twilio's own OpenAPI
 * description of the 2010-04-01 API (test/fixtures/twilio-oai, a copy of ../shared/reference/twilio_api_v2010.json), and carry every
 * field the spec lists for the record (the spec marks none required, so presence is checked
 * separately). List bodies hold exactly one record key plus the paging meta keys.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { Ajv } from 'ajv';
import type { ValidateFunction } from 'ajv';
import { DIALECTS, api, startTestPlatform } from '../support/platform.js';
import type { TestPlatform } from '../support/platform.js';
import { sim } from '../support/sim.js';

type Json = Record<string, unknown>;
type SchemaNode = { $ref?: string; properties?: Record<string, SchemaNode>; items?: SchemaNode; type?: string };

const spec = JSON.parse(readFileSync(new URL('../fixtures/twilio-oai/twilio_api_v2010.json', import.meta.url), 'utf8')) as {
  paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, { schema: SchemaNode }> }> }>>;
  components: { schemas: Record<string, SchemaNode> };
};

/** `nullable` without a `type` (the spec's untyped fields: call events, encryption details) means any value: Ajv needs it dropped. */
function dropUntypedNullable(node: unknown): void {
  if (Array.isArray(node)) { node.forEach(dropUntypedNullable); return; }
  if (typeof node !== 'object' || node === null) return;
  const record = node as Record<string, unknown>;
  if ('nullable' in record && !('type' in record) && !('$ref' in record)) delete record.nullable;
  Object.values(record).forEach(dropUntypedNullable);
}
dropUntypedNullable(spec.components.schemas);

const RFC_2822 = /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} \+0000$/;
const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
ajv.addFormat('date-time-rfc-2822', RFC_2822);
// Twilio's phone-number format covers E.164 and the formatted national numbers it returns as friendly_name.
ajv.addFormat('phone-number', /^\+?[\d\s().-]{7,20}$/);
ajv.addFormat('http-method', /^(GET|POST)$/);
ajv.addFormat('iso-country-code', /^[A-Z]{2}$/);
ajv.addFormat('currency', /^[A-Z]{3}$/);
ajv.addFormat('uri', /^(\/2010-04-01\/|https?:\/\/|$)/);
for (const lenient of ['uri-map', 'phone-number-capabilities', 'date-time', 'date', 'uri-template']) ajv.addFormat(lenient, true);
ajv.addSchema(spec, 'twilio');

const META_KEYS = ['end', 'first_page_uri', 'next_page_uri', 'page', 'page_size', 'previous_page_uri', 'start', 'uri'];

function pointer(...parts: string[]): string {
  return parts.map((p) => encodeURIComponent(p.replace(/~/g, '~0').replace(/\//g, '~1'))).join('/');
}

function responseSchema(path: string, method: string, status: number): SchemaNode {
  const operation = spec.paths[path]?.[method];
  assert.ok(operation, `the spec has no ${method.toUpperCase()} ${path}`);
  const schema = operation.responses?.[String(status)]?.content?.['application/json']?.schema;
  assert.ok(schema, `the spec has no ${status} JSON response for ${method.toUpperCase()} ${path}`);
  return schema;
}

const validators = new Map<string, ValidateFunction>();
function validatorFor(path: string, method: string, status: number): ValidateFunction {
  const key = `${method} ${path} ${status}`;
  const cached = validators.get(key);
  if (cached) return cached;
  responseSchema(path, method, status);
  const validate = ajv.compile({ $ref: `twilio#/${pointer('paths', path, method, 'responses', String(status), 'content', 'application/json', 'schema')}` });
  validators.set(key, validate);
  return validate;
}

function resolve(node: SchemaNode): SchemaNode {
  const ref = node.$ref;
  if (!ref) return node;
  const name = ref.replace('#/components/schemas/', '');
  const target = spec.components.schemas[name];
  assert.ok(target, `unresolved ${ref}`);
  return resolve(target);
}

/** Every property the spec lists is present in `body`, recursively into lists of records. */
function assertFieldsPresent(schema: SchemaNode, body: Json, where: string, extras: Set<string>): void {
  const resolved = resolve(schema);
  for (const [name, prop] of Object.entries(resolved.properties ?? {})) {
    assert.ok(name in body, `${where}: missing field ${name}`);
    const value = body[name];
    const inner = resolve(prop);
    if (inner.type === 'object' && inner.properties && value && typeof value === 'object' && !Array.isArray(value)) {
      assertFieldsPresent(inner, value as Json, `${where}.${name}`, extras);
    }
    if (inner.type === 'array' && inner.items && Array.isArray(value)) {
      value.forEach((item, i) => {
        if (item && typeof item === 'object' && resolve(inner.items as SchemaNode).properties) assertFieldsPresent(inner.items as SchemaNode, item as Json, `${where}.${name}[${i}]`, extras);
      });
    }
  }
  for (const name of Object.keys(body)) if (!(name in (resolved.properties ?? {}))) extras.add(`${where}.${name}`);
}

for (const dialect of DIALECTS) {
  describe(`OpenAPI contract (${dialect})`, () => {
    let platform: TestPlatform;
    let creds: [string, string];
    let base: string;
    const extras = new Set<string>();
    let checked = 0;

    /** Makes the request and checks the response against the spec. */
    async function check(specPath: string, method: 'GET' | 'POST' | 'DELETE', path: string, status: number, form?: Record<string, string>): Promise<Json> {
      const response = await api(platform, method, path, creds, form ?? (method === 'POST' ? {} : undefined));
      assert.equal(response.status, status, `${method} ${path}: ${JSON.stringify(response.body)}`);
      checked++;
      if (status === 204) {
        assert.deepEqual(response.body, {}, `${method} ${path}: 204 must have no body`);
        assert.ok(spec.paths[specPath]?.delete?.responses?.['204'], `the spec has no 204 for DELETE ${specPath}`);
        return {};
      }
      const validate = validatorFor(specPath, method.toLowerCase(), status);
      assert.ok(validate(response.body), `${method} ${path}: ${ajv.errorsText(validate.errors)}`);
      const schema = responseSchema(specPath, method.toLowerCase(), status);
      const listKeys = Object.keys(resolve(schema).properties ?? {}).filter((k) => !META_KEYS.includes(k));
      if (listKeys.length === 1 && resolve(resolve(schema).properties?.[listKeys[0] ?? ''] ?? {}).type === 'array') {
        const allowed = new Set([...META_KEYS, ...listKeys]);
        for (const key of Object.keys(response.body)) assert.ok(allowed.has(key), `${method} ${path}: unexpected top-level key ${key}`);
      }
      assertFieldsPresent(schema, response.body, `${method} ${specPath}`, extras);
      return response.body;
    }

    before(async () => {
      // Call time on the fast clock: the calls below take seconds of call time and milliseconds to run.
      platform = await startTestPlatform(dialect, { DIALTONE_CLOCK: 'fast' });
      creds = [platform.sid, platform.token];
      base = `/2010-04-01/Accounts/${platform.sid}`;
    });
    after(async () => {
      if (extras.size > 0) console.log(`fields Dialtone returns that the spec does not list (warning only):\n  ${[...extras].join('\n  ')}`);
      await platform.stop();
    });

    test('Accounts: list, create, fetch, update', async () => {
      await check('/2010-04-01/Accounts.json', 'GET', '/2010-04-01/Accounts.json', 200);
      const sub = await check('/2010-04-01/Accounts.json', 'POST', '/2010-04-01/Accounts.json', 201, { FriendlyName: 'contract' });
      await check('/2010-04-01/Accounts/{Sid}.json', 'GET', `/2010-04-01/Accounts/${String(sub.sid)}.json`, 200);
      await check('/2010-04-01/Accounts/{Sid}.json', 'POST', `/2010-04-01/Accounts/${String(sub.sid)}.json`, 200, { Status: 'suspended' });
    });

    test('Keys: create, list, fetch, update, delete', async () => {
      const key = await check('/2010-04-01/Accounts/{AccountSid}/Keys.json', 'POST', `${base}/Keys.json`, 201, { FriendlyName: 'k' });
      await check('/2010-04-01/Accounts/{AccountSid}/Keys.json', 'GET', `${base}/Keys.json`, 200);
      const path = `${base}/Keys/${String(key.sid)}.json`;
      await check('/2010-04-01/Accounts/{AccountSid}/Keys/{Sid}.json', 'GET', path, 200);
      await check('/2010-04-01/Accounts/{AccountSid}/Keys/{Sid}.json', 'POST', path, 200, { FriendlyName: 'k2' });
      await check('/2010-04-01/Accounts/{AccountSid}/Keys/{Sid}.json', 'DELETE', path, 204);
    });

    test('AvailablePhoneNumbers: countries, a country, Local, TollFree and Mobile searches', async () => {
      const p = '/2010-04-01/Accounts/{AccountSid}/AvailablePhoneNumbers';
      const countries = await check(`${p}.json`, 'GET', `${base}/AvailablePhoneNumbers.json`, 200);
      assert.deepEqual(Object.keys(countries).sort(), ['countries', 'uri']);
      await check(`${p}/{CountryCode}.json`, 'GET', `${base}/AvailablePhoneNumbers/US.json`, 200);
      const local = await check(`${p}/{CountryCode}/Local.json`, 'GET', `${base}/AvailablePhoneNumbers/US/Local.json?AreaCode=415&PageSize=3`, 200);
      assert.equal((local.available_phone_numbers as unknown[]).length, 3);
      await check(`${p}/{CountryCode}/TollFree.json`, 'GET', `${base}/AvailablePhoneNumbers/US/TollFree.json?PageSize=2`, 200);
      const mobile = await check(`${p}/{CountryCode}/Mobile.json`, 'GET', `${base}/AvailablePhoneNumbers/GB/Mobile.json?PageSize=2`, 200);
      assert.equal((mobile.available_phone_numbers as unknown[]).length, 2);
    });

    test('IncomingPhoneNumbers: create (and Local, TollFree, Mobile), list, fetch, update, delete', async () => {
      const p = '/2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers';
      const n = await check(`${p}.json`, 'POST', `${base}/IncomingPhoneNumbers.json`, 201, { AreaCode: '415', VoiceUrl: 'https://example.com/v' });
      await check(`${p}/Local.json`, 'POST', `${base}/IncomingPhoneNumbers/Local.json`, 201, { AreaCode: '212' });
      await check(`${p}/TollFree.json`, 'POST', `${base}/IncomingPhoneNumbers/TollFree.json`, 201, { PhoneNumber: '+18005550001' });
      await check(`${p}/Mobile.json`, 'POST', `${base}/IncomingPhoneNumbers/Mobile.json`, 201, { PhoneNumber: '+447700900001' });
      for (const segment of ['', '/Local', '/TollFree', '/Mobile']) await check(`${p}${segment}.json`, 'GET', `${base}/IncomingPhoneNumbers${segment}.json`, 200);
      const path = `${base}/IncomingPhoneNumbers/${String(n.sid)}.json`;
      await check(`${p}/{Sid}.json`, 'GET', path, 200);
      await check(`${p}/{Sid}.json`, 'POST', path, 200, { SmsUrl: 'https://example.com/s', SmsMethod: 'GET' });
      await check(`${p}/{Sid}.json`, 'DELETE', path, 204);
    });

    test('Messages and Media: create, list, fetch, update, media list and fetch, delete', async () => {
      const p = '/2010-04-01/Accounts/{AccountSid}/Messages';
      const from = await check('/2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers.json', 'POST', `${base}/IncomingPhoneNumbers.json`, 201, { AreaCode: '303' });
      const phone = await fetch(`${platform.url}/sim/v1/Phones`, { method: 'POST', headers: { authorization: `Basic ${Buffer.from(creds.join(':')).toString('base64')}`, 'content-type': 'application/json' }, body: '{}' });
      const to = ((await phone.json()) as { number: string }).number;
      const message = await check(`${p}.json`, 'POST', `${base}/Messages.json`, 201, { To: to, From: String(from.phone_number), Body: 'contract', MediaUrl: 'http://127.0.0.1:1/a.png' });
      const path = `${base}/Messages/${String(message.sid)}.json`;
      // Nothing serves the media: the message fails (11205) once its fetch is refused.
      for (let i = 0; i < 100 && (await api(platform, 'GET', path, creds)).body.status !== 'failed'; i++) await new Promise((r) => setTimeout(r, 20));
      await check(`${p}.json`, 'GET', `${base}/Messages.json`, 200);
      await check(`${p}/{Sid}.json`, 'GET', path, 200);
      await check(`${p}/{Sid}.json`, 'POST', path, 200, { Body: '' });
      const media = await check(`${p}/{MessageSid}/Media.json`, 'GET', `${base}/Messages/${String(message.sid)}/Media.json`, 200);
      const first = (media.media_list as Array<{ sid: string }>)[0];
      assert.ok(first);
      await check(`${p}/{MessageSid}/Media/{Sid}.json`, 'GET', `${base}/Messages/${String(message.sid)}/Media/${first.sid}.json`, 200);
      await check(`${p}/{Sid}.json`, 'DELETE', path, 204);
    });

    test('Notifications: list and fetch', async () => {
      await platform.webhooks.fetchTwiml({ kind: 'voice', url: 'http://127.0.0.1:1/x', method: 'POST', fallbackUrl: null, fallbackMethod: 'POST', params: {}, account: { sid: platform.sid, authToken: platform.token }, resourceSid: null });
      const list = await check('/2010-04-01/Accounts/{AccountSid}/Notifications.json', 'GET', `${base}/Notifications.json`, 200);
      const first = (list.notifications as Array<{ sid: string }>)[0];
      assert.ok(first);
      await check('/2010-04-01/Accounts/{AccountSid}/Notifications/{Sid}.json', 'GET', `${base}/Notifications/${first.sid}.json`, 200);
    });

    test('Applications: create, list, fetch, update, delete', async () => {
      const p = '/2010-04-01/Accounts/{AccountSid}/Applications';
      const app = await check(`${p}.json`, 'POST', `${base}/Applications.json`, 201, { FriendlyName: 'a', VoiceUrl: 'https://example.com/v' });
      await check(`${p}.json`, 'GET', `${base}/Applications.json`, 200);
      const path = `${base}/Applications/${String(app.sid)}.json`;
      await check(`${p}/{Sid}.json`, 'GET', path, 200);
      await check(`${p}/{Sid}.json`, 'POST', path, 200, { SmsUrl: 'https://example.com/s' });
      await check(`${p}/{Sid}.json`, 'DELETE', path, 204);
      assert.ok(checked >= 25);
      // (Messages and Notifications add their own checks.)
    });

    /** Waits until the call has ended, and returns it. */
    async function ended(callSid: string): Promise<Json> {
      for (let i = 0; i < 400; i++) {
        const call = await api(platform, 'GET', `${base}/Calls/${callSid}.json`, creds);
        if (!['queued', 'ringing', 'in-progress'].includes(String(call.body.status))) return call.body;
        await new Promise((r) => setTimeout(r, 25));
      }
      throw new Error(`call ${callSid} did not end`);
    }

    test('Calls: create, list, fetch, update, events, delete', async () => {
      const p = '/2010-04-01/Accounts/{AccountSid}/Calls';
      const from = await check('/2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers.json', 'POST', `${base}/IncomingPhoneNumbers.json`, 201, { AreaCode: '212' });
      const to = (await sim<{ number: string }>(platform, 'POST', '/Phones', {})).body.number;
      // Twilio's Simple Message twimlet, served by the platform itself: the call makes one request, its event.
      const call = await check(`${p}.json`, 'POST', `${base}/Calls.json`, 201, { To: to, From: String(from.phone_number), Url: 'http://twimlets.com/message?Message=Contract' });
      assert.equal(call.status, 'queued');
      await ended(String(call.sid));
      const path = `${base}/Calls/${String(call.sid)}.json`;
      await check(`${p}.json`, 'GET', `${base}/Calls.json`, 200);
      await check(`${p}.json`, 'GET', `${base}/Calls.json?Status=completed&PageSize=1`, 200);
      const fetched = await check(`${p}/{Sid}.json`, 'GET', path, 200);
      assert.equal(fetched.status, 'completed');
      await check(`${p}/{Sid}.json`, 'POST', path, 200, { Status: 'completed' });
      const events = await check(`${p}/{CallSid}/Events.json`, 'GET', `${base}/Calls/${String(call.sid)}/Events.json`, 200);
      assert.equal((events.events as unknown[]).length, 1);
      await check(`${p}/{Sid}.json`, 'DELETE', path, 204);
    });

    test('Recordings and Transcriptions: per-call and account lists, fetch, delete', async () => {
      const from = await check('/2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers.json', 'POST', `${base}/IncomingPhoneNumbers.json`, 201, { AreaCode: '415' });
      const script = [{ waitFor: 'beep' }, { speak: 'first message' }, { waitFor: 'beep' }, { speak: 'second message' }];
      const to = (await sim<{ number: string }>(platform, 'POST', '/Phones', { script })).body.number;
      const twiml = '<Response><Record timeout="1" transcribe="true"/><Record timeout="1" transcribe="true"/></Response>';
      const call = await check('/2010-04-01/Accounts/{AccountSid}/Calls.json', 'POST', `${base}/Calls.json`, 201, { To: to, From: String(from.phone_number), Twiml: twiml });
      const callSid = String(call.sid);
      await ended(callSid);
      const c = '/2010-04-01/Accounts/{AccountSid}/Calls/{CallSid}/Recordings';
      const perCall = await check(`${c}.json`, 'GET', `${base}/Calls/${callSid}/Recordings.json`, 200);
      const [second, first] = (perCall.recordings as Array<{ sid: string }>).map((r) => r.sid);
      assert.ok(first && second, 'two recordings');
      await check(`${c}/{Sid}.json`, 'GET', `${base}/Calls/${callSid}/Recordings/${first}.json`, 200);
      const r = '/2010-04-01/Accounts/{AccountSid}/Recordings';
      await check(`${r}.json`, 'GET', `${base}/Recordings.json`, 200);
      await check(`${r}.json`, 'GET', `${base}/Recordings.json?CallSid=${callSid}`, 200);
      const recording = await check(`${r}/{Sid}.json`, 'GET', `${base}/Recordings/${first}.json`, 200);
      assert.equal(recording.channels, 1);

      const rt = `${r}/{RecordingSid}/Transcriptions`;
      const ofFirst = await check(`${rt}.json`, 'GET', `${base}/Recordings/${first}/Transcriptions.json`, 200);
      const firstTranscription = (ofFirst.transcriptions as Array<{ sid: string }>)[0]?.sid;
      assert.ok(firstTranscription);
      await check(`${rt}/{Sid}.json`, 'GET', `${base}/Recordings/${first}/Transcriptions/${firstTranscription}.json`, 200);
      const t = '/2010-04-01/Accounts/{AccountSid}/Transcriptions';
      const all = await check(`${t}.json`, 'GET', `${base}/Transcriptions.json`, 200);
      const secondTranscription = (all.transcriptions as Array<{ sid: string; recording_sid: string }>).find((x) => x.recording_sid === second)?.sid;
      assert.ok(secondTranscription);
      const transcription = await check(`${t}/{Sid}.json`, 'GET', `${base}/Transcriptions/${secondTranscription}.json`, 200);
      assert.equal(transcription.transcription_text, 'second message');
      await check(`${rt}/{Sid}.json`, 'DELETE', `${base}/Recordings/${first}/Transcriptions/${firstTranscription}.json`, 204);
      await check(`${t}/{Sid}.json`, 'DELETE', `${base}/Transcriptions/${secondTranscription}.json`, 204);
      await check(`${c}/{Sid}.json`, 'DELETE', `${base}/Calls/${callSid}/Recordings/${first}.json`, 204);
      await check(`${r}/{Sid}.json`, 'DELETE', `${base}/Recordings/${second}.json`, 204);
    });
  });
}
