/**
 * Dialtone's own API for the console (/dialtone/v1): a call's trace, a message's status history
 * with its requests, the live event stream, account isolation; and /console being served.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startAppServer, xml } from '../support/app-server.js';
import type { AppServer } from '../support/app-server.js';
import { DIALECTS, api, basic } from '../support/platform.js';
import { eventually } from '../support/sim.js';
import { buyNumber, callEnded, createPhone, phoneCall, startVoicePlatform } from '../support/voice.js';
import type { VoicePlatform } from '../support/voice.js';
import { messageWithStatus } from '../support/messaging.js';
import { readEvents } from '../../console/src/sse.js';

interface Trace {
  call_sid: string; status: string;
  steps: Array<{ seq: number; at: string; kind: string; detail: Record<string, unknown> }>;
  requests: Array<{ purpose: string; method: string; url: string; parameters: Record<string, string>; status: number; response_body: string; duration_ms: number }>;
}

/** Reads a server-sent event stream while `act` runs, until `enough` says so (or `ms` pass). */
async function streamed(url: string, auth: string, act: () => Promise<void>, enough: (events: Array<{ type: string; data: Record<string, unknown> }>) => boolean, ms = 10_000) {
  const stop = new AbortController();
  const timer = setTimeout(() => stop.abort(), ms);
  const response = await fetch(url, { headers: { authorization: auth }, signal: stop.signal });
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /text\/event-stream/);
  const events: Array<{ type: string; data: Record<string, unknown> }> = [];
  const reading = readEvents(response.body!, (event) => {
    events.push({ type: event.type, data: event.data as Record<string, unknown> });
    return enough(events);
  });
  try {
    await act();
    await reading;
  } catch (err) {
    if (!stop.signal.aborted) throw err;
  } finally {
    clearTimeout(timer);
    stop.abort();
  }
  return events;
}

for (const dialect of DIALECTS) {
  describe(`/dialtone/v1 (${dialect})`, () => {
    let platform: VoicePlatform;
    let app: AppServer;
    let number: string;
    let other: [string, string];
    before(async () => {
      platform = await startVoicePlatform(dialect);
      app = await startAppServer();
      app.route('/voice', xml('<Response><Say>Hello.</Say><Gather numDigits="1" action="/next" timeout="3"><Say>Press a key.</Say></Gather></Response>'));
      app.route('/next', xml('<Response><Say>Thanks.</Say></Response>'));
      app.route('/status', xml(''));
      number = await buyNumber(platform, { voiceUrl: `${app.origin}/voice` });
      const sub = await platform.client.api.v2010.accounts.create({ friendlyName: 'another team' });
      other = [sub.sid, sub.authToken];
    });
    after(async () => {
      await platform?.stop();
      await app?.close();
    });
    const auth = (): [string, string] => [platform.sid, platform.token];

    test("a call's trace: its statuses, each verb, the digits and every request with its answer", async () => {
      const phone = await createPhone(platform, { script: [{ waitFor: 'say', match: 'Press a key' }, { press: '7' }] });
      const callSid = await phoneCall(platform, phone, number);
      assert.equal((await callEnded(platform, callSid)).status, 'completed');
      const { status, body } = await api(platform, 'GET', `/dialtone/v1/Calls/${callSid}/Trace`, auth());
      assert.equal(status, 200);
      const trace = body as unknown as Trace;
      assert.equal(trace.call_sid, callSid);
      assert.equal(trace.status, 'completed');
      assert.deepEqual(trace.steps.map((s) => s.seq), trace.steps.map((_, i) => i), 'steps in order');
      assert.deepEqual(trace.steps.filter((s) => s.kind === 'status').map((s) => s.detail.status), ['in-progress', 'completed']);
      assert.deepEqual(trace.steps.filter((s) => s.kind === 'verb').map((s) => s.detail.verb), ['Say', 'Gather', 'Say']);
      assert.equal(trace.steps.find((s) => s.kind === 'gathered')?.detail.digits, '7');
      assert.deepEqual(trace.requests.map((r) => `${r.method} ${new URL(r.url).pathname} ${r.status}`), ['POST /voice 200', 'POST /next 200']);
      const next = trace.requests[1];
      assert.equal(next?.parameters.Digits, '7');
      assert.equal(next?.parameters.CallSid, callSid);
      assert.match(next?.response_body ?? '', /<Say>Thanks.<\/Say>/);
      assert.equal(typeof next?.duration_ms, 'number');

      assert.equal((await api(platform, 'GET', `/dialtone/v1/Calls/${callSid}/Trace`, other)).status, 404, "another account's call is not found");
      assert.equal((await api(platform, 'GET', `/dialtone/v1/Calls/CA${'0'.repeat(32)}/Trace`, auth())).body.code, 20404);
    });

    test("a message's status history and its status callbacks", async () => {
      const phone = await createPhone(platform);
      const sent = await platform.client.messages.create({ from: number, to: phone, body: 'hi', statusCallback: `${app.origin}/status` });
      await messageWithStatus(platform.client, sent.sid, 'delivered');
      const trace = await eventually(async () => {
        const { body } = await api(platform, 'GET', `/dialtone/v1/Messages/${sent.sid}/Trace`, auth());
        return (body.requests as unknown[]).length >= 3 ? body : null;
      });
      assert.deepEqual((trace.statuses as Array<{ status: string }>).map((s) => s.status), ['queued', 'sending', 'sent', 'delivered']);
      const requests = trace.requests as Trace['requests'];
      assert.deepEqual(requests.map((r) => r.parameters.MessageStatus), ['sending', 'sent', 'delivered']);
      assert.ok(requests.every((r) => r.purpose === 'status-callback' && r.status === 200));
      assert.equal((await api(platform, 'GET', `/dialtone/v1/Messages/${sent.sid}/Trace`, other)).status, 404);
    });

    test('the event stream: each message status and call step of the account as it happens, and nothing of another account', async () => {
      const phone = await createPhone(platform);
      let sid = '';
      const events = await streamed(`${platform.url}/dialtone/v1/Events`, basic(...auth()), async () => {
        sid = (await platform.client.messages.create({ from: number, to: phone, body: 'streamed' })).sid;
      }, (seen) => seen.some((e) => e.type === 'message-status' && e.data.messageSid === sid && e.data.status === 'delivered'));
      const statuses = events.filter((e) => e.type === 'message-status' && e.data.messageSid === sid).map((e) => e.data.status);
      assert.deepEqual(statuses, ['queued', 'sending', 'sent', 'delivered']);
      assert.ok(events.every((e) => !('accountSid' in e.data)));

      const caller = await createPhone(platform, { script: [{ waitFor: 'say', match: 'Press a key' }, { press: '1' }] });
      let callSid = '';
      const calls = await streamed(`${platform.url}/dialtone/v1/Events`, basic(...auth()), async () => {
        callSid = await phoneCall(platform, caller, number);
      }, (seen) => seen.some((e) => e.type === 'call-trace' && e.data.callSid === callSid && e.data.kind === 'status' && (e.data.detail as { status?: string }).status === 'completed'));
      const kinds = calls.filter((e) => e.data.callSid === callSid).map((e) => e.data.kind);
      assert.ok(kinds.includes('twiml') && kinds.includes('verb') && kinds.includes('gathered'), kinds.join(' '));

      const strangers = await streamed(`${platform.url}/dialtone/v1/Events`, basic(...other), async () => {
        await platform.client.messages.create({ from: number, to: phone, body: 'not yours' });
      }, () => false, 1500);
      assert.deepEqual(strangers, [], "another account's stream stays silent");
    });

    test('authentication: refused without credentials; scripts asking with XMLHttpRequest get no password challenge', async () => {
      const bare = await api(platform, 'GET', '/dialtone/v1/Events', null);
      assert.equal(bare.status, 401);
      assert.match(bare.headers.get('www-authenticate') ?? '', /Basic/);
      const scripted = await fetch(`${platform.url}/dialtone/v1/Calls/CA${'0'.repeat(32)}/Trace`, { headers: { 'x-requested-with': 'XMLHttpRequest', authorization: basic(platform.sid, 'wrong') } });
      assert.equal(scripted.status, 401);
      assert.equal(scripted.headers.get('www-authenticate'), null);
      assert.equal(((await scripted.json()) as { code: number }).code, 20003);
    });

    test('/console: redirects to the bundle, served without credentials', async () => {
      const redirect = await fetch(`${platform.url}/console`, { redirect: 'manual' });
      assert.equal(redirect.status, 302);
      assert.equal(redirect.headers.get('location'), '/console/');
      const page = await fetch(`${platform.url}/console/`);
      assert.equal(page.status, 200);
      assert.match(page.headers.get('content-type') ?? '', /text\/html/);
      const html = await page.text();
      const script = /src="(\/console\/assets\/[^"]+\.js)"/.exec(html)?.[1];
      assert.ok(script, html);
      const bundle = await fetch(`${platform.url}${script}`);
      assert.equal(bundle.status, 200);
      assert.match(bundle.headers.get('content-type') ?? '', /javascript/);
    });
  });
}
