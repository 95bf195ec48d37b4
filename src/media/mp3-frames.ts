/**
 * Reading MP3 (MPEG-1, -2 and -2.5 Layer III) streams frame by frame: frame headers, the
 * Xing/Info frame and its LAME extension (encoder delay and padding), and so the length of the
 * audio a player will actually play. Used to check what `encodeMp3` makes and to time MP3 files.
 *
 * Pure functions only: no I/O.
 */

/** The fields of one MPEG audio frame header (the 4 bytes starting with the sync word). */
export interface Mp3FrameHeader {
  /** MPEG version: 1 (32–48 kHz), 2 (16–24 kHz) or 2.5 (8, 11.025 and 12 kHz). */
  readonly version: 1 | 2 | 2.5;
  readonly bitrateKbps: number;
  readonly sampleRate: number;
  readonly channels: 1 | 2;
  /** Bytes in the whole frame, header included. */
  readonly frameBytes: number;
  /** Samples per channel the frame decodes to: 1152 (MPEG-1) or 576. */
  readonly samplesPerFrame: number;
  /** True when a 16-bit CRC follows the header. */
  readonly protected: boolean;
  /** Offset of the Xing/Info tag in the frame: header, CRC and side information come first. */
  readonly sideInfoEnd: number;
}

/** What a whole MP3 stream holds. */
export interface Mp3Info {
  /** Audio frames, not counting a Xing/Info frame. */
  readonly frames: number;
  readonly sampleRate: number;
  readonly channels: 1 | 2;
  /** The first audio frame's bitrate (every frame's, for constant bitrate files). */
  readonly bitrateKbps: number;
  /**
   * The LAME tag's encoder delay (0 without a tag): a gapless player drops this many samples, plus
   * the decoder's own `DECODER_DELAY_SAMPLES`, from the start.
   */
  readonly encoderDelaySamples: number;
  /** Samples a gapless player drops at the end (LAME tag padding); 0 without a tag. */
  readonly paddingSamples: number;
  /** Length of the playable audio, after delay and padding are dropped. */
  readonly durationMs: number;
}

/** The MDCT/filterbank delay every Layer III decoder adds, which LAME's delay field leaves out. */
export const DECODER_DELAY_SAMPLES = 529;

const BITRATES_V1 = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];
const BITRATES_V2 = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];
const SAMPLE_RATES_V1 = [44100, 48000, 32000];
const VERSION_BITS: ReadonlyArray<1 | 2 | 2.5 | null> = [2.5, null, 2, 1];

/** Bitrates (kbit/s) a Layer III stream can use at a sample rate, empty when the rate has none. */
export function mp3Bitrates(sampleRate: number): readonly number[] {
  const version = mp3Version(sampleRate);
  if (version === null) return [];
  return (version === 1 ? BITRATES_V1 : BITRATES_V2).slice(1);
}

/** The MPEG version whose sample rates include `sampleRate`, or null when none does. */
export function mp3Version(sampleRate: number): 1 | 2 | 2.5 | null {
  const index = SAMPLE_RATES_V1.findIndex((rate) => rate === sampleRate || rate / 2 === sampleRate || rate / 4 === sampleRate);
  if (index < 0) return null;
  const base = SAMPLE_RATES_V1[index] ?? 0;
  return sampleRate === base ? 1 : sampleRate === base / 2 ? 2 : 2.5;
}

/**
 * Parses the Layer III frame header at `offset`, or null when there is none there (no sync word,
 * reserved values, free-format bitrate, another layer).
 */
export function parseFrameHeader(bytes: Uint8Array, offset: number): Mp3FrameHeader | null {
  if (offset + 4 > bytes.length) return null;
  const b1 = bytes[offset + 1] ?? 0;
  const b2 = bytes[offset + 2] ?? 0;
  const b3 = bytes[offset + 3] ?? 0;
  if (bytes[offset] !== 0xff || (b1 & 0xe0) !== 0xe0 || ((b1 >> 1) & 0x03) !== 0x01) return null;
  const version = VERSION_BITS[(b1 >> 3) & 0x03] ?? null;
  const bitrateKbps = (version === 1 ? BITRATES_V1 : BITRATES_V2)[b2 >> 4] ?? 0;
  const baseRate = SAMPLE_RATES_V1[(b2 >> 2) & 0x03];
  if (version === null || bitrateKbps === 0 || baseRate === undefined) return null;
  const sampleRate = version === 1 ? baseRate : version === 2 ? baseRate / 2 : baseRate / 4;
  const padding = (b2 >> 1) & 0x01;
  const channels = b3 >> 6 === 0x03 ? 1 : 2;
  const isProtected = (b1 & 0x01) === 0;
  const perFrameFactor = version === 1 ? 144_000 : 72_000;
  const sideInfo = version === 1 ? (channels === 1 ? 17 : 32) : channels === 1 ? 9 : 17;
  return {
    version,
    bitrateKbps,
    sampleRate,
    channels,
    frameBytes: Math.floor((perFrameFactor * bitrateKbps) / sampleRate) + padding,
    samplesPerFrame: version === 1 ? 1152 : 576,
    protected: isProtected,
    sideInfoEnd: 4 + (isProtected ? 2 : 0) + sideInfo,
  };
}

/** Bytes an ID3v2 tag takes at the start of the buffer (0 when there is none). */
function id3v2Length(bytes: Uint8Array): number {
  if (bytes.length < 10 || bytes[0] !== 0x49 || bytes[1] !== 0x44 || bytes[2] !== 0x33) return 0;
  // The size is "syncsafe": four 7-bit groups. A footer (flag 0x10) adds another 10 bytes.
  const size = [6, 7, 8, 9].reduce((sum, i) => (sum << 7) | ((bytes[i] ?? 0) & 0x7f), 0);
  return 10 + size + (((bytes[5] ?? 0) & 0x10) !== 0 ? 10 : 0);
}

/** Delay and padding from a Xing/Info frame's LAME extension; null when the frame is not one. */
function readInfoFrame(bytes: Buffer, offset: number, header: Mp3FrameHeader): { delay: number; padding: number } | null {
  const tag = offset + header.sideInfoEnd;
  const end = Math.min(offset + header.frameBytes, bytes.length);
  const name = bytes.toString('latin1', tag, tag + 4);
  if ((name !== 'Xing' && name !== 'Info') || tag + 8 > end) return null;
  const flags = bytes.readUInt32BE(tag + 4);
  // Optional fields, present by flag: frames (4 bytes), bytes (4), TOC (100), quality (4).
  const lame = tag + 8 + (flags & 1 ? 4 : 0) + (flags & 2 ? 4 : 0) + (flags & 4 ? 100 : 0) + (flags & 8 ? 4 : 0);
  // The LAME extension: a 9-byte encoder name ("LAME3.100", "Lavf…"), then at +21 the 12-bit
  // delay and 12-bit padding. A Xing frame from an encoder that wrote no extension has neither.
  if (lame + 24 > end || !/^[A-Za-z]{4}$/.test(bytes.toString('latin1', lame, lame + 4))) return { delay: 0, padding: 0 };
  const packed = bytes.readUIntBE(lame + 21, 3);
  return { delay: packed >> 12, padding: packed & 0xfff };
}

/**
 * Walks an MP3 stream's frames: after an optional ID3v2 tag the buffer must start with a Layer III
 * frame; the walk stops at the first byte that does not start a complete frame (an ID3v1 tag,
 * trailing data). Null when there is no frame at all.
 *
 * @example
 * readMp3Info(encodeMp3(silence(3000)))?.durationMs; // 3000
 */
export function readMp3Info(stream: Uint8Array): Mp3Info | null {
  const bytes = Buffer.from(stream.buffer, stream.byteOffset, stream.byteLength);
  let offset = id3v2Length(bytes);
  const first = parseFrameHeader(bytes, offset);
  if (first === null) return null;
  const tag = readInfoFrame(bytes, offset, first);
  if (tag !== null) offset += first.frameBytes;
  let frames = 0;
  let samples = 0;
  let audio: Mp3FrameHeader | null = null;
  let header = parseFrameHeader(bytes, offset);
  while (header !== null && offset + header.frameBytes <= bytes.length) {
    audio ??= header;
    frames++;
    samples += header.samplesPerFrame;
    offset += header.frameBytes;
    header = parseFrameHeader(bytes, offset);
  }
  if (audio === null) return null;
  const delay = tag?.delay ?? 0;
  const padding = tag?.padding ?? 0;
  return {
    frames,
    sampleRate: audio.sampleRate,
    channels: audio.channels,
    bitrateKbps: audio.bitrateKbps,
    encoderDelaySamples: delay,
    paddingSamples: padding,
    durationMs: (Math.max(0, samples - delay - padding) * 1000) / audio.sampleRate,
  };
}

/**
 * The playable length of an MP3 stream in milliseconds (0 when the buffer holds no MP3 frames).
 * With a LAME tag the encoder's delay and padding are left out, as gapless players do.
 */
export function mp3DurationMs(bytes: Uint8Array): number {
  return readMp3Info(bytes)?.durationMs ?? 0;
}
