/**
 * `dialtone lint FILE|URL|-`: checks a TwiML document before it is deployed, printing each
 * problem as `file:line:col  code  message` (warnings say so) and exiting 1 when there are
 * errors (or the document cannot be read), 0 otherwise. The document's kind (voice or
 * messaging) is detected from its verbs unless given.
 *
 * The only I/O here is reading the document; judging it is the TwiML parser's job.
 */
import { readFile } from 'node:fs/promises';
import type { CliIo } from './io.js';
import { MAX_TWIML_BYTES, parseTwiml, type ParseResult, type TwimlDocument, type TwimlProblem } from '../twiml/index.js';

/** Where `lint` reads and writes: the CLI's own I/O. */
export type LintIo = CliIo;

/** Options beyond the target: which vocabulary to check against (default: detect). */
export interface LintOptions {
  kind?: 'voice' | 'messaging' | 'auto';
}

/** How long `lint URL` waits for the app to answer. */
export const LINT_FETCH_TIMEOUT_MS = 15_000;

class UnreadableDocument extends Error {}

/** The app answered with more than Twilio's 64 kB: reported as the parser reports it, unread. */
class OversizedDocument extends Error {}

function isUrl(target: string): boolean {
  return /^https?:\/\//i.test(target);
}

/** Reads at most `limit` bytes of a response body (plus one, to tell that there was more). */
async function readBounded(response: Response, limit: number): Promise<{ bytes: Uint8Array; truncated: boolean }> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = response.body?.getReader();
  while (reader !== undefined && size <= limit) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
  }
  await reader?.cancel().catch(() => undefined);
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return { bytes: bytes.subarray(0, Math.min(size, limit + 1)), truncated: size > limit };
}

/** Why a fetch failed, in words: a timeout, or the network error under fetch's "fetch failed". */
function fetchFailure(error: unknown): string {
  if (error instanceof Error && error.name === 'TimeoutError') return `no answer within ${LINT_FETCH_TIMEOUT_MS / 1000} s`;
  if (error instanceof Error && error.cause instanceof Error) return error.cause.message;
  return error instanceof Error ? error.message : String(error);
}

async function fetchDocument(url: string): Promise<string> {
  let response: Response;
  try {
    response = await fetch(url, { method: 'GET', signal: AbortSignal.timeout(LINT_FETCH_TIMEOUT_MS), headers: { accept: 'application/xml, text/xml, */*' } });
  } catch (error) {
    throw new UnreadableDocument(`GET ${url} failed: ${fetchFailure(error)}`);
  }
  if (!response.ok) throw new UnreadableDocument(`GET ${url} answered HTTP ${response.status} ${response.statusText}`.trimEnd());
  let body: { bytes: Uint8Array; truncated: boolean };
  try {
    body = await readBounded(response, MAX_TWIML_BYTES);
  } catch (error) {
    throw new UnreadableDocument(`GET ${url} failed while reading the body: ${fetchFailure(error)}`);
  }
  const { bytes, truncated } = body;
  if (truncated) throw new OversizedDocument();
  return new TextDecoder('utf-8').decode(bytes);
}

async function readDocument(target: string, io: LintIo): Promise<string> {
  if (target === '-') return io.readStdin();
  if (isUrl(target)) return fetchDocument(target);
  try {
    return await readFile(target, 'utf8');
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : String(error);
    throw new UnreadableDocument(`cannot read ${target} (${code})`);
  }
}

/**
 * Voice verbs that messaging TwiML does not have (both have <Message> and <Redirect>), and
 * <Sms>, which messaging also reads (as <Message>) but whose documents are voice's first.
 */
const VOICE_ONLY = /<(?:Say|Play|Pause|Gather|Dial|Record|Enqueue|Leave|Hangup|Reject|Sms|Refer|Connect|Start|Stop|Echo|Pay)[\s/>]/;

/** Voice, unless the document has a <Message> and no voice-only verb: then it is an SMS reply. */
export function detectKind(text: string): 'voice' | 'messaging' {
  return !VOICE_ONLY.test(text) && text.includes('<Message') ? 'messaging' : 'voice';
}

/** One problem as `file:line:col  code  message`. */
export function formatProblem(file: string, problem: TwimlProblem): string {
  const severity = problem.severity === 'warning' ? 'warning: ' : '';
  return `${file}:${problem.line}:${problem.column}  ${problem.code}  ${severity}${problem.message}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * Runs `dialtone lint FILE|URL|-`. Returns the exit code: 1 when the document has errors or
 * cannot be read, 0 otherwise (warnings alone do not fail).
 *
 * @example
 * const code = await lintCommand('app/welcome.xml', {
 *   stdout: (s) => process.stdout.write(s + '\n'),
 *   stderr: (s) => process.stderr.write(s + '\n'),
 *   readStdin: async () => '',
 * });
 * process.exitCode = code;
 */
export async function lintCommand(target: string, io: LintIo, options: LintOptions = {}): Promise<number> {
  const file = target === '-' ? '<stdin>' : target;
  let text: string;
  try {
    text = await readDocument(target, io);
  } catch (error) {
    if (error instanceof OversizedDocument) {
      io.stdout(`${file}:1:1  12100  The document is larger than ${MAX_TWIML_BYTES} bytes; a TwiML document may be at most 64 kB (Twilio's limit, error 11750).`);
      return 1;
    }
    if (!(error instanceof UnreadableDocument)) throw error;
    io.stderr(`dialtone lint: ${error.message}`);
    return 1;
  }
  const kind = options.kind === 'voice' || options.kind === 'messaging' ? options.kind : detectKind(text);
  const result: ParseResult<TwimlDocument> = parseTwiml(text, { kind });
  const errors = result.ok ? [] : result.errors;
  const problems = [...errors, ...result.warnings].sort((a, b) => a.line - b.line || a.column - b.column);
  for (const problem of problems) io.stdout(formatProblem(file, problem));
  const verdict = errors.length === 0 ? `valid ${kind} TwiML` : `not valid ${kind} TwiML`;
  io.stderr(`${file}: ${verdict} (${plural(errors.length, 'error')}, ${plural(result.warnings.length, 'warning')})`);
  return errors.length === 0 ? 0 : 1;
}
