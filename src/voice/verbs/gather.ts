/**
 * `<Gather>`: collect key presses and/or speech while the nested `<Say>`/`<Play>`/`<Pause>` run.
 * The first input interrupts the prompts (`bargeIn`). Input ends at `numDigits` digits, at
 * `finishOnKey` (not included in Digits), after `timeout` seconds without a key, or `speechTimeout`
 * seconds (`auto`: one second) after speech stops. What was gathered goes to `action` (by default
 * the current document) as `Digits`/`FinishedOnKey` or `SpeechResult`/`Confidence`, and its TwiML
 * replaces the document; with nothing gathered and no `actionOnEmptyResult`, the call continues
 * with the next verb. https://www.twilio.com/docs/voice/twiml/gather
 */
import type { SpeechEvent } from '../../network/leg.js';
import type { Gather, GatherChild } from '../../twiml/index.js';
import type { Timer } from '../../clock/clock.js';
import { CONTINUE } from '../context.js';
import type { VerbContext, VerbOutcome } from '../context.js';
import { pause } from './pause.js';
import { play } from './play.js';
import { say } from './say.js';

/** Silence after speech that `speechTimeout="auto"` waits for. */
export const AUTO_SPEECH_TIMEOUT_MS = 1000;

interface Gathered {
  digits: string;
  finishedOnKey: string;
  speech: { text: string; confidence: number } | null;
}

function runChild(child: GatherChild, ctx: VerbContext): Promise<VerbOutcome> {
  switch (child.verb) {
    case 'Say': return say(child, ctx);
    case 'Play': return play(child, ctx);
    case 'Pause': return pause(child, ctx);
  }
}

export async function gather(verb: Gather, ctx: VerbContext): Promise<VerbOutcome> {
  const gathered = await collect(verb, ctx);
  if (ctx.signal.aborted) return CONTINUE;
  const empty = gathered.digits === '' && gathered.speech === null;
  if (!empty || gathered.finishedOnKey !== '') ctx.trace('gathered', { digits: gathered.digits, finishedOnKey: gathered.finishedOnKey, speech: gathered.speech?.text ?? null });
  if (empty && !verb.actionOnEmptyResult) return CONTINUE;
  const target = verb.action ?? ctx.documentUrl;
  const action = target === null ? null : await ctx.resolve(target, '<Gather> action');
  if (action === null) return CONTINUE;
  const params: Record<string, string> = { ...ctx.params(), msg: 'Gather End' };
  if (gathered.speech) {
    params.SpeechResult = gathered.speech.text;
    params.Confidence = gathered.speech.confidence.toFixed(8).replace(/0+$/, '').replace(/\.$/, '');
  } else if (verb.input.includes('dtmf')) {
    params.Digits = gathered.digits;
    params.FinishedOnKey = gathered.finishedOnKey;
  }
  return { next: 'request', url: action, method: verb.method, params };
}

/** Plays the prompts and collects input until one of Gather's ends. */
async function collect(verb: Gather, ctx: VerbContext): Promise<Gathered> {
  const dtmf = verb.input.includes('dtmf');
  const speech = verb.input.includes('speech');
  const timeoutMs = verb.timeout * 1000;
  const speechTimeoutMs = verb.speechTimeout === 'auto' ? AUTO_SPEECH_TIMEOUT_MS : (verb.speechTimeout ?? verb.timeout) * 1000;
  const gathered: Gathered = { digits: '', finishedOnKey: '', speech: null };
  const bargeIn = new AbortController();
  const pending: { timer: Timer | null } = { timer: null };
  let promptsDone = false;
  let speaking = false;
  let partials = 0;
  let finish: () => void = () => {};
  const finished = new Promise<void>((resolve) => { finish = resolve; });
  let done = false;
  const complete = () => { if (!done) { done = true; pending.timer?.cancel(); finish(); } };
  const arm = (ms: number) => { pending.timer?.cancel(); pending.timer = ctx.clock.setTimer(ms, complete); };
  const inputStarted = () => { if (verb.bargeIn) bargeIn.abort(); };

  const onDigit = (digit: string) => {
    if (!dtmf || done || speaking) return;
    inputStarted();
    if (verb.finishOnKey !== '' && digit === verb.finishOnKey) { gathered.finishedOnKey = digit; complete(); return; }
    gathered.digits += digit;
    if (verb.numDigits !== null && gathered.digits.length >= verb.numDigits) complete();
    else if (promptsDone) arm(timeoutMs);
  };
  const onSpeech = (event: SpeechEvent) => {
    if (!speech || done) return;
    if (event.kind === 'start') { inputStarted(); speaking = true; pending.timer?.cancel(); return; }
    if (event.kind === 'partial') { sendPartial(verb, ctx, event, partials++); return; }
    speaking = false;
    const text = gathered.speech ? `${gathered.speech.text} ${event.text}` : event.text;
    gathered.speech = { text, confidence: event.confidence };
    if (promptsDone) arm(speechTimeoutMs);
  };
  const offDigit = ctx.leg.onDigit(onDigit);
  const offSpeech = ctx.leg.onSpeech(onSpeech);
  const onAbort = () => { bargeIn.abort(); complete(); };
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  try {
    // The prompts stop at barge-in or when the verb is stopped (onAbort aborts barge-in too).
    const promptCtx = ctx.withSignal(bargeIn.signal);
    for (const child of verb.children) {
      if (done || promptCtx.signal.aborted) break;
      await runChild(child, promptCtx);
    }
    promptsDone = true;
    if (!done && !speaking) arm(gathered.speech ? speechTimeoutMs : timeoutMs);
    await ctx.idle(finished);
  } finally {
    pending.timer?.cancel();
    offDigit();
    offSpeech();
    ctx.signal.removeEventListener('abort', onAbort);
  }
  return gathered;
}

/** Twilio's partial result callback: the words recognised so far, while the caller speaks. */
function sendPartial(verb: Gather, ctx: VerbContext, event: { stable: string; unstable: string }, sequence: number): void {
  const target = verb.partialResultCallback;
  if (target === null) return;
  void ctx.resolve(target, '<Gather> partialResultCallback').then((url) => {
    if (url === null) return;
    const params = { ...ctx.params(), StableSpeechResult: event.stable, UnstableSpeechResult: event.unstable, SequenceNumber: String(sequence), LanguageCode: verb.language };
    void ctx.webhooks.sendCallback({
      url, method: verb.partialResultCallbackMethod, params, account: { sid: ctx.account.sid, authToken: ctx.account.authToken }, resourceSid: ctx.call.sid, purpose: 'partial-result-callback',
    });
  });
}
