// Twilio's documented default for every attribute, written out by hand from the TwiML reference
// (https://www.twilio.com/docs/voice/twiml/<verb>#attributes, .../messaging/twiml/message), as
// the expected trees of test/twiml/official-sdk*.test.ts use them. Deliberately independent of
// src/twiml/vocabulary: a default changed there must be changed here too, on purpose.
// `null` is the tree's "absent, and Twilio documents no value" (an action URL: the current
// document; a callerId: the caller's number; maxSpeechTime: the platform's limit).
import type {
  ActionAttributes, DialAttributes, DialConferenceAttributes, DialQueueAttributes, EnqueueAttributes, GatherAttributes,
  MachineDetectionAttributes, MessageAttributes, PartyCallbackAttributes, PauseAttributes, PlayAttributes, RecordAttributes,
  RedirectAttributes, RejectAttributes, SayAttributes, SmsAttributes, StreamAttributes,
} from '../../src/twiml/index.js';

export const SAY: SayAttributes = { voice: 'man', language: 'en-US', loop: 1 };

export const PLAY: PlayAttributes = { loop: 1, digits: null };

export const PAUSE: PauseAttributes = { length: 1 };

export const GATHER: GatherAttributes = {
  action: null, method: 'POST', timeout: 5, numDigits: null, finishOnKey: '#', input: ['dtmf'], speechTimeout: null,
  speechModel: null, hints: null, language: 'en-US', profanityFilter: true, partialResultCallback: null,
  partialResultCallbackMethod: 'POST', actionOnEmptyResult: false, enhanced: false, bargeIn: true, debug: false,
  maxSpeechTime: null,
};

export const DIAL: DialAttributes = {
  action: null, method: 'POST', timeout: 30, timeLimit: 14400, callerId: null, callReason: null, record: 'do-not-record',
  trim: 'do-not-trim', recordingStatusCallback: null, recordingStatusCallbackMethod: 'POST',
  recordingStatusCallbackEvent: ['completed'], recordingTrack: 'both', recordingConfigurationId: null,
  hangupOnStar: false, answerOnBridge: false, ringTone: null, sequential: false, referUrl: null, referMethod: 'POST',
  events: null, passports: null,
};

/** What `<Number>`, `<Client>` and `<Sip>` share: the whisper URL and call progress callbacks. */
export const PARTY: PartyCallbackAttributes = {
  url: null, method: 'POST', statusCallback: null, statusCallbackEvent: ['completed'], statusCallbackMethod: 'POST',
};

/** Answering machine detection on `<Number>` and `<Sip>` (timeouts in seconds, thresholds in ms). */
export const AMD: MachineDetectionAttributes = {
  machineDetection: null, machineDetectionTimeout: 30, machineDetectionSpeechThreshold: 2400,
  machineDetectionSpeechEndThreshold: 1200, machineDetectionSilenceTimeout: 5000, amdStatusCallback: null,
  amdStatusCallbackMethod: 'POST',
};

export const CONFERENCE: DialConferenceAttributes = {
  muted: false, beep: true, startConferenceOnEnter: true, endConferenceOnExit: false, waitUrl: null, waitMethod: 'POST',
  maxParticipants: 250, record: 'do-not-record', region: null, coach: null, trim: 'trim-silence', statusCallback: null,
  statusCallbackEvent: [], statusCallbackMethod: 'POST', recordingStatusCallback: null,
  recordingStatusCallbackMethod: 'POST', recordingStatusCallbackEvent: ['completed'], eventCallbackUrl: null,
  jitterBufferSize: 'large', participantLabel: null, recordingConfigurationId: null,
};

export const QUEUE: DialQueueAttributes = { url: null, method: 'POST', reservationSid: null, postWorkActivitySid: null };

export const RECORD: RecordAttributes = {
  action: null, method: 'POST', timeout: 5, finishOnKey: '1234567890*#', maxLength: 3600, playBeep: true,
  trim: 'trim-silence', recordingStatusCallback: null, recordingStatusCallbackMethod: 'POST',
  recordingStatusCallbackEvent: ['completed'], transcribe: false, transcribeCallback: null, recordingConfigurationId: null,
};

export const ENQUEUE: EnqueueAttributes = {
  action: null, method: 'POST', waitUrl: null, waitUrlMethod: 'POST', maxQueueSize: null, workflowSid: null,
};

export const REDIRECT: RedirectAttributes = { method: 'POST' };

export const REJECT: RejectAttributes = { reason: 'rejected' };

/** `<Sms>` in voice, and `<Message>` in both vocabularies: `to`/`from` absent mean "reply". */
export const SMS: SmsAttributes = { to: null, from: null, action: null, method: 'POST', statusCallback: null };
export const MESSAGE: MessageAttributes = { to: null, from: null, action: null, method: 'POST', statusCallback: null };

/** `<Refer>`, `<Connect>` and `<Start>`. */
export const ACTION: ActionAttributes = { action: null, method: 'POST' };

export const STREAM: StreamAttributes = {
  url: null, name: null, track: 'inbound_track', statusCallback: null, statusCallbackMethod: 'POST', connectorName: null,
};
