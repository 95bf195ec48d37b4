/**
 * `<Dial>` driven through the official SDKs on the fast clock: the npm `twilio` SDK and Debian's
 * python3-twilio place a call to a virtual phone whose TwiML forwards it to a second one, then
 * list the child call with the ParentCallSid filter and check its fields.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../support/platform.js';
import { runPython } from '../support/python.js';
import { buyNumber, callEnded, createPhone, startVoicePlatform, steps, transcript } from '../support/voice.js';
import type { VoicePlatform } from '../support/voice.js';

for (const dialect of DIALECTS) {
  describe(`<Dial> through the SDKs (${dialect})`, () => {
    let platform: VoicePlatform;
    let from: string;
    before(async () => {
      platform = await startVoicePlatform(dialect);
      from = await buyNumber(platform);
    });
    after(() => platform.stop());

    test('npm twilio: calls.create with <Dial> forwards to a second phone; calls.list({ parentCallSid }) gives the outbound-dial child', async () => {
      const first = await createPhone(platform, { ringSeconds: 0, script: [{ waitFor: 'bridged' }, { speak: 'hello' }] });
      const second = await createPhone(platform, { ringSeconds: 0, script: [{ waitFor: 'say', match: 'hello' }, { hangup: true }] });
      const parent = await platform.client.calls.create({ to: first, from, twiml: `<Response><Dial><Number>${second}</Number></Dial></Response>` });
      assert.equal((await callEnded(platform, parent.sid)).status, 'completed');
      const children = await platform.client.calls.list({ parentCallSid: parent.sid });
      assert.equal(children.length, 1);
      const [child] = children;
      assert.equal(child?.parentCallSid, parent.sid);
      assert.equal(child?.direction, 'outbound-dial');
      assert.equal(child?.to, second);
      assert.equal(child?.status, 'completed');
      assert.ok(steps(await transcript(platform, parent.sid)).includes(`bridged: ${second}`));
      assert.deepEqual(await platform.client.calls.list({ parentCallSid: child?.sid ?? '' }), [], 'the child has no children');
    });

    test('python3-twilio: calls.create with <Dial>, then calls.list(parent_call_sid=…) gives the child', async () => {
      const { code, output } = await runPython('dial.py', { DIALTONE_URL: platform.url, DIALTONE_SID: platform.sid, DIALTONE_TOKEN: platform.token, DIALTONE_FROM: from });
      assert.equal(code, 0, output);
      assert.match(output, /all python dial checks passed/);
    });
  });
}
