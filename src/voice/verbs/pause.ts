/** `<Pause>`: `length` seconds of silence. https://www.twilio.com/docs/voice/twiml/pause */
import type { Pause } from '../../twiml/index.js';
import { CONTINUE } from '../context.js';
import type { VerbContext, VerbOutcome } from '../context.js';

export async function pause(verb: Pause, ctx: VerbContext): Promise<VerbOutcome> {
  if (verb.length > 0) await ctx.leg.pause(verb.length * 1000, ctx.signal);
  return CONTINUE;
}
