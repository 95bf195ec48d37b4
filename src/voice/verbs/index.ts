/**
 * The verb registry: one executor per TwiML voice verb, looked up by the verb's name. The
 * mapped type makes the registry exhaustive: a new verb in the TwiML tree does not compile
 * until it has an executor here.
 */
import type { VoiceVerb } from '../../twiml/index.js';
import type { VerbContext, VerbOutcome } from '../context.js';
import { dial } from './dial.js';
import { enqueue } from './enqueue.js';
import { hangup, leave, redirect, reject } from './flow.js';
import { gather } from './gather.js';
import { message } from './message.js';
import { pause } from './pause.js';
import { play } from './play.js';
import { record } from './record.js';
import { say } from './say.js';
import { unsupported } from './unsupported.js';

type Executor<V extends VoiceVerb> = (verb: V, ctx: VerbContext) => Promise<VerbOutcome>;
type Registry = { readonly [K in VoiceVerb['verb']]: Executor<Extract<VoiceVerb, { verb: K }>> };

const EXECUTORS: Registry = {
  Say: say, Play: play, Pause: pause, Gather: gather, Record: record,
  Redirect: redirect, Hangup: hangup, Reject: reject, Leave: leave,
  Sms: message, Message: message,
  Dial: dial, Enqueue: enqueue, Refer: unsupported, Connect: unsupported, Start: unsupported, Stop: unsupported, Echo: unsupported,
};

/** Runs one verb. */
export function executeVerb(verb: VoiceVerb, ctx: VerbContext): Promise<VerbOutcome> {
  const executor = EXECUTORS[verb.verb] as Executor<VoiceVerb>;
  return executor(verb, ctx);
}

/**
 * Whether running `verb` first answers an inbound call: `<Reject>` and `<Redirect>` leave it
 * ringing, a `<Pause>` waits its length before the call is picked up (Twilio's words), and
 * `<Dial answerOnBridge>` answers only once the dialled party does.
 */
export function answersCall(verb: VoiceVerb): boolean {
  if (verb.verb === 'Dial') return !verb.answerOnBridge;
  return verb.verb !== 'Reject' && verb.verb !== 'Redirect' && verb.verb !== 'Pause';
}
