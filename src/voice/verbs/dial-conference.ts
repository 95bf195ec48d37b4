/**
 * `<Dial><Conference>`: the caller joins the named conference room of the account
 * (./../conference/). Until the conference starts it hears the wait music (`waitUrl`: TwiML of
 * `<Play>`, `<Say>`, `<Pause>`, `<Redirect>`, or an audio file; Twilio's hold music by default;
 * `""` for silence); on hold, the hold music; otherwise the room. It stays until it hangs up,
 * presses `*` (`hangupOnStar`), reaches `timeLimit`, is redirected or removed through the API,
 * or the conference ends; then the `<Dial>`'s action is requested (`DialCallStatus=completed`,
 * with the ConferenceSid) or the call goes on with the next verb.
 * https://www.twilio.com/docs/voice/twiml/conference
 */
import { untilAborted } from '../../clock/abort.js';
import type { Dial, DialConference } from '../../twiml/index.js';
import { DEFAULT_MUSIC } from '../conference/room.js';
import type { ConferenceRoom, Member, Music } from '../conference/room.js';
import type { VerbContext, VerbOutcome } from '../context.js';
import { finish, recordingCallback } from './dial-action.js';

/** The verbs wait and hold music may use (Twilio's 13238 for any other). */
const MUSIC_VERBS = ['Play', 'Say', 'Pause', 'Redirect'] as const;

/** The wait music a `<Conference>` asks for: its `waitUrl`, Twilio's hold music, or none (`""`). */
async function waitMusic(noun: DialConference, ctx: VerbContext): Promise<Music | null> {
  if (noun.waitUrl === null) return DEFAULT_MUSIC;
  if (noun.waitUrl.trim() === '') return null;
  const url = await ctx.resolve(noun.waitUrl, '<Conference> waitUrl');
  return url === null ? null : { url, method: noun.waitMethod };
}

export async function dialConference(verb: Dial, noun: DialConference, ctx: VerbContext): Promise<VerbOutcome> {
  const statusCallback = noun.statusCallback === null ? null : await ctx.resolve(noun.statusCallback, '<Conference> statusCallback');
  const music = await waitMusic(noun, ctx);
  const recording = noun.record === 'record-from-start' ? { trim: noun.trim === 'trim-silence', callback: await recordingCallback(noun, '<Conference>', ctx) } : null;
  await ctx.answer();
  const entered = await ctx.conferences.enter({
    account: ctx.account, call: ctx.call, leg: ctx.leg, name: noun.name, maxParticipants: noun.maxParticipants, region: noun.region,
    statusCallback: statusCallback === null ? null : { url: statusCallback, method: noun.statusCallbackMethod, events: noun.statusCallbackEvent },
    recording,
    state: {
      muted: noun.muted, hold: false, coaching: noun.coach !== null, callSidToCoach: noun.coach,
      startConferenceOnEnter: noun.startConferenceOnEnter, endConferenceOnExit: noun.endConferenceOnExit,
      beepOnEnter: noun.beep === true || noun.beep === 'onEnter', beepOnExit: noun.beep === true || noun.beep === 'onExit',
      label: noun.participantLabel, waitMusic: music, holdMusic: DEFAULT_MUSIC,
    },
  });
  if (!entered.ok) {
    await ctx.alert(entered.code, entered.message, 'error');
    return finish(verb, ctx, { status: 'failed', childSid: null, duration: null, bridged: false, recording: null });
  }
  const { room, member } = entered;
  ctx.trace('conference', { sid: room.sid, name: room.name, started: room.started });
  await stayIn(verb, room, member, ctx);
  ctx.trace('conference-left', { sid: room.sid, kicked: member.kicked, ended: room.ended });
  return finish(verb, ctx, { status: 'completed', childSid: null, duration: null, bridged: false, recording: null, extra: { ConferenceSid: room.sid } });
}

/** Keeps the member in the room, with the music its state calls for, until it is out. */
async function stayIn(verb: Dial, room: ConferenceRoom, member: Member, ctx: VerbContext): Promise<void> {
  const leave = () => void ctx.conferences.leave(room, member);
  ctx.signal.addEventListener('abort', leave, { once: true });
  ctx.leg.hangupSignal.addEventListener('abort', leave, { once: true });
  const offStar = verb.hangupOnStar ? ctx.leg.onDigit((digit) => { if (digit === '*') leave(); }) : () => {};
  const limit = ctx.clock.setTimer(verb.timeLimit * 1000, leave);
  const offSpeech = ctx.leg.onSpeech((e) => { if (e.kind === 'start' || e.kind === 'end') ctx.conferences.speech(room, member, e.kind === 'start'); });
  const inRoom = ctx.leg.join(room, member.gone.signal);
  try {
    await ctx.conferences.arrive(room, member);
    while (!member.gone.signal.aborted && ctx.leg.live) {
      const phase = member.phase;
      const playing = !room.started ? member.state.waitMusic : member.state.hold ? member.state.holdMusic : null;
      if (playing) {
        const ended = await ctx.waitLoop({
          url: playing.url, method: playing.method, params: () => ({ ...ctx.params(), ...room.params() }),
          verbs: MUSIC_VERBS, invalidVerbCode: 13238, label: member.state.hold ? 'hold music' : '<Conference> waitUrl',
        }, phase);
        if (ended !== 'stopped' && ended !== 'remote') await ctx.idle(untilAborted(phase, ctx.leg.hangupSignal));
      } else {
        await ctx.idle(untilAborted(phase, ctx.leg.hangupSignal));
      }
    }
  } finally {
    limit.cancel();
    offStar();
    offSpeech();
    ctx.signal.removeEventListener('abort', leave);
    ctx.leg.hangupSignal.removeEventListener('abort', leave);
    await ctx.conferences.leave(room, member);
    await ctx.idle(inRoom);
  }
}
