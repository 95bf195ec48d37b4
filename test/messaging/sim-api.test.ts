/**
 * The simulated network's control API as an app's test suite uses it: phones (allocated or
 * chosen numbers, modes), phone-to-phone texts, isolation between accounts (a deleted phone's
 * number given to another account included), and the event stream (at most 20 per account).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS, api, startTestPlatform } from '../support/platform.js';
import type { TestPlatform } from '../support/platform.js';
import { eventually, sim } from '../support/sim.js';

type Phone = { number: string; name: string; answer: string; sms: string };
type Who = { url: string; sid: string; token: string };

const basicOf = (who: Who) => `Basic ${Buffer.from(`${who.sid}:${who.token}`).toString('base64')}`;

/** Opens /sim/v1/Events as `who` and keeps what it receives. */
async function openEvents(who: Who): Promise<{ status: number; text: () => string; close: () => Promise<void> }> {
  const controller = new AbortController();
  const response = await fetch(`${who.url}/sim/v1/Events`, { headers: { authorization: basicOf(who) }, signal: controller.signal });
  let received = '';
  const reader = response.body?.getReader();
  const reading = (async () => {
    for (;;) {
      const chunk = await reader?.read();
      if (!chunk || chunk.done) return;
      received += Buffer.from(chunk.value).toString();
    }
  })().catch(() => undefined);
  return { status: response.status, text: () => received, close: async () => { controller.abort(); await reading; } };
}

for (const dialect of DIALECTS) {
  describe(`/sim/v1 (${dialect})`, () => {
    let platform: TestPlatform;
    before(async () => { platform = await startTestPlatform(dialect); });
    after(() => platform.stop());

    test('phones get a number when none is given; literal + paths work; modes update; delete removes', async () => {
      const made = await sim<Phone>(platform, 'POST', '/Phones', { name: 'bob' });
      assert.equal(made.status, 201);
      assert.match(made.body.number, /^\+1650555\d{4}$/);
      assert.equal(made.body.answer, 'answer');
      const fetched = await fetch(`${platform.url}/sim/v1/Phones/${made.body.number}`, { headers: { authorization: `Basic ${Buffer.from(`${platform.sid}:${platform.token}`).toString('base64')}` } });
      assert.equal(((await fetched.json()) as Phone).name, 'bob');
      assert.equal((await sim<Phone>(platform, 'POST', `/Phones/${encodeURIComponent(made.body.number)}`, { sms: 'unreachable' })).body.sms, 'unreachable');
      assert.ok((await sim<{ phones: Phone[] }>(platform, 'GET', '/Phones')).body.phones.some((p) => p.number === made.body.number));
      assert.equal((await sim(platform, 'DELETE', `/Phones/${encodeURIComponent(made.body.number)}`)).status, 204);
      assert.equal((await sim(platform, 'GET', `/Phones/${encodeURIComponent(made.body.number)}`)).status, 404);
    });

    test('the platform\'s numbers cannot be virtual phones; bad input gets a code', async () => {
      const bought = await api(platform, 'POST', `/2010-04-01/Accounts/${platform.sid}/IncomingPhoneNumbers.json`, [platform.sid, platform.token], { AreaCode: '206' });
      const refused = await sim<{ code: number }>(platform, 'POST', '/Phones', { number: String(bought.body.phone_number) });
      assert.equal(refused.status, 400);
      assert.equal(refused.body.code, 21422);
      assert.equal((await sim<{ code: number }>(platform, 'POST', '/Phones', { number: 'nope' })).body.code, 21421);
      assert.equal((await sim<{ code: number }>(platform, 'POST', '/Phones', { answer: 'sometimes' })).body.code, 20001);
      const sender = await sim<Phone>(platform, 'POST', '/Phones', {});
      const media = await sim<{ code: number }>(platform, 'POST', `/Phones/${encodeURIComponent(sender.body.number)}/Messages`, { to: sender.body.number, body: 'x', mediaUrls: ['javascript:alert(1)'] });
      assert.equal(media.body.code, 21620, 'media URLs are http or https');
      assert.equal((await fetch(`${platform.url}/sim/v1/Phones`)).status, 401);
    });

    test('phones text each other; the event stream shows it live; other accounts see nothing', async () => {
      await sim(platform, 'POST', '/Phones', { number: '+16505550901' });
      await sim(platform, 'POST', '/Phones', { number: '+16505550902' });
      const controller = new AbortController();
      const stream = await fetch(`${platform.url}/sim/v1/Events`, { headers: { authorization: `Basic ${Buffer.from(`${platform.sid}:${platform.token}`).toString('base64')}` }, signal: controller.signal });
      assert.equal(stream.headers.get('content-type'), 'text/event-stream');
      const reader = stream.body?.getReader();
      assert.ok(reader);
      let received = '';
      const reading = (async () => {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          received += Buffer.from(value).toString();
        }
      })().catch(() => undefined);
      const sent = await sim<{ messageSid: string }>(platform, 'POST', '/Phones/%2B16505550901/Messages', { to: '+16505550902', body: 'psst' });
      assert.equal(sent.status, 201);
      await eventually(async () => received.includes('"body":"psst"') && received.includes('"direction":"in"'));
      controller.abort();
      await reading;
      const inbox = await sim<{ messages: Array<{ direction: string; body: string; from: string }> }>(platform, 'GET', '/Phones/%2B16505550902/Messages');
      assert.deepEqual(inbox.body.messages.map((m) => [m.direction, m.from, m.body]), [['in', '+16505550901', 'psst']]);

      const other = await api(platform, 'POST', '/2010-04-01/Accounts.json', [platform.sid, platform.token], { FriendlyName: 'other' });
      const stranger = { url: platform.url, sid: String(other.body.sid), token: String(other.body.auth_token) };
      assert.equal((await sim(stranger, 'GET', '/Phones/%2B16505550902/Messages')).status, 404);
      assert.deepEqual((await sim<{ phones: Phone[] }>(stranger, 'GET', '/Phones')).body.phones, []);
    });

    test("a phone's outbox lists what it sent, oldest first, before the other phone receives it; a phone whose sms mode refuses never receives", async () => {
      type Entry = { direction: string; from: string; to: string; body: string; messageSid: string };
      const inbox = async (number: string) => (await sim<{ messages: Entry[] }>(platform, 'GET', `/Phones/${encodeURIComponent(number)}/Messages`)).body.messages;
      await sim(platform, 'POST', '/Phones', { number: '+16505550911' });
      await sim(platform, 'POST', '/Phones', { number: '+16505550912', sms: 'unreachable' });
      for (const body of ['one', 'two']) await sim(platform, 'POST', '/Phones/%2B16505550911/Messages', { to: '+16505550912', body });
      const sent = await sim<{ messageSid: string }>(platform, 'POST', '/Phones/%2B16505550911/Messages', { to: '+16505550911', body: 'note to self' });
      assert.equal(sent.status, 201);
      assert.deepEqual((await inbox('+16505550911')).map((m) => [m.direction, m.to, m.body]), [
        ['out', '+16505550912', 'one'], ['out', '+16505550912', 'two'], ['out', '+16505550911', 'note to self'], ['in', '+16505550911', 'note to self'],
      ]);
      assert.deepEqual(await inbox('+16505550912'), [], 'unreachable: nothing arrives');
    });

    test('phones created at the same time without a number each get a number of their own', async () => {
      const made = await Promise.all(Array.from({ length: 12 }, (_, i) => sim<Phone>(platform, 'POST', '/Phones', { name: `parallel ${i}` })));
      assert.deepEqual(made.map((m) => m.status), Array.from({ length: 12 }, () => 201));
      assert.equal(new Set(made.map((m) => m.body.number)).size, 12);
    });

    test("a deleted phone's number given to another account: the first account's open stream sees none of it, and the transcripts went with the phone", async () => {
      const created = await api(platform, 'POST', '/2010-04-01/Accounts.json', [platform.sid, platform.token], { FriendlyName: 'next owner' });
      const next: Who = { url: platform.url, sid: String(created.body.sid), token: String(created.body.auth_token) };
      for (const number of ['+16505550911', '+16505550912', '+16505550914']) await sim(platform, 'POST', '/Phones', { number });
      const first = await openEvents(platform);
      try {
        await sim(platform, 'POST', '/Phones/%2B16505550911/Messages', { to: '+16505550912', body: 'mine' });
        await eventually(async () => first.text().includes('"body":"mine"'));
        await platform.store.db.insertInto('simCallEvents').values({ callSid: `CA${'e'.repeat(32)}`, seq: 0, phoneNumber: '+16505550911', atMs: 0, event: 'ringing', detail: '{}' }).execute();
        assert.equal((await sim(platform, 'DELETE', '/Phones/%2B16505550911')).status, 204);
        assert.deepEqual(await platform.store.db.selectFrom('simCallEvents').select('callSid').where('phoneNumber', '=', '+16505550911').execute(), []);
        assert.equal((await sim(next, 'POST', '/Phones', { number: '+16505550911' })).status, 201);
        await sim(next, 'POST', '/Phones', { number: '+16505550913' });
        await sim(next, 'POST', '/Phones/%2B16505550913/Messages', { to: '+16505550911', body: 'their secret' });
        await sim(platform, 'POST', '/Phones/%2B16505550912/Messages', { to: '+16505550914', body: 'mine again' });
        await eventually(async () => first.text().includes('"body":"mine again"'));
        assert.ok(!first.text().includes('their secret'), 'the new owner\'s text reached the old owner');
      } finally {
        await first.close();
      }
    });

    test('an account holds at most 20 event streams at once (20429 beyond); a closed one frees its place', async () => {
      const created = await api(platform, 'POST', '/2010-04-01/Accounts.json', [platform.sid, platform.token], { FriendlyName: 'many tabs' });
      const who: Who = { url: platform.url, sid: String(created.body.sid), token: String(created.body.auth_token) };
      const open = await Promise.all(Array.from({ length: 20 }, () => openEvents(who)));
      try {
        assert.deepEqual([...new Set(open.map((s) => s.status))], [200]);
        const refused = await fetch(`${platform.url}/sim/v1/Events`, { headers: { authorization: basicOf(who) } });
        assert.equal(refused.status, 429);
        assert.equal(((await refused.json()) as { code: number }).code, 20429);
        assert.equal((await fetch(`${platform.url}/dialtone/v1/Events`, { headers: { authorization: basicOf(who) } })).status, 429, 'the limit counts both kinds');
        await open.pop()?.close();
        const again = await eventually(async () => {
          const stream = await openEvents(who);
          if (stream.status === 200) return stream;
          await stream.close();
          return null;
        });
        open.push(again);
      } finally {
        await Promise.all(open.map((s) => s.close()));
      }
    });
  });
}
