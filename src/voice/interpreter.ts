/**
 * The TwiML interpreter: runs a call's documents verb by verb until the call ends. Action URLs
 * and `<Redirect>` replace the current document; a live modification (`Url`/`Twiml` on the
 * Calls API) interrupts the running verb and replaces it at once; a document that runs out of
 * verbs ends the call, as on Twilio. A failed fetch (after the fallback URL) ends the call with
 * Twilio's application error message. Loops the app controls are capped: 100 documents in a row
 * without call time passing end the call.
 */
import type { Leg } from '../network/leg.js';
import type { VoiceResponse, VoiceVerb } from '../twiml/index.js';
import type { Ending, Loaded, TwimlSource } from './sources.js';
import type { VerbContext } from './context.js';
import { answersCall, executeVerb } from './verbs/index.js';

export type { Ending, Loaded, TwimlSource } from './sources.js';

/** What the interpreter needs from the call it runs. */
export interface InterpreterHost {
  readonly leg: Leg;
  now(): number;
  answered(): boolean;
  answer(): Promise<void>;
  load(source: TwimlSource): Promise<Loaded>;
  /** A live modification waiting to replace the document, taken once. */
  takeRedirect(): TwimlSource | null;
  /** A context for one verb of the document at `documentUrl`, with a fresh stop signal. */
  context(documentUrl: string | null): VerbContext;
  /** Says Twilio's application error message and alerts: the document could not be had. */
  applicationError(): Promise<void>;
  trace(kind: string, detail: Readonly<Record<string, unknown>>): void;
  alert(code: number, message: string): Promise<void>;
  /** Wall-clock milliseconds the call has spent waiting on the far end so far. */
  idleMs(): number;
  /** Reports a verb's engine time: its wall time less its waits. */
  verbDone(verb: string, engineMs: number): void;
  /** Set when running wait TwiML (./wait.ts): `<Leave>` ends it, and so does `signal`. */
  readonly waiting?: WaitingHost;
}

/** What running wait TwiML adds to a host. */
export interface WaitingHost {
  /** Aborted when the wait is over: the documents stop at the next verb. */
  readonly signal: AbortSignal;
  /** Whether wait TwiML may run `verb` (false after alerting: it is skipped). */
  screen(verb: VoiceVerb): Promise<boolean>;
}

export const MAX_INSTANT_DOCUMENTS = 100;

export async function interpret(host: InterpreterHost, first: TwimlSource): Promise<Ending> {
  let source: TwimlSource | null = first;
  let instant = 0;
  let lastLoad = Number.NaN;
  while (source) {
    if (!host.leg.live) return { kind: 'remote' };
    if (host.waiting?.signal.aborted) return { kind: 'done' };
    const now = host.now();
    instant = now === lastLoad ? instant + 1 : 0;
    lastLoad = now;
    if (instant >= MAX_INSTANT_DOCUMENTS) {
      await host.alert(12400, `${MAX_INSTANT_DOCUMENTS} TwiML documents in a row ran without any call time passing (a <Redirect> loop?); the call was ended.`);
      return { kind: 'hangup' };
    }
    const loaded = await host.load(source);
    if (!loaded.ok) {
      if (!host.leg.live) return { kind: 'remote' };
      await host.applicationError();
      return { kind: 'hangup' };
    }
    const next = await runDocument(host, loaded.document, loaded.url);
    if (next.kind !== 'source') return next;
    source = next.source;
  }
  return { kind: 'done' };
}

type Step = Ending | { readonly kind: 'source'; readonly source: TwimlSource };

async function runDocument(host: InterpreterHost, document: VoiceResponse, url: string | null): Promise<Step> {
  for (const [index, verb] of document.verbs.entries()) {
    const redirected = host.takeRedirect();
    if (redirected) return { kind: 'source', source: redirected };
    if (!host.leg.live) return { kind: 'remote' };
    if (host.waiting?.signal.aborted) return { kind: 'done' };
    if (host.waiting && !(await host.waiting.screen(verb))) continue;
    if (!host.answered() && answersCall(verb)) await host.answer();
    const ctx = host.context(url);
    const started = performance.now();
    const callTime = host.now();
    const idleBefore = host.idleMs();
    const outcome = await executeVerb(verb, ctx);
    host.verbDone(verb.verb, performance.now() - started - (host.idleMs() - idleBefore));
    // One step per verb: when it began (call time), how long it ran, and what came next.
    host.trace('verb', { verb: verb.verb, index, url, began: new Date(callTime).toISOString(), ms: Math.round(host.now() - callTime), next: outcome.next });
    const redirectedDuring = host.takeRedirect();
    if (redirectedDuring) return { kind: 'source', source: redirectedDuring };
    switch (outcome.next) {
      case 'continue':
        continue;
      case 'hangup':
        return { kind: 'hangup' };
      case 'leave':
        // <Leave> means something only while waiting in a queue.
        if (host.waiting) return { kind: 'leave' };
        continue;
      case 'reject':
        return { kind: 'reject', reason: outcome.reason };
      case 'request': {
        const source: TwimlSource = { kind: 'url', url: outcome.url, method: outcome.method, params: outcome.params, fallbackUrl: null, fallbackMethod: 'POST' };
        if (host.leg.live) return { kind: 'source', source };
        // The caller hung up, but Twilio still tells the app (Record's action); its answer cannot run.
        if (outcome.afterHangup) await host.load(source);
        return { kind: 'remote' };
      }
    }
  }
  const redirected = host.takeRedirect();
  return redirected ? { kind: 'source', source: redirected } : { kind: 'done' };
}
