/**
 * How a `<Dial>` ends, whatever it dialled: its recording stopped and reported, then `action`
 * requested with `DialCallStatus` and the rest — or, without `action`, the next verb.
 */
import type { CallRecorder } from '../../network/leg.js';
import type { Recording } from '../../store/recordings.js';
import type { Dial, DialConferenceAttributes } from '../../twiml/index.js';
import type { RecordingCallback } from '../recordings.js';
import { CONTINUE } from '../context.js';
import type { VerbContext, VerbOutcome } from '../context.js';

type RecordingCallbackAttributes = Pick<DialConferenceAttributes, 'recordingStatusCallback' | 'recordingStatusCallbackMethod' | 'recordingStatusCallbackEvent'>;

/** What came of a `<Dial>`. */
export interface DialResult {
  readonly status: string;
  readonly childSid: string | null;
  readonly duration: number | null;
  readonly bridged: boolean;
  readonly recording: Recording | null;
  /** More action parameters (what a `<Conference>` or `<Queue>` adds). */
  readonly extra?: Readonly<Record<string, string>>;
}

/** Where a recording's status callbacks go: `recordingStatusCallback` (of `<Dial>` or `<Conference>`), for the events it names. */
export async function recordingCallback(attributes: RecordingCallbackAttributes, label: string, ctx: VerbContext): Promise<RecordingCallback | null> {
  const url = attributes.recordingStatusCallback === null ? null : await ctx.resolve(attributes.recordingStatusCallback, `${label} recordingStatusCallback`);
  return url === null ? null : { url, method: attributes.recordingStatusCallbackMethod, events: attributes.recordingStatusCallbackEvent };
}

/** Stops the `<Dial>`'s recording and stores it (trimmed with `trim="trim-silence"`). */
export async function stopRecording(recorder: CallRecorder | null, verb: Dial, ctx: VerbContext): Promise<Recording | null> {
  if (!recorder) return null;
  const audio = await recorder.stop();
  const recording = await ctx.recordings.save({ account: ctx.account, call: ctx.call, audio, source: 'DialVerb', track: 'both', trim: verb.trim === 'trim-silence' });
  ctx.trace('recording', { sid: recording.sid, duration: recording.duration });
  return recording;
}

/** Reports the `<Dial>`'s recording and requests its action (or goes on). */
export async function finish(verb: Dial, ctx: VerbContext, result: DialResult): Promise<VerbOutcome> {
  ctx.trace('dialed', { status: result.status, child: result.childSid, bridged: result.bridged, duration: result.duration });
  if (result.recording && verb.recordingStatusCallback !== null) {
    ctx.recordings.notify(await recordingCallback(verb, '<Dial>', ctx), 'completed', ctx.account, ctx.call, result.recording, { source: 'DialVerb', track: 'both' });
  }
  if (verb.action === null) return CONTINUE;
  const action = await ctx.resolve(verb.action, '<Dial> action');
  if (action === null) return CONTINUE;
  const params: Record<string, string> = { ...ctx.params(), DialCallStatus: result.status, DialBridged: String(result.bridged) };
  // The caller hung up: Twilio tells the action the call has completed.
  if (!ctx.leg.live) params.CallStatus = 'completed';
  if (result.childSid !== null) params.DialCallSid = result.childSid;
  if (result.duration !== null) params.DialCallDuration = String(result.duration);
  if (result.recording) Object.assign(params, ctx.recordings.actionParams(result.recording));
  if (result.extra) Object.assign(params, result.extra);
  return { next: 'request', url: action, method: verb.method, params, afterHangup: true };
}
