/**
 * Text to speech with eSpeak NG (the Debian package `espeak-ng`), run as a child process per
 * utterance: the text goes in on standard input (never through a shell or the argument list, so no
 * text can become an option), a WAV file comes back on standard output and is resampled to 8 kHz.
 * Each run has a time limit and an output size limit, and is killed when it passes either.
 *
 * The only I/O in `media/` besides the other vendors': spawning `espeak-ng`.
 */
import { spawn } from 'node:child_process';
import { resample, silence, TELEPHONE_SAMPLE_RATE, type Pcm } from '../pcm.js';
import { decodeWav } from '../wav.js';
import { SpeechSynthesisError, speechText, type SpeechOptions, type SpeechSynthesizer } from './synthesizer.js';

/** How to run espeak-ng. */
export interface EspeakOptions {
  /** The program to run; `espeak-ng` on the PATH by default. */
  readonly command?: string;
  /** How long one utterance may take to synthesise before the process is killed; 10 s by default. */
  readonly timeoutMs?: number;
  /** The most WAV output accepted from one utterance; 32 MiB by default (~12 minutes at 22 kHz). */
  readonly maxOutputBytes?: number;
}

const NAME = 'espeak-ng';
/** Words a minute: the same pace `estimateSpeechMs` assumes, so real and estimated lengths agree. */
const WORDS_PER_MINUTE = '150';
const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_OUTPUT_BYTES = 32 * 1024 * 1024;
const DEFAULT_VOICE = 'en-us';

/**
 * espeak-ng voices for Twilio's `language` values (lower-cased), by full tag and by language alone.
 * Locales espeak-ng has no voice for fall back to the nearest one it has.
 */
const VOICES: Readonly<Record<string, string>> = {
  en: 'en-us', 'en-us': 'en-us', 'en-gb': 'en-gb', 'en-au': 'en-gb', 'en-nz': 'en-gb', 'en-in': 'en-gb',
  'en-ca': 'en-us', es: 'es', 'es-es': 'es', 'es-mx': 'es-419', 'es-us': 'es-419', fr: 'fr-fr',
  'fr-fr': 'fr-fr', 'fr-ca': 'fr-fr', 'fr-be': 'fr-be', 'fr-ch': 'fr-ch', de: 'de', 'de-de': 'de',
  it: 'it', 'it-it': 'it', pt: 'pt', 'pt-pt': 'pt', 'pt-br': 'pt-br', nl: 'nl', 'nl-nl': 'nl',
  ca: 'ca', 'ca-es': 'ca', da: 'da', 'da-dk': 'da', fi: 'fi', 'fi-fi': 'fi', nb: 'nb', 'nb-no': 'nb',
  sv: 'sv', 'sv-se': 'sv', pl: 'pl', 'pl-pl': 'pl', ru: 'ru', 'ru-ru': 'ru', ja: 'ja', 'ja-jp': 'ja',
  ko: 'ko', 'ko-kr': 'ko', zh: 'cmn', 'zh-cn': 'cmn', 'zh-tw': 'cmn', 'zh-hk': 'yue', cmn: 'cmn',
};

/**
 * The espeak-ng voice for Twilio's `<Say>` attributes: the language's voice, with a female variant
 * (`+f3`) for `woman` and `alice` (Twilio's female voices) and espeak-ng's default male voice
 * otherwise. Unknown languages speak US English, as Twilio's default.
 *
 * @example
 * espeakVoice({ voice: 'woman', language: 'en-GB' }); // 'en-gb+f3'
 */
export function espeakVoice(options: SpeechOptions): string {
  const tag = (options.language ?? 'en-US').toLowerCase().replaceAll('_', '-');
  const voice = VOICES[tag] ?? VOICES[tag.split('-')[0] ?? ''] ?? DEFAULT_VOICE;
  const female = options.voice === 'woman' || options.voice === 'alice';
  return female ? `${voice}+f3` : voice;
}

/**
 * The espeak-ng synthesizer. Each call spawns one `espeak-ng --stdout --stdin` process.
 *
 * @example
 * const tts = createEspeakSynthesizer({ timeoutMs: 5000 });
 * const audio = await tts.synthesize('Hello World', { language: 'en-US' }); // ~1 s at 8 kHz
 */
export function createEspeakSynthesizer(options: EspeakOptions = {}): SpeechSynthesizer {
  const run: EspeakRun = {
    command: options.command ?? NAME,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    maxOutputBytes: options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES,
  };
  return {
    name: NAME,
    async synthesize(text: string, speech: SpeechOptions): Promise<Pcm> {
      const spoken = speechText(text);
      if (spoken === '') return silence(0);
      const args = ['--stdout', '--stdin', '-s', WORDS_PER_MINUTE, '-v', espeakVoice(speech)];
      const pcm = decodeWav(await runEspeak(run, args, spoken));
      if (pcm === null) throw new SpeechSynthesisError(`${run.command} wrote no WAV audio`, NAME);
      return resample(pcm, TELEPHONE_SAMPLE_RATE);
    },
  };
}

type EspeakRun = Required<EspeakOptions>;

/** Runs espeak-ng once with `text` on its standard input; resolves to its standard output. */
function runEspeak(run: EspeakRun, args: readonly string[], text: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn(run.command, args, { stdio: ['pipe', 'pipe', 'pipe'], shell: false });
    const output: Buffer[] = [];
    let outputBytes = 0;
    let errors = '';
    let settled = false;
    const fail = (message: string): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new SpeechSynthesisError(message, NAME));
    };
    const timer = setTimeout(() => fail(`${run.command} took longer than ${run.timeoutMs} ms`), run.timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      outputBytes += chunk.length;
      if (outputBytes > run.maxOutputBytes) fail(`${run.command} wrote more than ${run.maxOutputBytes} bytes`);
      else output.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (errors.length < 2000) errors += chunk.toString('utf8');
    });
    child.on('error', (error) => fail(`could not run ${run.command}: ${error.message}`));
    // A process that exits before reading its input makes writes fail (EPIPE); `close` reports it.
    child.stdin.on('error', () => undefined);
    child.on('close', (code, signal) => {
      if (code !== 0) return fail(`${run.command} exited with ${code ?? signal}: ${errors.trim()}`);
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(Buffer.concat(output));
    });
    child.stdin.end(text, 'utf8');
  });
}
