/**
 * The audio toolbox: raw 16-bit PCM and what is done with it — silence and tones, joining,
 * resampling and trimming (`pcm`), WAV and MP3 files as Twilio serves recordings (`wav`, `mp3`),
 * recordings built from a timeline of speech (`recording`), and text to speech behind the
 * `SpeechSynthesizer` seam (`tts`). The carriers that carry audio (sim, sip, webrtc) and the voice
 * engine use it; it imports nothing else of Dialtone.
 *
 * Never does I/O except the TTS vendor processes (espeak-ng, spawned by `tts/espeak`): no files,
 * no network, no configuration. Everything else is pure functions of the audio handed in.
 *
 * @example
 * import { detectSynthesizer, renderRecording, encodeWav, encodeMp3 } from '../media/index.js';
 * const tts = await detectSynthesizer();
 * const speech = await tts.synthesize('Leave a message', { language: 'en-US' });
 * const recording = renderRecording([{ atMs: 500, pcm: speech }], 5000, { trim: true });
 * const wav = encodeWav(recording);
 * const mp3 = encodeMp3(recording);
 */
export {
  concatPcm,
  DEFAULT_SILENCE_THRESHOLD_DB,
  durationMs,
  isSilent,
  resample,
  samplesFor,
  silence,
  TELEPHONE_SAMPLE_RATE,
  tone,
  trimChannels,
  trimSilence,
  type Pcm,
} from './pcm.js';
export { decodeWav, decodeWavChannels, encodeWav, WAV_HEADER_BYTES } from './wav.js';
export { encodeMp3, mp3DurationMs, MP3_SAMPLE_RATES, readMp3Info, type Mp3Info, type Mp3Options } from './mp3.js';
export { renderRecording, type RecordingSegment, type RenderOptions } from './recording.js';
export {
  createEspeakSynthesizer,
  createSilentSynthesizer,
  detectSynthesizer,
  estimateSpeechMs,
  MAX_SPEECH_CHARACTERS,
  SpeechSynthesisError,
  type EspeakOptions,
  type SpeechOptions,
  type SpeechSynthesizer,
} from './tts/index.js';
