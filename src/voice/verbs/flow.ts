/**
 * The verbs that only steer the call: `<Redirect>` (fetch the next document), `<Hangup>`,
 * `<Reject>` (end without answering, when it comes first), and `<Leave>`, which only means
 * something inside a queue's wait URL: elsewhere it is ignored.
 */
import type { Hangup, Leave, Redirect, Reject } from '../../twiml/index.js';
import type { VerbContext, VerbOutcome } from '../context.js';

export async function redirect(verb: Redirect, ctx: VerbContext): Promise<VerbOutcome> {
  const url = await ctx.resolve(verb.url, '<Redirect> URL');
  if (url === null) return { next: 'hangup' };
  return { next: 'request', url, method: verb.method, params: ctx.params() };
}

export async function hangup(_verb: Hangup): Promise<VerbOutcome> {
  return { next: 'hangup' };
}

export async function reject(verb: Reject): Promise<VerbOutcome> {
  return { next: 'reject', reason: verb.reason };
}

export async function leave(_verb: Leave): Promise<VerbOutcome> {
  return { next: 'leave' };
}
