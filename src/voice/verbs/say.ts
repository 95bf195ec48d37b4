/**
 * `<Say>`: text to speech, `loop` times, in the verb's voice and language. Empty text is
 * Twilio's warning 13520 and nothing is said. https://www.twilio.com/docs/voice/twiml/say
 */
import type { Say } from '../../twiml/index.js';
import { CONTINUE } from '../context.js';
import type { VerbContext, VerbOutcome } from '../context.js';
import { repeat } from './loop.js';

export async function say(verb: Say, ctx: VerbContext): Promise<VerbOutcome> {
  const text = verb.text.trim();
  if (text.length === 0) {
    await ctx.alert(13520, '<Say> has no text to say.', 'warning');
    return CONTINUE;
  }
  await repeat(verb.loop, () => ctx.leg.say(text, { voice: verb.voice, language: verb.language }, ctx.signal));
  return CONTINUE;
}
