/**
 * `<Record>`: a beep (`playBeep`), then the caller is recorded until `timeout` seconds of silence,
 * a `finishOnKey` key, `maxLength` seconds, or hangup; `trim-silence` cuts leading and trailing
 * silence. The recording is stored (WAV and MP3 at its URL) and `action` (by default the current
 * document) is requested with `RecordingUrl`, `RecordingSid`, `RecordingDuration` and `Digits`
 * (the key, or `hangup`) — also after a hangup, as Twilio does, though that answer cannot run.
 * A recording of silence is not kept (Twilio's warning 16102): the call goes on with the next
 * verb. `transcribe` posts what was said to `transcribeCallback`; recording status callbacks
 * follow `recordingStatusCallbackEvent`. https://www.twilio.com/docs/voice/twiml/record
 */
import type { Record as RecordVerb } from '../../twiml/index.js';
import { CONTINUE } from '../context.js';
import type { VerbContext, VerbOutcome } from '../context.js';
import type { RecordingCallback } from '../recordings.js';

async function recordingCallback(verb: RecordVerb, ctx: VerbContext): Promise<RecordingCallback | null> {
  if (verb.recordingStatusCallback === null) return null;
  const url = await ctx.resolve(verb.recordingStatusCallback, '<Record> recordingStatusCallback');
  return url === null ? null : { url, method: verb.recordingStatusCallbackMethod, events: verb.recordingStatusCallbackEvent };
}

export async function record(verb: RecordVerb, ctx: VerbContext): Promise<VerbOutcome> {
  if (verb.playBeep && (await ctx.leg.beep(ctx.signal)) === 'interrupted') return CONTINUE;
  const callback = await recordingCallback(verb, ctx);
  const details = { source: 'RecordVerb' as const, track: 'inbound' };
  ctx.recordings.notify(callback, 'in-progress', ctx.account, ctx.call, null, details);
  const recorded = await ctx.leg.record({
    silenceTimeoutMs: verb.timeout * 1000, maxLengthMs: verb.maxLength * 1000, finishOnKey: verb.finishOnKey, trim: verb.trim === 'trim-silence',
  }, ctx.signal);
  ctx.trace('recorded', { endedBy: recorded.endedBy, key: recorded.key, heardAudio: recorded.heardAudio });
  if (recorded.endedBy === 'interrupted') return CONTINUE;
  if (!recorded.heardAudio) {
    ctx.recordings.notify(callback, 'absent', ctx.account, ctx.call, null, details);
    await ctx.alert(16102, 'The recording was silent and was not stored.', 'warning');
    return recorded.endedBy === 'hangup' ? { next: 'hangup' } : CONTINUE;
  }
  const recording = await ctx.recordings.save({ account: ctx.account, call: ctx.call, audio: [recorded.audio], source: 'RecordVerb', track: 'inbound' });
  ctx.trace('recording', { sid: recording.sid, duration: recording.duration });
  ctx.recordings.notify(callback, 'completed', ctx.account, ctx.call, recording, details);
  if (verb.transcribe || verb.transcribeCallback !== null) {
    const transcribeUrl = verb.transcribeCallback === null ? null : await ctx.resolve(verb.transcribeCallback, '<Record> transcribeCallback');
    await ctx.recordings.transcribe(ctx.account, ctx.call, recording, recorded.transcript, transcribeUrl);
  }
  const target = verb.action ?? ctx.documentUrl;
  const action = target === null ? null : await ctx.resolve(target, '<Record> action');
  if (action === null) return recorded.endedBy === 'hangup' ? { next: 'hangup' } : CONTINUE;
  const params: Record<string, string> = { ...ctx.params(), ...ctx.recordings.actionParams(recording) };
  if (recorded.endedBy === 'key' && recorded.key !== null) params.Digits = recorded.key;
  if (recorded.endedBy === 'hangup') params.Digits = 'hangup';
  return { next: 'request', url: action, method: verb.method, params, afterHangup: recorded.endedBy === 'hangup' };
}
