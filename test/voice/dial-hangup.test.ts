/**
 * Who hangs up first on a bridged `<Dial>`, on the system clock: the caller, the called party
 * (see dial.test.ts), or the app through the Calls API on either leg. Each ends the right legs,
 * sends each call's `completed` callback once, and the caller's TwiML goes on after `<Dial>` (or
 * its action is requested after the caller is gone), as on Twilio.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../support/platform.js';
import { startAppServer, xml } from '../support/app-server.js';
import type { AppServer } from '../support/app-server.js';
import { eventually, sim } from '../support/sim.js';
import { buyNumber, callEnded, createPhone, form, phoneCall, requestsFor, startLiveVoicePlatform, steps, transcript } from '../support/voice.js';
import type { VoicePlatform } from '../support/voice.js';

for (const dialect of DIALECTS) {
  describe(`<Dial> hang-up permutations (${dialect})`, () => {
    let platform: VoicePlatform;
    let app: AppServer;
    let number: string;
    let callee: string;

    before(async () => {
      platform = await startLiveVoicePlatform(dialect);
      app = await startAppServer();
      app.route('/voice', (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/xml' });
        res.end(`<Response><Dial action="/after"><Number statusCallback="/status">${callee}</Number></Dial></Response>`);
      });
      app.route('/after', xml('<Response><Say>Back with the app.</Say></Response>'));
      app.route('/status', xml('<Response/>'));
      number = await buyNumber(platform, { voiceUrl: `${app.origin}/voice`, statusCallback: `${app.origin}/status` });
    });
    after(async () => {
      await platform.stop();
      await app.close();
    });

    /** A caller calls the number and is bridged with a new callee: the parent's and the child's SIDs. */
    async function bridged(): Promise<{ parent: string; child: string }> {
      callee = await createPhone(platform, { ringSeconds: 0 });
      const caller = await createPhone(platform);
      const callSid = await phoneCall(platform, caller, number);
      const parent = callSid;
      await eventually(async () => steps(await transcript(platform, parent)).some((s) => s.startsWith('bridged')));
      const [child] = await platform.client.calls.list({ parentCallSid: parent });
      assert.ok(child);
      return { parent, child: child.sid };
    }

    /** Each call's completed callbacks, once both calls have ended (a second one would show). */
    async function completedOnce(parent: string, child: string): Promise<void> {
      await new Promise((resolve) => setTimeout(resolve, 300));
      for (const sid of [parent, child]) {
        const completed = app.hits('/status').map(form).filter((p) => p.CallSid === sid && p.CallStatus === 'completed');
        assert.equal(completed.length, 1, `${sid}: one completed callback`);
      }
    }

    test('the caller hangs up: the called party is hung up, and the action is still requested (its answer cannot run)', async () => {
      const { parent, child } = await bridged();
      await sim(platform, 'POST', `/Calls/${parent}/Hangup`);
      assert.equal((await callEnded(platform, child)).status, 'completed');
      assert.equal((await callEnded(platform, parent)).status, 'completed');
      assert.equal(steps(await transcript(platform, child)).at(-1), 'hangup: platform');
      assert.ok(!steps(await transcript(platform, parent)).includes('say: Back with the app.'));
      const [action] = await requestsFor(app, '/after', parent);
      assert.equal(action?.DialCallStatus, 'completed');
      assert.equal(action?.CallStatus, 'completed');
      await completedOnce(parent, child);
    });

    test('the app ends the child call through the API: the caller goes on with the action', async () => {
      const { parent, child } = await bridged();
      await platform.client.calls(child).update({ status: 'completed' });
      assert.equal((await callEnded(platform, parent)).status, 'completed');
      const heard = steps(await transcript(platform, parent));
      assert.deepEqual(heard.slice(-3), [`unbridged: ${callee}`, 'say: Back with the app.', 'hangup: platform']);
      const [action] = await requestsFor(app, '/after', parent);
      assert.equal(action?.DialCallStatus, 'completed');
      assert.equal(action?.DialCallSid, child);
      await completedOnce(parent, child);
    });

    test('the app ends the parent call through the API: both legs end', async () => {
      const { parent, child } = await bridged();
      await platform.client.calls(parent).update({ status: 'completed' });
      assert.equal((await callEnded(platform, parent)).status, 'completed');
      assert.equal((await callEnded(platform, child)).status, 'completed');
      assert.equal(steps(await transcript(platform, child)).at(-1), 'hangup: platform');
      assert.ok(!steps(await transcript(platform, parent)).includes('say: Back with the app.'));
      await completedOnce(parent, child);
    });
  });
}
