/**
 * `<Play>`: an audio URL (relative URLs resolve against the document), or DTMF `digits`,
 * `loop` times. https://www.twilio.com/docs/voice/twiml/play
 */
import type { Play } from '../../twiml/index.js';
import { CONTINUE } from '../context.js';
import type { VerbContext, VerbOutcome } from '../context.js';
import { repeat } from './loop.js';

export async function play(verb: Play, ctx: VerbContext): Promise<VerbOutcome> {
  const digits = verb.digits;
  if (digits !== null) {
    await repeat(verb.loop, () => ctx.leg.playDigits(digits, ctx.signal));
    return CONTINUE;
  }
  const url = verb.url === null ? null : await ctx.resolve(verb.url, '<Play> URL');
  if (url !== null) await repeat(verb.loop, () => ctx.leg.play(url, ctx.signal));
  return CONTINUE;
}
