/**
 * The Queues resource and its Members subresource through the official Node SDK (and one run
 * of the Python SDK), on every dialect: create with Twilio's defaults, list with pages, fetch,
 * update, delete, and Twilio's refusals. Members of live queues are tested in
 * test/voice/queue.test.ts.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS, api } from '../support/platform.js';
import { runPython } from '../support/python.js';
import { twilioCode } from '../support/twilio.js';
import { startLiveVoicePlatform } from '../support/voice.js';
import type { VoicePlatform } from '../support/voice.js';

for (const dialect of DIALECTS) {
  describe(`Queues resource (${dialect})`, () => {
    let platform: VoicePlatform;
    before(async () => { platform = await startLiveVoicePlatform(dialect); });
    after(() => platform.stop());

    test('a queue is created with FriendlyName and Twilio\'s default MaxSize of 1000, and shows its size, wait and members URI', async () => {
      const queue = await platform.client.queues.create({ friendlyName: 'support' });
      assert.match(queue.sid, /^QU[0-9a-f]{32}$/);
      assert.equal(queue.accountSid, platform.sid);
      assert.equal(queue.friendlyName, 'support');
      assert.equal(queue.maxSize, 1000);
      assert.equal(queue.currentSize, 0);
      assert.equal(queue.averageWaitTime, 0);
      assert.equal(queue.uri, `/2010-04-01/Accounts/${platform.sid}/Queues/${queue.sid}.json`);
      const raw = await api(platform, 'GET', `/2010-04-01/Accounts/${platform.sid}/Queues/${queue.sid}.json`, [platform.sid, platform.token]);
      assert.deepEqual(raw.body.subresource_uris, { members: `/2010-04-01/Accounts/${platform.sid}/Queues/${queue.sid}/Members.json` });
      assert.match(String(raw.body.date_created), /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} \+0000$/);
    });

    test('queues list in pages, fetch, update FriendlyName and MaxSize, and delete when empty', async () => {
      const made = [];
      for (const name of ['q-a', 'q-b', 'q-c']) made.push(await platform.client.queues.create({ friendlyName: name, maxSize: 10 }));
      const page = await platform.client.queues.page({ pageSize: 2 });
      assert.equal(page.instances.length, 2);
      const all = await platform.client.queues.list({ pageSize: 2 });
      for (const q of made) assert.ok(all.some((x) => x.sid === q.sid), `${q.friendlyName} is listed`);
      const first = made[0];
      assert.ok(first);
      const updated = await platform.client.queues(first.sid).update({ friendlyName: 'q-a2', maxSize: 5000 });
      assert.equal(updated.friendlyName, 'q-a2');
      assert.equal(updated.maxSize, 5000);
      assert.equal((await platform.client.queues(first.sid).fetch()).maxSize, 5000);
      assert.deepEqual(await platform.client.queues(first.sid).members.list(), []);
      assert.equal(await platform.client.queues(first.sid).remove(), true);
      assert.equal(await twilioCode(platform.client.queues(first.sid).fetch()), 20404);
    });

    test('Twilio\'s refusals: FriendlyName missing, too long or taken, MaxSize out of 1–5000, unknown queue or member', async () => {
      const path = `/2010-04-01/Accounts/${platform.sid}/Queues.json`;
      const auth: [string, string] = [platform.sid, platform.token];
      const missing = await api(platform, 'POST', path, auth, { MaxSize: '5' });
      assert.equal(missing.status, 400);
      assert.equal(missing.body.code, 20001);
      assert.match(String(missing.body.message), /FriendlyName/);
      assert.equal((await api(platform, 'POST', path, auth, { FriendlyName: 'x'.repeat(65) })).body.code, 20001);
      for (const size of ['0', '5001', 'ten']) {
        const refused = await api(platform, 'POST', path, auth, { FriendlyName: `size-${size}`, MaxSize: size });
        assert.equal(refused.status, 400, size);
        assert.match(String(refused.body.message), /MaxSize/);
      }
      await platform.client.queues.create({ friendlyName: 'taken' });
      assert.equal(await twilioCode(platform.client.queues.create({ friendlyName: 'taken' })), 20001);
      const other = await platform.client.queues.create({ friendlyName: 'other' });
      assert.equal(await twilioCode(platform.client.queues(other.sid).update({ friendlyName: 'taken' })), 20001);
      assert.equal(await twilioCode(platform.client.queues(`QU${'0'.repeat(32)}`).fetch()), 20404);
      assert.equal(await twilioCode(platform.client.queues(other.sid).members('Front').fetch()), 20404);
      assert.equal(await twilioCode(platform.client.queues(other.sid).members(`CA${'0'.repeat(32)}`).update({ url: 'http://127.0.0.1/x' })), 20404);
    });

    test('the Python SDK creates, fetches, updates, lists and deletes a queue', async () => {
      const { code, output } = await runPython('queues.py', { DIALTONE_URL: platform.url, DIALTONE_SID: platform.sid, DIALTONE_TOKEN: platform.token });
      assert.equal(code, 0, output);
      assert.match(output, /all python queue checks passed/);
      assert.equal(output.match(/^ok - /gm)?.length, 5, output);
    });
  });
}
