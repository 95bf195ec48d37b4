/**
 * WAV (RIFF) files, the format Twilio serves a recording in by default. Encodes 16-bit PCM of one
 * channel, or of two (a dual-channel recording, its channels interleaved as RIFF requires);
 * decodes what text-to-speech engines and users' uploads hand over: integer PCM of 8 or 16 bits,
 * mono or stereo (mixed down to mono, or kept apart with `decodeWavChannels`), including streamed files whose size fields are
 * placeholders (espeak-ng writes 0x7FFFF000-style sizes to a pipe; others write 0xFFFFFFFF), which
 * are read as "up to the end of the buffer".
 *
 * Pure functions only: no I/O.
 */
import { clampSample, TELEPHONE_SAMPLE_RATE, type Pcm } from './pcm.js';

/** Bytes before the samples in a file written by `encodeWav`. */
export const WAV_HEADER_BYTES = 44;

const FORMAT_PCM = 1;
const FORMAT_EXTENSIBLE = 0xfffe;
const MAX_SAMPLE_RATE = 384_000;

/** The `fmt ` chunk fields the decoder needs. */
interface WavFormat {
  readonly channels: number;
  readonly sampleRate: number;
  readonly bitsPerSample: number;
  readonly blockAlign: number;
}

/** Where the samples are, within the buffer. */
interface DataChunk {
  readonly offset: number;
  readonly length: number;
}

/**
 * A RIFF/WAVE file of 16-bit PCM at the audio's own rate: mono for one `Pcm`, or one channel per
 * `Pcm` of a list (all at the first one's rate; shorter ones are padded with silence).
 *
 * @example
 * const wav = encodeWav(silence(1000)); // 44-byte header + 16,000 bytes of samples
 * const dual = encodeWav([caller, callee]); // channel 1 the caller, channel 2 the callee
 */
export function encodeWav(audio: Pcm | readonly Pcm[]): Buffer {
  const channels = 'samples' in audio ? [audio] : audio;
  const sampleRate = channels[0]?.sampleRate ?? TELEPHONE_SAMPLE_RATE;
  const frames = Math.max(0, ...channels.map((c) => c.samples.length));
  const blockAlign = channels.length * 2;
  const dataBytes = frames * blockAlign;
  const buffer = Buffer.alloc(WAV_HEADER_BYTES + dataBytes);
  buffer.write('RIFF', 0, 'ascii');
  buffer.writeUInt32LE(36 + dataBytes, 4);
  buffer.write('WAVE', 8, 'ascii');
  buffer.write('fmt ', 12, 'ascii');
  buffer.writeUInt32LE(16, 16);
  buffer.writeUInt16LE(FORMAT_PCM, 20);
  buffer.writeUInt16LE(channels.length, 22);
  buffer.writeUInt32LE(sampleRate, 24);
  buffer.writeUInt32LE(sampleRate * blockAlign, 28);
  buffer.writeUInt16LE(blockAlign, 32);
  buffer.writeUInt16LE(16, 34);
  buffer.write('data', 36, 'ascii');
  buffer.writeUInt32LE(dataBytes, 40);
  channels.forEach((channel, c) => {
    const samples = channel.samples;
    for (let i = 0; i < samples.length; i++) buffer.writeInt16LE(samples[i] ?? 0, WAV_HEADER_BYTES + i * blockAlign + c * 2);
  });
  return buffer;
}

/**
 * Reads a WAV file into mono 16-bit PCM, or null when the buffer is not a WAV file Dialtone can
 * play: not RIFF/WAVE, no `fmt ` or `data` chunk, a compressed or float format, more than two
 * channels, or inconsistent fields. 8-bit samples are widened; stereo is averaged to mono.
 *
 * @example
 * const pcm = decodeWav(await readFile('greeting.wav'));
 * if (pcm === null) throw new Error('not a PCM WAV file');
 */
export function decodeWav(buffer: Uint8Array): Pcm | null {
  const channels = decodeWavChannels(buffer);
  const first = channels?.[0];
  if (!channels || !first) return null;
  if (channels.length === 1) return first;
  const samples = new Int16Array(first.samples.length);
  for (let i = 0; i < samples.length; i++) samples[i] = clampSample(channels.reduce((sum, c) => sum + (c.samples[i] ?? 0), 0) / channels.length);
  return { sampleRate: first.sampleRate, samples };
}

/**
 * Reads a WAV file as `decodeWav` does, but keeps its channels apart: one 16-bit `Pcm` per
 * channel, in the file's order (a dual-channel recording's caller first).
 *
 * @example
 * const [caller, callee] = decodeWavChannels(wav) ?? [];
 */
export function decodeWavChannels(buffer: Uint8Array): Pcm[] | null {
  const bytes = Buffer.from(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  if (bytes.length < 12 || bytes.toString('ascii', 0, 4) !== 'RIFF' || bytes.toString('ascii', 8, 12) !== 'WAVE') {
    return null;
  }
  const chunks = findChunks(bytes);
  if (chunks === null) return null;
  const { format, data } = chunks;
  const frames = Math.floor(data.length / format.blockAlign);
  const bytesPerSample = format.bitsPerSample / 8;
  return Array.from({ length: format.channels }, (_, channel) => {
    const samples = new Int16Array(frames);
    for (let frame = 0; frame < frames; frame++) {
      const at = data.offset + frame * format.blockAlign + channel * bytesPerSample;
      samples[frame] = bytesPerSample === 1 ? ((bytes[at] ?? 128) - 128) << 8 : bytes.readInt16LE(at);
    }
    return { sampleRate: format.sampleRate, samples };
  });
}

/**
 * Walks the RIFF chunks for `fmt ` and `data`. A chunk size running past the end of the buffer is
 * accepted for `data` only (a streamed file), and ends the walk.
 */
function findChunks(bytes: Buffer): { format: WavFormat; data: DataChunk } | null {
  let format: WavFormat | null = null;
  let data: DataChunk | null = null;
  let offset = 12;
  while (offset + 8 <= bytes.length && (format === null || data === null)) {
    const id = bytes.toString('ascii', offset, offset + 4);
    const size = bytes.readUInt32LE(offset + 4);
    const body = offset + 8;
    const available = bytes.length - body;
    if (id === 'data') {
      data = { offset: body, length: Math.min(size, available) };
    } else if (size > available) {
      return null;
    } else if (id === 'fmt ') {
      format = readFormat(bytes.subarray(body, body + size));
      if (format === null) return null;
    }
    if (size > available) break;
    offset = body + size + (size % 2);
  }
  return format !== null && data !== null ? { format, data } : null;
}

/** Parses a `fmt ` chunk; null unless it is integer PCM of 8 or 16 bits in one or two channels. */
function readFormat(chunk: Buffer): WavFormat | null {
  if (chunk.length < 16) return null;
  const tag = chunk.readUInt16LE(0);
  // WAVE_FORMAT_EXTENSIBLE names its real format in the first two bytes of the sub-format GUID.
  const isPcm = tag === FORMAT_PCM || (tag === FORMAT_EXTENSIBLE && chunk.length >= 26 && chunk.readUInt16LE(24) === FORMAT_PCM);
  const channels = chunk.readUInt16LE(2);
  const sampleRate = chunk.readUInt32LE(4);
  const blockAlign = chunk.readUInt16LE(12);
  const bitsPerSample = chunk.readUInt16LE(14);
  const valid =
    isPcm &&
    (channels === 1 || channels === 2) &&
    (bitsPerSample === 8 || bitsPerSample === 16) &&
    sampleRate > 0 &&
    sampleRate <= MAX_SAMPLE_RATE &&
    blockAlign === (channels * bitsPerSample) / 8;
  return valid ? { channels, sampleRate, bitsPerSample, blockAlign } : null;
}
