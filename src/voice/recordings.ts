/**
 * Recordings made on calls (`<Record>`, `Record=true`, `<Dial record>`) and of conferences:
 * stored with their audio (WAV, one channel or two), their recording status callbacks, and
 * transcriptions with their callbacks. Recording URLs are the platform's own:
 * `…/Accounts/{AC}/Recordings/{RE}` serves the audio (WAV, or MP3 with `.mp3`).
 */
import { durationMs, encodeWav, isSilent, TELEPHONE_SAMPLE_RATE, trimChannels } from '../media/index.js';
import type { Pcm } from '../media/index.js';
import type { Account } from '../store/accounts.js';
import type { Call } from '../store/calls.js';
import type { Store } from '../store/index.js';
import { completeTranscription, insertRecording, insertTranscription, updateRecording } from '../store/recordings.js';
import type { Recording, Transcription } from '../store/recordings.js';
import type { RecordingSource, RecordingStatus } from '../store/schema.js';
import { newSid, nowIso, rfc2822, storeTime } from '../store/sid.js';
import type { Webhooks } from '../webhooks/index.js';
import { API_VERSION, callParams } from './params.js';
import type { Locate } from './params.js';

export interface RecordingCallback {
  readonly url: string;
  readonly method: 'GET' | 'POST';
  /** Subscribed events: in-progress, completed, absent. */
  readonly events: readonly string[];
}

export interface RecordingServiceDeps {
  readonly store: Store;
  readonly webhooks: Webhooks;
  readonly locate: Locate;
  /** The base URL users reach the platform on. */
  readonly publicUrl: () => string;
}

/** What a finished recording is made of. */
export interface RecordingInput {
  readonly account: Account;
  readonly call: Call;
  /** One `Pcm` per channel (two: a dual-channel recording, the caller's channel first). */
  readonly audio: readonly Pcm[];
  readonly source: RecordingSource;
  readonly track: 'inbound' | 'outbound' | 'both';
  /** Cut leading and trailing silence (Twilio's `trim-silence`) from every channel together. */
  readonly trim?: boolean;
}

/** How long a recording's channels last, in ms (they are as long as each other). */
function lengthMs(audio: readonly Pcm[]): number {
  return Math.max(0, ...audio.map(durationMs));
}

/** Twilio's recording durations are whole seconds; anything heard is at least one. */
export function recordingSeconds(audio: readonly Pcm[]): number {
  const ms = lengthMs(audio);
  return ms === 0 ? 0 : Math.max(1, Math.round(ms / 1000));
}

/** A recording's audio as stored: a WAV file of its channels, and their rate. */
function storedAudio(audio: readonly Pcm[]): { sampleRate: number; wav: Buffer } {
  return { sampleRate: audio[0]?.sampleRate ?? TELEPHONE_SAMPLE_RATE, wav: encodeWav(audio) };
}

export class RecordingService {
  constructor(private readonly deps: RecordingServiceDeps) {}

  /** The recording's media URL (no extension: WAV; add `.mp3` for MP3). */
  url(accountSid: string, recordingSid: string): string {
    return `${this.deps.publicUrl()}/${API_VERSION}/Accounts/${accountSid}/Recordings/${recordingSid}`;
  }

  async save(input: RecordingInput): Promise<Recording> {
    const audio = input.trim ? trimChannels(input.audio) : input.audio;
    const now = nowIso();
    const recording: Recording = {
      sid: newSid('RE'), accountSid: input.account.sid, callSid: input.call.sid, conferenceSid: null, source: input.source,
      // Wall-clock time, like date_created (the fast clock only runs call time).
      status: 'completed', channels: audio.length, track: input.track, duration: recordingSeconds(audio), startTime: storeTime(new Date(Date.now() - lengthMs(audio))),
      errorCode: null, dateCreated: now, dateUpdated: now,
    };
    await insertRecording(this.deps.store.db, recording, storedAudio(audio));
    return recording;
  }

  /** Stores the recording of a conference that is starting: `in-progress`, its audio to come (`complete`). */
  async begin(account: Account, conferenceSid: string): Promise<Recording> {
    const now = nowIso();
    const recording: Recording = {
      sid: newSid('RE'), accountSid: account.sid, callSid: null, conferenceSid, source: 'Conference', status: 'in-progress', channels: 1, track: 'both',
      duration: null, startTime: now, errorCode: null, dateCreated: now, dateUpdated: now,
    };
    await insertRecording(this.deps.store.db, recording, null);
    return recording;
  }

  /** A live recording paused, resumed or stopped (the Recordings API's update). */
  async mark(recording: Recording, status: Extract<RecordingStatus, 'in-progress' | 'paused' | 'stopped'>): Promise<Recording> {
    return (await updateRecording(this.deps.store.db, recording.sid, { status }, null)) ?? recording;
  }

  /**
   * Completes a recording begun with `begin`: its audio stored (trimmed with `trim`), or, when
   * nothing was heard, `absent` with Twilio's 16102 (a silent recording is not kept).
   */
  async complete(recording: Recording, audio: readonly Pcm[], trim: boolean): Promise<Recording> {
    const kept = trim ? trimChannels(audio) : audio;
    const duration = recordingSeconds(kept);
    const silent = kept.every((c) => isSilent(c));
    const changes = silent
      ? { status: 'absent' as const, duration: 0, errorCode: 16102 }
      : { status: 'completed' as const, duration, channels: kept.length };
    return (await updateRecording(this.deps.store.db, recording.sid, changes, silent ? null : storedAudio(kept))) ?? { ...recording, ...changes };
  }

  /** The parameters Twilio sends about a recording (action requests and callbacks). */
  actionParams(recording: Recording): Record<string, string> {
    return { RecordingUrl: this.url(recording.accountSid, recording.sid), RecordingSid: recording.sid, RecordingDuration: String(recording.duration ?? 0) };
  }

  /**
   * Sends a recording status callback for `status` when subscribed. `recording` is null for an
   * `absent` recording (nothing was heard) that was never stored; `call` is null for a
   * conference's recording, which names its conference instead.
   */
  notify(callback: RecordingCallback | null, status: 'in-progress' | 'completed' | 'absent', account: Account, call: Call | null, recording: Recording | null, details: { source: RecordingSource; track: string }): void {
    if (!callback || !callback.events.includes(status)) return;
    const params: Record<string, string> = {
      AccountSid: account.sid, RecordingSid: recording?.sid ?? '', RecordingUrl: recording ? this.url(account.sid, recording.sid) : '',
      RecordingStatus: status, RecordingDuration: String(recording?.duration ?? 0), RecordingChannels: String(recording?.channels ?? 1),
      RecordingStartTime: rfc2822(recording?.startTime ?? Date.now()), RecordingSource: details.source, RecordingTrack: details.track,
    };
    if (call) params.CallSid = call.sid;
    if (recording?.conferenceSid) params.ConferenceSid = recording.conferenceSid;
    if (status === 'absent') params.ErrorCode = String(recording?.errorCode ?? 0);
    void this.deps.webhooks.sendCallback({
      url: callback.url, method: callback.method, params, account: { sid: account.sid, authToken: account.authToken },
      resourceSid: call?.sid ?? recording?.conferenceSid ?? '', purpose: 'recording-status-callback',
    });
  }

  /**
   * Transcribes a recording: the transcription is stored `in-progress`, completed with `text`
   * (failed when the carrier could not tell what was said), and posted to `callbackUrl`.
   */
  async transcribe(account: Account, call: Call, recording: Recording, text: string | null, callbackUrl: string | null): Promise<Transcription> {
    const now = nowIso();
    const transcription: Transcription = {
      sid: newSid('TR'), accountSid: account.sid, recordingSid: recording.sid, status: 'in-progress', transcriptionText: null,
      duration: recording.duration, type: 'fast', dateCreated: now, dateUpdated: now,
    };
    const db = this.deps.store.db;
    await insertTranscription(db, transcription);
    const status = text ? 'completed' : 'failed';
    await completeTranscription(db, transcription.sid, status, text);
    if (callbackUrl) {
      const params = {
        ...callParams(call, this.deps.locate),
        TranscriptionSid: transcription.sid, TranscriptionText: text ?? '', TranscriptionStatus: status,
        TranscriptionUrl: `${this.deps.publicUrl()}/${API_VERSION}/Accounts/${account.sid}/Transcriptions/${transcription.sid}`,
        RecordingSid: recording.sid, RecordingUrl: this.url(account.sid, recording.sid),
      };
      void this.deps.webhooks.sendCallback({ url: callbackUrl, method: 'POST', params, account: { sid: account.sid, authToken: account.authToken }, resourceSid: call.sid, purpose: 'transcribe-callback' });
    }
    return { ...transcription, status, transcriptionText: text };
  }
}
