/**
 * Wait TwiML: what a caller hears while waiting in a queue (`<Enqueue waitUrl>`) or for a
 * conference to start (`<Conference waitUrl>`). The document is requested with the waiting
 * parameters, run, and requested again each time it runs out, until the queue or conference
 * takes the caller (the signal), the TwiML says `<Leave>` or `<Hangup>`, or the caller hangs up.
 * Only the verbs the wait allows run; the others are skipped with Twilio's alert.
 */
import { untilAborted } from '../clock/abort.js';
import type { VoiceVerb } from '../twiml/index.js';
import type { VerbContext, WaitEnding, WaitTwiml } from './context.js';
import type { InterpreterHost, TwimlSource } from './interpreter.js';
import { interpret } from './interpreter.js';
import { audioDocument, isAudioUrl } from './sources.js';

/** Makes the context of one verb of wait TwiML: the wait's stop signal and parameters. */
export type WaitContext = (documentUrl: string | null, signal: AbortSignal, params: () => Record<string, string>) => VerbContext;

/** Runs `wait` on the call of `base` until it ends (see the module comment). */
export async function runWait(base: InterpreterHost, context: WaitContext, wait: WaitTwiml, signal: AbortSignal): Promise<WaitEnding> {
  let failed = false;
  const host: InterpreterHost = {
    leg: base.leg,
    now: () => base.now(),
    answered: () => base.answered(),
    answer: () => base.answer(),
    load: (source) => base.load(source),
    // A live modification of the call stops the verb that waits, and so this wait, through `signal`.
    takeRedirect: () => null,
    context: (documentUrl) => context(documentUrl, signal, wait.params),
    // No document could be had (alerted by the fetch): the wait ends, and the verb decides what follows.
    applicationError: async () => { failed = true; },
    trace: (kind, detail) => base.trace(kind, detail),
    alert: (code, message) => base.alert(code, message),
    idleMs: () => base.idleMs(),
    verbDone: (verb, engineMs) => base.verbDone(verb, engineMs),
    waiting: { signal, screen: (verb) => screen(base, wait, verb) },
  };
  while (!signal.aborted && base.leg.live) {
    const source: TwimlSource = isAudioUrl(wait.url)
      ? { kind: 'inline', document: audioDocument(wait.url, 0) }
      : { kind: 'url', url: wait.url, method: wait.method, params: wait.params(), fallbackUrl: null, fallbackMethod: 'POST' };
    const began = base.now();
    const ending = await interpret(host, source);
    if (!base.leg.live) return 'remote';
    if (signal.aborted) return 'stopped';
    if (failed) return 'failed';
    if (ending.kind === 'leave') return 'leave';
    if (ending.kind !== 'done') return 'hangup';
    if (wait.once) return 'stopped';
    // Wait TwiML that takes no time (an empty document) would be fetched in a tight loop: the caller waits in silence instead.
    if (base.now() === began) return silence(context(null, signal, wait.params), signal);
  }
  return base.leg.live ? 'stopped' : 'remote';
}

async function screen(base: InterpreterHost, wait: WaitTwiml, verb: VoiceVerb): Promise<boolean> {
  if (wait.verbs.includes(verb.verb)) return true;
  await base.alert(wait.invalidVerbCode, `<${verb.verb}> is not allowed in ${wait.label} TwiML (only ${wait.verbs.map((v) => `<${v}>`).join(', ')}); it was skipped.`);
  return false;
}

async function silence(ctx: VerbContext, signal: AbortSignal): Promise<WaitEnding> {
  await ctx.idle(untilAborted(signal, ctx.leg.hangupSignal));
  return ctx.leg.live ? 'stopped' : 'remote';
}
