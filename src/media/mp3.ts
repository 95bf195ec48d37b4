/**
 * MP3 encoding, for recordings fetched with `.mp3` as Twilio serves them: constant-bitrate Layer
 * III, mono or (for a dual-channel recording) stereo (MPEG-2.5 at the telephone's 8 kHz, 32 kbit/s by default), made by lamejs, a
 * JavaScript port of LAME. Each file starts with an "Info" frame carrying a LAME tag (frame count,
 * encoder delay and padding), so gapless players and `mp3DurationMs` see exactly the recorded
 * length instead of the encoder's extra ~1,100 samples.
 *
 * Pure functions only: no I/O.
 */
import { Mp3Encoder } from '@breezystack/lamejs';
import { mp3Bitrates, mp3Version, parseFrameHeader, readMp3Info, type Mp3FrameHeader } from './mp3-frames.js';
import { resample, TELEPHONE_SAMPLE_RATE, type Pcm } from './pcm.js';

export { mp3DurationMs, readMp3Info, type Mp3Info } from './mp3-frames.js';

/** How to encode. */
export interface Mp3Options {
  /** Constant bitrate in kbit/s; must be one Layer III allows at the sample rate (8–160 at 8 kHz). */
  readonly bitrateKbps?: number;
}

/** The part of lamejs's encoder Dialtone uses. */
interface LayerThreeEncoder {
  encodeBuffer(left: Int16Array, right?: Int16Array): ArrayBufferView;
  flush(): ArrayBufferView;
}

/** Sample rates MP3 can carry; other audio is resampled to the next one up. */
export const MP3_SAMPLE_RATES: readonly number[] = [8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000];

/** Samples LAME (and lamejs, its port) delays its output by, before the decoder's own delay. */
const LAME_ENCODER_DELAY = 576;
/** What lamejs calls itself (LAME 3.98.4's short version), written where LAME writes it. */
const ENCODER_NAME = 'LAME3.98r';
/** Samples handed to the encoder per call: one MPEG-1 frame's worth. */
const CHUNK_SAMPLES = 1152;

/**
 * Encodes audio as a constant-bitrate MP3 file: mono for one `Pcm`, stereo for two (channel 1
 * left, channel 2 right, at the first one's rate). Audio at a rate MP3 cannot carry is resampled
 * first (to the next rate up, or 48 kHz).
 *
 * @throws RangeError when `bitrateKbps` is not a Layer III bitrate at the audio's sample rate, or
 *   when more than two channels are given.
 * @example
 * const mp3 = encodeMp3(recording); // 8 kHz, 32 kbit/s: 4 kB a second
 * const low = encodeMp3(recording, { bitrateKbps: 16 });
 * const dual = encodeMp3([caller, callee]);
 */
export function encodeMp3(pcm: Pcm | readonly Pcm[], { bitrateKbps = 32 }: Mp3Options = {}): Buffer {
  const channels = 'samples' in pcm ? [pcm] : pcm;
  if (channels.length < 1 || channels.length > 2) throw new RangeError(`MP3 carries one or two channels, not ${channels.length}`);
  const rate = mp3SampleRateFor(channels[0]?.sampleRate ?? TELEPHONE_SAMPLE_RATE);
  const [left, right] = channels.map((c) => resample(c, rate).samples);
  const allowed = mp3Bitrates(rate);
  if (!allowed.includes(bitrateKbps)) {
    throw new RangeError(`MP3 at ${rate} Hz cannot be ${bitrateKbps} kbit/s; choose one of ${allowed.join(', ')}`);
  }
  const samples = left ?? new Int16Array(0);
  const encoder: LayerThreeEncoder = new Mp3Encoder(channels.length, rate, bitrateKbps);
  const parts: Buffer[] = [];
  for (let i = 0; i < samples.length; i += CHUNK_SAMPLES) {
    const chunk = samples.subarray(i, i + CHUNK_SAMPLES);
    parts.push(asBuffer(right ? encoder.encodeBuffer(chunk, padTo(right.subarray(i, i + CHUNK_SAMPLES), chunk.length)) : encoder.encodeBuffer(chunk)));
  }
  parts.push(asBuffer(encoder.flush()));
  const frames = Buffer.concat(parts);
  const info = infoFrame(frames, samples.length, bitrateKbps);
  return info === null ? frames : Buffer.concat([info, frames]);
}

/** The right channel's chunk as long as the left's (a shorter channel is padded with silence). */
function padTo(samples: Int16Array, length: number): Int16Array {
  if (samples.length === length) return samples;
  const padded = new Int16Array(length);
  padded.set(samples.subarray(0, length));
  return padded;
}

/** The rate to encode audio of `sampleRate` at: itself when MP3 allows it, else the next one up. */
function mp3SampleRateFor(sampleRate: number): number {
  if (mp3Version(sampleRate) !== null) return sampleRate;
  return MP3_SAMPLE_RATES.find((rate) => rate > sampleRate) ?? MP3_SAMPLE_RATES.at(-1) ?? TELEPHONE_SAMPLE_RATE;
}

/** A view of the bytes the encoder returned (lamejs hands back a fresh array each call). */
function asBuffer(view: ArrayBufferView): Buffer {
  return Buffer.from(view.buffer, view.byteOffset, view.byteLength);
}

/**
 * The Xing-style "Info" frame LAME puts before a constant-bitrate stream: a silent frame with the
 * same header as the audio whose body holds the frame count, byte count and the LAME extension
 * (encoder delay, end padding, CRCs). Null when the audio's frames are too small to hold it.
 * Layout: http://gabriel.mp3-tech.org/mp3infotag.html
 */
function infoFrame(audio: Buffer, sampleCount: number, bitrateKbps: number): Buffer | null {
  const header = infoFrameHeader(audio);
  if (header === null) return null;
  const frame = Buffer.alloc(header.parsed.frameBytes);
  const tag = header.parsed.sideInfoEnd;
  const lame = tag + 16;
  if (lame + 36 > frame.length) return null;
  const audioFrames = readMp3Info(audio)?.frames ?? 0;
  const padding = Math.max(0, audioFrames * header.parsed.samplesPerFrame - LAME_ENCODER_DELAY - sampleCount);
  header.bytes.copy(frame, 0);
  frame.write('Info', tag, 'ascii');
  frame.writeUInt32BE(0x03, tag + 4); // fields present: frame count, byte count
  frame.writeUInt32BE(audioFrames, tag + 8);
  frame.writeUInt32BE(frame.length + audio.length, tag + 12);
  frame.write(ENCODER_NAME, lame, 'ascii');
  frame.writeUInt8(0x01, lame + 9); // tag revision 0, constant bitrate
  frame.writeUInt8(Math.min(255, bitrateKbps), lame + 20);
  frame.writeUIntBE((Math.min(LAME_ENCODER_DELAY, 0xfff) << 12) | Math.min(padding, 0xfff), lame + 21, 3);
  frame.writeUInt32BE(frame.length + audio.length, lame + 28);
  frame.writeUInt16BE(crc16(audio), lame + 32);
  frame.writeUInt16BE(crc16(frame.subarray(0, lame + 34)), lame + 34);
  return frame;
}

/** The first audio frame's header without its padding slot or CRC, so the Info frame's size is fixed. */
function infoFrameHeader(audio: Buffer): { bytes: Buffer; parsed: Mp3FrameHeader } | null {
  if (parseFrameHeader(audio, 0) === null) return null;
  const bytes = Buffer.from(audio.subarray(0, 4));
  bytes.writeUInt8((bytes[1] ?? 0) | 0x01, 1);
  bytes.writeUInt8((bytes[2] ?? 0) & ~0x02, 2);
  const parsed = parseFrameHeader(bytes, 0);
  return parsed === null ? null : { bytes, parsed };
}

/** CRC-16/ARC (polynomial 0x8005, reflected), the checksum the LAME tag uses. */
function crc16(bytes: Uint8Array): number {
  let crc = 0;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0xa001 : crc >>> 1;
  }
  return crc;
}
