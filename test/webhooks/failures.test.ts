/**
 * The webhook failure matrix against a real local app: each failure gives Twilio's code, the
 * fallback URL is used where configured (told ErrorCode and ErrorUrl), retries follow the URL's
 * overrides, every request is logged against its call, and each failure is an alert the npm
 * SDK lists through the Notifications resource.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { listWebhookRequests } from '../../src/store/webhook-requests.js';
import { WebhookClient } from '../../src/webhooks/client.js';
import type { TwimlFetch } from '../../src/webhooks/index.js';
import { VALID_TWIML, startAppServer, xml } from '../support/app-server.js';
import type { AppServer } from '../support/app-server.js';
import { DIALECTS, api, startTestPlatform } from '../support/platform.js';
import type { TestPlatform } from '../support/platform.js';
import { sdkClient } from '../support/twilio.js';

const CALL_SID = `CA${'c'.repeat(32)}`;

for (const dialect of DIALECTS) {
  describe(`webhook failures (${dialect})`, () => {
    let platform: TestPlatform;
    let app: AppServer;
    let flakyCount = 0;

    before(async () => {
      platform = await startTestPlatform(dialect);
      app = await startAppServer();
      app.route('/ok', xml(VALID_TWIML));
      app.route('/slow', (_req, res) => { setTimeout(() => { res.writeHead(200, { 'content-type': 'text/xml' }); res.end(VALID_TWIML); }, 1500); });
      app.route('/500', xml('<h1>Internal Server Error</h1>', 500, 'text/html'));
      app.route('/html', xml('<!DOCTYPE html>\n<html><body>Welcome to nginx!</body></html>', 200, 'text/html'));
      app.route('/invalid', xml('<Response><Say>hi</Say><Dance/></Response>'));
      app.route('/warning', xml('<Response><Say colour="blue">hi</Say></Response>'));
      app.route('/plain', xml('  Thanks for calling & goodbye <3\n', 200, 'text/plain; charset=utf-8'));
      app.route('/blank', xml(' \n', 200, 'text/plain'));
      // An MP3 far larger than any TwiML document may be.
      app.route('/hello.mp3', (_req, res) => { res.writeHead(200, { 'content-type': 'audio/mpeg' }); res.end(Buffer.alloc(300_000, 0xff)); });
      app.route('/beep.wav', (_req, res) => { res.writeHead(200, { 'content-type': 'audio/x-wav' }); res.end(Buffer.from('RIFF....WAVE')); });
      app.route('/greeting', (_req, res) => { res.writeHead(302, { location: '/hello.mp3?v=2' }); res.end(); });
      app.route('/json', xml('{"say":"hello"}', 200, 'application/json'));
      app.route('/no-content', (_req, res) => { res.writeHead(204); res.end(); });
      app.route('/empty', (_req, res) => { res.writeHead(200); res.end(); });
      app.route('/defaults', xml('<Response><Pause length="0"/><Say>hi</Say></Response>'));
      app.route('/close', (req) => { req.socket.destroy(); });
      app.route('/loop', (_req, res) => { res.writeHead(302, { location: '/loop' }); res.end(); });
      app.route('/moved', (_req, res) => { res.writeHead(301, { location: '/ok' }); res.end(); });
      app.route('/huge', xml(`<Response>${'<Say>padding padding padding</Say>'.repeat(3000)}</Response>`));
      app.route('/flaky', (_req, res) => {
        flakyCount++;
        if (flakyCount <= 2) { res.writeHead(503); res.end('busy'); } else xml(VALID_TWIML)(_req, res, { method: '', url: '', headers: {}, body: '' });
      });
    });
    after(async () => {
      await app.close();
      await platform.stop();
    });

    const fetchFrom = (url: string, extra: Partial<TwimlFetch<'voice'>> = {}) => platform.webhooks.fetchTwiml({
      kind: 'voice', url, method: 'POST', fallbackUrl: null, fallbackMethod: 'POST',
      params: { CallSid: CALL_SID, From: '+14155550100', To: '+14155550101' },
      account: { sid: platform.sid, authToken: platform.token }, resourceSid: CALL_SID, ...extra,
    });

    test('a text/plain answer is read to the caller, as Twilio documents; blank text does nothing', async () => {
      const result = await fetchFrom(`${app.origin}/plain`);
      assert.ok(result.ok);
      assert.deepEqual(result.document.verbs.map((v) => v.verb), ['Say']);
      const say = result.document.verbs[0];
      assert.equal(say?.verb === 'Say' ? say.text : null, 'Thanks for calling & goodbye <3');
      const blank = await fetchFrom(`${app.origin}/blank`);
      assert.ok(blank.ok);
      assert.deepEqual(blank.document.verbs, []);
    });

    test('an audio answer is played to the caller from the URL that answered, however large; to a message it is still 12300', async () => {
      const result = await fetchFrom(`${app.origin}/hello.mp3`);
      assert.ok(result.ok, JSON.stringify(result));
      assert.deepEqual(result.document.verbs.map((v) => v.verb), ['Play']);
      const verb = result.document.verbs[0];
      assert.equal(verb?.verb === 'Play' ? verb.url : null, `${app.origin}/hello.mp3`);
      // Fetched with GET, through a redirect, with credentials: the URL to play is the last hop's,
      // without the call's parameters and with the credentials that fetch it again.
      const origin = new URL(app.origin);
      const viaGet = await fetchFrom(`http://dialtone:s%40cret@${origin.host}/greeting`, { method: 'GET' });
      assert.ok(viaGet.ok, JSON.stringify(viaGet));
      const played = viaGet.document.verbs[0];
      assert.equal(played?.verb === 'Play' ? played.url : null, `http://dialtone:s%40cret@${origin.host}/hello.mp3?v=2`);
      // A short clip arrives whole with its headers: dropping it unread must not throw.
      const short = await fetchFrom(`${app.origin}/beep.wav`);
      assert.ok(short.ok);
      assert.deepEqual(short.document.verbs.map((v) => v.verb), ['Play']);
      const message = await platform.webhooks.fetchTwiml({
        kind: 'messaging', url: `${app.origin}/beep.wav`, method: 'POST', fallbackUrl: null, fallbackMethod: 'POST',
        params: { MessageSid: 'SM00000000000000000000000000000000' }, account: { sid: platform.sid, authToken: platform.token }, resourceSid: null,
      });
      assert.equal(message.ok ? null : message.code, 12300);
    });

    test('a valid document is parsed, and the exchange is kept against its call', async () => {
      const result = await fetchFrom(`${app.origin}/ok`);
      assert.ok(result.ok);
      assert.equal(result.document.verbs[0]?.verb, 'Say');
      const log = await listWebhookRequests(platform.store.db, platform.sid, CALL_SID);
      const last = log[log.length - 1];
      assert.ok(last);
      assert.equal(last.status, 200);
      assert.equal(last.purpose, 'twiml');
      assert.equal(JSON.parse(last.requestParams).CallSid, CALL_SID);
      assert.match(String(last.responseBody), /Hello from the app/);
    });

    test('each failure gives Twilio\'s code', async () => {
      const matrix: Array<[string, number]> = [
        [`${app.origin}/slow#rt=300&rc=0`, 11205],
        [`${app.origin}/500`, 11200],
        [`${app.origin}/html`, 12100],
        [`${app.origin}/invalid`, 12200],
        [`${app.origin}/json`, 12300],
        [`${app.origin}/close`, 11205],
        [`${app.origin}/loop`, 11215],
        [`${app.origin}/huge`, 11750],
        ['http://no-such-app.invalid/voice', 11210],
        ['http://127.0.0.1:1/voice', 11205],
        ['ftp://example.com/voice', 11100],
      ];
      for (const [url, code] of matrix) {
        const started = Date.now();
        const result = await fetchFrom(url);
        assert.equal(result.ok, false, url);
        if (!result.ok) assert.equal(result.code, code, `${url}: ${result.message}`);
        assert.ok(Date.now() - started < 5000, `${url} took ${Date.now() - started} ms`);
      }
    });

    test('redirects are followed; TwiML warnings are alerts but the document runs', async () => {
      assert.ok((await fetchFrom(`${app.origin}/moved`)).ok);
      const warned = await fetchFrom(`${app.origin}/warning`);
      assert.ok(warned.ok);
      const r = await api(platform, 'GET', `/2010-04-01/Accounts/${platform.sid}/Notifications.json?Log=1`, [platform.sid, platform.token]);
      assert.ok((r.body.notifications as Array<{ error_code: string }>).some((n) => n.error_code === '12200'));
    });

    const alertCodes = async (): Promise<string[]> => {
      const r = await api(platform, 'GET', `/2010-04-01/Accounts/${platform.sid}/Notifications.json?PageSize=1000`, [platform.sid, platform.token]);
      return (r.body.notifications as Array<{ error_code: string }>).map((n) => n.error_code);
    };

    test('HTTP 204 No Content is an empty document (no reply; a call with nothing left to do): no alert, no fallback', async () => {
      const alerts = (await alertCodes()).length;
      const fallbackHits = app.hits('/ok').length;
      const message = await platform.webhooks.fetchTwiml({
        kind: 'messaging', url: `${app.origin}/no-content`, method: 'POST', fallbackUrl: `${app.origin}/ok`, fallbackMethod: 'POST',
        params: { MessageSid: `SM${'d'.repeat(32)}`, Body: 'hi' }, account: { sid: platform.sid, authToken: platform.token }, resourceSid: null,
      });
      assert.ok(message.ok && !message.usedFallback);
      assert.deepEqual(message.document, { kind: 'messaging', verbs: [] });
      const call = await fetchFrom(`${app.origin}/no-content`, { fallbackUrl: `${app.origin}/ok` });
      assert.ok(call.ok && !call.usedFallback);
      assert.deepEqual(call.document, { kind: 'voice', verbs: [] });
      assert.equal(app.hits('/ok').length, fallbackHits);
      assert.equal((await alertCodes()).length, alerts);
    });

    test('an empty 200 without a Content-Type is still a 12300, and the fallback is tried', async () => {
      const result = await fetchFrom(`${app.origin}/empty`, { fallbackUrl: `${app.origin}/ok` });
      assert.ok(result.ok && result.usedFallback);
      assert.equal(new URLSearchParams(app.hits('/ok').at(-1)?.body).get('ErrorCode'), '12300');
    });

    test('an invalid attribute value runs with its default, as on Twilio: a warning alert with Twilio\'s code, no fallback', async () => {
      const before = (await alertCodes()).filter((code) => code === '13910').length;
      const result = await fetchFrom(`${app.origin}/defaults`, { fallbackUrl: `${app.origin}/ok` });
      assert.ok(result.ok && !result.usedFallback);
      assert.deepEqual(result.document.verbs[0], { verb: 'Pause', length: 1 });
      assert.equal((await alertCodes()).filter((code) => code === '13910').length, before + 1);
    });

    test('a failed fetch goes to the fallback URL, which is told ErrorCode and ErrorUrl', async () => {
      const before = app.hits('/ok').length;
      const result = await fetchFrom(`${app.origin}/500`, { fallbackUrl: `${app.origin}/ok`, fallbackMethod: 'POST' });
      assert.ok(result.ok && result.usedFallback);
      const fallbackRequest = app.hits('/ok')[before];
      assert.ok(fallbackRequest);
      const params = new URLSearchParams(fallbackRequest.body);
      assert.equal(params.get('ErrorCode'), '11200');
      assert.equal(params.get('ErrorUrl'), `${app.origin}/500`);
      const both = await fetchFrom(`${app.origin}/500`, { fallbackUrl: `${app.origin}/json`, fallbackMethod: 'GET' });
      assert.equal(both.ok, false);
      if (!both.ok) assert.equal(both.code, 12300);
    });

    test('retries follow the URL\'s overrides: none for a 503 by default, two with #rc=2&rp=5xx', async () => {
      flakyCount = 0;
      assert.equal((await fetchFrom(`${app.origin}/flaky`)).ok, false);
      assert.equal(flakyCount, 1);
      flakyCount = 0;
      assert.ok((await fetchFrom(`${app.origin}/flaky#rc=2&rp=5xx`)).ok);
      assert.equal(flakyCount, 3);
      const refused = await new WebhookClient().send({ url: 'http://127.0.0.1:1/cb#rc=3&ct=200', method: 'POST', params: {}, authToken: 't', maxBodyBytes: 1024, oversize: 'truncate' });
      assert.equal(refused.attempts, 4, 'connection failures are retried by default (rp=ct,rt)');
    });

    test('status callbacks that fail become warnings; GET callbacks carry parameters in the query', async () => {
      const account = { sid: platform.sid, authToken: platform.token };
      const failed = await platform.webhooks.sendCallback({ url: `${app.origin}/500`, method: 'POST', params: { CallStatus: 'completed' }, account, resourceSid: CALL_SID, purpose: 'status-callback' });
      assert.equal(failed.failure?.code, 11200);
      const ok = await platform.webhooks.sendCallback({ url: `${app.origin}/ok?existing=1`, method: 'GET', params: { CallStatus: 'ringing' }, account, resourceSid: CALL_SID, purpose: 'status-callback' });
      assert.equal(ok.failure, null);
      assert.equal(app.hits('/ok').at(-1)?.url, '/ok?existing=1&CallStatus=ringing');
      const r = await api(platform, 'GET', `/2010-04-01/Accounts/${platform.sid}/Notifications.json?Log=1`, [platform.sid, platform.token]);
      assert.ok((r.body.notifications as Array<{ error_code: string }>).some((n) => n.error_code === '15003'));
    });

    test('the npm SDK lists and fetches the alerts, with the request and response that caused them', async () => {
      const client = sdkClient(platform.url, platform.sid, platform.token);
      const alerts = await client.notifications.list({ log: 0 });
      const codes = new Set(alerts.map((a) => a.errorCode));
      for (const code of ['11205', '11200', '12100', '12200', '12300', '11215', '11750', '11210', '11100']) assert.ok(codes.has(code), `no alert ${code}`);
      const html = alerts.find((a) => a.errorCode === '12100');
      assert.ok(html);
      const full = await client.notifications(html.sid).fetch();
      assert.equal(full.requestUrl, `${app.origin}/html`);
      assert.equal(full.requestMethod, 'POST');
      assert.match(full.responseBody, /Welcome to nginx/);
      assert.match(full.requestVariables, /CallSid=CA/);
      assert.equal(full.callSid, CALL_SID);
      assert.equal(full.moreInfo, 'https://www.twilio.com/docs/errors/12100');
      const underCall = await api(platform, 'GET', `/2010-04-01/Accounts/${platform.sid}/Calls/${CALL_SID}/Notifications.json`, [platform.sid, platform.token]);
      assert.equal((underCall.body.notifications as unknown[]).length > 0, true);
    });

    test('with private addresses refused, a loopback app is not reached', async () => {
      const guarded = new WebhookClient({ refusePrivateAddresses: true });
      try {
        const before = app.received.length;
        const exchange = await guarded.send({ url: `${app.origin}/ok`, method: 'POST', params: {}, authToken: 't', maxBodyBytes: 1024, oversize: 'fail' });
        assert.equal(exchange.failure?.code, 11205);
        assert.match(exchange.failure?.message ?? '', /private/);
        const named = await guarded.send({ url: `${app.origin.replace('127.0.0.1', 'localhost')}/ok`, method: 'POST', params: {}, authToken: 't', maxBodyBytes: 1024, oversize: 'fail' });
        assert.match(named.failure?.message ?? '', /private/);
        assert.equal(app.received.length, before);
      } finally {
        await guarded.close();
      }
    });
  });
}
