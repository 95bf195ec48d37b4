/**
 * `<Dial><Queue>`: the agent's call takes the caller at the front of the named queue (FIFO)
 * and is bridged with it. An empty queue is waited on until a caller joins or the `<Dial>`
 * `timeout` passes; a queue that does not exist fails the Dial. The bridge ends when either
 * side hangs up, at `timeLimit`, on `*` with `hangupOnStar`, or on a live modification of the
 * agent's call. Then the agent's `action` gets `DialCallStatus`, `DialCallSid` (the caller's
 * call), `DialCallDuration`, `DialBridged` and `QueueSid`, and the caller's `<Enqueue>` goes on
 * with `QueueResult=bridged`. The noun's `url` is TwiML (`<Play>`, `<Say>`, `<Pause>`,
 * `<Redirect>`) run once on the caller's end before the bridge, with `QueueSid`, `QueueTime` and
 * `DequeingCallSid`. `reservationSid` and `postWorkActivitySid` (TaskRouter) are not supported.
 * https://www.twilio.com/docs/voice/twiml/queue
 */
import type { Dial, DialQueue } from '../../twiml/index.js';
import type { VerbContext, VerbOutcome } from '../context.js';
import { finish as finishDial } from './dial-action.js';
import { judgeQueueName } from './enqueue.js';

interface QueueDialResult { readonly status: string; readonly callerSid: string | null; readonly duration: number | null; readonly queueSid: string | null }

/** The agent's `<Dial>` action: Dial's parameters (the caller's call as `DialCallSid`) and `QueueSid`. */
function finish(verb: Dial, ctx: VerbContext, result: QueueDialResult): Promise<VerbOutcome> {
  ctx.trace('queue-dialed', { queue: result.queueSid, caller: result.callerSid });
  return finishDial(verb, ctx, {
    status: result.status, childSid: result.callerSid, duration: result.duration, bridged: result.callerSid !== null, recording: null,
    extra: result.queueSid === null ? {} : { QueueSid: result.queueSid },
  });
}

/** Runs a `<Dial>` whose noun is `<Queue>`. */
export async function dialQueue(verb: Dial, noun: DialQueue, ctx: VerbContext): Promise<VerbOutcome> {
  const name = await judgeQueueName(noun.name, ctx, 14212, 14213, '<Dial><Queue>');
  const queue = name === null ? null : await ctx.queues.queueNamed(ctx.account.sid, name, false);
  if (!queue) return finish(verb, ctx, { status: 'failed', callerSid: null, duration: null, queueSid: null });

  const giveUp = new AbortController();
  const timer = ctx.clock.setTimer(verb.timeout * 1000, () => giveUp.abort());
  const waiting = AbortSignal.any([giveUp.signal, ctx.signal, ctx.leg.hangupSignal]);
  if (ctx.answered()) void ctx.leg.ringback(waiting, verb.ringTone);
  const url = noun.url === null ? null : await ctx.resolve(noun.url, '<Queue> url');
  const waiter = await ctx.idle(ctx.queues.take(queue.sid, ctx.call.sid, waiting, url === null ? null : { url, method: noun.method }));
  timer.cancel();
  if (!waiter) {
    const status = ctx.leg.live && !ctx.signal.aborted ? 'no-answer' : 'canceled';
    return finish(verb, ctx, { status, callerSid: null, duration: null, queueSid: queue.sid });
  }
  // The caller hears the <Queue url> TwiML first.
  await ctx.idle(waiter.announced);
  if (!ctx.answered()) await ctx.answer();
  ctx.trace('dequeued', { queue: queue.sid, caller: waiter.callSid });
  const stop = new AbortController();
  const end = () => stop.abort();
  ctx.signal.addEventListener('abort', end, { once: true });
  const offStar = verb.hangupOnStar ? ctx.leg.onDigit((digit) => { if (digit === '*') end(); }) : () => {};
  const limit = ctx.clock.setTimer(verb.timeLimit * 1000, end);
  const began = ctx.clock.now();
  try {
    await ctx.leg.bridge(waiter.leg, stop.signal);
  } finally {
    limit.cancel();
    offStar();
    ctx.signal.removeEventListener('abort', end);
    waiter.endBridge();
  }
  const duration = Math.round((ctx.clock.now() - began) / 1000);
  return finish(verb, ctx, { status: 'completed', callerSid: waiter.callSid, duration, queueSid: queue.sid });
}
