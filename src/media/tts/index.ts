/**
 * Text to speech: the `SpeechSynthesizer` seam, its implementations, and the choice between them
 * made once at start-up. espeak-ng speaks when it is installed; otherwise the silent synthesizer
 * keeps every timing right with silence.
 */
import { execFile } from 'node:child_process';
import { createEspeakSynthesizer, type EspeakOptions } from './espeak.js';
import { createSilentSynthesizer } from './silent.js';
import type { SpeechSynthesizer } from './synthesizer.js';

export { createEspeakSynthesizer, espeakVoice, type EspeakOptions } from './espeak.js';
export { createSilentSynthesizer, estimateSpeechMs, SPEECH_CHARACTERS_PER_SECOND } from './silent.js';
export {
  MAX_SPEECH_CHARACTERS,
  SpeechSynthesisError,
  speechText,
  type SpeechOptions,
  type SpeechSynthesizer,
} from './synthesizer.js';

/** How long `espeak-ng --version` may take to answer before espeak-ng counts as absent. */
const PROBE_TIMEOUT_MS = 5000;

/**
 * The best synthesizer this machine has: espeak-ng when `espeak-ng --version` runs, else the
 * silent one. Never rejects.
 *
 * @example
 * const tts = await detectSynthesizer();
 * log.info({ tts: tts.name }, 'text to speech');
 */
export async function detectSynthesizer(options: EspeakOptions = {}): Promise<SpeechSynthesizer> {
  const command = options.command ?? 'espeak-ng';
  const runs = await new Promise<boolean>((resolve) => {
    execFile(command, ['--version'], { timeout: PROBE_TIMEOUT_MS, killSignal: 'SIGKILL' }, (error) => resolve(error === null));
  });
  return runs ? createEspeakSynthesizer(options) : createSilentSynthesizer();
}
