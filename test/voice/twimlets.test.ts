/**
 * Calls served by Twilio's twimlets, which the platform answers itself: a call created with
 * `Url=http://twimlets.com/…` never leaves the machine, and the twimlets' own action URLs come
 * back to them.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../support/platform.js';
import { buyNumber, callEnded, createPhone, startVoicePlatform, steps, transcript } from '../support/voice.js';
import type { VoicePlatform } from '../support/voice.js';

const twimlet = (name: string, params: Record<string, string>) => `http://twimlets.com/${name}?${new URLSearchParams(params).toString()}`;

for (const dialect of DIALECTS) {
  describe(`twimlets on calls (${dialect})`, () => {
    let platform: VoicePlatform;
    let number: string;

    before(async () => {
      platform = await startVoicePlatform(dialect);
      number = await buyNumber(platform);
    });
    after(() => platform.stop());

    test('the message twimlet says each Message and plays each audio URL', async () => {
      const phone = await createPhone(platform);
      const url = `${twimlet('message', { 'Message[0]': 'Hello World', 'Message[1]': 'https://example.com/chime.mp3' })}`;
      const call = await callEnded(platform, (await platform.client.calls.create({ to: phone, from: number, url })).sid);
      assert.equal(call.status, 'completed');
      assert.deepEqual(steps(await transcript(platform, call.sid)), ['ringing', 'answered', 'say: Hello World', 'play: https://example.com/chime.mp3', 'hangup: platform']);
      const [event] = await platform.client.calls(call.sid).events.list();
      assert.equal(event?.request.url, url, 'Call Events show the URL as the app gave it');
    });

    test('the menu twimlet redirects to the option the caller picks', async () => {
      const phone = await createPhone(platform, { script: [{ waitFor: 'say', match: 'Press 2' }, { press: '2' }] });
      const url = twimlet('menu', { Message: 'Press 1 for hours, Press 2 for directions.', 'Options[1]': twimlet('message', { Message: 'We are open nine to five.' }), 'Options[2]': twimlet('message', { Message: 'We are on Main Street.' }) });
      const call = await callEnded(platform, (await platform.client.calls.create({ to: phone, from: number, url })).sid);
      assert.deepEqual(steps(await transcript(platform, call.sid)), ['ringing', 'answered', 'say: Press 1 for hours, Press 2 for directions.', 'digits-sent: 2', 'say: We are on Main Street.', 'hangup: platform']);
    });

    test('the voicemail twimlet records the caller and keeps the recording with its transcription', async () => {
      const phone = await createPhone(platform, { script: [{ waitFor: 'beep' }, { speak: 'Please call me back' }, { press: '#' }] });
      const call = await callEnded(platform, (await platform.client.calls.create({ to: phone, from: number, url: twimlet('voicemail', { Email: 'owner@example.com' }) })).sid);
      const heard = steps(await transcript(platform, call.sid));
      assert.deepEqual(heard.slice(0, 4), ['ringing', 'answered', 'say: Please leave a message after the beep.', 'beep']);
      assert.ok(heard.includes('say: Thanks. Good bye.'), heard.join(' | '));
      const [recording] = await platform.client.calls(call.sid).recordings.list();
      assert.ok(recording);
      const [transcription] = await platform.client.recordings(recording.sid).transcriptions.list();
      assert.equal(transcription?.transcriptionText, 'Please call me back');
    });

    test('the forward twimlet bridges the call to PhoneNumber; simulring rings every number and the first to answer is bridged', async () => {
      const target = await createPhone(platform, { script: [{ waitFor: 'bridged' }, { speak: 'forwarded' }, { hangup: true }] });
      const phone = await createPhone(platform);
      const call = await callEnded(platform, (await platform.client.calls.create({ to: phone, from: number, url: twimlet('forward', { PhoneNumber: target }) })).sid);
      assert.deepEqual(steps(await transcript(platform, call.sid)), ['ringing', 'answered', 'dial-tone', `bridged: ${target}`, 'say: forwarded', `unbridged: ${target}`, 'hangup: platform']);

      const slow = await createPhone(platform, { ringSeconds: 6 });
      const quick = await createPhone(platform, { ringSeconds: 2, script: [{ waitFor: 'bridged' }, { hangup: true }] });
      const rung = await callEnded(platform, (await platform.client.calls.create({ to: phone, from: number, url: twimlet('simulring', { 'PhoneNumbers[0]': slow, 'PhoneNumbers[1]': quick }) })).sid);
      const children = await platform.client.calls.list({ parentCallSid: rung.sid });
      assert.deepEqual(children.map((c) => `${c.to} ${c.status}`).sort(), [`${quick} completed`, `${slow} canceled`].sort());
    });

    test('the findme twimlet tries each number in turn: a busy one, then one whose person accepts the whisper and is bridged', async () => {
      const busy = await createPhone(platform, { answer: 'busy' });
      const person = await createPhone(platform, { script: [{ waitFor: 'say' }, { press: '1' }, { waitFor: 'bridged' }, { speak: 'found me' }, { hangup: true }] });
      const phone = await createPhone(platform);
      const url = twimlet('findme', { 'PhoneNumbers[0]': busy, 'PhoneNumbers[1]': person, Timeout: '10' });
      const call = await callEnded(platform, (await platform.client.calls.create({ to: phone, from: number, url })).sid);
      const children = await platform.client.calls.list({ parentCallSid: call.sid });
      assert.deepEqual(children.map((c) => `${c.to} ${c.status}`).sort(), [`${busy} busy`, `${person} completed`].sort());
      assert.ok(steps(await transcript(platform, call.sid)).includes('say: found me'), 'the caller was bridged with the person who accepted');
    });

    test('the conference twimlet puts callers in one room, where they hear each other', async () => {
      const url = twimlet('conference', { Name: 'lobby', Music: 'https://example.com/hold.mp3' });
      const first = await createPhone(platform, { script: [{ waitFor: 'beep' }, { speak: 'hi lobby' }, { wait: 2 }, { hangup: true }] });
      const second = await createPhone(platform, { script: [{ waitFor: 'say', match: 'hi lobby' }, { hangup: true }] });
      const calls = await Promise.all([first, second].map(async (to) => (await platform.client.calls.create({ to, from: number, url })).sid));
      const ended = await Promise.all(calls.map((sid) => callEnded(platform, sid)));
      assert.deepEqual(ended.map((c) => c.status), ['completed', 'completed']);
      const heard = steps(await transcript(platform, calls[1] ?? ''));
      assert.ok(heard.includes('say: You are now entering the conference line.') && heard.includes('conference-joined: lobby') && heard.includes('say: hi lobby'), heard.join(' | '));
      const [room] = await platform.client.conferences.list({ friendlyName: 'lobby' });
      assert.equal(room?.status, 'completed');
    });
  });
}
