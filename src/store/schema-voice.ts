/**
 * The voice engine's tables as kysely sees them (see ./schema.ts for the conventions): calls and
 * the engines running them, recordings and transcriptions, call traces and the simulated
 * network's call transcripts, conferences and queues.
 */
import type { HttpMethod } from '../twiml/index.js';

export type CallStatus = 'queued' | 'ringing' | 'in-progress' | 'completed' | 'busy' | 'failed' | 'no-answer' | 'canceled';
export type CallDirection = 'inbound' | 'outbound-api' | 'outbound-dial';

/**
 * A call: what the Calls resource shows, and what the engine needs to run it (its TwiML source,
 * callbacks and options as created). `engineId` says which engine holds a live call: one whose
 * engine's heartbeat lapsed (it died) is ended by the next one.
 */
export interface CallTable {
  sid: string;
  accountSid: string;
  parentCallSid: string | null;
  direction: CallDirection;
  fromNumber: string;
  toNumber: string;
  phoneNumberSid: string | null;
  status: CallStatus;
  startTime: string | null;
  endTime: string | null;
  /** Seconds, once the call has ended. */
  duration: number | null;
  answeredBy: string | null;
  forwardedFrom: string | null;
  callerName: string | null;
  /** Milliseconds the call waited in the queue before it was placed. */
  queueTime: number;
  url: string | null;
  method: HttpMethod;
  fallbackUrl: string | null;
  fallbackMethod: HttpMethod;
  /** Inline TwiML (`Twiml` parameter) instead of a URL. */
  twiml: string | null;
  applicationSid: string | null;
  statusCallback: string | null;
  statusCallbackMethod: HttpMethod;
  /** Space-separated subscribed events: initiated ringing answered completed. */
  statusCallbackEvents: string;
  /** Ring timeout, seconds. */
  timeout: number;
  /** Longest call, seconds. */
  timeLimit: number;
  sendDigits: string | null;
  record: number;
  recordingStatusCallback: string | null;
  recordingStatusCallbackMethod: HttpMethod;
  recordingStatusCallbackEvents: string;
  recordingTrack: string;
  trim: string;
  machineDetection: string | null;
  /** Seconds. */
  machineDetectionTimeout: number;
  /** The engine running the call (see VoiceEngineTable); null while queued and once ended. */
  engineId: string | null;
  dateCreated: string;
  dateUpdated: string;
}

/** A running voice engine's heartbeat: its calls are live while `leaseUntil` is ahead. */
export interface VoiceEngineTable {
  id: string;
  leaseUntil: string;
  startedAt: string;
}

export type RecordingStatus = 'in-progress' | 'paused' | 'stopped' | 'processing' | 'completed' | 'absent' | 'deleted';
export type RecordingSource = 'RecordVerb' | 'OutboundAPI' | 'DialVerb' | 'Conference' | 'StartCallRecordingAPI';

export interface RecordingTable {
  sid: string;
  accountSid: string;
  callSid: string | null;
  conferenceSid: string | null;
  source: RecordingSource;
  status: RecordingStatus;
  channels: number;
  track: string;
  /** Seconds, once completed. */
  duration: number | null;
  startTime: string;
  errorCode: number | null;
  dateCreated: string;
  dateUpdated: string;
}

/** A recording's audio, as 16-bit mono PCM in a WAV file. */
export interface RecordingAudioTable {
  recordingSid: string;
  sampleRate: number;
  wav: Buffer;
}

export interface TranscriptionTable {
  sid: string;
  accountSid: string;
  recordingSid: string;
  status: 'in-progress' | 'completed' | 'failed';
  transcriptionText: string | null;
  duration: number | null;
  type: string;
  dateCreated: string;
  dateUpdated: string;
}

/** One step of a call's trace as the platform saw it: state changes, verbs, input, requests. */
export interface CallTraceTable {
  callSid: string;
  seq: number;
  accountSid: string;
  at: string;
  kind: string;
  /** JSON object. */
  detail: string;
}

/** One event of a virtual phone's call transcript (what the phone experienced). */
export interface SimCallEventTable {
  callSid: string;
  seq: number;
  phoneNumber: string;
  /** Milliseconds of call time since the call started. */
  atMs: number;
  event: string;
  /** JSON object of the event's details. */
  detail: string;
}

export type ConferenceStatus = 'init' | 'in-progress' | 'completed';
export type ConferenceEndReason =
  | 'conference-ended-via-api' | 'participant-with-end-conference-on-exit-left' | 'participant-with-end-conference-on-exit-kicked'
  | 'last-participant-kicked' | 'last-participant-left';

/** A conference room: created when its first participant arrives, `completed` for good when it ends. */
export interface ConferenceTable {
  sid: string;
  accountSid: string;
  /** The room's name, unique per account among conferences not completed. */
  friendlyName: string;
  status: ConferenceStatus;
  region: string;
  reasonConferenceEnded: ConferenceEndReason | null;
  callSidEndingConference: string | null;
  /** The engine running the room (null once completed). */
  engineId: string | null;
  /** Where conference events go (the first participant's `statusCallback`), the method and the events (space-separated). */
  statusCallback: string | null;
  statusCallbackMethod: HttpMethod;
  statusCallbackEvents: string;
  maxParticipants: number;
  dateCreated: string;
  dateUpdated: string;
}

/** A call queue (the Queues resource); its name is unique in its account. */
export interface QueueTable {
  sid: string;
  accountSid: string;
  friendlyName: string;
  maxSize: number;
  dateCreated: string;
  dateUpdated: string;
}

export type ParticipantStatus = 'queued' | 'connecting' | 'ringing' | 'connected' | 'complete' | 'failed';

/** A call's place in a conference. `sid` is the participant's CallSid (the key Twilio uses). */
export interface ConferenceParticipantTable {
  conferenceSid: string;
  sid: string;
  accountSid: string;
  label: string | null;
  status: ParticipantStatus;
  muted: number;
  hold: number;
  coaching: number;
  callSidToCoach: string | null;
  startConferenceOnEnter: number;
  endConferenceOnExit: number;
  dateCreated: string;
  dateUpdated: string;
}

/** A call waiting in a queue: `sid` is the call's SID, `dateCreated` when it joined (orders the queue). */
export interface QueueMemberTable {
  sid: string;
  queueSid: string;
  accountSid: string;
  dateCreated: string;
}
