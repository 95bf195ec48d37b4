/**
 * The typed tree of `<Dial>` and its nouns. A `<Dial>` whose content is a bare phone number is
 * read as one `<Number>` noun with default attributes, which is how Twilio executes it.
 */
import type { HttpMethod } from '../attributes.js';
import type { Parameter, RecordingEvent, Trim } from './common.js';

/** Call progress events a `<Number>`, `<Client>` or `<Sip>` can report to `statusCallback`. */
export type CallProgressEvent = 'initiated' | 'ringing' | 'answered' | 'completed';

/** How `<Dial>` records the bridged call (`true`/`false` are Twilio's legacy spellings of answer/none). */
export type DialRecord = 'do-not-record' | 'record-from-answer' | 'record-from-ringing' | 'record-from-answer-dual' | 'record-from-ringing-dual';

/** `<Dial>` attributes. */
export interface DialAttributes {
  action: string | null;
  method: HttpMethod;
  /** Seconds to ring before giving up. Default 30. */
  timeout: number;
  /** Longest call in seconds. Default 14400 (4 hours). */
  timeLimit: number;
  /** null: the caller's number. */
  callerId: string | null;
  callReason: string | null;
  /** Default `do-not-record`. */
  record: DialRecord;
  /** Default `do-not-trim`. */
  trim: Trim;
  recordingStatusCallback: string | null;
  recordingStatusCallbackMethod: HttpMethod;
  /** Default `['completed']`. */
  recordingStatusCallbackEvent: readonly RecordingEvent[];
  /** Default `both`. */
  recordingTrack: 'both' | 'inbound' | 'outbound';
  recordingConfigurationId: string | null;
  /** The caller can press `*` to hang up on the called party. Default false. */
  hangupOnStar: boolean;
  /** Keep the caller ringing until the called party answers. Default false. */
  answerOnBridge: boolean;
  /** Country code of the ringback tone; null: chosen from the caller's country. */
  ringTone: string | null;
  /** Dial the nouns one after another instead of all at once. Default false. */
  sequential: boolean;
  referUrl: string | null;
  referMethod: HttpMethod;
  events: 'call-progress-event' | null;
  passports: string | null;
}
/** What `<Dial>` can call. */
export type DialNoun = DialNumber | DialClient | DialSip | DialConference | DialQueue;
/** `<Dial>`: connect the caller to another party. */
export interface Dial extends DialAttributes {
  verb: 'Dial';
  nouns: DialNoun[];
}

/** `statusCallback*` attributes of a dialled party. */
export interface PartyCallbackAttributes {
  url: string | null;
  method: HttpMethod;
  statusCallback: string | null;
  /** Default `['completed']`. */
  statusCallbackEvent: readonly CallProgressEvent[];
  statusCallbackMethod: HttpMethod;
}
/** Answering machine detection on a dialled number or SIP address. */
export interface MachineDetectionAttributes {
  machineDetection: 'Enable' | 'DetectMessageEnd' | null;
  /** Seconds. Default 30. */
  machineDetectionTimeout: number;
  /** Milliseconds. Default 2400. */
  machineDetectionSpeechThreshold: number;
  /** Milliseconds. Default 1200. */
  machineDetectionSpeechEndThreshold: number;
  /** Milliseconds. Default 5000. */
  machineDetectionSilenceTimeout: number;
  amdStatusCallback: string | null;
  amdStatusCallbackMethod: HttpMethod;
}

/** `<Number>` attributes. */
export interface DialNumberAttributes extends PartyCallbackAttributes, MachineDetectionAttributes {
  /** DTMF to send when answered (`0-9 * # w`). */
  sendDigits: string | null;
  byoc: string | null;
}
/** `<Number>`: a phone number (E.164, or a loosely formatted US number). */
export interface DialNumber extends DialNumberAttributes {
  noun: 'Number';
  number: string;
}

/** `<Client>` attributes. */
export type DialClientAttributes = PartyCallbackAttributes;
/** `<Client>`: a browser or mobile SDK client, by identity, with custom parameters. */
export interface DialClient extends DialClientAttributes {
  noun: 'Client';
  identity: string;
  parameters: Parameter[];
}

/** `<Sip>` attributes. */
export interface DialSipAttributes extends PartyCallbackAttributes, MachineDetectionAttributes {
  username: string | null;
  password: string | null;
}
/** `<Sip>`: a SIP URI (`sip:` or `sips:`). */
export interface DialSip extends DialSipAttributes {
  noun: 'Sip';
  uri: string;
}

/** Conference events a `statusCallback` can receive. */
export type ConferenceEvent = 'start' | 'end' | 'join' | 'leave' | 'mute' | 'hold' | 'modify' | 'speaker' | 'announcement';

/** `<Conference>` attributes. */
export interface DialConferenceAttributes {
  /** Default false. */
  muted: boolean;
  /** Beep when participants join and leave (or only one of the two). Default true. */
  beep: boolean | 'onEnter' | 'onExit';
  /** Default true. */
  startConferenceOnEnter: boolean;
  /** Default false. */
  endConferenceOnExit: boolean;
  /** TwiML or audio played while waiting; null: Twilio's hold music; `""`: silence. */
  waitUrl: string | null;
  waitMethod: HttpMethod;
  /** From 2 to 250. Default 250. */
  maxParticipants: number;
  /** Default `do-not-record`. */
  record: 'do-not-record' | 'record-from-start';
  region: 'us1' | 'us2' | 'ie1' | 'sg1' | 'br1' | 'au1' | 'jp1' | 'de1' | null;
  /** CallSid of the participant to coach. */
  coach: string | null;
  /** Default `trim-silence`. */
  trim: Trim;
  statusCallback: string | null;
  /** Default `[]` (none). */
  statusCallbackEvent: readonly ConferenceEvent[];
  statusCallbackMethod: HttpMethod;
  recordingStatusCallback: string | null;
  recordingStatusCallbackMethod: HttpMethod;
  /** Default `['completed']`. */
  recordingStatusCallbackEvent: readonly RecordingEvent[];
  eventCallbackUrl: string | null;
  /** Default `large`. */
  jitterBufferSize: 'large' | 'medium' | 'small' | 'off';
  participantLabel: string | null;
  recordingConfigurationId: string | null;
}
/** `<Conference>`: join the named conference room. */
export interface DialConference extends DialConferenceAttributes {
  noun: 'Conference';
  name: string;
}

/** `<Queue>` attributes. */
export interface DialQueueAttributes {
  /** TwiML played to the dequeued caller before the bridge. */
  url: string | null;
  method: HttpMethod;
  reservationSid: string | null;
  postWorkActivitySid: string | null;
}
/** `<Queue>`: take the first caller waiting in the named queue. */
export interface DialQueue extends DialQueueAttributes {
  noun: 'Queue';
  name: string;
}
