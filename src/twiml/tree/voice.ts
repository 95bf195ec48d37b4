/**
 * The typed tree of voice TwiML verbs (`<Dial>` is in ./dial.ts, `<Redirect>` and `<Parameter>`
 * in ./common.ts, `<Message>` in ./messaging.ts): what the voice engine executes. Verbs are discriminated on `verb`, nouns on `noun`. Every attribute carries its typed
 * value with Twilio's default applied; `null` means "absent, and Twilio documents no value" (an
 * `action` that is absent means "the current document's URL", which only the engine knows).
 */
import type { HttpMethod } from '../attributes.js';
import type { Parameter, RecordingEvent, Trim } from './common.js';
import type { SsmlContent } from './ssml.js';

/** `<Say>` attributes. */
export interface SayAttributes {
  /** `man`, `woman`, `alice`, `Polly.*`, `Google.*`…; default `man`. */
  voice: string;
  /** Default `en-US`. */
  language: string;
  /** Times to say it; 0 repeats until the call ends. Default 1. */
  loop: number;
}
/** `<Say>`: text to speech. `text` is all the text, SSML markup removed; `ssml` is the markup, when any. */
export interface Say extends SayAttributes {
  verb: 'Say';
  text: string;
  ssml: SsmlContent[] | null;
}

/** `<Play>` attributes. */
export interface PlayAttributes {
  /** Times to play; 0 repeats until the call ends. Default 1. */
  loop: number;
  /** DTMF tones to play instead of audio (`0-9 * # w`). */
  digits: string | null;
}
/** `<Play>`: an audio URL (or DTMF `digits`, then `url` is null). */
export interface Play extends PlayAttributes {
  verb: 'Play';
  url: string | null;
}

/** `<Pause>` attributes. */
export interface PauseAttributes {
  /** Seconds of silence. Default 1. */
  length: number;
}
/** `<Pause>`: silence. */
export interface Pause extends PauseAttributes {
  verb: 'Pause';
}

/** `<Gather>` attributes. */
export interface GatherAttributes {
  action: string | null;
  method: HttpMethod;
  /** Seconds to wait for the next digit or for speech to start. Default 5. */
  timeout: number;
  /** Collect this many digits, then stop; null: no limit (finishOnKey or timeout ends it). */
  numDigits: number | null;
  /** One key that ends input, or `""` for none. Default `#`. */
  finishOnKey: string;
  /** Default `['dtmf']`. */
  input: readonly ('dtmf' | 'speech')[];
  /** Seconds of silence that end speech, or `auto`; null: the value of `timeout` (Twilio's default). */
  speechTimeout: number | 'auto' | null;
  /** null: Twilio's (and Dialtone's) choice of model. */
  speechModel: string | null;
  hints: string | null;
  /** Default `en-US`. */
  language: string;
  /** Default true. */
  profanityFilter: boolean;
  partialResultCallback: string | null;
  partialResultCallbackMethod: HttpMethod;
  /** Request the action URL even when nothing was gathered. Default false. */
  actionOnEmptyResult: boolean;
  /** Default false. */
  enhanced: boolean;
  /** Stop the nested prompt when the caller starts speaking or pressing keys. Default true. */
  bargeIn: boolean;
  /** Default false. */
  debug: boolean;
  /** Longest speech input in seconds; null: the platform's limit. */
  maxSpeechTime: number | null;
}
/** What `<Gather>` may contain. */
export type GatherChild = Say | Play | Pause;
/** `<Gather>`: collect DTMF digits or speech while the nested verbs play. */
export interface Gather extends GatherAttributes {
  verb: 'Gather';
  children: GatherChild[];
}

/** `<Record>` attributes. */
export interface RecordAttributes {
  action: string | null;
  method: HttpMethod;
  /** Seconds of silence that end the recording. Default 5. */
  timeout: number;
  /** Keys that end the recording. Default `1234567890*#`. */
  finishOnKey: string;
  /** Longest recording in seconds. Default 3600. */
  maxLength: number;
  /** Default true. */
  playBeep: boolean;
  /** Default `trim-silence`. */
  trim: Trim;
  recordingStatusCallback: string | null;
  recordingStatusCallbackMethod: HttpMethod;
  /** Default `['completed']`. */
  recordingStatusCallbackEvent: readonly RecordingEvent[];
  /** Default false. */
  transcribe: boolean;
  transcribeCallback: string | null;
  recordingConfigurationId: string | null;
}
/** `<Record>`: record the caller. */
export interface Record extends RecordAttributes {
  verb: 'Record';
}

/** `<Enqueue>` attributes. */
export interface EnqueueAttributes {
  action: string | null;
  method: HttpMethod;
  /** TwiML played while waiting; null: Twilio's default hold music. */
  waitUrl: string | null;
  waitUrlMethod: HttpMethod;
  maxQueueSize: number | null;
  workflowSid: string | null;
}
/** `<Enqueue>`: put the caller in the named queue. */
export interface Enqueue extends EnqueueAttributes {
  verb: 'Enqueue';
  name: string;
}

/** `<Leave>`: leave the queue (from a queue's wait URL). */
export interface Leave { verb: 'Leave' }
/** `<Hangup>`: end the call. */
export interface Hangup { verb: 'Hangup'; parameters: Parameter[] }
/** `<Echo>`: echo the caller's audio back (a test verb). */
export interface Echo { verb: 'Echo' }

/** `<Reject>` attributes. */
export interface RejectAttributes {
  /** Default `rejected`. */
  reason: 'rejected' | 'busy';
}
/** `<Reject>`: refuse an incoming call without answering (not billed). */
export interface Reject extends RejectAttributes {
  verb: 'Reject';
  parameters: Parameter[];
}

/** `<Sms>` attributes (the deprecated voice verb; `<Message>` replaces it). */
export interface SmsAttributes {
  to: string | null;
  from: string | null;
  action: string | null;
  method: HttpMethod;
  statusCallback: string | null;
}
/** `<Sms>`: send a text message during a call. */
export interface Sms extends SmsAttributes {
  verb: 'Sms';
  body: string;
}

/** Attributes shared by `<Refer>`, `<Connect>` and `<Start>`. */
export interface ActionAttributes {
  action: string | null;
  method: HttpMethod;
}
/** `<Refer>`: transfer a SIP call with a SIP REFER to `sip`. */
export interface Refer extends ActionAttributes {
  verb: 'Refer';
  sip: string;
}

/** `<Stream>` attributes. */
export interface StreamAttributes {
  /** The `wss://` URL audio is streamed to (required except to stop a stream by name). */
  url: string | null;
  name: string | null;
  /** Default `inbound_track`. */
  track: 'inbound_track' | 'outbound_track' | 'both_tracks';
  statusCallback: string | null;
  statusCallbackMethod: HttpMethod;
  connectorName: string | null;
}
/** `<Stream>` noun: a media stream to a WebSocket. */
export interface Stream extends StreamAttributes {
  noun: 'Stream';
  parameters: Parameter[];
}
/** `<Connect>`: hand the call to a bidirectional stream (the next verbs run when it ends). */
export interface Connect extends ActionAttributes {
  verb: 'Connect';
  stream: Stream;
}
/** `<Start>`: start streaming asynchronously and continue with the next verb. */
export interface Start extends ActionAttributes {
  verb: 'Start';
  nouns: Stream[];
}
/** `<Stop>`: stop streams started by `<Start>` (matched by name or URL). */
export interface Stop {
  verb: 'Stop';
  nouns: Stream[];
}
