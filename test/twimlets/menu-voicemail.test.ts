/**
 * The menu and voicemail twimlets over HTTP, step by step as a call goes through them: each
 * step's action URL is requested again, as the engine will, with the parameters Twilio posts.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestPlatform } from '../support/platform.js';
import type { TestPlatform } from '../support/platform.js';
import { fetchTwiml, queryOf, verbAt, verbNames } from './client.js';

const CALL = { CallSid: `CA${'3'.repeat(32)}`, From: '+14155550100', To: '+14155550199', CallStatus: 'in-progress' };

describe('menu twimlet', () => {
  let platform: TestPlatform;
  before(async () => { platform = await startTestPlatform('sqlite'); });
  after(async () => { await platform.stop(); });

  const MENU = '/twimlets/menu?Message=Press%201%20for%20sales&Options%5B1%5D=https://app.example/sales&Options%5B2%5D=https://app.example/support';

  test('the menu gathers one digit while it says the message, posting back to itself, then repeats', async () => {
    const doc = await fetchTwiml(platform, MENU);
    assert.deepEqual(verbNames(doc), ['Gather', 'Redirect']);
    const gather = verbAt(doc, 0, 'Gather');
    assert.equal(gather.numDigits, 1);
    assert.deepEqual(gather.children.map((c) => (c.verb === 'Say' ? c.text : c.verb)), ['Press 1 for sales']);
    assert.ok(gather.action?.startsWith('/twimlets/menu?'));
    const action = queryOf(gather.action ?? '');
    assert.equal(action.get('Options[1]'), 'https://app.example/sales');
    assert.equal(action.get('Message'), 'Press 1 for sales');
    assert.equal(verbAt(doc, 1, 'Redirect').url, gather.action);
  });

  test('pressing an option\'s digits continues at its URL', async () => {
    const gather = verbAt(await fetchTwiml(platform, MENU), 0, 'Gather');
    const doc = await fetchTwiml(platform, gather.action ?? '', { ...CALL, Digits: '2' });
    const redirect = verbAt(doc, 0, 'Redirect');
    assert.equal(redirect.url, 'https://app.example/support');
    assert.equal(redirect.method, 'GET');
    assert.equal(doc.verbs.length, 1);
  });

  test('digits that match no option are apologised for, and the menu repeats', async () => {
    const gather = verbAt(await fetchTwiml(platform, MENU), 0, 'Gather');
    const doc = await fetchTwiml(platform, gather.action ?? '', { ...CALL, Digits: '9' });
    assert.deepEqual(verbNames(doc), ['Say', 'Gather', 'Redirect']);
    assert.equal(verbAt(doc, 0, 'Say').text, "I'm sorry, that wasn't a valid option.");
    assert.equal(verbAt(doc, 1, 'Gather').action, gather.action);
  });

  test('numDigits is the longest option key; an audio message is played; an audio option is played', async () => {
    const doc = await fetchTwiml(platform, '/twimlets/menu?Message=https://app.example/menu.mp3&Options[1]=https://app.example/a&Options[12345]=https://app.example/b.mp3');
    const gather = verbAt(doc, 0, 'Gather');
    assert.equal(gather.numDigits, 5);
    assert.equal(gather.children[0]?.verb === 'Play' ? gather.children[0].url : null, 'https://app.example/menu.mp3');
    const chosen = await fetchTwiml(platform, gather.action ?? '', { ...CALL, Digits: '12345' });
    assert.equal(verbAt(chosen, 0, 'Play').url, 'https://app.example/b.mp3');
  });

  test('GET works too, with Digits in the query, and Twilio\'s parameters do not pile up in the action', async () => {
    const gather = verbAt(await fetchTwiml(platform, MENU), 0, 'Gather');
    const again = await fetchTwiml(platform, `${gather.action ?? ''}&${new URLSearchParams({ ...CALL, Digits: '7' }).toString()}`);
    assert.equal(verbAt(again, 1, 'Gather').action, gather.action);
    const chosen = await fetchTwiml(platform, `${gather.action ?? ''}&Digits=1`);
    assert.equal(verbAt(chosen, 0, 'Redirect').url, 'https://app.example/sales');
  });
});

describe('voicemail twimlet', () => {
  let platform: TestPlatform;
  before(async () => { platform = await startTestPlatform('sqlite'); });
  after(async () => { await platform.stop(); });

  test('the greeting defaults to "Please leave a message after the beep." and the recording is transcribed', async () => {
    const doc = await fetchTwiml(platform, '/twimlets/voicemail?Email=you%40example.com');
    assert.deepEqual(verbNames(doc), ['Say', 'Record']);
    assert.equal(verbAt(doc, 0, 'Say').text, 'Please leave a message after the beep.');
    const record = verbAt(doc, 1, 'Record');
    assert.equal(record.transcribe, true);
    assert.equal(record.transcribeCallback, '/twimlets/voicemail?Email=you%40example.com');
    assert.equal(record.action, '/twimlets/voicemail?Email=you%40example.com');
  });

  test('Transcribe=false records without transcription; a Message URL is played, text is said', async () => {
    const plain = await fetchTwiml(platform, '/twimlets/voicemail?Email=you%40example.com&Transcribe=false&Message=Custom%20message');
    assert.equal(verbAt(plain, 0, 'Say').text, 'Custom message');
    const record = verbAt(plain, 1, 'Record');
    assert.equal(record.transcribe, false);
    assert.equal(record.transcribeCallback, null);
    assert.equal(queryOf(record.action ?? '').get('Transcribe'), 'false');
    const audio = await fetchTwiml(platform, '/twimlets/voicemail', { ...CALL, Message: 'https://app.example/greeting.mp3' });
    assert.equal(verbAt(audio, 0, 'Play').url, 'https://app.example/greeting.mp3');
  });

  test('after the recording the caller hears "Thanks. Good bye." and the call hangs up', async () => {
    const record = verbAt(await fetchTwiml(platform, '/twimlets/voicemail?Email=you%40example.com'), 1, 'Record');
    const doc = await fetchTwiml(platform, record.action ?? '', {
      ...CALL, RecordingUrl: `https://api.example/Recordings/RE${'4'.repeat(32)}`, RecordingDuration: '7', Digits: 'hangup',
    });
    assert.deepEqual(verbNames(doc), ['Say', 'Hangup']);
    assert.equal(verbAt(doc, 0, 'Say').text, 'Thanks. Good bye.');
  });

  test('the transcription callback gets an empty document (Dialtone sends no e-mail)', async () => {
    for (const status of ['completed', 'failed']) {
      const doc = await fetchTwiml(platform, '/twimlets/voicemail?Email=you%40example.com', {
        ...CALL, TranscriptionStatus: status, TranscriptionText: 'hello', RecordingUrl: 'https://api.example/Recordings/RE1',
      });
      assert.deepEqual(verbNames(doc), []);
    }
  });
});
