/** Text to speech: espeak-ng when installed, the silent synthesizer otherwise, and the shared estimate. */
import assert from 'node:assert/strict';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { durationMs, isSilent, trimSilence } from '../../src/media/index.js';
import {
  createEspeakSynthesizer,
  createSilentSynthesizer,
  detectSynthesizer,
  espeakVoice,
  estimateSpeechMs,
  MAX_SPEECH_CHARACTERS,
  SpeechSynthesisError,
} from '../../src/media/tts/index.js';

const detected = await detectSynthesizer();
const NO_ESPEAK = detected.name === 'espeak-ng' ? false : 'espeak-ng is not installed (scripts/install-test-deps.sh installs it)';
const scripts = await mkdtemp(join(tmpdir(), 'dialtone-tts-'));
after(() => rm(scripts, { recursive: true, force: true }));

/** A stand-in for espeak-ng: a shell script with the given body. */
async function fakeEspeak(name: string, body: string): Promise<string> {
  const path = join(scripts, name);
  await writeFile(path, `#!/bin/sh\n${body}\n`);
  await chmod(path, 0o755);
  return path;
}

test('espeak-ng says "Hello World" as audible 8 kHz speech of a plausible length', { skip: NO_ESPEAK }, async () => {
  const audio = await createEspeakSynthesizer().synthesize('Hello World', { language: 'en-US' });
  assert.equal(audio.sampleRate, 8000);
  assert.equal(isSilent(audio), false);
  const spoken = durationMs(trimSilence(audio));
  assert.ok(spoken > 400 && spoken < 3000, `${spoken} ms of speech`);
});

test('espeak-ng speaks other languages and the female voice', { skip: NO_ESPEAK }, async () => {
  const tts = createEspeakSynthesizer();
  for (const [text, options] of [
    ['Bonjour tout le monde', { language: 'fr-FR', voice: 'woman' }],
    ['Hola, buenos días', { language: 'es-MX' }],
    ['Guten Tag', { language: 'de-DE', voice: 'man' }],
    ['Good afternoon', { language: 'en-GB', voice: 'alice' }],
  ] as const) {
    const audio = await tts.synthesize(text, options);
    assert.equal(isSilent(audio), false, text);
  }
});

test('text that looks like an option is spoken, not obeyed', { skip: NO_ESPEAK }, async () => {
  const audio = await createEspeakSynthesizer().synthesize('--version -w /tmp/x', {});
  assert.equal(isSilent(audio), false);
  assert.ok(durationMs(audio) > 1000);
});

test('empty text is no audio, without running espeak-ng', async () => {
  const tts = createEspeakSynthesizer({ command: join(scripts, 'never-created') });
  assert.equal((await tts.synthesize(' \n\t ', {})).samples.length, 0);
});

test('Twilio languages and voices map to espeak-ng voices', () => {
  assert.equal(espeakVoice({}), 'en-us');
  assert.equal(espeakVoice({ language: 'en-US', voice: 'man' }), 'en-us');
  assert.equal(espeakVoice({ language: 'en-GB', voice: 'woman' }), 'en-gb+f3');
  assert.equal(espeakVoice({ language: 'en-AU', voice: 'alice' }), 'en-gb+f3');
  assert.equal(espeakVoice({ language: 'es-ES' }), 'es');
  assert.equal(espeakVoice({ language: 'es-MX' }), 'es-419');
  assert.equal(espeakVoice({ language: 'fr-FR' }), 'fr-fr');
  assert.equal(espeakVoice({ language: 'fr-CA' }), 'fr-fr');
  assert.equal(espeakVoice({ language: 'de-DE' }), 'de');
  assert.equal(espeakVoice({ language: 'de' }), 'de', 'the old two-letter values');
  assert.equal(espeakVoice({ language: 'pt-BR', voice: 'Polly.Camila' }), 'pt-br');
  assert.equal(espeakVoice({ language: 'it-CH' }), 'it', 'an unknown locale of a known language');
  assert.equal(espeakVoice({ language: 'xx-YY' }), 'en-us', 'an unknown language');
});

test('an espeak-ng run that passes the time limit is killed and rejects', async () => {
  const pidFile = join(scripts, 'slow.pid');
  const command = await fakeEspeak('slow', `echo $$ > ${pidFile}\nexec sleep 30`);
  const started = Date.now();
  await assert.rejects(createEspeakSynthesizer({ command, timeoutMs: 300 }).synthesize('Hello', {}), (error: unknown) => {
    assert.ok(error instanceof SpeechSynthesisError);
    assert.match(error.message, /took longer than 300 ms/);
    return true;
  });
  assert.ok(Date.now() - started < 5000);
  const pid = Number(await readFile(pidFile, 'utf8'));
  await sleep(100);
  assert.throws(() => process.kill(pid, 0), { code: 'ESRCH' }, 'the process is gone');
});

test('espeak-ng failing, writing no WAV, writing too much or missing rejects with SpeechSynthesisError', async () => {
  const cases = [
    [await fakeEspeak('crash', 'echo "voice not found" >&2; exit 3'), /exited with 3: voice not found/],
    [await fakeEspeak('chatty', 'cat >/dev/null; echo not a wav file'), /wrote no WAV audio/],
    [await fakeEspeak('flood', 'exec cat /dev/zero'), /wrote more than 65536 bytes/],
    [join(scripts, 'absent'), /could not run/],
  ] as const;
  for (const [command, message] of cases) {
    const tts = createEspeakSynthesizer({ command, maxOutputBytes: 65_536 });
    await assert.rejects(tts.synthesize('Hello', {}), (error: unknown) => error instanceof SpeechSynthesisError && message.test(error.message));
  }
});

test('the text reaches espeak-ng on standard input, whitespace collapsed, capped at 4,000 characters', async () => {
  const seen = join(scripts, 'seen.txt');
  const command = await fakeEspeak('recorder', `cat > ${seen}; exit 1`);
  const tts = createEspeakSynthesizer({ command });
  await assert.rejects(tts.synthesize(' Hello \n\n  World ', {}));
  assert.equal(await readFile(seen, 'utf8'), 'Hello World');
  await assert.rejects(tts.synthesize('ab'.repeat(3000), {}));
  assert.equal((await readFile(seen, 'utf8')).length, MAX_SPEECH_CHARACTERS);
});

test('the silent synthesizer returns silence as long as the text takes to say', async () => {
  const tts = createSilentSynthesizer();
  assert.equal(tts.name, 'silent');
  const audio = await tts.synthesize('Hello World', { voice: 'woman', language: 'fr-FR' });
  assert.equal(audio.sampleRate, 8000);
  assert.equal(isSilent(audio), true);
  assert.equal(durationMs(audio), estimateSpeechMs('Hello World'));
  assert.equal((await tts.synthesize('', {})).samples.length, 0);
});

test('speech is estimated at 150 words a minute: 15 characters a second', () => {
  assert.equal(estimateSpeechMs('Hello World'), 733);
  assert.equal(estimateSpeechMs('a'.repeat(15)), 1000);
  assert.equal(estimateSpeechMs('  Hello \n\t World  '), estimateSpeechMs('Hello World'));
  assert.equal(estimateSpeechMs(''), 0);
  const minute = 'Every word in this sentence has five '.repeat(25).slice(0, 900);
  assert.equal(estimateSpeechMs(minute), 60_000);
  assert.equal(estimateSpeechMs('x'.repeat(10_000)), Math.round((MAX_SPEECH_CHARACTERS * 1000) / 15), 'Twilio reads 4,000 characters at most');
});

test('detectSynthesizer picks espeak-ng when it runs and the silent synthesizer when it does not', async () => {
  assert.equal((await detectSynthesizer({ command: join(scripts, 'not-installed') })).name, 'silent');
  assert.equal((await detectSynthesizer({ command: await fakeEspeak('broken', 'exit 1') })).name, 'silent');
  if (NO_ESPEAK === false) assert.equal(detected.name, 'espeak-ng');
});
