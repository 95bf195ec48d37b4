/**
 * `<Enqueue>`: puts the caller in the named queue (created on demand with Twilio's default
 * `MaxSize`, 1000) and runs its `waitUrl` TwiML over and over while it waits — with
 * `QueuePosition`, `QueueSid`, `QueueTime`, `AvgQueueTime`, `CurrentQueueSize` and
 * `MaxQueueSize` — until an agent's `<Dial><Queue>` takes it, the wait TwiML says `<Leave>`,
 * the Members resource (or a live modification) redirects the call, or the caller hangs up.
 * Then `action` gets `QueueResult` (`bridged` after the bridge ends, `queue-full`, `leave`,
 * `hangup`, `error`), `QueueSid` and `QueueTime`; without `action` the caller goes on with the
 * next verb. A redirected call runs its new TwiML and `action` is not requested.
 * Without `waitUrl` Twilio plays its classical hold-music playlist; the simulated network has
 * no such audio, so the caller waits in silence.
 * https://www.twilio.com/docs/voice/twiml/enqueue
 */
import { untilAborted } from '../../clock/abort.js';
import type { Enqueue, VoiceVerb } from '../../twiml/index.js';
import { CONTINUE } from '../context.js';
import type { VerbContext, VerbOutcome, WaitEnding } from '../context.js';
import type { Waiter } from '../queues.js';

/** The verbs Twilio allows in `<Enqueue waitUrl>` TwiML. */
const WAIT_VERBS: readonly VoiceVerb['verb'][] = ['Play', 'Say', 'Pause', 'Hangup', 'Redirect', 'Leave', 'Gather'];
/** The verbs of `<Queue url>` TwiML (Twilio's `<Queue>` page). */
const ANNOUNCE_VERBS: readonly VoiceVerb['verb'][] = ['Play', 'Say', 'Pause', 'Redirect'];

/** Twilio's QueueResult values Dialtone reports. */
type QueueResult = 'bridged' | 'queue-full' | 'leave' | 'hangup' | 'error' | 'redirected';

/** Queue names are 1 to 64 characters (14204, 14205). */
export async function judgeQueueName(name: string, ctx: VerbContext, tooShort: 14204 | 14212, tooLong: 14205 | 14213, verb: string): Promise<string | null> {
  const trimmed = name.trim();
  if (trimmed.length === 0) await ctx.alert(tooShort, `${verb}: the queue name must be at least one character long.`, 'error');
  else if (trimmed.length > 64) await ctx.alert(tooLong, `${verb}: the queue name "${trimmed.slice(0, 80)}…" is longer than 64 characters.`, 'error');
  else return trimmed;
  return null;
}

export async function enqueue(verb: Enqueue, ctx: VerbContext): Promise<VerbOutcome> {
  const name = await judgeQueueName(verb.name, ctx, 14204, 14205, '<Enqueue>');
  if (name === null) return finish(verb, ctx, 'error', null, 0);
  const queue = await ctx.queues.queueNamed(ctx.account.sid, name, true);
  if (!queue) return finish(verb, ctx, 'error', null, 0);
  const limit = verb.maxQueueSize === null ? queue.maxSize : Math.min(queue.maxSize, verb.maxQueueSize);
  const joined = await ctx.queues.join(queue, limit, ctx.call.sid, ctx.leg);
  if (!joined.ok) return finish(verb, ctx, 'queue-full', queue.sid, 0);
  const waiter = joined.waiter;
  ctx.trace('enqueued', { queue: queue.sid, position: ctx.queues.position(waiter) });
  const stop = AbortSignal.any([waiter.taken.signal, ctx.signal, ctx.leg.hangupSignal]);
  const ending = await waitInQueue(verb, ctx, waiter, stop);
  const waited = ctx.queues.waited(waiter);
  if (waiter.agentCallSid !== null) {
    // Taken by an agent: the agent's <Dial> bridges the two (after the caller hears its <Queue url>); the action follows the bridge.
    await hearAnnouncement(ctx, waiter, waited);
    await ctx.idle(waiter.bridgeOver);
    return finish(verb, ctx, 'bridged', queue.sid, waited);
  }
  await ctx.queues.leave(waiter);
  if (!ctx.leg.live || ending === 'remote') return finish(verb, ctx, 'hangup', queue.sid, waited);
  if (ctx.signal.aborted) { ctx.trace('dequeued', { queue: queue.sid, result: 'redirected' }); return CONTINUE; }
  if (ending === 'hangup') return { next: 'hangup' };
  return finish(verb, ctx, ending === 'failed' ? 'error' : 'leave', queue.sid, waited);
}

/** The agent's `<Queue url>`, run once on the caller's end with Twilio's parameters; the agent waits for it. */
async function hearAnnouncement(ctx: VerbContext, waiter: Waiter, waited: number): Promise<void> {
  const announcement = waiter.announcement;
  try {
    if (!announcement || !ctx.leg.live) return;
    const params = () => ({ ...ctx.params(), QueueSid: waiter.queue.sid, QueueTime: String(waited), DequeingCallSid: waiter.agentCallSid ?? '' });
    await ctx.waitLoop({ ...announcement, params, verbs: ANNOUNCE_VERBS, invalidVerbCode: 12200, label: '<Queue url>', once: true }, AbortSignal.any([ctx.signal, ctx.leg.hangupSignal]));
  } finally {
    waiter.markAnnounced();
  }
}

async function waitInQueue(verb: Enqueue, ctx: VerbContext, waiter: Waiter, stop: AbortSignal): Promise<WaitEnding> {
  const url = verb.waitUrl === null ? null : await ctx.resolve(verb.waitUrl, '<Enqueue> waitUrl');
  if (url === null) {
    await ctx.idle(untilAborted(stop));
    return ctx.leg.live ? 'stopped' : 'remote';
  }
  const queues = ctx.queues;
  const params = () => ({
    ...ctx.params(),
    QueueSid: waiter.queue.sid, QueuePosition: String(queues.position(waiter)), QueueTime: String(queues.waited(waiter)),
    AvgQueueTime: String(queues.averageWait(waiter.queue.sid)), CurrentQueueSize: String(queues.size(waiter.queue.sid)), MaxQueueSize: String(waiter.queue.maxSize),
  });
  return ctx.waitLoop({ url, method: verb.waitUrlMethod, params, verbs: WAIT_VERBS, invalidVerbCode: 12200, label: '<Enqueue> waitUrl' }, stop);
}

async function finish(verb: Enqueue, ctx: VerbContext, result: QueueResult, queueSid: string | null, waited: number): Promise<VerbOutcome> {
  ctx.trace('dequeued', { queue: queueSid, result, queueTime: waited });
  if (verb.action === null) return result === 'hangup' ? { next: 'hangup' } : CONTINUE;
  const action = await ctx.resolve(verb.action, '<Enqueue> action');
  if (action === null) return CONTINUE;
  const params: Record<string, string> = { ...ctx.params(), QueueResult: result, QueueTime: String(waited) };
  if (queueSid !== null) params.QueueSid = queueSid;
  return { next: 'request', url: action, method: verb.method, params, afterHangup: true };
}
