/** WAV files: what encodeWav writes, and what decodeWav accepts (espeak-ng's stream included). */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { concatPcm, decodeWav, decodeWavChannels, detectSynthesizer, durationMs, encodeWav, isSilent, silence, tone, WAV_HEADER_BYTES } from '../../src/media/index.js';

const espeak = await detectSynthesizer();
const NO_ESPEAK = espeak.name === 'espeak-ng' ? false : 'espeak-ng is not installed (scripts/install-test-deps.sh installs it)';

/** A hand-made WAV: canonical 44-byte header with the given fields, then `data`. */
function wavFile(fields: { format?: number; channels: number; rate: number; bits: number; dataSize?: number }, data: Buffer): Buffer {
  const header = Buffer.alloc(WAV_HEADER_BYTES);
  const blockAlign = (fields.channels * fields.bits) / 8;
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVEfmt ', 8, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(fields.format ?? 1, 20);
  header.writeUInt16LE(fields.channels, 22);
  header.writeUInt32LE(fields.rate, 24);
  header.writeUInt32LE(fields.rate * blockAlign, 28);
  header.writeUInt16LE(blockAlign, 32);
  header.writeUInt16LE(fields.bits, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(fields.dataSize ?? data.length, 40);
  return Buffer.concat([header, data]);
}

test('a WAV round trip gives back the same samples and rate', () => {
  const beep = tone(1000, 250);
  const decoded = decodeWav(encodeWav(beep));
  assert.ok(decoded);
  assert.equal(decoded.sampleRate, 8000);
  assert.deepEqual(decoded.samples, beep.samples);
});

test('encodeWav writes a canonical RIFF header: PCM, mono, 16-bit, sizes and rates right', () => {
  const wav = encodeWav(tone(440, 1000, 16000));
  assert.equal(wav.length, 44 + 32000);
  assert.equal(wav.toString('ascii', 0, 4), 'RIFF');
  assert.equal(wav.readUInt32LE(4), wav.length - 8);
  assert.equal(wav.toString('ascii', 8, 16), 'WAVEfmt ');
  assert.equal(wav.readUInt32LE(16), 16, 'fmt chunk size');
  assert.equal(wav.readUInt16LE(20), 1, 'PCM');
  assert.equal(wav.readUInt16LE(22), 1, 'mono');
  assert.equal(wav.readUInt32LE(24), 16000, 'sample rate');
  assert.equal(wav.readUInt32LE(28), 32000, 'byte rate');
  assert.equal(wav.readUInt16LE(32), 2, 'block align');
  assert.equal(wav.readUInt16LE(34), 16, 'bits per sample');
  assert.equal(wav.toString('ascii', 36, 40), 'data');
  assert.equal(wav.readUInt32LE(40), 32000);
});

test('stereo 16-bit WAV is mixed down to mono by averaging the channels', () => {
  const data = Buffer.alloc(8);
  [1000, 3000, -2000, -4000].forEach((v, i) => data.writeInt16LE(v, i * 2));
  const decoded = decodeWav(wavFile({ channels: 2, rate: 44100, bits: 16 }, data));
  assert.deepEqual(decoded, { sampleRate: 44100, samples: Int16Array.from([2000, -3000]) });
});

test('8-bit unsigned WAV is widened to 16 bits, mono or stereo', () => {
  const mono = decodeWav(wavFile({ channels: 1, rate: 8000, bits: 8 }, Buffer.from([128, 255, 0])));
  assert.deepEqual(mono?.samples, Int16Array.from([0, 127 << 8, -32768]));
  const stereo = decodeWav(wavFile({ channels: 2, rate: 8000, bits: 8 }, Buffer.from([128, 192, 0, 0])));
  assert.deepEqual(stereo?.samples, Int16Array.from([32 << 8, -32768]));
});

test('streamed WAV whose sizes are 0xFFFFFFFF placeholders reads to the end of the buffer', () => {
  const data = Buffer.alloc(6);
  [1, -2, 3].forEach((v, i) => data.writeInt16LE(v, i * 2));
  const streamed = wavFile({ channels: 1, rate: 22050, bits: 16, dataSize: 0xffffffff }, Buffer.concat([data, Buffer.from([9])]));
  streamed.writeUInt32LE(0xffffffff, 4);
  assert.deepEqual(decodeWav(streamed), { sampleRate: 22050, samples: Int16Array.from([1, -2, 3]) }, 'the odd last byte is dropped');
});

test('a LIST chunk (odd-sized, with its pad byte) before the samples is skipped', () => {
  const plain = encodeWav(tone(1000, 10));
  const list = Buffer.concat([Buffer.from('LIST'), Buffer.from([5, 0, 0, 0]), Buffer.from('INFOx'), Buffer.from([0])]);
  const withList = Buffer.concat([plain.subarray(0, 36), list, plain.subarray(36)]);
  assert.deepEqual(decodeWav(withList)?.samples, decodeWav(plain)?.samples);
});

test('decodeWav refuses what is not a PCM WAV file with null', () => {
  const pcm16 = { channels: 1, rate: 8000, bits: 16 };
  assert.equal(decodeWav(Buffer.alloc(0)), null);
  assert.equal(decodeWav(Buffer.from('this is not audio at all, just some text')), null);
  assert.equal(decodeWav(Buffer.from('RIFF\x24\x00\x00\x00WAVE')), null, 'no chunks');
  assert.equal(decodeWav(wavFile({ ...pcm16, format: 3 }, Buffer.alloc(8))), null, 'IEEE float');
  assert.equal(decodeWav(wavFile({ ...pcm16, format: 7 }, Buffer.alloc(8))), null, 'G.711 mu-law');
  assert.equal(decodeWav(wavFile({ ...pcm16, bits: 24 }, Buffer.alloc(9))), null, '24-bit');
  assert.equal(decodeWav(wavFile({ ...pcm16, channels: 6 }, Buffer.alloc(12))), null, '5.1');
  assert.equal(decodeWav(wavFile({ ...pcm16, rate: 0 }, Buffer.alloc(8))), null, 'no sample rate');
  const truncatedFmt = encodeWav(tone(1000, 10));
  truncatedFmt.writeUInt32LE(400, 16);
  assert.equal(decodeWav(truncatedFmt), null, 'fmt chunk runs past the end');
});

test('decodes the WAV espeak-ng writes to standard output', { skip: NO_ESPEAK }, () => {
  const wav = execFileSync('espeak-ng', ['--stdout', 'Hello World']);
  const pcm = decodeWav(wav);
  assert.ok(pcm, 'espeak-ng stdout decodes');
  assert.equal(pcm.sampleRate, wav.readUInt32LE(24));
  assert.equal(pcm.samples.length, (wav.length - WAV_HEADER_BYTES) / 2);
  assert.ok(durationMs(pcm) > 500 && durationMs(pcm) < 3000, `${durationMs(pcm)} ms`);
  assert.equal(isSilent(pcm), false);
});

test('a dual-channel WAV says 2 channels in its header and keeps each channel\'s samples apart', () => {
  const caller = tone(400, 500);
  const callee = concatPcm([silence(250), tone(900, 250)]);
  const wav = encodeWav([caller, callee]);
  assert.equal(wav.readUInt16LE(22), 2, 'channels');
  assert.equal(wav.readUInt16LE(32), 4, 'block align: two 16-bit samples a frame');
  assert.equal(wav.readUInt32LE(28), 8000 * 4, 'byte rate');
  assert.equal(wav.length, WAV_HEADER_BYTES + caller.samples.length * 4);
  const [left, right] = decodeWavChannels(wav) ?? [];
  assert.deepEqual(left?.samples, caller.samples);
  assert.deepEqual(right?.samples, callee.samples);
  const mixed = decodeWav(wav);
  assert.equal(mixed?.samples.length, caller.samples.length, 'decodeWav mixes the channels down to one');
});
