/**
 * Verbs Dialtone parses but cannot run yet: media streams (`<Connect>`, `<Start>`, `<Stop>`),
 * `<Refer>` and `<Echo>` need carriers with real audio. Each is skipped with a warning alert, so
 * the rest of the document runs and the user sees why.
 */
import type { VoiceVerb } from '../../twiml/index.js';
import { CONTINUE } from '../context.js';
import type { VerbContext, VerbOutcome } from '../context.js';

export async function unsupported(verb: VoiceVerb, ctx: VerbContext): Promise<VerbOutcome> {
  await ctx.alert(12200, `<${verb.verb}> is not supported by Dialtone yet; it was skipped.`, 'warning');
  return CONTINUE;
}
