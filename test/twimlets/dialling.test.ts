/**
 * The forward, simulring, findme and whisper twimlets over HTTP: the `<Dial>` each returns, and
 * what each answers when the dial comes back — hang up once connected, otherwise continue at
 * FailUrl (or hang up) — following the action URLs as the engine will.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Dial, DialNumber } from '../../src/twiml/index.js';
import { startTestPlatform } from '../support/platform.js';
import type { TestPlatform } from '../support/platform.js';
import { fetchTwiml, queryOf, verbAt, verbNames } from './client.js';

const CALL = { CallSid: `CA${'5'.repeat(32)}`, From: '+14155550100', To: '+14155550199', CallStatus: 'in-progress' };
const FAIL_URL = 'https://app.example/please-try-later';

function numbersOf(dial: Dial): DialNumber[] {
  return dial.nouns.filter((noun): noun is DialNumber => noun.noun === 'Number');
}

describe('forward, simulring, findme and whisper twimlets', () => {
  let platform: TestPlatform;
  before(async () => { platform = await startTestPlatform('sqlite'); });
  after(async () => { await platform.stop(); });

  test('forward dials PhoneNumber for 20 seconds, coming back to itself with Dial=true', async () => {
    const dial = verbAt(await fetchTwiml(platform, '/twimlets/forward?PhoneNumber=415-555-1212'), 0, 'Dial');
    assert.deepEqual(numbersOf(dial).map((n) => n.number), ['415-555-1212']);
    assert.equal(dial.timeout, 20);
    assert.equal(dial.callerId, null);
    assert.ok(dial.action?.startsWith('/twimlets/forward?'));
    assert.equal(queryOf(dial.action ?? '').get('Dial'), 'true');
    assert.equal(queryOf(dial.action ?? '').get('PhoneNumber'), '415-555-1212');
  });

  test('forward takes CallerId and Timeout, by GET or POST', async () => {
    const doc = await fetchTwiml(platform, '/twimlets/forward', { ...CALL, PhoneNumber: '415-555-1212', CallerId: '510-555-1212', Timeout: '42' });
    const dial = verbAt(doc, 0, 'Dial');
    assert.equal(dial.timeout, 42);
    assert.equal(dial.callerId, '510-555-1212');
  });

  test('forward fails over to FailUrl on no-answer, busy and failed; hangs up when completed or with no FailUrl', async () => {
    const start = `/twimlets/forward?PhoneNumber=415-555-1212&FailUrl=${encodeURIComponent(FAIL_URL)}`;
    const action = verbAt(await fetchTwiml(platform, start), 0, 'Dial').action ?? '';
    for (const status of ['no-answer', 'busy', 'failed', 'canceled']) {
      const redirect = verbAt(await fetchTwiml(platform, action, { ...CALL, DialCallStatus: status }), 0, 'Redirect');
      assert.equal(redirect.url, FAIL_URL, status);
      assert.equal(redirect.method, 'GET');
    }
    assert.deepEqual(verbNames(await fetchTwiml(platform, action, { ...CALL, DialCallStatus: 'completed' })), ['Hangup']);
    const bare = verbAt(await fetchTwiml(platform, '/twimlets/forward?PhoneNumber=415-555-1212'), 0, 'Dial').action ?? '';
    assert.deepEqual(verbNames(await fetchTwiml(platform, bare, { ...CALL, DialCallStatus: 'no-answer' })), ['Hangup']);
  });

  test('forward plays an audio FailUrl (the labs page\'s please-try-later.mp3 example)', async () => {
    const action = verbAt(await fetchTwiml(platform, '/twimlets/forward?PhoneNumber=415-555-1212&FailUrl=http://myapp.com/please-try-later.mp3'), 0, 'Dial').action ?? '';
    assert.equal(verbAt(await fetchTwiml(platform, action, { ...CALL, DialCallStatus: 'busy' }), 0, 'Play').url, 'http://myapp.com/please-try-later.mp3');
  });

  test('forward with AllowedCallers forwards listed callers only, whatever the number\'s format', async () => {
    const start = '/twimlets/forward?PhoneNumber=415-555-1212&AllowedCallers[0]=650-555-1212&AllowedCallers[1]=(510)%20555-1212';
    assert.equal(verbNames(await fetchTwiml(platform, start, { ...CALL, From: '+15105551212' }))[0], 'Dial');
    const refused = await fetchTwiml(platform, start, { ...CALL, From: '+14085551212' });
    assert.equal(verbAt(refused, 0, 'Say').text, 'Sorry, you are calling from a restricted number. Good bye.');
  });

  test('forward without a dialable PhoneNumber fails over straight away', async () => {
    assert.deepEqual(verbNames(await fetchTwiml(platform, '/twimlets/forward')), ['Hangup']);
    assert.equal(verbAt(await fetchTwiml(platform, `/twimlets/forward?PhoneNumber=nobody&FailUrl=${encodeURIComponent(FAIL_URL)}`), 0, 'Redirect').url, FAIL_URL);
  });

  test('simulring dials every number at once, each with the whisper, for 20 seconds', async () => {
    const doc = await fetchTwiml(platform, '/twimlets/simulring?PhoneNumbers%5B0%5D=415-555-1212&PhoneNumbers%5B1%5D=415-555-1313&PhoneNumbers%5B2%5D=415-555-1414&Message=Custom%20message');
    const dial = verbAt(doc, 0, 'Dial');
    assert.equal(dial.timeout, 20);
    const numbers = numbersOf(dial);
    assert.deepEqual(numbers.map((n) => n.number), ['415-555-1212', '415-555-1313', '415-555-1414']);
    for (const number of numbers) {
      assert.ok(number.url?.startsWith('/twimlets/whisper?'));
      assert.equal(queryOf(number.url ?? '').get('Message'), 'Custom message');
      assert.equal(queryOf(number.url ?? '').has('HumanCheck'), false);
    }
  });

  test('simulring takes repeated PhoneNumbers[] and at most ten numbers', async () => {
    const many = Array.from({ length: 12 }, (_, i) => `PhoneNumbers[]=415-555-${1000 + i}`).join('&');
    assert.equal(numbersOf(verbAt(await fetchTwiml(platform, `/twimlets/simulring?${many}&Timeout=42`), 0, 'Dial')).length, 10);
  });

  test('simulring fails over on no-answer and hangs up once completed', async () => {
    const dial = verbAt(await fetchTwiml(platform, `/twimlets/simulring?PhoneNumbers[]=415-555-1212&PhoneNumbers[]=415-555-1313&FailUrl=${encodeURIComponent(FAIL_URL)}`), 0, 'Dial');
    assert.equal(verbAt(await fetchTwiml(platform, dial.action ?? '', { ...CALL, DialCallStatus: 'no-answer' }), 0, 'Redirect').url, FAIL_URL);
    assert.deepEqual(verbNames(await fetchTwiml(platform, dial.action ?? '', { ...CALL, DialCallStatus: 'completed' })), ['Hangup']);
  });

  test('findme dials the numbers one after the other for 60 seconds, then fails over', async () => {
    const start = `/twimlets/findme?PhoneNumbers[0]=415-555-1212&PhoneNumbers[1]=415-555-1313&PhoneNumbers[2]=415-555-1414&FailUrl=${encodeURIComponent(FAIL_URL)}`;
    let doc = await fetchTwiml(platform, start);
    const dialled: string[] = [];
    for (let step = 0; step < 3; step++) {
      const dial = verbAt(doc, 0, 'Dial');
      assert.equal(dial.timeout, 60);
      const [number, ...others] = numbersOf(dial);
      assert.ok(number);
      assert.deepEqual(others, []);
      assert.equal(queryOf(number.url ?? '').get('HumanCheck'), '1');
      dialled.push(number.number);
      doc = await fetchTwiml(platform, dial.action ?? '', { ...CALL, DialCallStatus: 'no-answer' });
    }
    assert.deepEqual(dialled, ['415-555-1212', '415-555-1313', '415-555-1414']);
    assert.equal(verbAt(doc, 0, 'Redirect').url, FAIL_URL);
  });

  test('findme hangs up once a number answered, and without FailUrl when the list runs out', async () => {
    const first = verbAt(await fetchTwiml(platform, '/twimlets/findme?PhoneNumbers[]=415-555-1212&PhoneNumbers[]=415-555-1313&Timeout=42'), 0, 'Dial');
    assert.equal(first.timeout, 42);
    assert.deepEqual(verbNames(await fetchTwiml(platform, first.action ?? '', { ...CALL, DialCallStatus: 'completed' })), ['Hangup']);
    const second = verbAt(await fetchTwiml(platform, first.action ?? '', { ...CALL, DialCallStatus: 'busy' }), 0, 'Dial');
    assert.deepEqual(verbNames(await fetchTwiml(platform, second.action ?? '', { ...CALL, DialCallStatus: 'failed' })), ['Hangup']);
  });

  test('findme tries at most ten numbers (the first ten)', async () => {
    const many = Array.from({ length: 12 }, (_, i) => `PhoneNumbers[]=415-555-${1000 + i}`).join('&');
    const dial = verbAt(await fetchTwiml(platform, `/twimlets/findme?${many}`), 0, 'Dial');
    assert.equal(numbersOf(dial)[0]?.number, '415-555-1000');
    assert.deepEqual(queryOf(dial.action ?? '').getAll('PhoneNumbers[]'), Array.from({ length: 9 }, (_, i) => `415-555-${1001 + i}`));
  });

  test('the whisper asks the callee to press a key, reading the caller\'s number digit by digit', async () => {
    const number = numbersOf(verbAt(await fetchTwiml(platform, '/twimlets/findme?PhoneNumbers=415-555-1212'), 0, 'Dial'))[0];
    const doc = await fetchTwiml(platform, number?.url ?? '', { ...CALL, From: '+19165550123', To: '+14155551212' });
    assert.deepEqual(verbNames(doc), ['Gather', 'Hangup']);
    const gather = verbAt(doc, 0, 'Gather');
    assert.equal(gather.numDigits, 1);
    const prompt = gather.children[0];
    assert.equal(prompt?.verb === 'Say' ? prompt.text : null, 'You are receiving a call from +. 1. 9. 1. 6. 5. 5. 5. 0. 1. 2. 3. . Press any key to accept.');
    assert.deepEqual(verbNames(await fetchTwiml(platform, gather.action ?? '', { ...CALL, Digits: '5' })), [], 'a key bridges the call');
    assert.deepEqual(verbNames(await fetchTwiml(platform, gather.action ?? '', { ...CALL, Digits: '' })), ['Hangup']);
  });

  test('simulring\'s whisper plays its Message and does not hang up without a key', async () => {
    const doc = await fetchTwiml(platform, '/twimlets/whisper?Message=https://app.example/whisper.mp3', CALL);
    assert.deepEqual(verbNames(doc), ['Gather']);
    const prompt = verbAt(doc, 0, 'Gather').children[0];
    assert.equal(prompt?.verb === 'Play' ? prompt.url : null, 'https://app.example/whisper.mp3');
  });
});
