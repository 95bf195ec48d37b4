/**
 * Recordings made on calls (`<Record>`, `Record=true`): stored with their audio (WAV), their
 * recording status callbacks, and transcriptions with their callbacks. Recording URLs are the
 * platform's own: `…/Accounts/{AC}/Recordings/{RE}` serves the audio (WAV, or MP3 with `.mp3`).
 */
import { durationMs, encodeWav } from '../media/index.js';
import type { Pcm } from '../media/index.js';
import type { Account } from '../store/accounts.js';
import type { Call } from '../store/calls.js';
import type { Store } from '../store/index.js';
import { completeTranscription, insertRecording, insertTranscription } from '../store/recordings.js';
import type { Recording, Transcription } from '../store/recordings.js';
import type { RecordingSource } from '../store/schema.js';
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
  readonly audio: Pcm;
  readonly source: RecordingSource;
  readonly track: 'inbound' | 'outbound' | 'both';
}

/** Twilio's recording durations are whole seconds; anything heard is at least one. */
export function recordingSeconds(audio: Pcm): number {
  const ms = durationMs(audio);
  return ms === 0 ? 0 : Math.max(1, Math.round(ms / 1000));
}

export class RecordingService {
  constructor(private readonly deps: RecordingServiceDeps) {}

  /** The recording's media URL (no extension: WAV; add `.mp3` for MP3). */
  url(accountSid: string, recordingSid: string): string {
    return `${this.deps.publicUrl()}/${API_VERSION}/Accounts/${accountSid}/Recordings/${recordingSid}`;
  }

  async save(input: RecordingInput): Promise<Recording> {
    const now = nowIso();
    const recording: Recording = {
      sid: newSid('RE'), accountSid: input.account.sid, callSid: input.call.sid, conferenceSid: null, source: input.source,
      // Wall-clock time, like date_created (the fast clock only runs call time).
      status: 'completed', channels: 1, track: input.track, duration: recordingSeconds(input.audio), startTime: storeTime(new Date(Date.now() - durationMs(input.audio))),
      errorCode: null, dateCreated: now, dateUpdated: now,
    };
    await insertRecording(this.deps.store.db, recording, { sampleRate: input.audio.sampleRate, wav: encodeWav(input.audio) });
    return recording;
  }

  /** The parameters Twilio sends about a recording (action requests and callbacks). */
  actionParams(recording: Recording): Record<string, string> {
    return { RecordingUrl: this.url(recording.accountSid, recording.sid), RecordingSid: recording.sid, RecordingDuration: String(recording.duration ?? 0) };
  }

  /**
   * Sends a recording status callback for `status` when subscribed. `recording` is null for an
   * `absent` recording (nothing was heard).
   */
  notify(callback: RecordingCallback | null, status: 'in-progress' | 'completed' | 'absent', account: Account, call: Call, recording: Recording | null, details: { source: RecordingSource; track: string }): void {
    if (!callback || !callback.events.includes(status)) return;
    const params: Record<string, string> = {
      AccountSid: account.sid, CallSid: call.sid, RecordingSid: recording?.sid ?? '', RecordingUrl: recording ? this.url(account.sid, recording.sid) : '',
      RecordingStatus: status, RecordingDuration: String(recording?.duration ?? 0), RecordingChannels: '1', RecordingStartTime: rfc2822(recording?.startTime ?? Date.now()),
      RecordingSource: details.source, RecordingTrack: details.track,
    };
    if (status === 'absent') params.ErrorCode = '0';
    void this.deps.webhooks.sendCallback({
      url: callback.url, method: callback.method, params, account: { sid: account.sid, authToken: account.authToken }, resourceSid: call.sid, purpose: 'recording-status-callback',
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
