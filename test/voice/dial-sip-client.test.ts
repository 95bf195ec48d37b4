/**
 * `<Dial><Sip>` and `<Dial><Client>` on the simulated network: virtual phones given a SIP URI or
 * a client identity through the control API are rung by them; unknown ones end the dial as on
 * Twilio (SIP 404 → `failed`, an unregistered client → `no-answer`); malformed values are refused.
 * A client identity is the account's (a SIP URI the network's).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../support/platform.js';
import { xml } from '../support/app-server.js';
import type { AppServer } from '../support/app-server.js';
import { sim } from '../support/sim.js';
import { callEnded, createPhone, phoneCall, requestsFor, startVoiceApp, steps, transcript } from '../support/voice.js';
import type { VoiceApp, VoicePlatform } from '../support/voice.js';

for (const dialect of DIALECTS) {
  describe(`<Dial><Sip> and <Dial><Client> (${dialect})`, () => {
    let platform: VoicePlatform;
    let app: AppServer;
    let number: string;
    let answer = '<Response/>';

    let setup: VoiceApp;
    before(async () => {
      setup = await startVoiceApp(dialect, (app) => {
        app.route('/voice', (_req, res) => { res.writeHead(200, { 'content-type': 'text/xml' }); res.end(answer); });
        app.route('/after', xml('<Response/>'));
      });
      ({ platform, app, number } = setup);
    });
    after(() => setup.stop());

    async function callIn(caller: string): Promise<string> {
      const callSid = await phoneCall(platform, caller, number);
      await callEnded(platform, callSid);
      return callSid;
    }

    test('a phone given a sipUri and clientIdentity returns them (the URI normalised) and can change them', async () => {
      const created = await sim<{ number: string; sipUri: string; clientIdentity: string }>(platform, 'POST', '/Phones', { sipUri: 'sip:Carol@Example.COM;transport=tls', clientIdentity: 'carol' });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      assert.equal(created.body.sipUri, 'sip:carol@example.com');
      assert.equal(created.body.clientIdentity, 'carol');
      const updated = await sim<{ sipUri: string | null; clientIdentity: string }>(platform, 'POST', `/Phones/${created.body.number}`, { sipUri: null, clientIdentity: 'carol_2' });
      assert.equal(updated.status, 200, JSON.stringify(updated.body));
      assert.equal(updated.body.sipUri, null);
      assert.equal(updated.body.clientIdentity, 'carol_2');
    });

    test('malformed and already-owned SIP URIs and identities are refused', async () => {
      await createPhone(platform, { sipUri: 'sip:dave@example.com', clientIdentity: 'dave' });
      for (const [body, code] of [
        [{ sipUri: 'dave@example.com' }, 20001], [{ sipUri: 'sip:@example.com' }, 20001], [{ clientIdentity: 'no spaces' }, 20001],
        [{ clientIdentity: '' }, 20001], [{ sipUri: 'sip:DAVE@example.com?X-Id=1' }, 21422], [{ clientIdentity: 'dave' }, 21422],
      ] as const) {
        const refused = await sim<{ code: number; message: string }>(platform, 'POST', '/Phones', body);
        assert.equal(refused.status, 400, JSON.stringify({ body, got: refused.body }));
        assert.equal(refused.body.code, code, JSON.stringify(refused.body));
      }
    });

    test('<Dial><Sip> rings the phone owning the URI (any case, parameters and headers ignored) and bridges it', async () => {
      const callee = await createPhone(platform, { sipUri: 'sip:alice@example.com', script: [{ waitFor: 'bridged' }, { speak: 'alice here' }, { hangup: true }] });
      const caller = await createPhone(platform, { script: [{ waitFor: 'say', match: 'alice here' }] });
      answer = '<Response><Dial action="/after"><Sip>sip:Alice@EXAMPLE.com;transport=udp?X-Team=blue</Sip></Dial></Response>';
      const parent = await callIn(caller);
      const [child] = await platform.client.calls.list({ parentCallSid: parent });
      assert.ok(child, 'the child call is listed');
      assert.equal(child.to, 'sip:Alice@EXAMPLE.com;transport=udp?X-Team=blue');
      assert.equal(child.direction, 'outbound-dial');
      assert.equal(child.status, 'completed');
      const heard = steps(await transcript(platform, child.sid));
      assert.ok(heard.includes(`bridged: ${caller}`), JSON.stringify({ heard, parent: steps(await transcript(platform, parent)) }));
      assert.ok(steps(await transcript(platform, parent)).includes(`bridged: ${callee}`));
      const [dialed] = await requestsFor(app, '/after', parent);
      assert.equal(dialed?.DialCallStatus, 'completed');
      assert.equal(dialed?.DialCallSid, child.sid);
      assert.equal(dialed?.DialSipResponseCode, '200', 'a <Sip> dial says how the SIP call ended');
    });

    test('<Dial><Client> rings the phone registered as that identity', async () => {
      const callee = await createPhone(platform, { clientIdentity: 'alice', script: [{ waitFor: 'bridged' }, { hangup: true }] });
      const caller = await createPhone(platform);
      answer = '<Response><Dial action="/after"><Client>alice</Client></Dial></Response>';
      const parent = await callIn(caller);
      const [child] = await platform.client.calls.list({ parentCallSid: parent });
      assert.equal(child?.to, 'client:alice');
      assert.ok(steps(await transcript(platform, parent)).includes(`bridged: ${callee}`));
      const [dialed] = await requestsFor(app, '/after', parent);
      assert.equal(dialed?.DialCallStatus, 'completed');
      assert.equal(dialed?.DialSipResponseCode, undefined, 'only <Sip> dials carry SIP codes');
    });

    test("client identities are the account's: another account may register the same one, and <Dial><Client> never rings another account's phone", async () => {
      const created = await platform.client.api.v2010.accounts.create({ friendlyName: 'other team' });
      const other = { url: platform.url, sid: created.sid, token: created.authToken };
      const ours = await createPhone(platform, { clientIdentity: 'support', script: [{ waitFor: 'bridged' }, { hangup: true }] });
      const theirs = await sim<{ number: string }>(other, 'POST', '/Phones', { clientIdentity: 'support' });
      assert.equal(theirs.status, 201, JSON.stringify(theirs.body));
      assert.equal((await sim(other, 'POST', '/Phones', { clientIdentity: 'only_theirs' })).status, 201);
      const caller = await createPhone(platform);
      answer = '<Response><Dial action="/after" timeout="5"><Client>support</Client></Dial></Response>';
      const parent = await callIn(caller);
      const heard = steps(await transcript(platform, parent));
      assert.ok(heard.includes(`bridged: ${ours}`), JSON.stringify(heard));
      answer = '<Response><Dial action="/after" timeout="5"><Client>only_theirs</Client></Dial></Response>';
      const [dialed] = await requestsFor(app, '/after', await callIn(caller));
      assert.equal(dialed?.DialCallStatus, 'no-answer', "another account's client is not ours to ring");
    });

    test('an unknown SIP URI fails (SIP 404) and an unregistered client does not answer', async () => {
      const caller = await createPhone(platform);
      answer = '<Response><Dial action="/after"><Sip>sip:nobody@example.com</Sip></Dial></Response>';
      const [sipDial] = await requestsFor(app, '/after', await callIn(caller));
      assert.equal(sipDial?.DialCallStatus, 'failed');
      assert.equal(sipDial?.DialSipResponseCode, '404');
      answer = '<Response><Dial action="/after" timeout="5"><Client>nobody</Client></Dial></Response>';
      const [clientDial] = await requestsFor(app, '/after', await callIn(caller));
      assert.equal(clientDial?.DialCallStatus, 'no-answer');
    });
  });
}
