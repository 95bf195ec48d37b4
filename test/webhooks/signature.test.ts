/**
 * X-Twilio-Signature: Twilio's documented vectors, and real requests Dialtone sends to a local
 * app — GET and POST, query strings, ports (https on a non-default port too), credentials in the
 * URL, non-ASCII parameters, JSON bodies — accepted by both official validators (npm twilio and
 * python3-twilio).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import twilio from 'twilio';
import { WebhookClient } from '../../src/webhooks/client.js';
import { computeSignature, withBodyHash } from '../../src/webhooks/signature.js';
import { signableUrl } from '../../src/webhooks/target.js';
import { VALID_TWIML, startAppServer, xml } from '../support/app-server.js';
import type { AppServer, ReceivedRequest } from '../support/app-server.js';

const TOKEN = '12345';

describe('signature vectors', () => {
  test('Twilio\'s documented example signs to 0/KCTR6DLpKmkAf8muzZqo1nDgQ=', () => {
    const params = { CallSid: 'CA1234567890ABCDE', Caller: '+12349013030', Digits: '1234', From: '+12349013030', To: '+18005551212' };
    assert.equal(computeSignature(TOKEN, 'https://mycompany.com/myapp.php?foo=1&bar=2', params), '0/KCTR6DLpKmkAf8muzZqo1nDgQ=');
  });

  test('a GET URL with its parameters in the query is signed without parameters', () => {
    assert.equal(computeSignature(TOKEN, 'http://127.0.0.1:3000/voice?CallSid=CA1&From=%2B1555', null), 'qho7VyFVchUedFKuNHeCCFol9Rc=');
  });

  test('a JSON body is signed through bodySHA256', () => {
    const body = '{"property": "value", "boolean": true}';
    assert.equal(withBodyHash('https://mycompany.com/myapp.php?foo=1&bar=2', body), 'https://mycompany.com/myapp.php?foo=1&bar=2&bodySHA256=0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620');
    assert.equal(computeSignature(TOKEN, withBodyHash('https://mycompany.com/myapp.php?foo=1&bar=2', body), null), 'a9nBmqA0ju/hNViExpshrM61xv4=');
  });

  test('the signed URL drops the fragment and credentials, and the port for https only', () => {
    assert.equal(signableUrl('http://u:p@Host.example:8080/a?b=1#rc=2'), 'http://Host.example:8080/a?b=1');
    assert.equal(signableUrl('https://u:p@host.example:8443/a?b=1#ct=500'), 'https://host.example/a?b=1');
    assert.equal(signableUrl('https://host.example/a'), 'https://host.example/a');
  });
});

describe('requests Dialtone sends pass the official validators', () => {
  let app: AppServer;
  const client = new WebhookClient();
  // https URLs on a non-default port, served by the local http app: signing only, no TLS. The
  // app sees them as behind a TLS-terminating proxy, with the host and port as configured.
  const TLS_ORIGIN = 'https://hooks.example:8443';
  const viaProxy = new WebhookClient({
    route: (url) => (url.origin === TLS_ORIGIN ? { origin: app.origin, path: url.pathname + url.search } : null),
  });
  before(async () => {
    app = await startAppServer();
    app.route('/hook', xml(VALID_TWIML));
    app.route('/hook/%C3%BCn%C3%AF', xml(VALID_TWIML));
  });
  after(async () => {
    await client.close();
    await viaProxy.close();
    await app.close();
  });

  const paramSets: Array<Record<string, string>> = [
    {},
    { CallSid: 'CA0123', From: '+14155550100', To: '+14155550101', CallStatus: 'ringing' },
    { Body: 'héllo wörld 👋 — "quotes" & ampersands = signs + plus', From: '+447700900123', Zeta: 'z', alpha: 'a', Alpha: 'A' },
  ];

  /** A configured URL, the client that reaches it, and the origin the app sees requests on. */
  interface Target { url: string; client: WebhookClient; seenOrigin: string }

  function targets(): Target[] {
    const port = new URL(app.origin).port;
    const local = (url: string): Target => ({ url, client, seenOrigin: app.origin });
    const tls = (url: string): Target => ({ url, client: viaProxy, seenOrigin: TLS_ORIGIN });
    return [
      local(`${app.origin}/hook`),
      local(`${app.origin}/hook?foo=1&bar=2`),
      local(`${app.origin}/hook?name=a%20b&plus=%2B1`),
      local(`http://user:s3cr%40t@127.0.0.1:${port}/hook?auth=1`),
      local(`${app.origin}/hook?x=1#rc=0&ct=2000`),
      local(`${app.origin}/hook/%C3%BCn%C3%AF?q=%C3%A9`),
      tls(`${TLS_ORIGIN}/hook`),
      tls(`${TLS_ORIGIN}/hook?foo=1&bar=2`),
      tls(`https://user:s3cr%40t@hooks.example:8443/hook?auth=1#rc=0&e=ashburn`),
    ];
  }

  const formParams = (r: ReceivedRequest) => Object.fromEntries(new URLSearchParams(r.body));

  type SignedCase = { url: string; params: Record<string, string>; signature: string; body: string | null };

  /**
   * Sends one request and checks it with the npm validator; returns the cases for python. An
   * https URL's signature must validate whether the app sees the URL with its port or without.
   */
  async function sendAndValidate(target: Target, method: 'GET' | 'POST', params: Record<string, string>): Promise<SignedCase[]> {
    const before = app.received.length;
    const exchange = await target.client.send({ url: target.url, method, params, authToken: TOKEN, maxBodyBytes: 65536, oversize: 'fail' });
    assert.equal(exchange.failure, null, `${method} ${target.url}: ${exchange.failure?.message}`);
    const got = app.received[before];
    assert.ok(got);
    const signature = String(got.headers['x-twilio-signature']);
    const validated = method === 'POST' ? formParams(got) : {};
    const seen = [`${target.seenOrigin}${got.url}`];
    if (target.seenOrigin === TLS_ORIGIN) seen.push(`https://hooks.example${got.url}`);
    for (const url of seen) {
      assert.ok(twilio.validateRequest(TOKEN, signature, url, validated), `npm validator refused ${method} ${url} ${JSON.stringify(params)}`);
    }
    assert.equal(got.headers['user-agent'], 'TwilioProxy/1.1');
    assert.match(String(got.headers['i-twilio-idempotency-token']), /^[0-9a-f-]{36}$/);
    if (method === 'POST') assert.match(String(got.headers['content-type']), /^application\/x-www-form-urlencoded/);
    if (target.url.includes('user:')) assert.equal(got.headers.authorization, `Basic ${Buffer.from('user:s3cr@t').toString('base64')}`);
    return seen.map((url) => ({ url, params: validated, signature, body: null }));
  }

  test('every GET and POST over the URL and parameter matrix validates with npm twilio and python3-twilio', async () => {
    const cases: SignedCase[] = [];
    for (const target of targets()) {
      for (const params of paramSets) {
        for (const method of ['GET', 'POST'] as const) cases.push(...await sendAndValidate(target, method, params));
      }
    }
    const jsonBody = JSON.stringify({ property: 'value', unicode: 'ünï 👋' });
    const before2 = app.received.length;
    const exchange = await client.send({ url: `${app.origin}/hook?foo=1`, method: 'POST', params: {}, json: jsonBody, authToken: TOKEN, maxBodyBytes: 65536, oversize: 'fail' });
    assert.equal(exchange.failure, null);
    const got = app.received[before2];
    assert.ok(got);
    const seenUrl = `${app.origin}${got.url}`;
    assert.ok(twilio.validateRequestWithBody(TOKEN, String(got.headers['x-twilio-signature']), seenUrl, got.body), 'npm validator refused the JSON body');
    cases.push({ url: seenUrl, params: {}, signature: String(got.headers['x-twilio-signature']), body: got.body });

    const script = `
import json, sys
from twilio.request_validator import RequestValidator
v = RequestValidator(${JSON.stringify(TOKEN)})
bad = [c["url"] for c in json.load(sys.stdin) if not v.validate(c["url"], c["body"] if c["body"] is not None else c["params"], c["signature"])]
print(json.dumps(bad))
sys.exit(1 if bad else 0)`;
    const python = spawnSync('/usr/bin/python3', ['-c', script], { input: JSON.stringify(cases), encoding: 'utf8' });
    assert.equal(python.status, 0, `python3-twilio refused: ${python.stdout} ${python.stderr}`);
    const requests = targets().length * paramSets.length * 2;
    const https = targets().filter((t) => t.seenOrigin === TLS_ORIGIN).length * paramSets.length * 2;
    assert.equal(cases.length, requests + https + 1);
    assert.ok(cases.some((c) => c.url.startsWith(`${TLS_ORIGIN}/hook?auth=1`)), 'the https URL with a port, credentials and e= was sent');
  });
});
